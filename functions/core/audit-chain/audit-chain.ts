import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../canonical-json';

// Node's native SHA-256: a chain of 1,000 events is checked with some 3,000 hashes.
const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The previous hash of a referral's first event. */
export const chainGenesis = '0'.repeat(64);

/**
 * One link of a referral's audit chain: the event's own fields, its place (1, 2, 3... with no
 * gaps: the store writes it with a conditional put, so two writers cannot both take a number), the
 * hash of the event before it, and its own hash over all of that.
 */
export interface ChainedEvent {
  sequence: number;
  previousHash: string;
  hash: string;
  /** The stored item's key, so a finding names the very item to look at. */
  key?: string;
  event: Record<string, JsonValue>;
}

/** SHA-256 over the canonical JSON (RFC 8785) of the sequence, the previous hash and the event. */
export const chainHashOf = (link: Pick<ChainedEvent, 'sequence' | 'previousHash' | 'event'>): string =>
  sha256Hex(canonicalJson({ sequence: link.sequence, previousHash: link.previousHash, event: link.event }));

/** The next link after `head` (undefined for a referral's first event). */
export const nextLink = (head: Pick<ChainedEvent, 'sequence' | 'hash'> | undefined, event: Record<string, JsonValue>): Omit<ChainedEvent, 'key'> => {
  const sequence = (head?.sequence ?? 0) + 1;
  const previousHash = head?.hash ?? chainGenesis;
  return { sequence, previousHash, hash: chainHashOf({ sequence, previousHash, event }), event };
};

/** What the check found wrong, naming the event. */
export type ChainFinding =
  | { kind: 'modified'; sequence: number; key?: string; message: string }
  | { kind: 'deleted'; sequence: number; message: string }
  | { kind: 'inserted'; sequence: number; key?: string; message: string };

const keyOf = (link: ChainedEvent): { key?: string } => (link.key === undefined ? {} : { key: link.key });

/**
 * Checks a referral's chain as stored (in key order). `head` is the last sequence and hash the
 * referral itself records (and the day's anchor stamps): without it, events deleted from the end
 * of the chain would leave no trace. An empty list of findings is a chain intact up to `head`.
 */
export const checkAuditChain = (links: readonly ChainedEvent[], head?: Pick<ChainedEvent, 'sequence' | 'hash'>): ChainFinding[] => {
  const findings: ChainFinding[] = [];
  let last: Pick<ChainedEvent, 'sequence' | 'hash'> = { sequence: 0, hash: chainGenesis };
  for (const [index, link] of links.entries()) {
    if (chainHashOf(link) !== link.hash) {
      findings.push({ kind: 'modified', sequence: link.sequence, ...keyOf(link), message: `event ${link.sequence} no longer hashes to the hash it was written with` });
      last = link;
      continue;
    }
    if (link.sequence === last.sequence + 1 && link.previousHash === last.hash) {
      // Two events claiming the same place: the one the chain goes on from is the real one.
      const rival = links[index + 1];
      if (rival && rival.sequence === link.sequence && rival.previousHash === last.hash && chainHashOf(rival) === rival.hash) {
        const successor = links[index + 2];
        const rivalContinues = successor ? successor.previousHash === rival.hash : head?.hash === rival.hash;
        if (rivalContinues) {
          findings.push({ kind: 'inserted', sequence: link.sequence, ...keyOf(link), message: `event ${link.sequence} is not part of the chain: the chain goes on from another event ${link.sequence}` });
          continue;
        }
      }
      last = link;
      continue;
    }
    // An event the chain does not need: the next one links to what came before it.
    const next = links[index + 1];
    const linksPast = next !== undefined && next.sequence === last.sequence + 1 && next.previousHash === last.hash;
    if (linksPast || link.sequence <= last.sequence) {
      findings.push({ kind: 'inserted', sequence: link.sequence, ...keyOf(link), message: `event ${link.sequence} is not part of the chain: the chain runs past it` });
      continue;
    }
    if (link.sequence > last.sequence + 1) {
      for (let missing = last.sequence + 1; missing < link.sequence; missing += 1) findings.push({ kind: 'deleted', sequence: missing, message: `event ${missing} is missing: ${link.sequence} follows ${last.sequence}` });
    } else {
      // The right number but another predecessor: the event before was rewritten along with its own hash.
      findings.push({ kind: 'modified', sequence: last.sequence, message: `event ${last.sequence} is not the event that event ${link.sequence} followed` });
    }
    last = link;
  }
  if (head && last.sequence < head.sequence) {
    for (let missing = last.sequence + 1; missing <= head.sequence; missing += 1) findings.push({ kind: 'deleted', sequence: missing, message: `event ${missing} is missing: the chain's head is ${head.sequence}` });
  } else if (head && last.sequence === head.sequence && last.hash !== head.hash) {
    findings.push({ kind: 'modified', sequence: head.sequence, message: `event ${head.sequence} is not the head the referral recorded` });
  }
  return findings;
};

/**
 * What a link stamps of an audit event: where it is stored and the SHA-256 of its canonical JSON.
 * The event stays where its readers look for it; a change to it, or to the link, breaks the hash.
 */
export const linkedEventOf = <Event extends { [K in keyof Event]: JsonValue }>(key: string, record: Event): { key: string; sha256: string } => ({
  key,
  sha256: sha256Hex(canonicalJson(record)),
});

/**
 * Checks the stored audit events against the links that stamp them: an event no link stamps was
 * put in afterwards, a link whose event is gone names a deletion, and an event whose hash is not
 * the one stamped was modified. Run after `checkAuditChain`, which vouches for the links themselves.
 */
export const checkLinkedEvents = (links: readonly ChainedEvent[], records: readonly { key: string; record: Record<string, JsonValue> }[]): ChainFinding[] => {
  const findings: ChainFinding[] = [];
  const byKey = new Map(records.map((stored) => [stored.key, stored.record]));
  const stamped = new Set<string>();
  for (const link of links) {
    const key = typeof link.event.key === 'string' ? link.event.key : undefined;
    if (key === undefined) continue;
    stamped.add(key);
    const record = byKey.get(key);
    if (record === undefined) findings.push({ kind: 'deleted', sequence: link.sequence, message: `the audit event ${key} stamped by link ${link.sequence} is missing` });
    else if (linkedEventOf(key, record).sha256 !== link.event.sha256) findings.push({ kind: 'modified', sequence: link.sequence, key, message: `the audit event ${key} is not the event link ${link.sequence} stamped` });
  }
  for (const stored of records) {
    if (!stamped.has(stored.key)) findings.push({ kind: 'inserted', sequence: 0, key: stored.key, message: `the audit event ${stored.key} is stamped by no link of the chain` });
  }
  return findings;
};
