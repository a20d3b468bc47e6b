import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { legalEventSchema } from '../table/legal-items';
import type { Decision, LegalEvent } from '../../core/rule-of-law/legal-event';
import type { TableKey } from '../table/keys';
import { isConditionFailure, type TableHandle } from '../table/operations';

/**
 * How every rule-of-law record (removal order, legal hold, review, complaint) is saved: one item
 * written with a conditional put on its version; its audit event is keyed by that version and
 * written once, and every follow-up (counters, clocks) is derived from the stored record, so a
 * retry after a crash repeats exactly the same writes (dynalite has no transactions).
 */

export type SaveResult<T> = { ok: true; doc: T; changed: boolean } | Exclude<Decision<T>, { ok: true }> | { ok: false; status: 409; code: 'conflict'; rule: string; message: string; raced: true };

/** The domain record of a stored item: without its key, entity tag and pending event. */
export const strip = <T extends Record<string, unknown>>(item: T): Omit<T, 'pk' | 'sk' | 'entity' | 'lastEvent'> => {
  const { pk: _pk, sk: _sk, entity: _entity, lastEvent: _lastEvent, ...rest } = item;
  return rest;
};

/** The record a decision is about (its ids name the item's key), or undefined for a refusal. */
export const recordOf = <T>(decision: Decision<T>): T | undefined => (decision.ok ? ('next' in decision ? decision.next : decision.unchanged) : undefined);

/** One conditional put of a record at its next version, carrying its event (re-put as audit by `complete`). */
const putVersion = async (table: TableHandle, key: TableKey, entity: string, doc: { version: number }, event: LegalEvent): Promise<boolean> => {
  const expected = doc.version - 1;
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...key, entity, ...doc, lastEvent: event },
        ...(expected === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expected } }),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** The event the stored record carries: the audit of its last change, re-put by every later save. */
const pendingEventOf = async (table: TableHandle, key: TableKey): Promise<LegalEvent | undefined> => {
  const found = await table.client.send(new GetCommand({ TableName: table.name, Key: key, ProjectionExpression: 'lastEvent', ConsistentRead: true }));
  const parsed = legalEventSchema.safeParse(found.Item?.['lastEvent']);
  return parsed.success ? (parsed.data as LegalEvent) : undefined;
};

/**
 * Applies a decision of the core: refusals pass through, a repeat is completed again (repairing
 * a crash between writes), a change is written and completed. A lost race answers 409. Before
 * either, the stored record's own last event is audited again (a no-op when it is): a crash
 * between the record and its audit event would otherwise lose that event once a later change,
 * or a repeat that the core answers as unchanged, comes instead of the retry.
 */
export const saveDecision = async <T extends { version: number }>(
  table: TableHandle,
  decision: Decision<T>,
  key: TableKey,
  entity: string,
  complete: (doc: T, event?: LegalEvent) => Promise<void>,
  audit: (event: LegalEvent) => Promise<void>,
): Promise<SaveResult<T>> => {
  if (!decision.ok) return decision;
  const pending = await pendingEventOf(table, key);
  if (pending) await audit(pending);
  if ('unchanged' in decision) {
    await complete(decision.unchanged);
    return { ok: true, doc: decision.unchanged, changed: false };
  }
  if (!(await putVersion(table, key, entity, decision.next, decision.event))) {
    return { ok: false, status: 409, code: 'conflict', rule: 'optimistic locking', message: 'the record changed while you acted; reload and retry', raced: true };
  }
  await complete(decision.next, decision.event);
  return { ok: true, doc: decision.next, changed: true };
};
