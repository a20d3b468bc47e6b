import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableKey } from '../table/keys';
import { counterClaimItem } from '../table/items';
import { whenConditionHolds, type TableHandle } from '../table/operations';

/**
 * Counting an id once in a trend counter without a transaction, with the counter item holding only
 * the ids being counted at this moment (functions/storage-design.md, "Trend counters"). The record
 * that the id was counted is a small claim item in the id's own partition (`COUNTED#<id>`), written
 * in two steps around the count:
 * 1. claim: put the claim (`attribute_not_exists`); one found `counted` means done, one found
 *    `claimed` is a delivery counting right now (wait for it) or one that died (take it over once
 *    its lease ran out, conditional on the claim it saw, so one taker goes on);
 * 2. count: `ADD count :one, counting :id` under `NOT contains(counting, :id)`;
 * 3. mark the claim `counted` (only the claim's holder);
 * 4. release: `DELETE counting :id` under `contains`.
 * A delivery whose write fails before 3 deletes its claim at once (`abandonClaim`); a process that
 * dies instead leaves it to lapse. A crash after 1 leaves a claim whose taker counts; after 2 the id is still in `counting`, so the
 * taker's count is refused (counted once) and it goes on to 3 and 4; after 3 a repeat finds the
 * claim counted and does 4. Only one holder at a time gets past 1 (a holder is presumed dead only
 * after the lease, longer than any function lives), and the id leaves `counting` (4) only after its
 * claim says counted (3): no later delivery can count it again.
 *
 * Why not the settled ids of settled-ids.ts: they keep every id of the last five to ten minutes on
 * the counting item, which at 1,000 reports/s of one unit is 300,000 to 600,000 ids, megabytes per
 * counter. Here the counter holds an id for the milliseconds between 2 and 4, and the claim does
 * what the settled ids do for two deliveries at once.
 */

/**
 * A claim older than this belongs to a delivery that died: longer than any function's timeout
 * (60 s at most, infra/stages.ts; counter-store.test.ts checks), so no holder is still alive.
 * The ingest queue's visibility timeout (180 s) is longer, so the redelivery of a report that
 * died after its claim takes the claim over at once. Set by COUNTER_CLAIM_LEASE_SECONDS.
 */
export const defaultCounterClaimLeaseSeconds = 90;

/** How long a delivery that found a live claim waits for it to be counted or to lapse before it gives up. */
const maxWaitForClaimMs = 5_000;
const waitStepMs = 50;

/** Another delivery of the same id is counting it right now: retry later (SQS redelivers the message). */
export const countInProgressError = 'CountInProgressError' as const;

/** The error a count meets while another live delivery holds its claim, with when that claim lapses at the latest. */
export type CountInProgress = Error & { name: typeof countInProgressError; claim: TableKey; retryAfterSeconds: number };

const countInProgress = (claim: TableKey, lapsesInMs: number): CountInProgress =>
  Object.assign(new Error(`count in progress: ${claim.pk} ${claim.sk}`), { name: countInProgressError, claim, retryAfterSeconds: Math.max(1, Math.ceil(lapsesInMs / 1000)) });

export const isCountInProgress = (error: unknown): error is CountInProgress => error instanceof Error && error.name === countInProgressError;

export interface CountingSteps {
  /** Step 2: the conditional count; false when the id is in `counting` already (or the counter is closed). */
  count: () => Promise<boolean>;
  /** Step 4: the id leaves the counter's `counting` set. */
  release: () => Promise<void>;
}

/** The condition of step 2 for an id bound to `:memberId`, on an open (not compacted) counter item. */
export const notCountingNow = 'attribute_not_exists(compactedAt) AND NOT contains(counting, :memberId)';

export interface ClaimClock {
  now: () => number;
  leaseMs: number;
}

