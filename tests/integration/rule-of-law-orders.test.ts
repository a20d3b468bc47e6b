import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedulerStage } from '../../functions/scheduler/handler';
import { runScheduler } from '../../functions/scheduler/run-scheduler';
import { partitions } from '../../functions/adapters/table/keys';
import { counterShardOf } from '../../functions/core/trends/counter-cells';
import { orderInput } from '../../functions/core/rule-of-law/removal-order.fixture';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  local = await startLocalStack();
  // This suite drives the scheduler with its own clock.
  local.stack.stopScheduler();
  const make = (name: string, role: 'referrer' | 'liaison' | 'analyst' | 'admin', unit: string) =>
    local.tokenFor({ role, unit, sub: name, ...(role === 'liaison' ? { platforms: ['telegram'] } : {}) }).then((t) => (tokens[`${name}@${unit}`] = t));
  await Promise.all([
    make('ana', 'referrer', 'fr-pharos'),
    make('lia', 'liaison', 'fr-pharos'),
    make('ana', 'referrer', 'be-fedpol'),
    make('lia', 'liaison', 'be-fedpol'),
    make('ben', 'liaison', 'be-fedpol'),
    make('boss', 'admin', 'be-fedpol'),
    make('ana', 'referrer', 'nl-iru'),
    make('lia', 'liaison', 'nl-iru'),
    make('eva', 'analyst', 'nl-iru'),
    make('ana', 'referrer', 'es-cgi'),
    make('boss', 'admin', 'es-cgi'),
    make('boss', 'admin', 'fr-pharos'),
    make('boss', 'admin', 'nl-iru'),
  ]);
  // Art. 3(2): these units sent Telegram the procedures and deadlines two days ago.
  for (const unit of ['fr-pharos', 'nl-iru']) {
    const saved = await call('PUT', `/v1/units/${unit}/settings`, tokens[`boss@${unit}`] ?? '', {
      expectedVersion: 0,
      fourEyes: false,
      displayName: `${unit} IRU`,
      contact: { name: 'IRU desk', email: 'iru@police.example' },
      tcoProcedures: [{ provider: 'telegram', sentAt: new Date(Date.now() - 48 * 3_600_000).toISOString() }],
    });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
  }
});
afterAll(async () => {
  await local?.stop();
});

