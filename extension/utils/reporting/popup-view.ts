import type { z } from 'zod';
import { describeLookup, othersHolds } from './deconfliction';
import type { DesignatedGroup } from './groups';
import type { LookupView, OutboxView, popupMessageSchemas, ReportForm, SubmitOutcome } from './popup-messages';
import { t, type MessageKey } from '../i18n';

/**
 * Rendering for the popup. Page titles, selections and URLs come from hostile pages, so
 * they only ever reach the DOM through `value` and `textContent`, never through HTML parsing.
 */

type PopupState = z.output<(typeof popupMessageSchemas)['getPopupState']['response']>;

const input = (doc: Document, id: string): HTMLInputElement => doc.getElementById(id) as HTMLInputElement;
const textArea = (doc: Document, id: string): HTMLTextAreaElement => doc.getElementById(id) as HTMLTextAreaElement;
const element = (doc: Document, id: string): HTMLElement => doc.getElementById(id) as HTMLElement;

export const renderGroups = (doc: Document, groups: readonly DesignatedGroup[]): void => {
  const list = element(doc, 'groups');
  list.replaceChildren(
    ...groups.map((group) => {
      const option = doc.createElement('option');
      option.value = group.name;
      if (group.aliases.length > 0) option.label = `${group.name} (${group.aliases.join(', ')})`;
      return option;
    }),
  );
};

export const fillPopup = (doc: Document, state: PopupState): void => {
  const { prefill } = state;
  input(doc, 'url').value = prefill.url;
  input(doc, 'title').value = prefill.title ?? '';
  input(doc, 'handle').value = prefill.handle ?? '';
  input(doc, 'page-language').value = prefill.pageLanguage ?? '';
  input(doc, 'link-url').value = prefill.linkUrl ?? '';
  input(doc, 'media-url').value = prefill.mediaUrl ?? '';
  textArea(doc, 'selected-text').value = prefill.selectedText ?? '';
  element(doc, 'platform').textContent = prefill.platform;
  renderOutLinks(doc, prefill.outLinks ?? []);
  element(doc, 'auth-warning').hidden = state.auth.signedIn;
  if (!state.capture.mhtml) {
    input(doc, 'capture-mhtml').checked = false;
    element(doc, 'capture-mhtml-label').hidden = true;
  }
  (doc.getElementById('submit') as HTMLButtonElement).disabled = !prefill.reportable;
  if (!prefill.reportable) renderResult(doc, t('popupNotReportable'), true);
  renderOutbox(doc, state.outbox);
};

/** What the desk holds for the page, once the API has answered ("Checking deconfliction…" until then). */
export const renderLookup = (doc: Document, view: LookupView): void => {
  const lookup = element(doc, 'lookup');
  lookup.textContent = describeLookup(view);
  lookup.classList.toggle('referred', view.state === 'referred');
  lookup.classList.toggle('held', othersHolds(view).length > 0);
  // What tests and scripts wait for, whatever the language.
  doc.body.dataset['lookup'] = view.state;
};

export const readForm = (doc: Document): ReportForm => {
  const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value);
  const legalRoute = (doc.querySelector('input[name="legalRoute"]:checked') as HTMLInputElement | null)?.value;
  const fields = {
    title: optional(input(doc, 'title').value),
    selectedText: optional(textArea(doc, 'selected-text').value),
    linkUrl: optional(input(doc, 'link-url').value),
    mediaUrl: optional(input(doc, 'media-url').value),
    group: optional(input(doc, 'group').value),
    handle: optional(input(doc, 'handle').value),
    pageLanguage: optional(input(doc, 'page-language').value),
    notes: optional(textArea(doc, 'notes').value),
  };
  const outLinks = Array.from(doc.querySelectorAll<HTMLInputElement>('#out-links input[name="outLinks"]'))
    .filter((box) => box.checked)
    .map((box) => box.value);
  const manualIndicators = textArea(doc, 'manual-indicators')
    .value.split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return {
    url: input(doc, 'url').value,
    ...(outLinks.length > 0 ? { outLinks } : {}),
    ...(manualIndicators.length > 0 ? { manualIndicators } : {}),
    category: (doc.getElementById('category') as HTMLSelectElement).value as ReportForm['category'],
    subTags: input(doc, 'sub-tags').value.split(',').map((t) => t.trim()).filter((t) => t !== ''),
    urgent: input(doc, 'urgent').checked,
    legalRoute: legalRoute === 'removal_order' ? 'removal_order' : 'referral',
    ...(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<ReportForm>),
  };
};

