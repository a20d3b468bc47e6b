import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { orderLanguages, removalOrderRequest } from '../../contract/rule-of-law';
import { buildOrderDocument, renderOrderHtml, renderOrderPdf } from './removal-order-document';
import { orderInput } from './removal-order.fixture';
import type { RemovalOrder } from './removal-order';

const order: RemovalOrder = {
  ...removalOrderRequest.parse(orderInput({ reasoning: 'The post <b>glorifies</b> an attack & calls on readers to join the group.' })),
  referralId: 'ref_0123456789abcdef01234567',
  orderId: 'ord_0123456789abcdef01234567',
  issuedAt: '2026-03-02T09:00:00.000Z',
  issuingUnit: 'fr-pharos',
  issuedBy: 'officer.secret-name',
  status: 'issued',
  version: 1,
};

describe('printable removal order', () => {
  it.each([
    ['en', 'SECTION A: Issuing authority', 'SECTION G: Information about redress', 'within one hour of receipt'],
    ['fr', 'SECTION A : Autorité d\'émission', 'SECTION G : Informations relatives aux voies de recours', 'en tout état de cause'],
    ['de', 'ABSCHNITT A: Anordnende Behörde', 'ABSCHNITT G: Informationen über Rechtsbehelfe', 'innerhalb einer Stunde'],
  ] as const)('has the Annex I sections A to G in %s', (language, first, last, hour) => {
    const document = buildOrderDocument(order, language);
    expect(document.sections).toHaveLength(7);
    expect(document.sections[0]?.heading).toContain(first);
    expect(document.sections[6]?.heading).toBe(last);
    const html = renderOrderHtml(document);
    expect(html).toContain(`lang="${language}"`);
    expect(html).toContain(hour);
  });

  it('names the authority and its contact point, never the officer, and escapes the text', () => {
    for (const language of orderLanguages) {
      const html = renderOrderHtml(buildOrderDocument(order, language));
      expect(html).toContain('OCLCTIC-2026-0042');
      expect(html).toContain('tco-orders@interieur.example');
      expect(html).not.toContain('officer.secret-name');
      expect(html).not.toContain('<b>glorifies</b>');
      expect(html).toContain('&lt;b&gt;glorifies&lt;/b&gt; an attack &amp; calls');
    }
    const html = renderOrderHtml(buildOrderDocument(order, 'en'));
    expect(html).toContain('(a) incites the commission of a terrorist offence');
    expect(html).toContain('(c) solicits a person or a group of persons to participate');
    expect(html).toContain('for 6 week(s)');
  });

  it('renders a PDF that pdf-lib reads back', async () => {
    const bytes = await renderOrderPdf(buildOrderDocument(order, 'de'), new Date(order.issuedAt));
    expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
    const parsed = await PDFDocument.load(bytes);
    expect(parsed.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(parsed.getTitle()).toContain('ENTFERNUNGSANORDNUNG');
  });
});
