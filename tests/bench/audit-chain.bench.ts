import { linkedEventOf, nextLink, type ChainedEvent } from '../../functions/core/audit-chain/audit-chain';
import { verifyAuditTrail, type StoredAuditTrail } from '../../functions/core/audit-chain/verify-audit-trail';
import type { BenchFigure, BenchmarkModule } from './bench-types';

const name = 'audit chain verification';
const events = 1_000;
const runs = 30;

/** A referral's trail of 1,000 audit events as the store reads it back: the events and the links stamping them. */
const trailOf = (count: number): Omit<StoredAuditTrail, 'trustAnchorsPem'> => {
  const links: (ChainedEvent & { day: string })[] = [];
  const records: StoredAuditTrail['records'][number][] = [];
  for (let version = 1; version <= count; version += 1) {
    const key = `AUDIT#${String(version).padStart(10, '0')}`;
    const record = { referralId: 'bench-referral', version, action: 'transition', from: 'sent', to: 'acknowledged', at: new Date(1_760_000_000_000 + version * 60_000).toISOString(), actor: { kind: 'officer', id: `officer.${version % 7}`, unit: 'eu-iru' } };
    records.push({ key, record });
    links.push({ ...nextLink(links.at(-1), linkedEventOf(key, record)), key: `CHAIN#${String(version).padStart(10, '0')}`, day: '2026-12-06' });
  }
  return { chain: 'REF#bench-referral', links, head: links.at(-1), records, anchors: new Map() };
};

const run = async (): Promise<BenchFigure[]> => {
  const trail = trailOf(events);
  const timings: number[] = [];
  for (let index = 0; index < runs + 3; index += 1) {
    const started = performance.now();
    const verification = await verifyAuditTrail({ ...trail, trustAnchorsPem: [] });
    if (!verification.ok) throw new Error('the benchmark chain does not verify');
    if (index >= 3) timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!;
  return [
    { benchmark: name, metric: `${events.toLocaleString('en-US')} events, p50`, value: at(0.5), unit: 'ms', note: `${runs} runs after 3 warm-up` },
    { benchmark: name, metric: `${events.toLocaleString('en-US')} events, max`, value: timings.at(-1)!, unit: 'ms' },
  ];
};

export const benchmark: BenchmarkModule = { name, run };
