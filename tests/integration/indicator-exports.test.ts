import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierSummary } from '../../functions/contract/financial';
import { maxExportedReferrals } from '../../functions/api/routes/indicator-exports';
import { indicatorHoldKey } from '../../functions/core/holds/operational-hold';
import { mispProblems, stixProblems } from '../helpers/export-validators';
import { makeReport, postJson } from '../helpers/factories';
import { startLocalStack, type LocalStackHandle } from '../helpers/local-stack';

let local: LocalStackHandle;
const tokens = { referrer: '', analyst: '', holder: '', liaison: '', liaisonAnalyst: '' };

// BIP-173's example address, the SWIFT registry's German example IBAN.
const wallet = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const iban = 'DE89370400440532013000';
const paymentLink = 'paypal.me/spendenkanal3';
const referralIds: string[] = [];

const get = (path: string, token: string) => fetch(`${local.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

const dossierOf = async (type: string, value: string): Promise<DossierSummary | undefined> => {
  const answer = await get(`/v1/indicators/${type}/${encodeURIComponent(value)}`, tokens.analyst);
  return ((await answer.json()) as { dossier?: DossierSummary }).dossier;
};

const waitForDossier = async (type: string, value: string, referrals: number) => {
  const deadline = Date.now() + 20_000;
  while ((await dossierOf(type, value))?.referrals !== referrals) {
    if (Date.now() > deadline) throw new Error(`the dossier of ${type} ${value} never reached ${referrals} referrals`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** Every indicator-export audit event of the listed referrals, from the stores the handlers use. */
const exportEvents = async () => (await Promise.all(referralIds.map((id) => local.stores.legalAudit.list(id)))).flat().filter((event) => event.action === 'indicator_export');

beforeAll(async () => {
  local = await startLocalStack();
  tokens.referrer = await local.tokenFor({ role: 'referrer', unit: 'eu-iru', sub: 'officer.kim' });
  tokens.analyst = await local.tokenFor({ role: 'analyst', unit: 'de-bka', sub: 'analyst.sam' });
  tokens.holder = await local.tokenFor({ role: 'referrer', unit: 'fr-pharos', sub: 'officer.lou' });
  tokens.liaison = await local.tokenFor({ role: 'liaison', unit: 'de-bka', platforms: ['telegram'] });
  tokens.liaisonAnalyst = await local.tokenFor({ role: ['liaison', 'analyst'], unit: 'de-bka', platforms: ['youtube'] });
  const reports = [
    makeReport({ url: 'https://t.me/s/spendenkanal3/5', category: 'fundraising', selectedText: `Spenden BTC ${wallet} oder IBAN DE89 3704 0044 0532 0130 00`, notes: 'internal: informant says X' }),
    // A title made to run as a formula in whoever opens the CSV.
    makeReport({ url: 'https://t.me/s/spendenkanal3/6', category: 'propaganda', title: `=HYPERLINK("https://evil.example") ${wallet}`, notes: 'internal: second source' }),
    makeReport({ url: 'https://justpaste.it/xport1', category: 'fundraising', selectedText: `donate https://${paymentLink}` }),
  ];
  for (const report of reports) {
    expect((await postJson(`${local.apiUrl}/v1/reports`, tokens.referrer, report)).status).toBe(202);
    referralIds.push((await local.waitForSubmission(report.submissionId)).referralId);
  }
  await waitForDossier('btc', wallet, 2);
  await waitForDossier('iban', iban, 1);
  await waitForDossier('payment_link', paymentLink, 1);
});
afterAll(async () => {
  await local?.stop();
});

