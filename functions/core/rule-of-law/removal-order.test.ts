import { describe, expect, it } from 'vitest';
import { removalOrderRequest } from '../../contract/rule-of-law';
import { canonicalizeUrl } from '../canonical-url/canonical-url';
import { referralIdFor } from '../referral-id';
import { contentUrl, orderInput } from './removal-order.fixture';
import { disclosureDelayEndsAt, extendDisclosureDelay, issueOrder, orderActionRefusal, orderClockViews, recordAnswer, recordReceipt, recordScrutiny, restartDeadline, secondsToComply, type RemovalOrder } from './removal-order';
import { orderIncrements } from './lifecycle-effects';
import type { Decision } from './legal-event';

const canonical = canonicalizeUrl(contentUrl);
if (!canonical.ok) throw new Error('fixture URL must canonicalize');
const referral = { referralId: referralIdFor(canonical.value.contentKey), contentKey: canonical.value.contentKey, legalRoute: 'removal_order', platform: 'telegram' };
const officer = { kind: 'officer' as const, id: 'officer.ana', unit: 'fr-pharos' };
const platform = { kind: 'platform' as const, id: 'telegram' };

const t0 = new Date('2026-03-02T09:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

const changed = <T>(decision: Decision<T>): T => {
  if (!decision.ok || !('next' in decision)) throw new Error(`expected a change, got ${JSON.stringify(decision)}`);
  return decision.next;
};

const issued = (): RemovalOrder => changed(issueOrder({ referral, request: removalOrderRequest.parse(orderInput()), actor: officer, provider: { previousOrder: true }, now: t0 }));

describe('removal order schema (Annex I)', () => {
  it('refuses an order missing a mandatory field, naming it', () => {
    const { redress: _redress, ...withoutRedress } = orderInput();
    const parsed = removalOrderRequest.safeParse(withoutRedress);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('redress');
  });

  it('refuses a ground outside Art. 2(7)(a) to (e), citing the article', () => {
    const parsed = removalOrderRequest.safeParse(orderInput({ grounds: ['f' as never] }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('Art. 2(7)');
  });

  it('needs the delay when the content provider is not to be told (Art. 11(3))', () => {
    const parsed = removalOrderRequest.safeParse(orderInput({ contentProvider: { doNotDisclose: true } }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('Art. 11(3)');
  });
});

describe('a removal order through its clocks (injected clock)', () => {
  it('starts the hour at confirmed receipt, and meets it when removal comes within the hour', () => {
    let order = issued();
    expect(order.status).toBe('issued');
    expect(orderClockViews(order, at(5))).toEqual([]);

    order = changed(recordReceipt(order, iso(10), platform, at(11)));
    const [removal] = orderClockViews(order, at(40));
    expect(removal).toMatchObject({ kind: 'tco-removal', startedAt: iso(10), dueAt: iso(70), state: 'running' });
    expect(orderClockViews(order, at(71))[0]?.state).toBe('overdue');

    order = changed(recordAnswer(order, { outcome: 'removed', actionAt: iso(55) }, platform, at(56)));
    expect(order.status).toBe('completed');
    expect(orderClockViews(order, at(500))[0]).toMatchObject({ state: 'met', stoppedAt: iso(55) });
  });

  it('records a late removal as a missed hour', () => {
    let order = changed(recordReceipt(issued(), iso(0), platform, at(1)));
    order = changed(recordAnswer(order, { outcome: 'disabled', actionAt: iso(61) }, platform, at(62)));
    expect(orderClockViews(order, at(62))[0]?.state).toBe('missed');
  });

  it('records an Annex III answer with its reason', () => {
    let order = changed(recordReceipt(issued(), iso(0), platform, at(1)));
    order = changed(recordAnswer(order, { outcome: 'cannot_comply', reason: 'manifest_errors', explanation: 'the URL points to another channel', answeredAt: iso(20) }, platform, at(21)));
    expect(order).toMatchObject({ status: 'cannot_comply', answer: { outcome: 'cannot_comply', reason: 'manifest_errors' } });
  });

  it('refuses an answer before receipt, and a receipt before issuing', () => {
    const order = issued();
    const early = recordAnswer(order, { outcome: 'removed', actionAt: iso(5) }, platform, at(6));
    expect(early).toMatchObject({ ok: false, status: 409, rule: 'Regulation (EU) 2021/784 Art. 3(3)' });
    expect(recordReceipt(order, iso(-5), platform, at(6))).toMatchObject({ ok: false, status: 400 });
  });

  it('answers a repeated receipt without a new version', () => {
    const order = changed(recordReceipt(issued(), iso(10), platform, at(11)));
    expect(recordReceipt(order, iso(10), platform, at(12))).toEqual({ ok: true, unchanged: order });
    expect(recordReceipt(order, iso(12), platform, at(12))).toMatchObject({ ok: false, status: 409 });
  });

  it('tracks the cross-border copy (72 h, Art. 4(2)) and refuses a late request for scrutiny (48 h, Art. 4(3))', () => {
    let order = changed(recordReceipt(issued(), iso(10), platform, at(11)));
    order = changed(recordScrutiny(order, { action: 'copy_transmitted', at: iso(0) }, officer, at(12)));
    const copyClock = orderClockViews(order, at(60 * 71)).find((c) => c.kind === 'tco-scrutiny-copy');
    expect(copyClock).toMatchObject({ dueAt: iso(72 * 60), state: 'running' });
    expect(orderClockViews(order, at(72 * 60 + 1)).find((c) => c.kind === 'tco-scrutiny-copy')?.state).toBe('overdue');

    const late = recordScrutiny(order, { action: 'requested', by: 'hosting_provider', at: iso(10 + 48 * 60 + 1) }, platform, at(49 * 60 + 30));
    expect(late).toMatchObject({ ok: false, rule: 'Regulation (EU) 2021/784 Art. 4(3)' });

    order = changed(recordScrutiny(order, { action: 'decided', decision: 'infringement', at: iso(70 * 60), summary: 'disproportionate' }, officer, at(70 * 60 + 1)));
    expect(order.status).toBe('revoked');
    expect(orderClockViews(order, at(80 * 60)).find((c) => c.kind === 'tco-scrutiny-copy')?.state).toBe('met');
  });

  it('refuses a referral that travels as a voluntary referral, and a URL of other content', () => {
    const voluntary = issueOrder({ referral: { ...referral, legalRoute: 'referral' }, request: removalOrderRequest.parse(orderInput()), actor: officer, provider: { previousOrder: true }, now: t0 });
    expect(voluntary).toMatchObject({ ok: false, status: 409 });
    const other = issueOrder({ referral, request: removalOrderRequest.parse(orderInput({ content: { url: 'https://t.me/s/other_channel/5' } })), actor: officer, provider: { previousOrder: true }, now: t0 });
    expect(other).toMatchObject({ ok: false, status: 400, rule: 'Annex I Section B' });
  });

  it('keeps the issuing time and refuses amendments once received', () => {
    const order = issued();
    const amended = changed(issueOrder({ existing: order, referral, request: removalOrderRequest.parse(orderInput({ reasoning: 'An amended, more detailed statement of reasons for the order.' })), actor: officer, provider: { previousOrder: true }, now: at(3) }));
    expect(amended).toMatchObject({ version: 2, issuedAt: order.issuedAt });
    const received = changed(recordReceipt(amended, iso(5), platform, at(6)));
    expect(issueOrder({ existing: received, referral, request: removalOrderRequest.parse(orderInput({ reasoning: 'Yet another statement of reasons for this order.' })), actor: officer, provider: { previousOrder: true }, now: at(7) })).toMatchObject({ ok: false, status: 409 });
  });
});

describe('the deadline after an Annex III answer (Art. 3(7) and (8))', () => {
  const refused = <T>(decision: Decision<T>) => {
    if (decision.ok) throw new Error(`expected a refusal, got ${JSON.stringify(decision)}`);
    return decision;
  };
  const cannotComply = (reason: 'force_majeure' | 'manifest_errors', minutes: number) => {
    const received = changed(recordReceipt(issued(), iso(10), platform, at(11)));
    return changed(recordAnswer(received, { outcome: 'cannot_comply', reason, explanation: 'the data centre is down', answeredAt: iso(minutes) }, platform, at(minutes + 1)));
  };

  it('restarts the hour when force majeure ends (3(7)), and measures compliance from there', () => {
    let order = cannotComply('force_majeure', 30);
    // The stopped first period stays on record; the hour applies again from when the grounds ceased.
    order = changed(restartDeadline(order, { cause: 'grounds_ceased', at: iso(300) }, platform, at(301)));
    expect(order.status).toBe('received');
    expect(order.answer).toBeUndefined();
    expect(order.restarts).toEqual([{ cause: 'grounds_ceased', at: iso(300), after: { reason: 'force_majeure', at: iso(30), explanation: 'the data centre is down' } }]);
    expect(orderClockViews(order, at(320)).filter((c) => c.kind === 'tco-removal')).toEqual([
      expect.objectContaining({ startedAt: iso(10), stoppedAt: iso(30), state: 'met' }),
      expect.objectContaining({ startedAt: iso(300), dueAt: iso(360), state: 'running' }),
    ]);
    // Removal 40 minutes after the restart is within the hour, though 5 hours after receipt.
    order = changed(recordAnswer(order, { outcome: 'removed', actionAt: iso(340) }, platform, at(341)));
    expect(secondsToComply(order)).toBe(40 * 60);
    const values = orderIncrements(order).map((increment) => increment.value);
    expect(values).toContain('fr-pharos|within-1h');
    expect(values).not.toContain('fr-pharos|after-1h');
    // A repeat of the same restart is answered unchanged, not applied twice.
    expect(restartDeadline(order, { cause: 'grounds_ceased', at: iso(300) }, platform, at(400))).toEqual({ ok: true, unchanged: order });
  });

  it('restarts the hour when the provider receives the clarification of a manifest error (3(8))', () => {
    const order = changed(restartDeadline(cannotComply('manifest_errors', 20), { cause: 'clarification_received', at: iso(90), clarification: 'the URL is the channel post 101, not 110' }, platform, at(91)));
    expect(order.restarts?.[0]).toMatchObject({ cause: 'clarification_received', clarification: 'the URL is the channel post 101, not 110', after: { reason: 'manifest_errors' } });
    expect(orderClockViews(order, at(100)).at(-1)).toMatchObject({ startedAt: iso(90), dueAt: iso(150), state: 'running' });
    // An answer dated before the restart belongs to the earlier period.
    expect(refused(recordAnswer(order, { outcome: 'removed', actionAt: iso(80) }, platform, at(101))).message).toContain('cannot precede the restart');
  });

  it('refuses a restart that does not match the Annex III reason, or without one', () => {
    const forceMajeure = cannotComply('force_majeure', 30);
    const wrong = refused(restartDeadline(forceMajeure, { cause: 'clarification_received', at: iso(60), clarification: 'x' }, platform, at(61)));
    expect(wrong.rule).toContain('Art. 3(7)');
    expect(wrong.message).toContain('grounds_ceased');
    const received = changed(recordReceipt(issued(), iso(10), platform, at(11)));
    expect(refused(restartDeadline(received, { cause: 'grounds_ceased', at: iso(20) }, platform, at(21))).status).toBe(409);
    expect(refused(restartDeadline(forceMajeure, { cause: 'grounds_ceased', at: iso(20) }, platform, at(61))).message).toContain('cannot precede the Annex III answer');
    expect(refused(restartDeadline(forceMajeure, { cause: 'grounds_ceased', at: iso(200) }, platform, at(61))).message).toContain('future');
  });
});

describe('the "do not disclose" period and its one extension (Art. 11(3))', () => {
  const week = 7 * 24 * 60;
  const reason = 'the investigation into the network is still running';
  const refusal = <T>(decision: Decision<T>) => {
    if (decision.ok) throw new Error(`expected a refusal, got ${JSON.stringify(decision)}`);
    return decision;
  };

  it('extends six weeks by up to six more, once, decided before the period ends', () => {
    const order = issued();
    expect(disclosureDelayEndsAt(order)).toBe(iso(6 * week));
    const extended = changed(extendDisclosureDelay(order, { extendByWeeks: 4, decidedAt: iso(6 * week - 60), reason }, officer, at(6 * week - 59)));
    expect(disclosureDelayEndsAt(extended)).toBe(iso(10 * week));
    expect(extendDisclosureDelay(extended, { extendByWeeks: 4, decidedAt: iso(6 * week - 60), reason }, officer, at(6 * week))).toEqual({ ok: true, unchanged: extended });
    expect(refusal(extendDisclosureDelay(extended, { extendByWeeks: 2, decidedAt: iso(7 * week), reason }, officer, at(7 * week))).message).toContain('already extended once');
  });

  it('refuses an extension after the period ended, from another unit, or without a period', () => {
    const order = issued();
    expect(refusal(extendDisclosureDelay(order, { extendByWeeks: 6, decidedAt: iso(6 * week + 1), reason }, officer, at(6 * week + 2))).message).toContain('ended at');
    expect(refusal(extendDisclosureDelay(order, { extendByWeeks: 6, decidedAt: iso(60), reason }, { ...officer, unit: 'de-bka' }, at(61))).status).toBe(403);
    const open = changed(issueOrder({ referral, request: removalOrderRequest.parse(orderInput({ contentProvider: { doNotDisclose: false } })), actor: officer, provider: { previousOrder: true }, now: t0 }));
    expect(disclosureDelayEndsAt(open)).toBeUndefined();
    expect(refusal(extendDisclosureDelay(open, { extendByWeeks: 1, decidedAt: iso(60), reason }, officer, at(61))).status).toBe(409);
  });
});

describe('who records what happens to an order', () => {
  const stranger = { kind: 'officer' as const, id: 'liaison.jan', unit: 'nl-iru' };
  const hostAuthority = { kind: 'officer' as const, id: 'liaison.lea', unit: 'be-fedpol' };
  const crossBorder = { hostMemberState: 'BE' as const, authorityName: 'Belgian competent authority', authorityEmail: 'tco@authority.example', authorityUnit: 'be-fedpol' };
  const withHost = (): RemovalOrder => changed(issueOrder({ referral, request: removalOrderRequest.parse(orderInput({ crossBorder })), actor: officer, provider: { previousOrder: true }, now: t0 }));

  it.each(['receipt', 'answer', 'restart', 'disclosure_delay', 'copy_transmitted', 'requested', 'decided'] as const)('%s: the issuing unit may, another unit may not', (action) => {
    expect(orderActionRefusal(issued(), action, officer)).toBeUndefined();
    expect(orderActionRefusal(issued(), action, stranger)).toMatchObject({ status: 403, code: 'forbidden', message: expect.stringContaining('issuing') });
  });

  it('the host authority named for the scrutiny records the request and the decision, nothing else', () => {
    const order = withHost();
    for (const action of ['requested', 'decided'] as const) expect(orderActionRefusal(order, action, hostAuthority)).toBeUndefined();
    for (const action of ['receipt', 'answer', 'restart', 'disclosure_delay', 'copy_transmitted'] as const) expect(orderActionRefusal(order, action, hostAuthority)?.status).toBe(403);
    // Without a unit named in Section D, the host authority is not a unit here.
    expect(orderActionRefusal(issued(), 'decided', hostAuthority)?.status).toBe(403);
    expect(orderActionRefusal(order, 'decided', stranger)?.status).toBe(403);
  });
});