const call = async (method: string, path: string, token: string, body?: unknown) => {
  const response = await fetch(`${local.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (HTML, PDF, Markdown, CSV).
  }
  return { status: response.status, json, text, type: response.headers.get('content-type') ?? '' };
};

const submit = async (url: string, token: string, legalRoute: 'referral' | 'removal_order' = 'removal_order') => {
  const report = makeReport({ url, legalRoute, category: 'propaganda' });
  expect((await postJson(`${local.apiUrl}/v1/reports`, token, report)).status).toBe(202);
  return (await local.waitForSubmission(report.submissionId)).referralId;
};

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** Walks a referral through the liaison lifecycle; returns the final version. */
const walk = async (referralId: string, token: string, steps: { to: string; outcome?: string }[]) => {
  let version = Number((await local.getReferral(referralId))?.version ?? 0);
  for (const step of steps) {
    const result = await call('POST', `/v1/referrals/${referralId}/transitions`, token, { ...step, expectedVersion: version });
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    version = Number(result.json['version']);
  }
  return version;
};

describe('removal orders through the API', () => {
  it('refuses an order missing a mandatory field or with a ground outside (a)-(e), and stores nothing', async () => {
    const referralId = await submit('https://t.me/s/rol_orders/1', tokens['ana@fr-pharos'] ?? '');
    const { redress: _redress, ...missing } = orderInput({ content: { url: 'https://t.me/s/rol_orders/1' } });
    const noRedress = await call('PUT', `/v1/referrals/${referralId}/removal-order`, tokens['ana@fr-pharos'] ?? '', missing);
    expect(noRedress.status).toBe(400);
    expect(noRedress.json).toMatchObject({ error: { code: 'invalid_body', issues: [expect.objectContaining({ path: 'redress' })] } });
    const badGround = await call('PUT', `/v1/referrals/${referralId}/removal-order`, tokens['ana@fr-pharos'] ?? '', orderInput({ content: { url: 'https://t.me/s/rol_orders/1' }, grounds: ['a', 'g' as never] }));
    expect(badGround.status).toBe(400);
    expect(JSON.stringify(badGround.json)).toContain('Art. 2(7)');
    expect((await call('GET', `/v1/referrals/${referralId}/removal-order`, tokens['ana@fr-pharos'] ?? '')).status).toBe(404);
  });

  it('needs the procedures sent 12 hours before a first order to a provider, or a stated emergency (Art. 3(2))', async () => {
    const token = tokens['ana@es-cgi'] ?? '';
    const admin = tokens['boss@es-cgi'] ?? '';
    const first = await submit('https://t.me/s/rol_first/1', token);
    const issue = (referralId: string, n: number, extra: Record<string, unknown> = {}) =>
      call('PUT', `/v1/referrals/${referralId}/removal-order`, token, { ...orderInput({ content: { url: `https://t.me/s/rol_first/${n}` } }), ...extra });

    const none = await issue(first, 1);
    expect(none.status).toBe(409);
    expect(JSON.stringify(none.json)).toContain('Art. 3(2)');
    // The reason and the article, for a client to word the refusal in its officer's language.
    expect(none.json).toMatchObject({ error: { code: 'conflict', reason: 'procedures_not_sent', rule: 'Regulation (EU) 2021/784 Art. 3(2)', params: { platform: 'telegram' } } });
    // Sent two hours ago: too recent; the answer says from when the order may be issued.
    const sentAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const settings = { expectedVersion: 0, fourEyes: false, displayName: 'CGI', contact: { name: 'IRU desk', email: 'iru@police.example' }, tcoProcedures: [{ provider: 'telegram', sentAt }] };
    expect((await call('PUT', '/v1/units/es-cgi/settings', admin, settings)).json).toMatchObject({ tcoProcedures: [{ provider: 'telegram', sentAt }] });
    const early = await issue(first, 1);
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.json)).toContain(new Date(Date.parse(sentAt) + 12 * 3_600_000).toISOString());
    expect((await call('GET', `/v1/referrals/${first}/removal-order`, token)).status).toBe(404);

    // A duly justified emergency may not wait; the reason is on the record.
    const emergency = await issue(first, 1, { emergency: { reason: 'attack announced for tonight; the livestream link is being shared' } });
    expect(emergency.status, JSON.stringify(emergency.json)).toBe(201);
    expect(emergency.json).toMatchObject({ emergency: { reason: expect.stringContaining('attack announced') } });
    // After a first order, the next one to the same provider needs no notice.
    const second = await submit('https://t.me/s/rol_first/2', token);
    expect((await issue(second, 2)).status).toBe(201);
  });

  it('extends the "do not disclose" period once, by the issuing unit only (Art. 11(3))', async () => {
    const token = tokens['ana@fr-pharos'] ?? '';
    const url = 'https://t.me/s/rol_orders/113';
    const referralId = await submit(url, token);
    const issued = await call('PUT', `/v1/referrals/${referralId}/removal-order`, token, orderInput({ content: { url }, contentProvider: { doNotDisclose: true, delayWeeks: 6 } }));
    expect(issued.status).toBe(201);
    const issuedAt = String(issued.json['issuedAt']);
    expect(issued.json['disclosureDelayEndsAt']).toBe(new Date(Date.parse(issuedAt) + 6 * 7 * 86_400_000).toISOString());
    const body = { extendByWeeks: 6, decidedAt: new Date().toISOString(), reason: 'the network under investigation is still active online' };
    const other = await call('POST', `/v1/referrals/${referralId}/removal-order/disclosure-delay`, tokens['lia@nl-iru'] ?? '', body);
    expect([403, 404]).toContain(other.status);
    const extended = await call('POST', `/v1/referrals/${referralId}/removal-order/disclosure-delay`, token, body);
    expect(extended.status, JSON.stringify(extended.json)).toBe(200);
    expect(extended.json['disclosureDelayEndsAt']).toBe(new Date(Date.parse(issuedAt) + 12 * 7 * 86_400_000).toISOString());
    const again = await call('POST', `/v1/referrals/${referralId}/removal-order/disclosure-delay`, token, { ...body, extendByWeeks: 2 });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.json)).toContain('Art. 11(3)');
  });

  it('lets only the issuing unit record the provider\'s receipt, answer and restart, and the scrutiny', async () => {
    const token = tokens['ana@fr-pharos'] ?? '';
    const liaison = tokens['lia@fr-pharos'] ?? '';
    const url = 'https://t.me/s/rol_orders/71';
    const referralId = await submit(url, token);
    expect((await call('PUT', `/v1/referrals/${referralId}/removal-order`, token, orderInput({ content: { url }, issuedAt: ago(100) }))).status).toBe(201);
    // Liaison officers and an admin of other units work Telegram too, but the order is fr-pharos's.
    const strangers = [tokens['lia@nl-iru'] ?? '', tokens['lia@be-fedpol'] ?? '', tokens['boss@be-fedpol'] ?? ''];
    const order = `/v1/referrals/${referralId}/removal-order`;
    const refusedToAll = async (path: string, body: unknown) => {
      for (const stranger of strangers) {
        const answer = await call('POST', `${order}${path}`, stranger, body);
        expect(answer.status, `${path}: ${JSON.stringify(answer.json)}`).toBe(403);
        expect(JSON.stringify(answer.json)).toContain('issuing');
        expect(answer.json).toMatchObject({ error: { code: 'forbidden', reason: 'order_of_other_unit', params: { unit: 'fr-pharos' } } });
      }
    };
    await refusedToAll('/receipt', { receivedAt: ago(90) });
    expect((await call('POST', `${order}/receipt`, liaison, { receivedAt: ago(90) })).status).toBe(200);
    await refusedToAll('/answer', { outcome: 'cannot_comply', reason: 'force_majeure', explanation: 'hosting region offline', answeredAt: ago(80) });
    expect((await call('POST', `${order}/answer`, liaison, { outcome: 'cannot_comply', reason: 'force_majeure', explanation: 'hosting region offline', answeredAt: ago(80) })).status).toBe(200);
    await refusedToAll('/restart', { cause: 'grounds_ceased', at: ago(20) });
    await refusedToAll('/scrutiny', { action: 'copy_transmitted', at: ago(95) });
    await refusedToAll('/scrutiny', { action: 'requested', by: 'hosting_provider', at: ago(60) });
    // Art. 4(7): an infringement would end the order; no other unit may record one.
    await refusedToAll('/scrutiny', { action: 'decided', decision: 'infringement', at: ago(10), summary: 'forged by another unit' });
    const after = await call('GET', order, liaison);
    expect(after.json).toMatchObject({ status: 'cannot_comply', version: 3 });
    expect(after.json['scrutiny']).toBeUndefined();
    const audit = await call('GET', `/v1/referrals/${referralId}/legal-audit`, liaison);
    expect((audit.json['events'] as { actor: { unit?: string } }[]).every((event) => event.actor.unit === 'fr-pharos')).toBe(true);
  });

  it('lets the host Member State\'s authority named in the order, when it is a unit here, record the scrutiny (Art. 4(3), 4(4))', async () => {
    const token = tokens['ana@fr-pharos'] ?? '';
    const liaison = tokens['lia@fr-pharos'] ?? '';
    const host = tokens['lia@be-fedpol'] ?? '';
    const url = 'https://t.me/s/rol_orders/72';
    const referralId = await submit(url, token);
    const crossBorder = { hostMemberState: 'BE', authorityName: 'Belgian competent authority', authorityEmail: 'tco@authority.example', authorityUnit: 'be-fedpol' };
    const issued = await call('PUT', `/v1/referrals/${referralId}/removal-order`, token, orderInput({ content: { url }, issuedAt: ago(100), crossBorder }));
    expect(issued.status, JSON.stringify(issued.json)).toBe(201);
    const order = `/v1/referrals/${referralId}/removal-order`;
    expect((await call('POST', `${order}/receipt`, liaison, { receivedAt: ago(90) })).status).toBe(200);
    // The copy is the issuing authority's to send (Art. 4(1)); the host authority does not record it.
    expect((await call('POST', `${order}/scrutiny`, host, { action: 'copy_transmitted', at: ago(85) })).status).toBe(403);
    expect((await call('POST', `${order}/scrutiny`, liaison, { action: 'copy_transmitted', at: ago(85) })).status).toBe(200);
    expect((await call('POST', `${order}/receipt`, host, { receivedAt: ago(90) })).status).toBe(403);
    expect((await call('POST', `${order}/scrutiny`, host, { action: 'requested', by: 'content_provider', at: ago(60) })).status).toBe(200);
    expect((await call('POST', `${order}/scrutiny`, tokens['lia@nl-iru'] ?? '', { action: 'decided', decision: 'infringement', at: ago(10), summary: 'not the authority named' })).status).toBe(403);
    const decided = await call('POST', `${order}/scrutiny`, host, { action: 'decided', decision: 'infringement', at: ago(10), summary: 'The order lacks sufficient reasoning.' });
    expect(decided.status, JSON.stringify(decided.json)).toBe(200);
    expect(decided.json).toMatchObject({ status: 'revoked', scrutiny: { decision: 'infringement' } });
  });

  it('restarts the hour after force majeure ends (Art. 3(7)), and moves the referral deadline with it', async () => {
    const token = tokens['ana@fr-pharos'] ?? '';
    const liaison = tokens['lia@fr-pharos'] ?? '';
    const url = 'https://t.me/s/rol_orders/37';
    const referralId = await submit(url, token);
    expect((await call('PUT', `/v1/referrals/${referralId}/removal-order`, token, orderInput({ content: { url }, issuedAt: ago(300) }))).status).toBe(201);
    expect((await call('POST', `/v1/referrals/${referralId}/removal-order/receipt`, liaison, { receivedAt: ago(290) })).status).toBe(200);
    const outage = await call('POST', `/v1/referrals/${referralId}/removal-order/answer`, liaison, { outcome: 'cannot_comply', reason: 'force_majeure', explanation: 'hosting region offline', answeredAt: ago(280) });
    expect(outage.json).toMatchObject({ status: 'cannot_comply' });

    // The wrong cause for this reason is refused with the article that applies, and changes nothing.
    const wrong = await call('POST', `/v1/referrals/${referralId}/removal-order/restart`, liaison, { cause: 'clarification_received', at: ago(30), clarification: 'see attached' });
    expect(wrong.status).toBe(409);
    expect(JSON.stringify(wrong.json)).toContain('Art. 3(7)');
    const malformed = await call('POST', `/v1/referrals/${referralId}/removal-order/restart`, liaison, { cause: 'grounds_ceased' });
    expect(malformed.status).toBe(400);

    const ceasedAt = ago(30);
    const restarted = await call('POST', `/v1/referrals/${referralId}/removal-order/restart`, liaison, { cause: 'grounds_ceased', at: ceasedAt });
    expect(restarted.status, JSON.stringify(restarted.json)).toBe(200);
    expect(restarted.json).toMatchObject({
      status: 'received',
      restarts: [{ cause: 'grounds_ceased', at: ceasedAt, after: { reason: 'force_majeure' } }],
      clocks: [expect.objectContaining({ kind: 'tco-removal', state: 'met' }), expect.objectContaining({ kind: 'tco-removal', startedAt: ceasedAt, state: 'running' })],
    });
    expect((await local.getReferral(referralId))?.deadlineAt).toBe(new Date(Date.parse(ceasedAt) + 3_600_000).toISOString());
    const done = await call('POST', `/v1/referrals/${referralId}/removal-order/answer`, liaison, { outcome: 'removed', actionAt: ago(10) });
    expect(done.json).toMatchObject({ status: 'completed', clocks: [expect.objectContaining({ state: 'met' }), expect.objectContaining({ state: 'met', startedAt: ceasedAt })] });
    const audit = await call('GET', `/v1/referrals/${referralId}/legal-audit`, liaison);
    expect(JSON.stringify(audit.json)).toContain('deadline_restarted');
  });

  it('walks an order through receipt, answer and the cross-border copy, and prints it without the officer', async () => {
    const token = tokens['ana@fr-pharos'] ?? '';
    const liaison = tokens['lia@fr-pharos'] ?? '';
    const url = 'https://t.me/s/rol_orders/2';
    const referralId = await submit(url, token);
    const issued = await call('PUT', `/v1/referrals/${referralId}/removal-order`, token, orderInput({ content: { url }, issuedAt: ago(180) }));
    expect(issued.status, JSON.stringify(issued.json)).toBe(201);
    expect(issued.json).toMatchObject({ status: 'issued', issuingUnit: 'fr-pharos', clocks: [] });
    expect(JSON.stringify(issued.json)).not.toContain('"ana"');
    // The same PUT again is answered, not re-applied.
    expect((await call('PUT', `/v1/referrals/${referralId}/removal-order`, token, orderInput({ content: { url }, issuedAt: issued.json['issuedAt'] as string }))).json).toMatchObject({ version: 1 });

    const receivedAt = ago(170);
    const received = await call('POST', `/v1/referrals/${referralId}/removal-order/receipt`, liaison, { receivedAt });
    expect(received.json).toMatchObject({ status: 'received', clocks: [{ kind: 'tco-removal', startedAt: receivedAt, state: 'overdue' }] });
    expect((await local.getReferral(referralId))?.deadlineAt).toBe(new Date(Date.parse(receivedAt) + 3_600_000).toISOString());

    const answered = await call('POST', `/v1/referrals/${referralId}/removal-order/answer`, liaison, { outcome: 'removed', actionAt: ago(130) });
    expect(answered.json).toMatchObject({ status: 'completed', answer: { outcome: 'removed' }, clocks: [{ kind: 'tco-removal', state: 'met' }] });

    const copyAt = ago(175);
    const copy = await call('POST', `/v1/referrals/${referralId}/removal-order/scrutiny`, liaison, { action: 'copy_transmitted', at: copyAt });
    expect(copy.json).toMatchObject({ clocks: expect.arrayContaining([expect.objectContaining({ kind: 'tco-scrutiny-copy', state: 'running' })]) });

    // The scheduler, with an injected clock 3 h before the copy's 72 hours end, flags it and emits the metric.
    const lines: string[] = [];
    const scheduler = createSchedulerStage(local.stack.config, { emit: (line) => lines.push(line), env: {} });
    const summary = await runScheduler(scheduler, new Date(Date.parse(copyAt) + 69 * 3_600_000));
    expect(summary.nearDeadline).toBeGreaterThanOrEqual(1);
    // The scheduler also emits the unacknowledged-pages metric (re-paging runs first): pick this one by name.
    const metric = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((m) => 'ReferralsNearDeadline' in m) ?? {};
    expect(metric).toMatchObject({ Stage: 'local', ReferralsNearDeadline: summary.nearDeadline + summary.overdue });
    expect(JSON.stringify(metric['_aws'])).toContain('"Namespace":"ReferralDesk"');
    const afterDeadline = await runScheduler(scheduler, new Date(Date.parse(copyAt) + 73 * 3_600_000));
    expect(afterDeadline.overdue).toBeGreaterThanOrEqual(1);

    const decided = await call('POST', `/v1/referrals/${referralId}/removal-order/scrutiny`, liaison, { action: 'decided', decision: 'no_infringement', at: ago(60), summary: 'The order is well founded.' });
    expect(decided.json).toMatchObject({ status: 'completed', scrutiny: { decision: 'no_infringement' } });

    const audit = await call('GET', `/v1/referrals/${referralId}/legal-audit`, liaison);
    const actions = (audit.json['events'] as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['issued', 'received', 'complied', 'copy_transmitted', 'deadline_near', 'deadline_missed', 'scrutiny_decided']));

    const html = await call('GET', `/v1/referrals/${referralId}/removal-order?format=html&lang=fr`, token);
    expect(html.type).toContain('text/html');
    expect(html.text).toContain('INJONCTION DE RETRAIT');
    expect(html.text).toContain('SECTION D : Informations destinées à l&#39;autorité compétente');
    expect(html.text).not.toMatch(/\bana\b/);
    const pdf = await fetch(`${local.apiUrl}/v1/referrals/${referralId}/removal-order?format=pdf&lang=de`, { headers: { authorization: `Bearer ${token}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('starts the hour at the platform\'s acknowledgement, answers on removal, and preserves for six months', async () => {
    const token = tokens['ana@fr-pharos'] ?? '';
    const liaison = tokens['lia@fr-pharos'] ?? '';
    const url = 'https://t.me/s/rol_orders/3';
    const referralId = await submit(url, token);
    expect((await call('PUT', `/v1/referrals/${referralId}/removal-order`, token, orderInput({ content: { url }, crossBorder: undefined }))).status).toBe(201);
    await walk(referralId, liaison, [{ to: 'sent' }, { to: 'acknowledged' }, { to: 'actioned', outcome: 'removed' }]);

    const order = await call('GET', `/v1/referrals/${referralId}/removal-order`, token);
    expect(order.json).toMatchObject({ status: 'completed', answer: { outcome: 'removed' }, clocks: [{ kind: 'tco-removal', state: 'met' }] });
    const hold = await call('GET', `/v1/referrals/${referralId}/hold`, liaison);
    expect(hold.json).toMatchObject({ active: true, history: [expect.objectContaining({ action: 'preserved' })] });
    const closedAt = (await local.getReferral(referralId))?.closedAt ?? '';
    const months = (Date.parse(String(hold.json['statutoryUntil'])) - Date.parse(closedAt)) / 86_400_000;
    expect(months).toBeGreaterThanOrEqual(181);
    expect(months).toBeLessThanOrEqual(184);

    const noReason = await call('POST', `/v1/referrals/${referralId}/hold/release`, liaison, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.json)).toContain('releasing a legal hold needs a reason');
    const early = await call('POST', `/v1/referrals/${referralId}/hold/release`, liaison, { reason: 'no longer needed' });
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.json)).toContain('Art. 6(2)');
  });

  it('records a complaint to reinstatement, with its two-week clock', async () => {
    const token = tokens['ana@fr-pharos'] ?? '';
    const liaison = tokens['lia@fr-pharos'] ?? '';
    const referralId = await submit('https://t.me/s/rol_orders/4', token, 'referral');
    await walk(referralId, liaison, [{ to: 'sent' }, { to: 'actioned', outcome: 'removed' }]);
    const receivedAt = ago(60);
    const created = await call('POST', `/v1/referrals/${referralId}/complaints`, liaison, { platformComplaintId: 'TG-991', receivedAt, summary: 'the provider says it is news reporting' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'open', clock: { kind: 'tco-complaint', dueAt: new Date(Date.parse(receivedAt) + 14 * 86_400_000).toISOString(), state: 'running' } });
    expect(JSON.stringify(created.json)).not.toContain('news reporting');
    const complaintId = String(created.json['complaintId']);
    expect((await call('POST', `/v1/referrals/${referralId}/complaints`, liaison, { platformComplaintId: 'TG-991', receivedAt })).status).toBe(200);

    const early = await call('POST', `/v1/referrals/${referralId}/complaints/${complaintId}/reinstatement`, liaison, { reinstatedAt: ago(10) });
    expect(early.status).toBe(409);
    const decided = await call('POST', `/v1/referrals/${referralId}/complaints/${complaintId}/decision`, liaison, { decision: 'upheld', decidedAt: ago(30), reasoning: 'journalistic context' });
    expect(decided.json).toMatchObject({ status: 'upheld', clock: { state: 'met' } });
    const reinstated = await call('POST', `/v1/referrals/${referralId}/complaints/${complaintId}/reinstatement`, liaison, { reinstatedAt: ago(20) });
    expect(reinstated.json).toMatchObject({ status: 'reinstated', version: 3 });
    const counters = await local.documentClient.send(new QueryCommand({ TableName: local.stack.config.TABLE_NAME, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partitions.counter('tco-complaint', counterShardOf(complaintId)) } }));
    const complaintCounters = (counters.Items ?? []).map((c) => `${String(c['value'])}=${String(c['count'])}`);
    expect(complaintCounters).toEqual(expect.arrayContaining(['fr-pharos|received=1', 'fr-pharos|upheld=1', 'fr-pharos|reinstated=1']));
  });
});

describe('four-eyes review', () => {
  it('refuses delivery until a second officer approves; nobody approves their own referral', async () => {
    const admin = tokens['boss@be-fedpol'] ?? '';
    const reporter = tokens['ana@be-fedpol'] ?? '';
    const lia = tokens['lia@be-fedpol'] ?? '';
    const ben = tokens['ben@be-fedpol'] ?? '';
    const settings = await call('PUT', '/v1/units/be-fedpol/settings', admin, { expectedVersion: 0, fourEyes: true, displayName: 'Federal Police IRU', contact: { name: 'IRU desk', email: 'iru@police.example' } });
    expect(settings.json).toMatchObject({ tcoProcedures: [] });
    expect(settings.status).toBe(200);
    const referralId = await submit('https://t.me/s/rol_foureyes/1', reporter, 'referral');

    const unapproved = await call('POST', `/v1/referrals/${referralId}/send`, lia, { expectedVersion: 0 });
    expect(unapproved.status).toBe(409);
    expect(JSON.stringify(unapproved.json)).toContain('four-eyes review');
    // One code, 409 conflict, for several situations: the reason tells a missing approval from a version conflict.
    expect(unapproved.json).toMatchObject({ error: { code: 'conflict', reason: 'four_eyes_required', params: { units: 'be-fedpol' } } });
    const stale = await call('POST', `/v1/referrals/${referralId}/claim`, lia, { expectedVersion: 7 });
    expect(stale.json).toMatchObject({ error: { code: 'conflict', reason: 'version_conflict' } });

    expect((await call('POST', `/v1/referrals/${referralId}/review`, lia)).status).toBe(201);
    const own = await call('POST', `/v1/referrals/${referralId}/review/decision`, lia, { decision: 'approved' });
    expect(own.status).toBe(403);
    expect(JSON.stringify(own.json)).toContain('cannot be the officer who requested the review');
    expect(own.json).toMatchObject({ error: { code: 'forbidden', reason: 'review_own_request', rule: 'four-eyes review' } });
    const reporterApproves = await call('POST', `/v1/referrals/${referralId}/review/decision`, reporter, { decision: 'approved' });
    expect(reporterApproves.status).toBe(403);
    expect((await call('POST', `/v1/referrals/${referralId}/send`, lia, { expectedVersion: 0 })).status).toBe(409);

    const approved = await call('POST', `/v1/referrals/${referralId}/review/decision`, ben, { decision: 'approved' });
    expect(approved.json).toMatchObject({ status: 'approved', requestedBy: 'lia', reviewedBy: 'ben' });
    const sent = await call('POST', `/v1/referrals/${referralId}/send`, lia, { expectedVersion: 0 });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json).toMatchObject({ status: 'sent' });

    const notice = await call('GET', `/v1/referrals/${referralId}/notice`, lia);
    expect(notice.json).toMatchObject({ formFields: { exactUrl: 'https://t.me/s/rol_foureyes/1', notifierEmail: 'iru@police.example', statementCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY' } });
    expect(JSON.stringify(notice.json)).not.toMatch(/\b(lia|ana|ben)\b/);
  });
});

describe('four-eyes review bound to the referral version', () => {
  it('needs a new approval once the referral changed after it was approved', async () => {
    const admin = tokens['boss@fr-pharos'] ?? '';
    // The unit's settings were first saved before every test (version 1).
    const settings = { expectedVersion: 1, fourEyes: true, displayName: 'fr-pharos IRU', contact: { name: 'IRU desk', email: 'iru@police.example' }, tcoProcedures: [{ provider: 'telegram', sentAt: ago(48 * 60) }] };
    expect((await call('PUT', '/v1/units/fr-pharos/settings', admin, settings)).status).toBe(200);
    try {
      const url = 'https://t.me/s/rol_foureyes/2';
      const referralId = await submit(url, tokens['ana@fr-pharos'] ?? '', 'referral');
      const lia = tokens['lia@fr-pharos'] ?? '';
      const referral = `/v1/referrals/${referralId}`;
      expect((await call('POST', `${referral}/review`, lia)).status).toBe(201);
      // A reviewer who looked at an older version does not approve the new one.
      const stale = await call('POST', `${referral}/review/decision`, admin, { decision: 'approved', expectedVersion: 7 });
      expect(stale.status).toBe(409);
      expect((await call('POST', `${referral}/review/decision`, admin, { decision: 'approved', expectedVersion: 0 })).status).toBe(200);
      // Another unit reports the same content: more units and labels than the reviewer saw.
      const more = makeReport({ url, legalRoute: 'referral', category: 'propaganda' });
      expect((await postJson(`${local.apiUrl}/v1/reports`, tokens['ana@es-cgi'] ?? '', more)).status).toBe(202);
      await local.waitForSubmission(more.submissionId);
      const refused = await call('POST', `${referral}/send`, lia, { expectedVersion: 0 });
      expect(refused.status).toBe(409);
      expect(JSON.stringify(refused.json)).toContain('changed since');
      // A claim is a change too: the approval is of version 1 from here.
      expect((await call('POST', `${referral}/claim`, lia, { expectedVersion: 0 })).status).toBe(200);
      expect((await call('POST', `${referral}/review`, lia)).status).toBe(201);
      expect((await call('POST', `${referral}/review/decision`, admin, { decision: 'approved', expectedVersion: 1 })).status).toBe(200);
      const sent = await call('POST', `${referral}/send`, lia, { expectedVersion: 1 });
      expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    } finally {
      expect((await call('PUT', '/v1/units/fr-pharos/settings', admin, { ...settings, expectedVersion: 2, fourEyes: false })).status).toBe(200);
    }
  });
});

describe('yearly transparency reports', () => {
  it('match a hand-counted set of orders, answers and complaints', async () => {
    const reporter = tokens['ana@nl-iru'] ?? '';
    const lia = tokens['lia@nl-iru'] ?? '';
    const analyst = tokens['eva@nl-iru'] ?? '';
    const order = async (n: number, minutesAgo: number) => {
      const url = `https://t.me/s/rol_report/${n}`;
      const referralId = await submit(url, reporter);
      expect((await call('PUT', `/v1/referrals/${referralId}/removal-order`, reporter, orderInput({ content: { url }, issuedAt: ago(minutesAgo), crossBorder: n === 1 ? orderInput().crossBorder : undefined }))).status).toBe(201);
      return referralId;
    };
    // A: received 5 h ago, removed 30 min later (in time). B: received 4 h ago, removed 2 h later (late).
    // C: cannot comply (force majeure). D: via the lifecycle: sent, acknowledged, removed (in time, a notice).
    const a = await order(1, 301);
    const b = await order(2, 241);
    const c = await order(3, 200);
    const d = await order(4, 10);
    await call('POST', `/v1/referrals/${a}/removal-order/receipt`, lia, { receivedAt: ago(300) });
    await call('POST', `/v1/referrals/${a}/removal-order/answer`, lia, { outcome: 'removed', actionAt: ago(270) });
    await call('POST', `/v1/referrals/${b}/removal-order/receipt`, lia, { receivedAt: ago(240) });
    await call('POST', `/v1/referrals/${b}/removal-order/answer`, lia, { outcome: 'disabled', actionAt: ago(120) });
    await call('POST', `/v1/referrals/${c}/removal-order/receipt`, lia, { receivedAt: ago(190) });
    await call('POST', `/v1/referrals/${c}/removal-order/answer`, lia, { outcome: 'cannot_comply', reason: 'force_majeure', explanation: 'data centre outage', answeredAt: ago(180) });
    await walk(d, lia, [{ to: 'sent' }, { to: 'acknowledged' }, { to: 'actioned', outcome: 'removed' }]);
    const complaint = await call('POST', `/v1/referrals/${d}/complaints`, lia, { platformComplaintId: 'NL-1', receivedAt: ago(1) });
    await call('POST', `/v1/referrals/${d}/complaints/${String(complaint.json['complaintId'])}/decision`, lia, { decision: 'rejected', decidedAt: ago(0.5), reasoning: 'terrorist content' });

    const year = new Date(ago(301)).getUTCFullYear();
    const report = await call('GET', `/v1/transparency-reports/${year}?kind=authority`, analyst);
    expect(report.json).toMatchObject({
      kind: 'authority',
      unit: 'nl-iru',
      orders: { issued: 4, crossBorder: 1, removed: 2, disabled: 1, withinOneHour: 2, afterOneHour: 1, notComplied: { force_majeure: 1, de_facto_impossibility: 0, manifest_errors: 0, insufficient_information: 0 } },
      scrutiny: { requested: 0, noInfringement: 0, infringement: 0 },
      complaints: { received: 1, upheld: 0, rejected: 1, reinstated: 0, decidedWithinTwoWeeks: 1, decidedLate: 0 },
    });
    const flagger = await call('GET', `/v1/transparency-reports/${year}?kind=trusted-flagger`, analyst);
    expect(flagger.json).toMatchObject({ totals: { notices: 1, actioned: 1, declined: 0, alreadyGone: 0 }, rows: [{ platform: 'telegram', category: 'propaganda', notices: 1, removed: 1 }] });

    const markdown = await call('GET', `/v1/transparency-reports/${year}?kind=authority&format=md`, analyst);
    expect(markdown.type).toContain('text/markdown');
    expect(markdown.text).toContain('| Removal orders issued | 4 |');
    expect((await call('GET', `/v1/transparency-reports/${year}?kind=other`, analyst)).status).toBe(400);
    expect((await call('GET', `/v1/transparency-reports/${year}?unit=fr-pharos`, analyst)).status).toBe(403);

    // The command line asks the same API.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'infra/local/report-cli.ts', '--api', local.apiUrl, '--token', analyst, '--year', String(year), '--unit', 'nl-iru', '--format', 'csv'], { cwd: process.cwd() });
    expect(stdout.split('\r\n')).toEqual(expect.arrayContaining(['nl-iru,' + year + ',orders,issued,,4', 'nl-iru,' + year + ',orders,not_complied,force_majeure,1']));
  });
});