/** The post's links to other platforms, each a checkbox (checked): the officer refers them with the post. */
export const renderOutLinks = (doc: Document, links: readonly string[]): void => {
  const list = doc.getElementById('out-links');
  if (list === null) return;
  list.replaceChildren(
    ...links.map((link) => {
      const item = doc.createElement('li');
      const label = doc.createElement('label');
      const box = doc.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      box.value = link;
      box.name = 'outLinks';
      const text = doc.createElement('span');
      text.dir = 'auto';
      text.textContent = link;
      label.append(box, text);
      item.append(label);
      return item;
    }),
  );
  const section = doc.getElementById('out-links-section');
  if (section !== null) section.hidden = links.length === 0;
};

export const readCaptureOptions = (doc: Document): { screenshot: boolean; mhtml: boolean } => ({
  screenshot: input(doc, 'capture-screenshot').checked,
  mhtml: input(doc, 'capture-mhtml').checked && !element(doc, 'capture-mhtml-label').hidden,
});

export const renderResult = (doc: Document, message: string, isError: boolean): void => {
  const result = element(doc, 'result');
  result.textContent = message;
  result.classList.toggle('error', isError);
};

/** A problem with one field, in a sentence the officer can act on; `fieldId` is null when no field caused it. */
export interface FieldProblem {
  fieldId: string | null;
  sentence: string;
}

/** Form field (as zod names it in an issue path) to the popup element that holds it. */
const fieldIds: Record<string, string> = {
  url: 'url',
  title: 'title',
  selectedText: 'selected-text',
  linkUrl: 'link-url',
  mediaUrl: 'media-url',
  category: 'category',
  subTags: 'sub-tags',
  group: 'group',
  handle: 'handle',
  notes: 'notes',
  manualIndicators: 'manual-indicators',
  // The page's declared language is read, not typed: a bad one is the page's address's problem.
  pageLanguage: 'url',
};

/** The sentence (a message key) that tells the officer how to fix each field. */
const fieldSentences: Record<string, MessageKey> = {
  url: 'problemUrl',
  title: 'problemTitle',
  selectedText: 'problemSelectedText',
  linkUrl: 'problemLinkUrl',
  mediaUrl: 'problemMediaUrl',
  category: 'problemCategory',
  subTags: 'problemSubTags',
  group: 'problemGroup',
  handle: 'problemHandle',
  notes: 'problemNotes',
  manualIndicators: 'problemManualIndicators',
  pageLanguage: 'problemPageLanguage',
};

/** One sentence per field: the first issue a field has is the one the officer fixes first. */
export const describeProblems = (issues: ReadonlyArray<{ path: readonly PropertyKey[] | string; message: string }>): FieldProblem[] => {
  const problems = new Map<string, FieldProblem>();
  for (const issue of issues) {
    const field = String((typeof issue.path === 'string' ? issue.path.split('.') : issue.path)[0] ?? '');
    const key = field in fieldIds ? field : `(report) ${issue.message}`;
    if (problems.has(key)) continue;
    problems.set(key, {
      fieldId: fieldIds[field] ?? null,
      sentence: field in fieldSentences ? t(fieldSentences[field] as MessageKey) : t('problemOther', issue.message.replace(/\.$/, '')),
    });
  }
  return [...problems.values()];
};