/** Counts once per claim key (steps 1 to 4 above); true when this call added the count. */
export const countOnceClaimed = async (table: TableHandle, clock: ClaimClock, claim: TableKey, fields: Record<string, string>, steps: CountingSteps): Promise<boolean> => {
  const token = randomUUID();
  try {
    if (!(await takeClaim(table, clock, claim, fields, token))) {
      // Counted before: a crash may have fallen between 3 and 4.
      await steps.release();
      return false;
    }
    const counted = await steps.count();
    const marked = await whenConditionHolds(() =>
      table.client.send(
        new UpdateCommand({
          TableName: table.name,
          Key: claim,
          UpdateExpression: 'SET #state = :counted, countedAt = :at',
          ConditionExpression: '#claim = :token',
          ExpressionAttributeNames: { '#state': 'state', '#claim': 'claim' },
          ExpressionAttributeValues: { ':counted': 'counted', ':at': new Date(clock.now()).toISOString(), ':token': token },
        }),
      ),
    );
    // A holder presumed dead and taken over leaves the id in `counting` to its taker: releasing it
    // here could let the taker's count through a second time.
    if (marked) await steps.release();
    return counted;
  } catch (error) {
    await abandonClaim(table, claim, token);
    throw error;
  }
};

/**
 * A delivery whose write fails (throttled, timed out) gives its claim up at once if it does not say
 * counted yet, so its retry need not wait out the lease. Safe whether its count was written or not:
 * a written count left the id in `counting`, which refuses the next holder's count; a claim that
 * says counted is kept. Best effort: a process that dies without getting here leaves the claim to lapse.
 */
const abandonClaim = async (table: TableHandle, claim: TableKey, token: string): Promise<void> => {
  try {
    await whenConditionHolds(() =>
      table.client.send(
        new DeleteCommand({
          TableName: table.name,
          Key: claim,
          ConditionExpression: '#claim = :token AND #state = :claimed',
          ExpressionAttributeNames: { '#claim': 'claim', '#state': 'state' },
          ExpressionAttributeValues: { ':token': token, ':claimed': 'claimed' },
        }),
      ),
    );
  } catch {
    // The claim lapses after its lease instead; the error that matters is the caller's.
  }
};

/** Step 1: true when this delivery holds the claim, false when the id was counted already. */
const takeClaim = async (table: TableHandle, clock: ClaimClock, claim: TableKey, fields: Record<string, string>, token: string): Promise<boolean> => {
  for (let waited = 0; ; ) {
    const found = await table.client.send(new GetCommand({ TableName: table.name, Key: claim, ConsistentRead: true }));
    if (!found.Item) {
      const put = await whenConditionHolds(() =>
        table.client.send(
          new PutCommand({
            TableName: table.name,
            Item: { ...claim, entity: 'counter-claim', ...fields, state: 'claimed', claim: token, claimedAt: clock.now() },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      if (put) return true;
      continue;
    }
    const held = counterClaimItem.parse(found.Item);
    if (held.state === 'counted') return false;
    if (clock.now() - held.claimedAt >= clock.leaseMs) {
      const taken = await whenConditionHolds(() =>
        table.client.send(
          new UpdateCommand({
            TableName: table.name,
            Key: claim,
            UpdateExpression: 'SET #claim = :token, claimedAt = :now',
            ConditionExpression: '#claim = :seen AND #state = :claimed',
            ExpressionAttributeNames: { '#claim': 'claim', '#state': 'state' },
            ExpressionAttributeValues: { ':token': token, ':now': clock.now(), ':seen': held.claim, ':claimed': 'claimed' },
          }),
        ),
      );
      if (taken) return true;
      continue;
    }
    // Another delivery counting it right now finishes in milliseconds; one that died lapses.
    if (waited >= Math.min(maxWaitForClaimMs, clock.leaseMs)) throw countInProgress(claim, held.claimedAt + clock.leaseMs - clock.now());
    await new Promise((resolve) => setTimeout(resolve, waitStepMs));
    waited += waitStepMs;
  }
};