describe('indicator exports for partners', () => {
  it('exports a wallet as a MISP event that validates, without officers, notes or the units that reported', async () => {
    const answer = await get(`/v1/indicators/btc/${wallet}/export?format=misp`, tokens.analyst);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="btc-bc1q.*\.misp\.json"$/);
    const text = await answer.text();
    const event = JSON.parse(text) as { Event: { Orgc: { name: string }; Attribute: { type: string; value: string }[]; Object: { name: string; Attribute: { type: string; value: string }[] }[] } };
    expect(mispProblems(event)).toEqual([]);
    expect(event.Event.Orgc.name).toBe('de-bka');
    expect(event.Event.Object).toEqual([expect.objectContaining({ name: 'coin-address', Attribute: expect.arrayContaining([expect.objectContaining({ type: 'btc', value: wallet })]) })]);
    expect(event.Event.Attribute.map((attribute) => attribute.value).sort()).toEqual(['https://t.me/s/spendenkanal3/5', 'https://t.me/s/spendenkanal3/6']);
    for (const secret of ['officer.kim', 'informant', 'second source', 'eu-iru']) expect(text).not.toContain(secret);
  });

  it('exports it as a STIX 2.1 bundle that validates, with a sighting per referral', async () => {
    const answer = await get(`/v1/indicators/btc/${wallet}/export?format=stix`, tokens.analyst);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/stix+json;version=2.1');
    const text = await answer.text();
    const bundle = JSON.parse(text) as { objects: { type: string; pattern?: string }[] };
    expect(stixProblems(bundle)).toEqual([]);
    expect(bundle.objects.filter((object) => object.type === 'indicator').map((object) => object.pattern)).toEqual([`[x-cryptocurrency-wallet:value = '${wallet}']`]);
    expect(bundle.objects.filter((object) => object.type === 'sighting')).toHaveLength(2);
    for (const secret of ['officer.kim', 'informant', 'eu-iru']) expect(text).not.toContain(secret);
  });

  it('exports it as CSV in which no cell runs as a formula', async () => {
    const answer = await get(`/v1/indicators/btc/${wallet}/export?format=csv`, tokens.analyst);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parse(await answer.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    const fromTitle = rows.find((row) => row['found_in'] === 'title');
    expect(fromTitle?.['excerpt']).toMatch(/^'=HYPERLINK/);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('exports a set of indicators, as written by an officer, with their co-occurrence related', async () => {
    const query = ['format=stix', `indicator=btc:${wallet}`, `indicator=${encodeURIComponent('iban:DE89 3704 0044 0532 0130 00')}`, `indicator=${encodeURIComponent(`payment_link:${paymentLink}`)}`].join('&');
    const answer = await get(`/v1/indicators/export?${query}`, tokens.referrer);
    expect(answer.status).toBe(200);
    const bundle = (await answer.json()) as { objects: { type: string; relationship_type?: string; pattern?: string }[] };
    expect(stixProblems(bundle)).toEqual([]);
    expect(bundle.objects.filter((object) => object.type === 'indicator').map((object) => object.pattern).sort()).toEqual(
      [`[url:value = 'https://${paymentLink}']`, `[x-bank-account:iban = '${iban}']`, `[x-cryptocurrency-wallet:value = '${wallet}']`].sort(),
    );
    expect(bundle.objects.filter((object) => object.relationship_type === 'related-to')).toHaveLength(1);
    const misp = await get(`/v1/indicators/export?${query.replace('format=stix', 'format=misp')}`, tokens.referrer);
    expect(mispProblems(await misp.json())).toEqual([]);
  });

  it('exports a payment link named in the path, percent-encoded', async () => {
    const answer = await get(`/v1/indicators/payment_link/${encodeURIComponent(paymentLink)}/export?format=misp`, tokens.analyst);
    expect(answer.status).toBe(200);
    const event = (await answer.json()) as { Event: { Attribute: { type: string; value: string; to_ids: boolean }[] } };
    expect(event.Event.Attribute).toContainEqual(expect.objectContaining({ type: 'url', value: `https://${paymentLink}`, to_ids: true }));
  });

  it("records every export in the audit of each referral it lists: who, which format, which indicators", async () => {
    const before = (await exportEvents()).length;
    expect((await get(`/v1/indicators/iban/${iban}/export?format=csv`, tokens.analyst)).status).toBe(200);
    const events = await exportEvents();
    expect(events).toHaveLength(before + 1);
    const last = events.sort((a, b) => a.at.localeCompare(b.at)).at(-1);
    expect(last).toMatchObject({ referralId: referralIds[0], actor: { kind: 'officer', id: 'analyst.sam', unit: 'de-bka' }, details: { format: 'csv', indicators: `iban:${iban}` } });
    // Linked into the referral's hash chain like every audit event: the chain still verifies.
    const verified = (await (await get(`/v1/referrals/${referralIds[0]}/audit/verify`, tokens.analyst)).json()) as { ok: boolean; events: number; findings: unknown[] };
    expect(verified).toMatchObject({ ok: true, findings: [] });
    expect(verified.events).toBeGreaterThanOrEqual(events.filter((event) => event.referralId === referralIds[0]).length);
    // Another unit reads that the referral was exported, not by whom nor which indicators.
    const seenByReporter = (await (await get(`/v1/referrals/${referralIds[0]}/legal-audit`, await local.tokenFor({ role: 'liaison', unit: 'eu-iru', platforms: ['telegram'] }))).json()) as { events: { action: string; actor: { id: string; unit?: string }; details?: Record<string, string> }[] };
    const exportSeen = seenByReporter.events.filter((event) => event.action === 'indicator_export' && event.actor.unit === 'de-bka');
    expect(exportSeen.length).toBeGreaterThan(0);
    for (const event of exportSeen) {
      expect(event.actor.id).not.toBe('analyst.sam');
      expect(event.details?.['indicators']).toBeUndefined();
    }
  });

  it('answers a bad request with a clear 4xx and exports and records nothing', async () => {
    const before = (await exportEvents()).length;
    const refused: [string, number, RegExp][] = [
      [`/v1/indicators/btc/${wallet}/export`, 400, /format/],
      [`/v1/indicators/btc/${wallet}/export?format=pdf`, 400, /format/],
      [`/v1/indicators/btc/${wallet}/export?format=csv&format=misp`, 400, /format/],
      [`/v1/indicators/btc/${wallet}/export?format=csv&extra=1`, 400, /format/],
      [`/v1/indicators/btc/${wallet.slice(0, -1)}5/export?format=csv`, 400, /checksum/],
      [`/v1/indicators/messenger_handle/t.me%2Fspendenkanal3/export?format=csv`, 400, /only financial indicators/],
      [`/v1/indicators/__proto__/x/export?format=csv`, 400, /indicator type/],
      [`/v1/indicators/iban/${wallet}/export?format=csv`, 400, /of type btc, not iban/],
      ['/v1/indicators/btc/1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2/export?format=csv', 404, /no referral carried btc:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2/],
      ['/v1/indicators/export?format=csv', 400, /indicator/],
      [`/v1/indicators/export?format=csv&indicator=${wallet}`, 400, /<type>:<value>/],
      [`/v1/indicators/export?format=csv&${Array.from({ length: 51 }, () => `indicator=btc:${wallet}`).join('&')}`, 400, /indicator/],
      [`/v1/indicators/export?format=csv&indicator=btc:${wallet}&indicator=btc:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2`, 404, /no referral carried/],
    ];
    for (const [path, status, message] of refused) {
      const answer = await get(path, tokens.analyst);
      expect({ path, status: answer.status }).toEqual({ path, status });
      const body = (await answer.json()) as { error: { message: string } };
      expect(body.error.message, path).toMatch(message);
    }
    expect((await exportEvents()).length).toBe(before);
  });

  it('is for those who read dossiers: a liaison officer is refused, a liaison officer who is also an analyst exports every platform', async () => {
    expect((await get(`/v1/indicators/btc/${wallet}/export?format=csv`, tokens.liaison)).status).toBe(403);
    const answer = await get(`/v1/indicators/btc/${wallet}/export?format=csv`, tokens.liaisonAnalyst);
    expect(answer.status).toBe(200);
    expect(parse(await answer.text(), { columns: true })).toHaveLength(2);
  });

  it("is refused with whom to call while another unit holds an indicator seen with it, and the holder learns of the attempt", async () => {
    const target = { kind: 'indicator', type: 'iban', value: iban };
    const contact = '+33 1 23 45 67 89';
    const hold = await fetch(`${local.apiUrl}/v1/holds`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens.holder}`, 'content-type': 'application/json' },
      body: JSON.stringify({ target, reason: 'undercover: watching the donors', contact, expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString() }),
    });
    expect(hold.status).toBe(201);
    const before = (await exportEvents()).length;
    // The wallet is held through the IBAN posted beside it; a set naming the IBAN is held directly.
    for (const path of [`/v1/indicators/btc/${wallet}/export?format=stix`, `/v1/indicators/export?format=misp&indicator=iban:${iban}`]) {
      const answer = await get(path, tokens.analyst);
      expect(answer.status, path).toBe(409);
      const body = (await answer.json()) as { error: { code: string; message: string } };
      expect(body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining(`hold: contact unit fr-pharos (${contact})`) });
      expect(body.error.message).not.toContain('undercover');
    }
    expect((await exportEvents()).length).toBe(before);
    const refusals = (await local.stores.operationalHolds.events(indicatorHoldKey('iban', iban))).filter((event) => event.action === 'refused');
    expect(refusals).toEqual([expect.objectContaining({ refused: 'export', officerUnit: 'de-bka' }), expect.objectContaining({ refused: 'export', officerUnit: 'de-bka' })]);
    // The holding unit decides for itself.
    expect((await get(`/v1/indicators/btc/${wallet}/export?format=csv`, tokens.holder)).status).toBe(200);
    const released = await fetch(`${local.apiUrl}/v1/holds/release`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.holder}`, 'content-type': 'application/json' },
      body: JSON.stringify({ target }),
    });
    expect(released.status).toBe(200);
    expect((await get(`/v1/indicators/btc/${wallet}/export?format=stix`, tokens.analyst)).status).toBe(200);
  });

  it(`lists the newest ${maxExportedReferrals} referrals of a larger dossier, a page at a time, and says how many there are`, async () => {
    // A wallet of Bitcoin Core's key_io vectors, filed straight into its dossier as the financial stage files it.
    const busy = '1FjL87pn8ky6Vbavd1ZHeChRXtoxwRGCRd';
    const total = maxExportedReferrals + 10;
    const at = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
    for (let start = 0; start < total; start += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, total - start) }, (_, k) => {
          const i = start + k;
          const referral = { referralId: `ref_${i.toString(16).padStart(24, '0')}`, platform: 'telegram', url: `https://t.me/busy${i % 7}/${i}`, channel: `t.me/busy${i % 7}`, category: 'fundraising', priority: 'P3' as const, groups: [], units: ['eu-iru'], firstReportedAt: at(i), source: 'page', evidence: `send to ${busy}` };
          return local.stores.dossiers.file({ indicator: { type: 'btc', value: busy }, referral, lastReportedAt: at(i), neighbours: [{ kind: 'channel', name: referral.channel }] });
        }),
      );
    }
    const answer = await get(`/v1/indicators/btc/${busy}/export?format=stix`, tokens.analyst);
    expect(answer.status).toBe(200);
    const bundle = (await answer.json()) as { objects: { type: string; description?: string; first_seen?: string }[] };
    expect(stixProblems(bundle)).toEqual([]);
    const sightings = bundle.objects.filter((object) => object.type === 'sighting');
    expect(sightings).toHaveLength(maxExportedReferrals);
    // The oldest ten are the ones left out.
    expect(sightings.map((sighting) => sighting.first_seen).sort()[0]).toBe(at(10));
    expect(bundle.objects.find((object) => object.type === 'indicator')?.description).toContain(`seen in ${total} referral(s)`);
    expect(bundle.objects.find((object) => object.type === 'indicator')?.description).toContain(`the newest ${maxExportedReferrals} listed`);
  }, 120_000);
});
