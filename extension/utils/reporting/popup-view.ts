import type { z } from 'zod';
import { describeLookup } from './deconfliction';
import type { DesignatedGroup } from './groups';
import type { messageSchemas, OutboxView, ReportForm, SubmitOutcome } from '../messaging';

/**
 * Rendering for the popup. Page titles, selections and URLs come from hostile pages, so
 * they only ever reach the DOM through `value` and `textContent`, never through HTML parsing.
 */

type PopupState = z.output<(typeof messageSchemas)['getPopupState']['response']>;

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
  const lookup = element(doc, 'lookup');
  lookup.textContent = describeLookup(state.lookup);
  lookup.classList.toggle('referred', state.lookup.state === 'referred');
  element(doc, 'auth-warning').hidden = state.auth.signedIn;
  if (!state.capture.mhtml) {
    input(doc, 'capture-mhtml').checked = false;
    element(doc, 'capture-mhtml-label').hidden = true;
  }
  (doc.getElementById('submit') as HTMLButtonElement).disabled = !prefill.reportable;
  if (!prefill.reportable) renderResult(doc, 'This page cannot be referred: only public http(s) pages.', true);
  renderOutbox(doc, state.outbox);
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
  return {
    url: input(doc, 'url').value,
    category: (doc.getElementById('category') as HTMLSelectElement).value as ReportForm['category'],
    subTags: input(doc, 'sub-tags').value.split(',').map((t) => t.trim()).filter((t) => t !== ''),
    urgent: input(doc, 'urgent').checked,
    legalRoute: legalRoute === 'removal_order' ? 'removal_order' : 'referral',
    ...(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<ReportForm>),
  };
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

export const describeOutcome = (outcome: SubmitOutcome): { message: string; isError: boolean } => {
  switch (outcome.state) {
    case 'sent':
      return { message: `Sent. Submission ${outcome.submissionId}${outcome.referralId ? `, referral ${outcome.referralId}` : ''}.`, isError: false };
    case 'queued':
      return {
        message:
          outcome.reason === 'auth'
            ? `Saved in the outbox: sign in to send it (${outcome.message}).`
            : `Saved in the outbox; it will be sent when the API answers (${outcome.message}).`,
        isError: false,
      };
    case 'rejected':
      return { message: `Rejected by the API (HTTP ${outcome.status}): ${outcome.message}`, isError: true };
    case 'invalid':
      return { message: outcome.issues.map((i) => `${i.path}: ${i.message}`).join('\n'), isError: true };
  }
};

export const renderOutbox = (doc: Document, outbox: OutboxView): void => {
  element(doc, 'outbox-waiting').textContent =
    outbox.waiting === 0 ? 'Nothing waiting.' : `${outbox.waiting} ${outbox.waiting === 1 ? 'report' : 'reports'} waiting to be sent.`;
  element(doc, 'rejected').replaceChildren(
    ...outbox.rejected.map((rejected) => {
      const item = doc.createElement('li');
      item.dataset.submissionId = rejected.submissionId;
      item.textContent = `Rejected (HTTP ${rejected.status}) ${rejected.url}: ${rejected.message}`;
      return item;
    }),
  );
};