/** Each problem as a sentence under its field; problems no field caused go to the result line. */
export const renderProblems = (doc: Document, problems: readonly FieldProblem[]): void => {
  for (const old of doc.querySelectorAll('.field-error')) old.remove();
  for (const invalid of doc.querySelectorAll('[aria-invalid="true"]')) invalid.removeAttribute('aria-invalid');
  const general: string[] = [];
  for (const problem of problems) {
    const field = problem.fieldId === null ? null : doc.getElementById(problem.fieldId);
    if (field === null) {
      general.push(problem.sentence);
      continue;
    }
    const note = doc.createElement('p');
    note.id = `${field.id}-error`;
    note.className = 'field-error';
    note.textContent = problem.sentence;
    (field.closest('label') ?? field).after(note);
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', note.id);
  }
  renderResult(doc, general.length > 0 ? general.join('\n') : problems.length > 0 ? t('problemCheckFields') : '', problems.length > 0);
};

/** A field the officer edits again is no longer wrong as far as the popup knows. */
export const clearProblem = (doc: Document, field: Element): void => {
  if (field.getAttribute('aria-invalid') !== 'true') return;
  field.removeAttribute('aria-invalid');
  field.removeAttribute('aria-describedby');
  doc.getElementById(`${field.id}-error`)?.remove();
};

/**
 * After a filing the officer's own entries are cleared and Submit is locked: filing the same
 * page again is a second report, so it takes its own click on "File another report".
 */
export const lockAfterFiling = (doc: Document): void => {
  // The page's own facts (address, title, selection) stay: they are what another filing would be about.
  (doc.getElementById('category') as HTMLSelectElement).value = '';
  for (const id of ['sub-tags', 'group']) input(doc, id).value = '';
  textArea(doc, 'notes').value = '';
  textArea(doc, 'manual-indicators').value = '';
  input(doc, 'urgent').checked = false;
  const referralRoute = doc.querySelector<HTMLInputElement>('input[name="legalRoute"][value="referral"]');
  if (referralRoute) referralRoute.checked = true;
  const submit = doc.getElementById('submit') as HTMLButtonElement;
  submit.disabled = true;
  submit.textContent = t('popupFiled');
  element(doc, 'report-again').hidden = false;
};

export const unlockForAnotherFiling = (doc: Document): void => {
  const submit = doc.getElementById('submit') as HTMLButtonElement;
  submit.disabled = false;
  submit.textContent = t('popupSubmit');
  element(doc, 'report-again').hidden = true;
  renderResult(doc, '', false);
};

/** The filed referral as the desk now sees it: its id and its status from a fresh lookup. */
export const describeFiling = (outcome: SubmitOutcome & { state: 'sent' }, lookup: LookupView): string => {
  const referralId = outcome.referralId ?? (lookup.state === 'referred' ? lookup.referralId : undefined);
  if (referralId === undefined) return t('filingNoReferral', outcome.submissionId);
  return lookup.state === 'referred' ? t('filingReferralStatus', referralId, lookup.status, outcome.submissionId) : t('filingReferral', referralId, outcome.submissionId);
};

export const describeOutcome = (outcome: SubmitOutcome): { message: string; isError: boolean } => {
  switch (outcome.state) {
    case 'sent':
      return { message: outcome.referralId ? t('outcomeSentReferral', outcome.submissionId, outcome.referralId) : t('outcomeSent', outcome.submissionId), isError: false };
    case 'queued':
      return {
        message: outcome.reason === 'auth' ? t('outcomeQueuedAuth', outcome.message) : t('outcomeQueued', outcome.message),
        isError: false,
      };
    case 'rejected':
      return { message: t('outcomeRejected', outcome.message), isError: true };
    case 'invalid':
      return { message: describeProblems(outcome.issues).map((p) => p.sentence).join('\n'), isError: true };
  }
};

export const renderOutbox = (doc: Document, outbox: OutboxView): void => {
  element(doc, 'outbox-waiting').textContent =
    outbox.waiting === 0 ? t('outboxEmpty') : outbox.waiting === 1 ? t('outboxWaitingOne') : t('outboxWaitingMany', outbox.waiting);
  element(doc, 'rejected').replaceChildren(
    ...outbox.rejected.map((rejected) => {
      const item = doc.createElement('li');
      item.dataset.submissionId = rejected.submissionId;
      item.textContent = t('outboxRejected', rejected.url, rejected.message);
      return item;
    }),
  );
};
