import { describe, expect, it } from 'vitest';
import { mispEventExport } from '../../contract/indicator-export';
import { mispProblems } from '../../../tests/helpers/export-validators';
import { buildMispEvent } from './misp-event';
import { sampleExport, sampleIban, sampleMonero, sampleWallet } from './indicator-export.fixture';

describe('the MISP event export', () => {
  const event = buildMispEvent(sampleExport());

  it("validates against PyMISP's schema, MISP's types and categories and the object templates", () => {
    expect(mispProblems(event)).toEqual([]);
    expect(mispEventExport.safeParse(event).success).toBe(true);
  });

  it('files each wallet and IBAN in a coin-address or bank-account object with MISP’s own attribute types', () => {
    const objects = event.Event.Object.map((object) => ({ name: object.name, values: object.Attribute.map((a) => `${a.object_relation}:${a.type}:${a.value}`) }));
    expect(objects).toContainEqual({ name: 'coin-address', values: expect.arrayContaining([`address:btc:${sampleWallet}`, 'symbol:text:BTC']) });
    expect(objects).toContainEqual({ name: 'coin-address', values: expect.arrayContaining([`address-xmr:xmr:${sampleMonero}`, 'symbol:text:XMR']) });
    expect(objects).toContainEqual({ name: 'bank-account', values: [`iban:iban:${sampleIban}`] });
    const btc = event.Event.Object.find((object) => object.Attribute.some((a) => a.type === 'btc'));
    expect(btc?.Attribute.find((a) => a.type === 'btc')).toMatchObject({ category: 'Financial fraud', to_ids: true, distribution: '5' });
    expect(btc?.comment).toContain('ofac-sdn (2026-10-01) entry 12345');
  });

  it('lists each referred post once as a url attribute the objects reference, and payment links as urls to detect', () => {
    const urls = event.Event.Attribute.filter((a) => a.type === 'url').map((a) => a.value);
    expect(urls.filter((url) => url === 'https://t.me/spendenkanal/5')).toHaveLength(1);
    expect(urls).toContain('https://paypal.me/spendenkanal');
    expect(event.Event.Attribute.find((a) => a.value === 'https://paypal.me/spendenkanal')).toMatchObject({ to_ids: true, category: 'Network activity' });
    expect(event.Event.Attribute.find((a) => a.value === 'https://t.me/spendenkanal/5')).toMatchObject({ to_ids: false });
    const btc = event.Event.Object.find((object) => object.Attribute.some((a) => a.type === 'btc'));
    expect(btc?.ObjectReference).toHaveLength(3);
  });

  it('is shared with the partner community only, TLP:AMBER, unpublished', () => {
    expect(event.Event).toMatchObject({ distribution: '1', published: false, Tag: [{ name: 'tlp:amber' }], Orgc: { name: 'eu-iru' } });
  });

  it('carries no unit that reported, no group, and no text the officer typed', () => {
    const text = JSON.stringify(event);
    expect(text).not.toContain('de-bka');
    expect(text).not.toContain('designated-group');
    // The manual source's "excerpt" is the officer's own input: only content is quoted.
    const typed = event.Event.Object.flatMap((object) => object.ObjectReference).filter((reference) => reference.comment.includes('manual'));
    expect(typed.length).toBeGreaterThan(0);
    for (const reference of typed) expect(reference.comment).not.toContain('"');
  });

  it('names the same dossiers with the same ids on every export, and other sets differently', () => {
    const later = buildMispEvent({ ...sampleExport(), exportedAt: '2026-12-07T08:00:00.000Z' });
    expect(later.Event.uuid).toBe(event.Event.uuid);
    expect(later.Event.Object.map((o) => o.uuid)).toEqual(event.Event.Object.map((o) => o.uuid));
    const fewer = buildMispEvent({ ...sampleExport(), indicators: sampleExport().indicators.slice(0, 1) });
    expect(fewer.Event.uuid).not.toBe(event.Event.uuid);
    const otherUnit = buildMispEvent({ ...sampleExport(), unit: 'de-bka' });
    expect(otherUnit.Event.uuid).not.toBe(event.Event.uuid);
  });

  it('is caught by the validator when a type, category or reference is wrong', () => {
    const broken = structuredClone(event);
    broken.Event.Object[0]!.Attribute[0]!.category = 'Network activity';
    broken.Event.Object[0]!.ObjectReference[0]!.referenced_uuid = '00000000-0000-4000-8000-000000000000';
    (broken.Event as Record<string, unknown>)['officer'] = 'officer.kim';
    const problems = mispProblems(broken);
    expect(problems.some((p) => p.includes('does not admit type btc'))).toBe(true);
    expect(problems.some((p) => p.includes('which the event does not hold'))).toBe(true);
    expect(problems.some((p) => p.includes('must NOT have additional properties'))).toBe(true);
  });
});
