import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainedLabel, priorities } from '../../contract/responses';
import { categories, legalRoutes } from '../../contract/report';
import { ClassificationInputError, classifyReport, type ClassificationInput } from './classify-report';
import { categoryLexicon } from './lexicons';
import { designatedGroups } from './designated-groups';

function input(overrides: Partial<ClassificationInput['report']> = {}, rest: Partial<ClassificationInput> = {}): ClassificationInput {
  return {
    report: { category: 'propaganda', urgent: false, legalRoute: 'referral', subTags: [], ...overrides },
    platform: { id: 'telegram', rule: 'host-table', evidence: 'host t.me', referralDeadlineHours: 24 },
    indicators: [],
    receivedAt: '2025-06-01T12:00:00Z',
    ...rest,
  };
}

describe('classifyReport', () => {
  it('classifies an Arabic fundraising post for an ISIL-linked cause', () => {
    const result = classifyReport(
      input(
        { category: 'fundraising', title: 'حملة تجهيز غازي', selectedText: 'أيها الإخوة، تبرعوا لدعم المجاهدين في ولاية الدولة الإسلامية. الزكاة إلى العنوان أدناه' },
        { indicators: [{ type: 'btc', value: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', rule: 'bip173' }] },
      ),
    );
    expect(result).toMatchObject({
      platform: 'telegram',
      language: 'ar',
      groups: ['isil'],
      suggestedCategories: ['fundraising'],
      priority: 'P3',
      deadlineAt: '2025-06-02T12:00:00.000Z',
    });
    expect(result.labels.map((label) => `${label.name}=${label.value}/${label.rule}`)).toEqual([
      'platform=telegram/host-table',
      'language=ar/franc-trigrams',
      'group=isil/alias-in-text',
      'suggested-category=fundraising/financial-indicators',
      'suggested-category=fundraising/lexicon-strong',
      'priority=P3/category-fundraising',
      'deadline=2025-06-02T12:00:00.000Z/platform-referral-deadline',
    ]);
  });

  it('classifies an English attack announcement as P1 with a one-hour deadline', () => {
    const result = classifyReport(
      input({ category: 'attack_planning', selectedText: 'Brothers, the attack on the market is tomorrow at 17:00. Bring the weapons.' }),
    );
    expect(result.priority).toBe('P1');
    expect(result.deadlineAt).toBe('2025-06-01T13:00:00.000Z');
    expect(result.labels.find((label) => label.name === 'priority')?.rule).toBe('imminent-attack-markers');
    expect(result.labels.find((label) => label.name === 'deadline')?.rule).toBe('p1-threat-to-life-cap-1h');
  });

  it('uses the officer group tag; a removal-order route is an order to prepare, with no one-hour clock yet', () => {
    const result = classifyReport(input({ legalRoute: 'removal_order', group: 'Feuerkrieg Division' }));
    expect(result).toMatchObject({ groups: ['feuerkrieg-division'], priority: 'P2', deadlineAt: '2025-06-02T12:00:00.000Z', language: 'und' });
    expect(result.labels.find((label) => label.name === 'deadline')?.rule).toBe('removal-order-to-prepare');
  });

  it('leaves an unremarkable report at P4 with the platform deadline', () => {
    const result = classifyReport(input({ category: 'other', title: 'A cooking video about bread and soup' }));
    expect(result).toMatchObject({ groups: [], suggestedCategories: [], priority: 'P4', deadlineAt: '2025-06-02T12:00:00.000Z' });
  });

  it('is deterministic: the same input gives the same output', () => {
    const report = input({ selectedText: 'Join us. Hijra now. Daesh. TATP. Tomorrow at 5pm attack.', urgent: true });
    expect(classifyReport(report)).toEqual(classifyReport(report));
  });

  it('rejects a receivedAt that is not an ISO UTC timestamp', () => {
    for (const receivedAt of ['yesterday', '2025-06-01T12:00:00+02:00', '2025-13-01T12:00:00Z', '']) {
      expect(() => classifyReport(input({}, { receivedAt }))).toThrow(ClassificationInputError);
    }
    try {
      classifyReport(input({}, { receivedAt: 'now' }));
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_classification_input', field: 'receivedAt' });
    }
  });

  it('rejects a platform deadline that is negative, not finite or absurd', () => {
    for (const hours of [-1, Number.NaN, Number.POSITIVE_INFINITY, 1e9]) {
      const bad = input();
      bad.platform.referralDeadlineHours = hours;
      expect(() => classifyReport(bad)).toThrow(/referralDeadlineHours/);
    }
  });
});

// Text that mixes arbitrary code points (lone surrogates included) with the words the
// matchers look for, so the property tests walk the matching paths, not just misses.
const interesting = [
  ...categoryLexicon.map((entry) => entry.term),
  ...designatedGroups.flatMap((group) => group.aliases.map((alias) => alias.alias)),
  'tomorrow at', '17:00', 'ﷺ', 'ـ', '\u0301', 'İ', '😀', '\ud800', '\udc00', ' ', '\n',
];
const anyText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 20 }),
      fc.constantFrom(...interesting),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));
const arbitraryInput = fc.record({
  report: fc.record({
    category: fc.constantFrom(...categories),
    urgent: fc.boolean(),
    legalRoute: fc.constantFrom(...legalRoutes),
    title: fc.option(anyText, { nil: undefined }),
    selectedText: fc.option(anyText, { nil: undefined }),
    group: fc.option(fc.oneof(anyText, fc.constantFrom(...interesting)), { nil: undefined }),
    subTags: fc.array(fc.string(), { maxLength: 3 }),
  }),
  platform: fc.record({
    id: fc.string(),
    rule: fc.string(),
    evidence: fc.string(),
    referralDeadlineHours: fc.double({ min: 0, max: 24 * 365, noNaN: true }),
  }),
  indicators: fc.array(
    fc.record({ type: fc.constantFrom('btc', 'iban', 'messenger_handle', 'payment_link', 'other'), value: fc.string(), rule: fc.string() }),
    { maxLength: 15 },
  ),
  receivedAt: fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString()),
});

function checkInvariants(value: ClassificationInput): void {
  const result = classifyReport(value);
  const priorityLabels = result.labels.filter((label) => label.name === 'priority');
  expect(priorityLabels).toHaveLength(1);
  expect(priorityLabels[0]!.value).toBe(result.priority);
  expect(priorities).toContain(result.priority);
  expect(Date.parse(result.deadlineAt)).toBeGreaterThanOrEqual(Date.parse(value.receivedAt));
  for (const label of result.labels) expect(explainedLabel.safeParse(label).success).toBe(true);
  expect(result.labels.filter((label) => label.name === 'deadline').map((label) => label.value)).toEqual([result.deadlineAt]);
}

describe('classifyReport properties', () => {
  it('never throws on arbitrary unicode, gives exactly one priority label and a deadline >= receivedAt', () => {
    fc.assert(fc.property(arbitraryInput, checkInvariants), { numRuns: 300 });
  });

  it('holds on multi-megabyte text, within bounded work', () => {
    fc.assert(
      fc.property(arbitraryInput, anyText, fc.integer({ min: 1, max: 2_000_000 }), (value, chunk, length) => {
        const seed = chunk.length > 0 ? chunk : 'x';
        const big = seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
        checkInvariants({ ...value, report: { ...value.report, selectedText: big } });
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
