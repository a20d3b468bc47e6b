import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SignJWT } from 'jose';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';
import { makeReport, postJson, rawPost } from '../helpers/factories';

let local: LocalStackHandle;
let referrerToken: string;

beforeAll(async () => {
  local = await startLocalStack();
  referrerToken = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.ana' });
});
afterAll(async () => {
  await local?.stop();
});

describe('one report from the API to DynamoDB', () => {
  it('accepts a report, processes it and serves the referral', async () => {
    const report = makeReport({ url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&utm_source=tg', category: 'propaganda' });
    const accepted = await postJson(`${local.apiUrl}/v1/reports`, referrerToken, report);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ submissionId: report.submissionId, status: 'accepted' });

    const { referralId } = await local.waitForSubmission(report.submissionId);
    const status = await fetch(`${local.apiUrl}/v1/submissions/${report.submissionId}`, { headers: { authorization: `Bearer ${referrerToken}` } });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ status: 'processed', referralId });

    const referral = await fetch(`${local.apiUrl}/v1/referrals/${referralId}`, { headers: { authorization: `Bearer ${referrerToken}` } });
    expect(referral.status).toBe(200);
    const view = (await referral.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ referralId, platform: 'youtube', status: 'new', units: ['eu-iru'], reportCount: 1, category: 'propaganda' });
    expect(view['contentKey']).toBe('youtube:video:dQw4w9WgXcQ');
    // Officer identities and internal notes never appear in the referral view.
    expect(JSON.stringify(view)).not.toContain('officer.ana');
  });

  it('takes a URL without a scheme as https://, says so, and refers the https:// form', async () => {
    const report = makeReport({ url: 't.me/s/schemeless_channel/12' });
    const accepted = await postJson(`${local.apiUrl}/v1/reports`, referrerToken, report);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ submissionId: report.submissionId, status: 'accepted', notes: ['the URL had no scheme: https:// was assumed'] });
    const { referralId } = await local.waitForSubmission(report.submissionId);
    const referral = await local.getReferral(referralId);
    expect(referral?.contentKey).toBe('telegram:post:schemeless_channel/12');
    expect(referral?.url).toBe('https://t.me/s/schemeless_channel/12');
  });

  it('refers a Telegram Web chat as its channel, not as the web app, and answers lookups per chat', async () => {
    const report = makeReport({ url: 'https://web.telegram.org/k/#@Beacon_Channel' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrerToken, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    const referral = await local.getReferral(referralId);
    expect(referral?.contentKey).toBe('telegram:channel:beacon_channel');
    expect(referral?.platform).toBe('telegram');
    const lookup = async (url: string) => (await (await fetch(`${local.apiUrl}/v1/lookup?url=${encodeURIComponent(url)}`, { headers: { authorization: `Bearer ${referrerToken}` } })).json()) as { referred: boolean };
    expect((await lookup('https://t.me/beacon_channel')).referred).toBe(true);
    expect((await lookup('https://web.telegram.org/a/#@beacon_channel')).referred).toBe(true);
    expect((await lookup('https://web.telegram.org/k/#@another_channel')).referred).toBe(false);
    expect((await lookup('https://web.telegram.org/k/')).referred).toBe(false);
  });

  it('keeps a short link as its own referral, labelled unresolved', async () => {
    const report = makeReport({ url: 'https://vm.tiktok.com/ZMabc123/' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrerToken, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    const referral = await local.getReferral(referralId);
    expect(referral?.contentKey).toBe('https://vm.tiktok.com/ZMabc123/');
    expect(referral?.labels).toContainEqual(expect.objectContaining({ name: 'short-link', value: 'unresolved', rule: 'platform:tiktok-short-link-unresolved' }));
  });

  it('records the URL a short link resolves to as a linked report, once, and only on a short link', async () => {
    const report = makeReport({ url: 'https://vm.tiktok.com/ZMres001/' });
    await postJson(`${local.apiUrl}/v1/reports`, referrerToken, report);
    const short = await local.waitForSubmission(report.submissionId);
    const resolve = (referralId: string, url: string) => postJson(`${local.apiUrl}/v1/referrals/${referralId}/resolved-url`, referrerToken, { url });
    const resolvedUrl = 'https://www.tiktok.com/@scout2015/video/6718335390845095173';
    const answer = await resolve(short.referralId, resolvedUrl);
    expect(answer.status).toBe(202);
    const { submissionId } = (await answer.json()) as { submissionId: string };
    const resolved = await local.waitForSubmission(submissionId);
    expect((await local.getReferral(resolved.referralId))?.platform).toBe('tiktok');
    expect(((await (await resolve(short.referralId, resolvedUrl)).json()) as { submissionId: string }).submissionId).toBe(submissionId);
    const detail = (await (await fetch(`${local.apiUrl}/v1/referrals/${short.referralId}`, { headers: { authorization: `Bearer ${referrerToken}` } })).json()) as { outLinks?: { referralId: string }[] };
    expect(detail.outLinks?.map((link) => link.referralId)).toEqual([resolved.referralId]);
    // Only a short link waits for a resolved URL.
    expect((await resolve(resolved.referralId, 'https://www.tiktok.com/@scout2015/video/6718335390845095174')).status).toBe(409);
  });

  it('refers each link of a beacon post to its own platform, posted in the post, without duplicates on a second capture', async () => {
    const outLinks = [
      'https://archive.org/details/beacon-release_2026',
      'https://mega.nz/file/bcdeFGHI#Zm9vYmFyYmF6cXV4cXV1eA',
      'https://drive.google.com/file/d/1BcDeFgHiJkLmNoPqRsTuVwXyZ0123456/view',
      'https://pixeldrain.com/u/kX0F7t5i',
      'https://gofile.io/d/b7CpnJ',
    ];
    const post = makeReport({ url: 'https://t.me/beacon_channel/4242', category: 'propaganda', outLinks });
    const accepted = await postJson(`${local.apiUrl}/v1/reports`, referrerToken, post);
    expect(accepted.status).toBe(202);
    const answer = (await accepted.json()) as { outLinks: { reports: { submissionId: string; status: string }[]; skipped: unknown[] } };
    expect(answer.outLinks.reports.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    const parent = await local.waitForSubmission(post.submissionId);
    const children = await Promise.all(answer.outLinks.reports.map((r) => local.waitForSubmission(r.submissionId)));
    const referrals = await Promise.all(children.map((child) => local.getReferral(child.referralId)));
    expect(referrals.map((r) => r?.platform)).toEqual(['archive-org', 'mega', 'google-drive', 'pixeldrain', 'gofile']);
    for (const referral of referrals) expect(referral?.labels).toContainEqual(expect.objectContaining({ name: 'posted-in', value: parent.referralId }));

    // The same post captured again by another officer: the same five referrals, no new ones.
    const again = makeReport({ url: 'https://t.me/s/beacon_channel/4242', category: 'propaganda', outLinks });
    const second = (await (await postJson(`${local.apiUrl}/v1/reports`, referrerToken, again)).json()) as typeof answer;
    const secondChildren = await Promise.all(second.outLinks.reports.map((r) => local.waitForSubmission(r.submissionId)));
    expect(secondChildren.map((c) => c.referralId)).toEqual(children.map((c) => c.referralId));
    expect((await local.waitForSubmission(again.submissionId)).referralId).toBe(parent.referralId);
  });

  it('links a post to an out-link whose referral already existed, once however often the post is captured', async () => {
    // The file was referred on its own before anyone saw the post that links to it.
    const alone = makeReport({ url: 'https://pixeldrain.com/u/pRe3xist' });
    await postJson(`${local.apiUrl}/v1/reports`, referrerToken, alone);
    const existing = await local.waitForSubmission(alone.submissionId);

    const post = makeReport({ url: 'https://t.me/beacon_channel/4545', outLinks: ['https://pixeldrain.com/u/pRe3xist', 'https://gofile.io/d/nEwOne'] });
    const answer = (await (await postJson(`${local.apiUrl}/v1/reports`, referrerToken, post)).json()) as { outLinks: { reports: { submissionId: string }[] } };
    const parent = await local.waitForSubmission(post.submissionId);
    const children = await Promise.all(answer.outLinks.reports.map((r) => local.waitForSubmission(r.submissionId)));
    expect(children[0]?.referralId).toBe(existing.referralId);

    const again = makeReport({ url: 'https://t.me/s/beacon_channel/4545', outLinks: ['pixeldrain.com/u/pRe3xist', 'https://gofile.io/d/nEwOne'] });
    const second = (await (await postJson(`${local.apiUrl}/v1/reports`, referrerToken, again)).json()) as typeof answer;
    await Promise.all([again.submissionId, ...second.outLinks.reports.map((r) => r.submissionId)].map((id) => local.waitForSubmission(id)));

    const linked = await local.store.listPostedIn(parent.referralId);
    expect(linked.map((link) => link.childReferralId).sort()).toEqual(children.map((c) => c.referralId).sort());
    expect(linked.every((link) => link.parentReferralId === parent.referralId)).toBe(true);

    // The post's detail lists what it links to, each with its own status.
    const detail = (await (await fetch(`${local.apiUrl}/v1/referrals/${parent.referralId}`, { headers: { authorization: `Bearer ${referrerToken}` } })).json()) as { outLinks?: { referralId: string; platform: string; status: string }[] };
    expect(detail.outLinks?.map((link) => [link.referralId, link.platform, link.status]).sort()).toEqual(
      [[existing.referralId, 'pixeldrain', 'new'], [children[1]?.referralId, 'gofile', 'new']].sort(),
    );
  });

  it('takes a beacon post in a batch too', async () => {
    const post = makeReport({ url: 'https://t.me/beacon_channel/4343', outLinks: ['https://gofile.io/d/c8DqoK', 'pixeldrain.com/u/lY1G8u6j'] });
    const answer = await postJson(`${local.apiUrl}/v1/reports:batch`, referrerToken, { reports: [post] });
    const body = (await answer.json()) as { results: { status: string; outLinks?: { reports: { submissionId: string; url: string }[] } }[] };
    expect(body.results[0]?.status).toBe('accepted');
    expect(body.results[0]?.outLinks?.reports.map((r) => r.url)).toEqual(['https://gofile.io/d/c8DqoK', 'https://pixeldrain.com/u/lY1G8u6j']);
    const children = await Promise.all((body.results[0]?.outLinks?.reports ?? []).map((r) => local.waitForSubmission(r.submissionId)));
    expect((await local.getReferral(children[1]?.referralId as string))?.platform).toBe('pixeldrain');
  });

  it('treats a retried submission as the same report', async () => {
    const report = makeReport({ url: 'https://x.com/someone/status/1790000000000000001' });
    expect((await postJson(`${local.apiUrl}/v1/reports`, referrerToken, report)).status).toBe(202);
    const { referralId } = await local.waitForSubmission(report.submissionId);
    const retry = await postJson(`${local.apiUrl}/v1/reports`, referrerToken, report);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ submissionId: report.submissionId, status: 'processed', referralId });
    expect((await local.getReferral(referralId))?.reportCount).toBe(1);
  });

  it('attaches another unit\'s report of the same content to the same referral', async () => {
    const pharos = await local.tokenFor({ role: 'referrer', unit: 'fr-pharos' });
    const first = makeReport({ url: 'https://t.me/s/SomeChannel/77' });
    const second = makeReport({ url: 'https://t.me/somechannel/77?utm_campaign=x' });
    await postJson(`${local.apiUrl}/v1/reports`, referrerToken, first);
    await postJson(`${local.apiUrl}/v1/reports`, pharos, second);
    const a = await local.waitForSubmission(first.submissionId);
    const b = await local.waitForSubmission(second.submissionId);
    expect(a.referralId).toBe(b.referralId);
    const referral = await local.getReferral(a.referralId);
    expect(referral?.units).toEqual(['eu-iru', 'fr-pharos']);
    expect(referral?.reportCount).toBe(2);

    const lookup = await fetch(`${local.apiUrl}/v1/lookup?url=${encodeURIComponent('https://t.me/SomeChannel/77')}`, { headers: { authorization: `Bearer ${referrerToken}` } });
    expect(await lookup.json()).toMatchObject({ referred: true, referralId: a.referralId, unitCount: 2, reportCount: 2, status: 'new' });
  });

  it('serves the OpenAPI document generated from the contract', async () => {
    const response = await fetch(`${local.apiUrl}/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(document.openapi).toBe('3.0.3');
    expect(Object.keys(document.components.schemas['ReportV1']?.properties ?? {})).toEqual(
      expect.arrayContaining(['submissionId', 'url', 'category', 'urgent', 'legalRoute', 'notes']),
    );
  });
});

describe('bad input is answered and changes nothing', () => {
  const post = (body: unknown, headers: Record<string, string> = {}, token: string | null = referrerToken) =>
    postJson(`${local.apiUrl}/v1/reports`, token ?? undefined, body, headers);

  it.each([
    ['a javascript: URL', { url: 'javascript:alert(1)' }, 'url'],
    ['a file: URL', { url: 'file:///etc/passwd' }, 'url'],
    ['a URL with credentials', { url: 'https://user:pass@example.com/x' }, 'url'],
    ['an unknown category', { category: 'spam' }, 'category'],
    ['a host that is not a host name', { url: 'http://host%23.com/x' }, 'url'],
    ['a loopback IP in octal form', { url: 'http://017700000001/admin' }, 'url'],
    ['a link-local metadata address', { url: 'http://169.254.169.254/latest/meta-data' }, 'url'],
    ['an IPv4 part above 255', { url: 'http://1.2.3.256/' }, 'url'],
    ['a right-clicked link to an internal host', { linkUrl: 'http://10.0.0.5/admin' }, 'linkUrl'],
    ['media on localhost', { mediaUrl: 'http://localhost:9000/x.png' }, 'mediaUrl'],
    [
      'a capture manifest naming another officer',
      { capture: { capturedAt: '2026-11-26T10:00:00Z', url: 'https://t.me/s/example_channel/101', extensionVersion: '0.1.0', browser: 'test', officer: 'someone.else', artifacts: [] } },
      'capture.officer',
    ],
    ['an extra field', { officerId: 'spoofed' }, '(body)'],
    ['a non-UUID submission id', { submissionId: '1' }, 'submissionId'],
  ])('rejects %s with 400 naming the field', async (_name, override, field) => {
    const response = await post({ ...makeReport(), ...override });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_body');
    expect(body.error.issues.map((i) => i.path)).toContain(field);
  });

  it.each([
    ['a link-local metadata address', { url: 'http://169.254.169.254/latest/meta-data' }, 'url', 'non_public_host'],
    ['a right-clicked link to an internal host', { linkUrl: 'http://10.0.0.5/admin' }, 'linkUrl', 'non_public_host'],
    [
      'a capture manifest naming another officer',
      { capture: { capturedAt: '2026-11-26T10:00:00Z', url: 'https://t.me/s/example_channel/101', extensionVersion: '0.1.0', browser: 'test', officer: 'someone.else', artifacts: [] } },
      'capture.officer',
      'capture_other_officer',
    ],
  ])('names %s by an issue code, which a client words in its own language', async (_name, override, field, code) => {
    const response = await post({ ...makeReport(), ...override });
    const body = (await response.json()) as { error: { issues: { path: string; code?: string }[] } };
    expect(body.error.issues).toContainEqual(expect.objectContaining({ path: field, code }));
  });

  it('answers malformed JSON, a wrong content type and an oversized body with 4xx', async () => {
    expect((await post('{"url":')).status).toBe(400);
    expect((await post(makeReport(), { 'content-type': 'text/plain' })).status).toBe(415);
    const huge = await rawPost(`${local.apiUrl}/v1/reports`, referrerToken, JSON.stringify({ ...makeReport(), selectedText: 'x'.repeat(3_000_000) }));
    expect(huge.status).toBe(413);
    expect((JSON.parse(huge.body) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('enqueues nothing for rejected reports', async () => {
    const before = await local.countReferrals();
    const bad = makeReport({ url: 'data:text/html,<script>alert(1)</script>' });
    expect((await post(bad)).status).toBe(400);
    expect(await local.store.getSubmission(bad.submissionId)).toBeUndefined();
    expect(await local.countReferrals()).toBe(before);
  });

  it('answers no token, a bad token, alg none and the wrong role with 401/403', async () => {
    expect((await post(makeReport(), {}, null)).status).toBe(401);
    expect((await post(makeReport(), {}, 'not.a.token')).status).toBe(401);
    const forged = await new SignJWT({ 'cognito:groups': ['referrer'], 'custom:unit': 'eu-iru' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('referral-desk-local')
      .setAudience('referral-desk')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-different-secret-of-enough-length-000'));
    expect((await post(makeReport(), {}, forged)).status).toBe(401);
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', 'cognito:groups': ['admin'], 'custom:unit': 'eu-iru', iss: 'referral-desk-local', aud: 'referral-desk' })).toString('base64url');
    expect((await post(makeReport(), {}, `${header}.${payload}.`)).status).toBe(401);
    const expired = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', expiresInSeconds: -60 });
    expect((await post(makeReport(), {}, expired)).status).toBe(401);
    const analyst = await local.tokenFor({ role: 'analyst', unit: 'eu-iru' });
    expect((await post(makeReport(), {}, analyst)).status).toBe(403);
  });

  it('does not show a submission to another unit', async () => {
    const report = makeReport({ url: 'https://example.org/forum/thread/9' });
    await post(report);
    await local.waitForSubmission(report.submissionId);
    const other = await local.tokenFor({ role: 'referrer', unit: 'de-bka' });
    const response = await fetch(`${local.apiUrl}/v1/submissions/${report.submissionId}`, { headers: { authorization: `Bearer ${other}` } });
    expect(response.status).toBe(404);
  });

  it('parks a poison message in the DLQ with its reason and processes the rest of the batch', async () => {
    const { sqs, queues } = local.stack;
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.ingest.url, MessageBody: '{"type":"report.accepted","version":1}' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.ingest.url, MessageBody: 'not json at all' }));
    const good = makeReport({ url: 'https://rumble.com/v4abc-example.html' });
    await post(good);
    await local.waitForSubmission(good.submissionId);

    const reasons: string[] = [];
    const deadline = Date.now() + 15_000;
    while (reasons.length < 2 && Date.now() < deadline) {
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queues.ingest.deadLetterUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
      );
      for (const message of received.Messages ?? []) reasons.push(message.MessageAttributes?.['reason']?.StringValue ?? '');
    }
    expect(reasons).toHaveLength(2);
    expect(reasons).toContain('body is not JSON');
    expect(reasons.find((reason) => reason.startsWith('message does not match ingestMessageV1'))).toContain('report');
  });
});
