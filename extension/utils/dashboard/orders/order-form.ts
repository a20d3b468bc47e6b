/**
 * What the removal-order forms hold, shaped as the API's schemas expect it (removalOrderRequest and
 * the order actions of functions/contract/rule-of-law.ts). The forms are checked with those schemas
 * on the page and again by the API; nothing here decides what is valid.
 */

/** A form's values, as FormData gives them (name, value), in document order. */
export type FormEntries = Iterable<readonly [string, unknown]>;

type Tree = { [key: string]: Tree | string | number | boolean | string[] };

const setPath = (tree: Tree, path: readonly string[], value: Tree[string]): void => {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    tree[head] = value;
    return;
  }
  const child = tree[head];
  const next: Tree = typeof child === 'object' && !Array.isArray(child) ? child : {};
  tree[head] = next;
  setPath(next, rest, value);
};

const textEntries = (entries: FormEntries): [string, string][] =>
  [...entries].flatMap(([name, value]) => (typeof value === 'string' && value.trim() !== '' ? [[name, value.trim()] as [string, string]] : []));

/**
 * The Annex I form as removalOrderRequest reads it: a field named `issuingAuthority.contactPoint.email`
 * lands at that path, so a schema error's path names the field that caused it. Empty fields are left
 * out (an optional section such as the cross-border copy, Section D, is absent unless filled in).
 */
export const orderRequestFrom = (entries: FormEntries): unknown => {
  // The mandatory sections are there even when empty, so a missing field is named, not its section.
  const request: Tree = { grounds: [], issuingAuthority: { contactPoint: {} }, addressee: { contactPoint: {} }, content: {}, followUpContact: {} };
  let doNotDisclose = false;
  for (const [name, value] of textEntries(entries)) {
    if (name === 'grounds') (request.grounds as string[]).push(value);
    else if (name === 'contentProvider.doNotDisclose') doNotDisclose = true;
    else if (name === 'contentProvider.delayWeeks') setPath(request, name.split('.'), Number(value));
    else setPath(request, name.split('.'), value);
  }
  setPath(request, ['contentProvider', 'doNotDisclose'], doNotDisclose);
  return request;
};

/** A flat form's filled-in values by name (an empty field is left out, as a missing value). */
export const filledValues = (entries: FormEntries): Record<string, string> => Object.fromEntries(textEntries(entries));

/** Annex II (removed or disabled, with the time) or Annex III (cannot comply, why, with the time of the answer). */
export const orderAnswerFrom = (entries: FormEntries): unknown => {
  const { outcome, at, reason, explanation } = filledValues(entries);
  if (outcome === 'cannot_comply') return { outcome, answeredAt: at, reason, explanation };
  return { outcome, actionAt: at };
};

/** Art. 3(7) or 3(8): the restart of the hour, with the clarification when that is its cause. */
export const orderRestartFrom = (entries: FormEntries): unknown => {
  const { cause, at, clarification } = filledValues(entries);
  return cause === 'clarification_received' ? { cause, at, clarification } : { cause, at };
};

/** Art. 11(3): the extension of the non-disclosure period. */
export const disclosureExtensionFrom = (entries: FormEntries): unknown => {
  const { extendByWeeks, decidedAt, reason } = filledValues(entries);
  return { extendByWeeks: extendByWeeks === undefined ? undefined : Number(extendByWeeks), decidedAt, reason };
};

/**
 * A time field's starting value: now in UTC, to the second, as the schemas want it
 * (2026-03-01T10:00:00Z). Rounded up, so a receipt typed right after issuing does not precede the
 * order's own time (Art. 3(5)); the API tolerates minutes of clock skew into the future.
 */
export const utcNow = (now: number): string => `${new Date(Math.ceil(now / 1000) * 1000).toISOString().slice(0, 19)}Z`;
