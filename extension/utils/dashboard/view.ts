import { abuseContactSource, hostAbuseContactRequest, officerId } from '../contract';
import type { AuditEvent, HostAbuseContact, HostAbuseContactRequest, QueueItem, QueuePage, ReferralOutcome, ReferralEvidence, ReferralStatus, ReferralView } from '../contract';
import type { PlatformStats, RecurringIndicator, StatsCounts } from './messages';
import type { UploadProgress, UploadSummary } from './upload';
import { countdown, filedByHand, queueActions, type TransitionChoice } from './queue';
import { platformRows, trendTable } from './trends';
import { isFinal, otherHostsQueue } from '../shared-rules';
import { indicatorHref } from './ui/router';
import { describeHold } from '../reporting/deconfliction';
import { t, type MessageKey } from '../i18n';
import { issueMessage } from '../zod-messages';
import { actorKindName, auditActionName, categoryName, describeChange, evidenceKindName, evidenceStatusName, labelName, outcomeName, statusName, trendValueName } from './ui/code-names';

/**
 * Rendering for the dashboard. Titles, URLs, handles and label evidence come from captured
 * content, which is hostile: they reach the DOM through textContent only, never as markup,
 * and referred URLs are never links (a stray click must not open terrorist content from a
 * police workstation), only text with a copy button.
 */

interface Options {
  className?: string;
  text?: string;
  data?: Record<string, string>;
  title?: string;
  /** 'auto' on anything that shows captured text: Arabic, Persian and Urdu titles read right to left. */
  dir?: 'auto';
}

export const el = <K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, options: Options = {}, children: Node[] = []): HTMLElementTagNameMap[K] => {
  const node = doc.createElement(tag);
  if (options.className !== undefined) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title !== undefined) node.title = options.title;
  if (options.dir !== undefined) node.dir = options.dir;
  for (const [key, value] of Object.entries(options.data ?? {})) node.dataset[key] = value;
  node.append(...children);
  return node;
};

const button = (doc: Document, text: string, onClick: () => void, data: Record<string, string> = {}): HTMLButtonElement => {
  const node = el(doc, 'button', { text, data });
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
};

const byId = <T extends HTMLElement = HTMLElement>(doc: Document, id: string): T => {
  const found = doc.getElementById(id);
  if (found === null) throw new Error(`dashboard.html has no #${id}`);
  return found as T;
};

/** A referred URL as inert text, with a copy button (the clipboard is the only way out of the page). */
export const inertUrl = (doc: Document, url: string, copy: (text: string) => void): HTMLElement =>
  el(doc, 'span', { className: 'inert-url' }, [el(doc, 'code', { text: url, dir: 'auto' }), button(doc, t('copy'), () => copy(url), { action: 'copy-url' })]);

/**
 * Staff wellbeing: an image or screenshot is blurred behind a graphic-content warning until
 * the officer chooses to look, and can be hidden again. The image source is given by the
 * dashboard (a data: or blob: URL of stored evidence), never a URL from captured content.
 */
export const graphicMedia = (doc: Document, src: string, description: string): HTMLElement => {
  const image = doc.createElement('img');
  image.src = src;
  image.alt = description;
  image.className = 'graphic';
  const warning = el(doc, 'button', { className: 'graphic-warning', text: t('graphicReveal'), data: { action: 'reveal' } });
  warning.type = 'button';
  const figure = el(doc, 'figure', { className: 'graphic-media', data: { revealed: 'false' } }, [image, warning]);
  const toggle = () => {
    const revealed = figure.dataset.revealed !== 'true';
    figure.dataset.revealed = String(revealed);
    warning.textContent = revealed ? t('graphicHide') : t('graphicReveal');
  };
  warning.addEventListener('click', toggle);
  image.addEventListener('click', toggle);
  return figure;
};

export interface QueueCallbacks {
  claim(item: QueueItem, release: boolean): void;
  /** Gives the referral to a colleague of the officer's unit, or (undefined) takes it back. */
  assign(item: QueueItem, officerId: string | undefined): void;
  send(item: QueueItem): void;
  /** Platforms filed by hand: records that the officer filed it, and shows the Art. 16 notice to copy. */
  markFiled(item: QueueItem): void;
  /** Other-hosts queue: records where a host takes abuse reports. */
  recordAbuseContact(host: string, contact: HostAbuseContactRequest): void;
  notice(item: QueueItem): void;
  transition(item: QueueItem, to: ReferralStatus, outcome: ReferralOutcome | undefined): void;
  open(item: QueueItem): void;
  copy(text: string): void;
  /** Bulk actions: the ticked referrals, kept by id across redraws; without it the queue has no select column. */
  selection?: { has(referralId: string): boolean; set(referralId: string, selected: boolean): void };
}

/** Who has the referral: a colleague's id inside the unit; another unit's officer stays unnamed. */
export const describeAssignment = (assignment: QueueItem['assignment']): string | undefined => {
  if (assignment === undefined) return undefined;
  if (assignment.mine) return t('assignedToYou');
  return assignment.officerId !== undefined ? t('assignedTo', assignment.officerId) : t('assignedOtherUnit');
};

/** What "Assign to…" reads of a referral: a queue row and the referral's detail both have it. */
export type Assignable = Pick<QueueItem, 'referralId' | 'status' | 'assignment'>;

/**
 * "Assign to…": the colleague's officer id, checked with the API's own schema before it is sent
 * (there is no directory of a unit's officers to pick from).
 */
const assignForm = (doc: Document, referralId: string, assign: (officerId: string) => void): HTMLFormElement => {
  const field = el(doc, 'input');
  field.name = 'officerId';
  field.autocomplete = 'off';
  field.placeholder = t('colleagueOfficerId');
  const error = el(doc, 'span', { className: 'field-error' });
  error.setAttribute('role', 'alert');
  const form = el(doc, 'form', { className: 'assign-form', data: { referralId } }, [el(doc, 'label', { text: `${t('officerIdLabel')} ` }, [field]), el(doc, 'button', { text: t('assign'), data: { action: 'assign' } }), error]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const parsed = officerId.safeParse(field.value);
    if (!parsed.success) {
      error.textContent = parsed.error.issues.map(issueMessage).join('; ');
      field.setAttribute('aria-invalid', 'true');
      return;
    }
    error.textContent = '';
    field.removeAttribute('aria-invalid');
    assign(parsed.data);
  });
  return form;
};

/**
 * "Assign to…" and who has the referral. A referral another unit assigned is that unit's to
 * move, so it offers nothing. The queue row and the referral's detail draw the same control, so
 * both follow the same rules; the detail wires its own buttons and form (`assign`), a queue row
 * leaves them to the table's delegated listeners and builds its form only when opened.
 */
const assignControls = (doc: Document, target: Assignable, assign?: (officerId: string | undefined) => void): HTMLElement[] => {
  const assignment = target.assignment;
  const shown = describeAssignment(assignment);
  const label = shown === undefined ? [] : [el(doc, 'span', { className: 'assignee', text: shown, data: { mine: String(assignment?.mine ?? false) } })];
  if (assignment !== undefined && !assignment.ownUnit) return label;
  const unassign =
    assignment === undefined ? [] : [assign === undefined ? el(doc, 'button', { text: t('unassign'), data: { action: 'unassign' } }) : button(doc, t('unassign'), () => assign(undefined), { action: 'unassign' })];
  for (const node of unassign) (node as HTMLButtonElement).type = 'button';
  if (isFinal(target.status)) return [...label, ...unassign];
  const summary = el(doc, 'summary', { text: t('assignTo') });
  const form = assign === undefined ? [] : [assignForm(doc, target.referralId, assign)];
  return [...label, ...unassign, el(doc, 'details', { className: 'assign-to' }, [summary, ...form])];
};

/** Regulation (EU) 2021/784 Art. 3(3): the one-hour clock runs only from the provider's confirmed receipt of an issued order. */
const removalOrderStages: Record<NonNullable<QueueItem['removalOrder']>, MessageKey> = {
  to_prepare: 'queueOrderToPrepare',
  issued: 'queueOrderIssued',
  received: 'queueOrderReceived',
};

/** What the officer is told of a host's abuse desk; the address is text with a copy button, like a referred URL. */
const abuseSources: Record<HostAbuseContact['source'], MessageKey> = {
  rdap: 'abuseFromRdap',
  'security-txt': 'abuseFromSecurityTxt',
  'host-website': 'abuseFromWebsite',
  'host-reply': 'abuseFromReply',
  other: 'abuseOtherSource',
};

/** The form that records a host's abuse contact: checked here with the API's own schema, so a mistake reads as a sentence. */
const abuseContactForm = (doc: Document, host: string, callbacks: QueueCallbacks): HTMLElement => {
  const field = (label: string, input: HTMLInputElement | HTMLSelectElement, name: string) => {
    input.name = name;
    return el(doc, 'label', { text: `${label} ` }, [input]);
  };
  const email = el(doc, 'input');
  email.type = 'email';
  const formUrl = el(doc, 'input');
  formUrl.type = 'url';
  const source = el(doc, 'select');
  source.append(
    ...abuseContactSource.options.map((value) => {
      const option = el(doc, 'option', { text: t(abuseSources[value]) });
      option.setAttribute('value', value);
      return option;
    }),
  );
  const error = el(doc, 'span', { className: 'field-error' });
  error.setAttribute('role', 'alert');
  const form = el(doc, 'form', { className: 'abuse-contact-form', data: { host } }, [
    field(t('abuseEmail'), email, 'email'),
    field(t('abuseFormUrl'), formUrl, 'formUrl'),
    field(t('abuseSource'), source, 'source'),
    el(doc, 'button', { text: t('saveContact') }),
    error,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const contact = hostAbuseContactRequest.safeParse({
      ...(email.value.trim() === '' ? {} : { email: email.value.trim() }),
      ...(formUrl.value.trim() === '' ? {} : { formUrl: formUrl.value.trim() }),
      source: source.value,
    });
    if (!contact.success) {
      error.textContent = contact.error.issues.map(issueMessage).join('; ');
      return;
    }
    error.textContent = '';
    callbacks.recordAbuseContact(host, contact.data);
  });
  return el(doc, 'details', { className: 'abuse-contact-edit' }, [el(doc, 'summary', { text: t('recordAbuseContact') }), form]);
};

const abuseContactLine = (doc: Document, host: string, contact: HostAbuseContact | undefined, callbacks: QueueCallbacks): HTMLElement => {
  if (contact === undefined) return el(doc, 'div', { className: 'abuse-contact unknown', text: t('noAbuseContact') }, [abuseContactForm(doc, host, callbacks)]);
  const parts: HTMLElement[] = [el(doc, 'span', { text: `${t('abuseContactLabel')} ` })];
  if (contact.email !== undefined) parts.push(el(doc, 'code', { text: contact.email }), button(doc, t('copy'), () => callbacks.copy(contact.email ?? ''), { action: 'copy-abuse-email' }));
  if (contact.formUrl !== undefined) parts.push(inertUrl(doc, contact.formUrl, callbacks.copy));
  parts.push(el(doc, 'span', { className: 'abuse-source', text: ` ${t('abuseRecorded', t(abuseSources[contact.source]), contact.updatedByUnit, contact.updatedAt.slice(0, 10))}` }));
  return el(doc, 'div', { className: 'abuse-contact known', data: { host } }, [...parts, abuseContactForm(doc, host, callbacks)]);
};

/**
 * The other-hosts queue holds many hosts, each with its own abuse desk: the API orders it by host
 * (the platform of an unlisted site is its domain), and a heading row opens each host's
 * referrals, with the host's abuse contact where one is known.
 */
const underHostHeadings = (doc: Document, page: QueuePage, rows: HTMLElement[], callbacks: QueueCallbacks): HTMLElement[] =>
  rows.flatMap((row, i) => {
    const items = page.items;
    const host = items[i]?.platform ?? '';
    if (i > 0 && items[i - 1]?.platform === host) return [row];
    const contact = page.hostContacts?.find((known) => known.host === host);
    const heading = el(doc, 'th', {}, [el(doc, 'span', { className: 'host', text: host }), abuseContactLine(doc, host, contact, callbacks)]);
    heading.colSpan = callbacks.selection !== undefined ? 8 : 7;
    heading.scope = 'colgroup';
    return [el(doc, 'tr', { className: 'host-heading', data: { host } }, [heading]), row];
  });

/** One countdown of the drawn queue: the second's tick rewrites its text and nothing else. */
interface ShownCountdown {
  cell: HTMLElement;
  text: HTMLElement;
  item: QueueItem;
  shownText: string;
  breached: boolean;
}

/** What the queue table's delegated listeners read: the referrals of the last draw by id, its callbacks and its countdowns. */
interface DrawnQueue {
  items: Map<string, QueueItem>;
  callbacks: QueueCallbacks;
  countdowns: ShownCountdown[];
}

/** Kept per table body: its listeners are added once, and every draw only replaces what they read. */
const drawnQueues = new WeakMap<Element, DrawnQueue>();

/** The referral of the queue row an event happened in, as the last draw had it. */
const drawnRow = (target: EventTarget | null): { item: QueueItem; drawn: DrawnQueue } | undefined => {
  const row = (target as Element | null)?.closest?.<HTMLElement>('tr[data-referral-id]');
  const drawn = row?.parentElement == null ? undefined : drawnQueues.get(row.parentElement);
  const item = drawn?.items.get(row?.dataset.referralId ?? '');
  return drawn === undefined || item === undefined ? undefined : { item, drawn };
};

/** A row's "Assign to…" form, built the first time it is opened: a page of rows carries none until then. */
const ensureAssignForm = (details: HTMLDetailsElement): HTMLInputElement | null => {
  const built = details.querySelector<HTMLInputElement>('input[name="officerId"]');
  if (built !== null) return built;
  const found = drawnRow(details);
  if (found === undefined) return null;
  const { item, drawn } = found;
  const form = assignForm(details.ownerDocument, item.referralId, (officer) => drawn.callbacks.assign(item, officer));
  details.append(form);
  return form.querySelector<HTMLInputElement>('input[name="officerId"]');
};

/** Opens a queue row's "Assign to…" (the a key) and gives its officer id field, the form built now if it was not yet. */
export const openRowAssignForm = (details: HTMLDetailsElement): HTMLInputElement | null => {
  const field = ensureAssignForm(details);
  details.open = true;
  return field;
};

/** What each button of a queue row does, by its data-action: one listener on the table serves every row. */
const rowActions = new Map<string, (item: QueueItem, callbacks: QueueCallbacks, control: HTMLElement) => void>([
  ['claim', (item, callbacks) => callbacks.claim(item, false)],
  ['release', (item, callbacks) => callbacks.claim(item, true)],
  ['notice', (item, callbacks) => callbacks.notice(item)],
  ['mark-filed', (item, callbacks) => callbacks.markFiled(item)],
  ['send', (item, callbacks) => callbacks.send(item)],
  [
    'transition',
    (item, callbacks, control) => {
      const to = control.dataset.to as ReferralStatus;
      const outcome = control.previousElementSibling as HTMLSelectElement | null;
      callbacks.transition(item, to, outcome?.dataset.outcomeFor === to ? (outcome.value as ReferralOutcome) : undefined);
    },
  ],
  ['unassign', (item, callbacks) => callbacks.assign(item, undefined)],
  ['details', (item, callbacks) => callbacks.open(item)],
  ['copy-url', (item, callbacks) => callbacks.copy(item.url)],
]);

/** The table's listeners, added once per table body: clicks on row buttons, ticks, and a row's "Assign to…" opening. */
const listenToRows = (body: HTMLElement): void => {
  body.addEventListener('click', (event) => {
    const target = event.target as Element | null;
    const found = drawnRow(target);
    if (found === undefined) return;
    // The click that opens "Assign to…" builds its form first, so the opened control is whole.
    const summary = target?.closest('details.assign-to > summary');
    if (summary?.parentElement != null) {
      ensureAssignForm(summary.parentElement as HTMLDetailsElement);
      return;
    }
    const control = target?.closest<HTMLElement>('button[data-action]');
    if (control != null) rowActions.get(control.dataset.action ?? '')?.(found.item, found.drawn.callbacks, control);
  });
  body.addEventListener('change', (event) => {
    const box = event.target as HTMLInputElement | null;
    if (box?.matches?.('input[data-action="select"]') !== true) return;
    const found = drawnRow(box);
    found?.drawn.callbacks.selection?.set(found.item.referralId, box.checked);
  });
  // Opened some other way than by its summary (a script, the browser's find in page), "Assign to…" still gets its form.
  body.addEventListener(
    'toggle',
    (event) => {
      const details = event.target as HTMLDetailsElement | null;
      if (details?.open === true && details.matches('details.assign-to')) ensureAssignForm(details);
    },
    true,
  );
};

/**
 * The parts every row of one draw shares, built once per draw and cloned for each row: a clone
 * is cheaper than creating each element and setting its attributes, and a page is 200 rows.
 * Only the texts of each referral are set per row, and only through textContent.
 */
const rowParts = (doc: Document, withSelect: boolean) => {
  const control = (text: string, action: string, data: Record<string, string> = {}) => {
    const node = el(doc, 'button', { text, data: { action, ...data } });
    node.type = 'button';
    return node;
  };
  const box = el(doc, 'input', { data: { action: 'select' } });
  box.type = 'checkbox';
  const row = el(doc, 'tr', {}, [
    ...(withSelect ? [el(doc, 'td', { className: 'select' }, [box])] : []),
    el(doc, 'td', { className: 'priority' }),
    el(doc, 'td', { className: 'content' }, [el(doc, 'div', { className: 'title', dir: 'auto' }), el(doc, 'span', { className: 'inert-url' }, [el(doc, 'code', { dir: 'auto' }), control(t('copy'), 'copy-url')])]),
    el(doc, 'td', {}, [el(doc, 'span')]),
    el(doc, 'td', { title: t('reportsUnitsTitle') }),
    el(doc, 'td'),
    el(doc, 'td', { className: 'deadline' }, [el(doc, 'span', { className: 'countdown' })]),
    // The flex wrapper sits inside the cell: a flex td drops out of the table layout.
    el(doc, 'td', {}, [el(doc, 'div', { className: 'actions' })]),
  ]);
  const transitions = new Map<ReferralStatus, HTMLElement>();
  const transition = (choice: TransitionChoice): HTMLElement => {
    const known = transitions.get(choice.to);
    if (known !== undefined) return known;
    const mark = control(t('markStatus', statusName(choice.to)), 'transition', { to: choice.to });
    let built: HTMLElement = mark;
    if (choice.outcomes.length > 0) {
      const select = el(
        doc,
        'select',
        { data: { outcomeFor: choice.to } },
        choice.outcomes.map((outcome) => {
          const option = el(doc, 'option', { text: outcomeName(outcome) });
          option.setAttribute('value', outcome);
          return option;
        }),
      );
      select.setAttribute('aria-label', t('outcomeIf', statusName(choice.to)));
      built = el(doc, 'span', { className: 'transition' }, [select, mark]);
    }
    transitions.set(choice.to, built);
    return built;
  };
  return {
    withSelect,
    row,
    claim: control(t('claim'), 'claim'),
    release: control(t('release'), 'release'),
    claimed: el(doc, 'span', { className: 'claimed', text: t('claimedByColleague') }),
    notice: control(t('art16Notice'), 'notice'),
    markFiled: control(t('markAsFiled'), 'mark-filed'),
    send: control(t('sendToPlatform'), 'send'),
    details: control(t('details'), 'details'),
    breachFlag: el(doc, 'span', { className: 'breach-flag', text: t('breached'), title: t('breachedTitle') }),
    transition,
  };
};

type RowParts = ReturnType<typeof rowParts>;

const clone = <T extends Node>(node: T): T => node.cloneNode(true) as T;

const drawRow = (doc: Document, parts: RowParts, item: QueueItem, callbacks: QueueCallbacks, now: number, countdowns: ShownCountdown[]): HTMLTableRowElement => {
  const row = clone(parts.row);
  row.dataset.referralId = item.referralId;
  row.dataset.priority = item.priority;
  row.dataset.status = item.status;
  row.dataset.version = String(item.version);
  const cells = Array.from(row.children) as HTMLElement[];
  if (parts.withSelect) {
    const box = cells.shift()?.firstElementChild as HTMLInputElement;
    box.checked = callbacks.selection?.has(item.referralId) ?? false;
    box.setAttribute('aria-label', t('bulkSelectRow', item.referralId));
  }
  const [priority, content, route, counts, reported, deadline, actionCell] = cells as [HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement];
  priority.className = `priority ${item.priority}`;
  priority.textContent = item.priority;
  (content.firstElementChild as HTMLElement).textContent = item.title ?? t('noTitle');
  (content.lastElementChild?.firstElementChild as HTMLElement).textContent = item.url;
  (route.firstElementChild as HTMLElement).textContent = `${categoryName(item.category)} · ${item.legalRoute === 'removal_order' ? t('routeRemovalOrder') : t('routeReferral')}`;
  if (item.removalOrder !== undefined) route.append(el(doc, 'div', { className: `order-stage ${item.removalOrder}`, text: t(removalOrderStages[item.removalOrder]) }));
  counts.textContent = `${item.reportCount} / ${item.unitCount}`;
  reported.textContent = new Date(item.firstReportedAt).toISOString().replace('T', ' ').slice(0, 16);

  const due = countdown(item, now);
  const text = deadline.firstElementChild as HTMLElement;
  text.textContent = due.text;
  if (due.breached) {
    deadline.className = 'deadline breached';
    deadline.append(clone(parts.breachFlag));
  }
  if (item.deadlineAt !== undefined) {
    deadline.dataset.deadlineAt = item.deadlineAt;
    countdowns.push({ cell: deadline, text, item, shownText: due.text, breached: due.breached });
  }

  const actions = queueActions(item);
  const controls: Node[] = [];
  if (actions.claim === 'claim') controls.push(clone(parts.claim));
  if (actions.claim === 'release') controls.push(clone(parts.release));
  if (actions.claim === 'claimed_by_other') controls.push(clone(parts.claimed));
  if (actions.send && filedByHand(item.platform)) controls.push(clone(parts.notice), clone(parts.markFiled));
  else if (actions.send) controls.push(clone(parts.send));
  for (const choice of actions.transitions) controls.push(clone(parts.transition(choice)));
  controls.push(...assignControls(doc, item), clone(parts.details));
  actionCell.firstElementChild?.append(...controls);
  return row;
};

/**
 * Draws a page of the queue. Buttons carry no listeners of their own: the table's delegated
 * listeners find the referral by the row's id. The rows are built detached and put in the
 * table at once, with no read of layout in between.
 */
export const renderQueue = (doc: Document, page: QueuePage, callbacks: QueueCallbacks, now: number): void => {
  const body = byId(doc, 'queue-rows');
  if (!drawnQueues.has(body)) listenToRows(body);
  const parts = rowParts(doc, callbacks.selection !== undefined);
  const countdowns: ShownCountdown[] = [];
  const rows = page.items.map((item) => drawRow(doc, parts, item, callbacks, now, countdowns));
  drawnQueues.set(body, { items: new Map(page.items.map((item) => [item.referralId, item])), callbacks, countdowns });
  const fragment = doc.createDocumentFragment();
  fragment.append(...(page.platform === otherHostsQueue ? underHostHeadings(doc, page, rows, callbacks) : rows));
  body.replaceChildren(fragment);
  byId(doc, 'queue-empty').hidden = page.items.length > 0;
  byId<HTMLButtonElement>(doc, 'queue-next').disabled = page.nextCursor === undefined;
};

/** Rewrites only the countdown texts that changed, every second, from the cells the last draw kept: no query over the rows. */
export const tickCountdowns = (doc: Document, now: number): void => {
  const body = doc.getElementById('queue-rows');
  const drawn = body === null ? undefined : drawnQueues.get(body);
  for (const shown of drawn?.countdowns ?? []) {
    const due = countdown({ deadlineAt: shown.item.deadlineAt, status: shown.item.status, breached: shown.breached }, now);
    if (due.text !== shown.shownText) {
      shown.text.textContent = due.text;
      shown.shownText = due.text;
    }
    if (due.breached && !shown.breached) {
      shown.breached = true;
      shown.cell.classList.add('breached');
      shown.cell.append(el(doc, 'span', { className: 'breach-flag', text: t('breached') }));
    }
  }
};

/** A short link only the platform can resolve: the officer who opened it attaches the URL it led to. */
const resolveShortLinkForm = (doc: Document, resolve: (url: string) => void): HTMLElement => {
  const field = el(doc, 'input');
  field.id = 'resolved-url';
  field.type = 'url';
  field.placeholder = t('resolvedUrlPlaceholder');
  const form = el(doc, 'div', {}, [
    el(doc, 'label', { text: `${t('resolvedUrl')} ` }, [field]),
    button(doc, t('attachResolvedUrl'), () => {
      const url = field.value.trim();
      if (url !== '') resolve(url);
    }),
  ]);
  form.id = 'resolve-short-link';
  return form;
};

/** What the officer may do from a referral's detail; a panel that offers an action passes it. */
export interface DetailActions {
  resolveShortLink?(url: string): void;
  /** "Assign to…" as on the queue row; offered only with the version the API expects. */
  assign?(officerId: string | undefined): void;
  /** The panel to draw in: the queue's detail, the search's or an indicator's. */
  panelId?: string;
}

export const renderReferralDetail = (doc: Document, detail: { referral: ReferralView; audit?: AuditEvent[] }, copy: (text: string) => void, actions: DetailActions = {}): void => {
  const { referral } = detail;
  const { resolveShortLink, assign, panelId = 'detail' } = actions;
  const unresolved = referral.labels.some((label) => label.name === 'short-link' && label.value === 'unresolved');
  const labels = referral.labels.map((label) =>
    el(doc, 'li', {}, [
      el(doc, 'strong', { text: t('labelCaption', labelName(label.name), label.value), dir: 'auto', data: { labelName: label.name } }),
      el(doc, 'span', { className: 'rule', text: ` (${label.rule})` }),
      el(doc, 'ul', { className: 'evidence' }, label.evidence.map((line) => el(doc, 'li', { text: line, dir: 'auto' }))),
    ]),
  );
  const audit = (detail.audit ?? []).map((event) =>
    el(doc, 'li', {
      dir: 'auto',
      data: { action: event.action, version: String(event.version) },
      text: `${event.at} · v${event.version} · ${auditActionName(event.action)} ${describeChange(event)} ${t('auditBy', actorKindName(event.actor.kind), event.actor.id)}${event.assignee ? ` · ${t('auditAssignee', event.assignee)}` : ''}${event.note ? ` · ${event.note}` : ''}`,
    }),
  );
  byId(doc, panelId).replaceChildren(
    el(doc, 'h3', { text: referral.title ?? t('noTitle'), dir: 'auto' }),
    inertUrl(doc, referral.url, copy),
    el(doc, 'p', { text: t('referralSummary', referral.referralId, referral.platform, statusName(referral.status), referral.priority, referral.units.length, referral.reportCount) }),
    ...(assign !== undefined && referral.version !== undefined
      ? [el(doc, 'div', { className: 'assignment actions' }, assignControls(doc, referral, assign))]
      : referral.assignment === undefined
        ? []
        : [el(doc, 'p', { className: 'assignee', text: describeAssignment(referral.assignment) ?? '' })]),
    // Another unit's investigation: whom to call before sending, never why.
    ...(referral.holds ?? []).map((hold) => el(doc, 'p', { className: 'hold-notice', text: describeHold(hold), data: { holdingUnit: hold.unit } })),
    el(doc, 'h4', { text: t('labels') }),
    el(doc, 'ul', { className: 'labels' }, labels),
    ...(unresolved && resolveShortLink !== undefined ? [resolveShortLinkForm(doc, resolveShortLink)] : []),
    ...(referral.outLinks && referral.outLinks.length > 0
      ? [
          el(doc, 'h4', { text: t('linksInPost') }),
          el(
            doc,
            'ul',
            { className: 'out-links' },
            referral.outLinks.map((link) =>
              el(doc, 'li', { data: { referralId: link.referralId } }, [inertUrl(doc, link.url, copy), el(doc, 'span', { className: 'status', text: `${link.platform} · ${statusName(link.status)}` })]),
            ),
          ),
        ]
      : []),
    ...(detail.audit
      ? [el(doc, 'h4', { text: t('auditTrail') }), audit.length > 0 ? el(doc, 'ol', { className: 'audit' }, audit) : el(doc, 'p', { text: t('noLifecycleEvents') })]
      : []),
  );
  byId(doc, panelId).hidden = false;
  byId(doc, panelId).dataset.referralId = referral.referralId;
};

/** The file an officer saves an Art. 16 notice as: the referral names it, so a folder of notices stays sorted. */
export const noticeFileName = (referralId: string): string => `art16-notice-${referralId}.txt`;

/** What the officer does with a notice: copy it, or save it as a plain-text file. */
export interface NoticeActions {
  copy(text: string): void;
  /** Saves the text as a file from the page (a blob of text/plain, never markup). */
  download(fileName: string, text: string): void;
}

/** The DSA Art. 16 notice for a platform filed by hand, as text the officer copies into the platform's form or mail, or saves. */
export const renderNotice = (doc: Document, referralId: string, text: string, actions: NoticeActions): void => {
  const area = el(doc, 'textarea', { text, dir: 'auto' });
  area.id = 'notice-text';
  area.readOnly = true;
  area.rows = 16;
  area.setAttribute('aria-label', t('noticeFor', referralId));
  byId(doc, 'detail').replaceChildren(
    el(doc, 'h3', { text: t('noticeFor', referralId) }),
    el(doc, 'p', { text: t('noticeHowTo') }),
    area,
    el(doc, 'div', { className: 'actions' }, [
      button(doc, t('copyNotice'), () => actions.copy(text), { action: 'copy-notice' }),
      button(doc, t('downloadNotice'), () => actions.download(noticeFileName(referralId), text), { action: 'download-notice' }),
    ]),
  );
  byId(doc, 'detail').hidden = false;
  byId(doc, 'detail').dataset.referralId = referralId;
};

/** The detail of a referral that is no longer in view (another platform) must not look current. */
export const clearReferralDetail = (doc: Document): void => {
  const detail = byId(doc, 'detail');
  detail.replaceChildren();
  detail.hidden = true;
  delete detail.dataset.referralId;
};

export interface EvidenceCallbacks {
  /** A blob: URL of a verified screenshot's bytes (fetched by the background). */
  imageUrl(artifact: ReferralEvidence['artifacts'][number]): Promise<string>;
  /** Saves a verified artifact (an MHTML snapshot) as a file; it is never rendered. */
  download(artifact: ReferralEvidence['artifacts'][number]): void;
  /** Saves the referral's signed evidence package (ZIP), verifiable with sha256sum and openssl. */
  downloadPackage(): void;
}

const evidenceLine = (artifact: ReferralEvidence['artifacts'][number]): string =>
  t('evidenceLine', evidenceKindName(artifact.kind), evidenceStatusName(artifact.status), artifact.bytes.toLocaleString('en'), artifact.capturedAt, artifact.sha256);

/**
 * The referral's captured evidence under its detail: each artifact with the server's check. A
 * verified screenshot is shown blurred until the officer clicks (graphicMedia); a snapshot is a
 * download; bytes that failed their check are never fetched.
 */
export const renderEvidence = (doc: Document, evidence: ReferralEvidence, callbacks: EvidenceCallbacks, panelId = 'detail'): HTMLElement => {
  const items = evidence.artifacts.map((artifact) => {
    const item = el(doc, 'li', { data: { sha256: artifact.sha256, status: artifact.status } }, [el(doc, 'span', { className: 'evidence-line', text: evidenceLine(artifact) })]);
    if (artifact.status !== 'verified') {
      item.append(el(doc, 'p', { className: 'evidence-warning', text: artifact.status === 'missing' ? t('evidenceMissing') : t('evidenceMismatch') }));
    } else if (artifact.kind === 'screenshot') {
      void callbacks.imageUrl(artifact).then(
        (src) => item.append(graphicMedia(doc, src, t('screenshotAlt', artifact.sha256.slice(0, 12), artifact.capturedAt))),
        (error: unknown) => item.append(el(doc, 'p', { className: 'evidence-warning', text: t('couldNotLoad', error instanceof Error ? error.message : String(error)) })),
      );
    } else {
      item.append(button(doc, t('download'), () => callbacks.download(artifact), { action: 'download-evidence' }));
    }
    return item;
  });
  const section = el(doc, 'section', { className: 'evidence-list' }, [
    el(doc, 'h4', { text: t('evidence') }),
    items.length > 0 ? el(doc, 'ul', {}, items) : el(doc, 'p', { text: t('noEvidence') }),
    button(doc, t('downloadEvidencePackage'), () => callbacks.downloadPackage(), { action: 'download-evidence-package' }),
  ]);
  byId(doc, panelId).append(section);
  return section;
};

const table = (doc: Document, head: string[], body: string[][], foot?: string[]): HTMLTableElement =>
  el(doc, 'table', {}, [
    el(doc, 'thead', {}, [el(doc, 'tr', {}, head.map((h) => el(doc, 'th', { text: h })))]),
    el(doc, 'tbody', {}, body.map((cells) => el(doc, 'tr', {}, cells.map((c) => el(doc, 'td', { text: c, dir: 'auto' }))))),
    ...(foot ? [el(doc, 'tfoot', {}, [el(doc, 'tr', {}, foot.map((c) => el(doc, 'td', { text: c })))])] : []),
  ]);

export const renderTrends = (doc: Document, stats: { counts: StatsCounts; platforms: { platforms: PlatformStats[] }; indicators: { indicators: RecurringIndicator[] } }): void => {
  const trend = trendTable(stats.counts);
  const counts = table(
    doc,
    [t('colPeriod'), ...trend.columns.map((column) => trendValueName(stats.counts.by, column)), t('colTotal')],
    trend.rows.map((row) => [row.period, ...row.counts.map(String), String(row.total)]),
    [t('colTotal'), ...trend.totals.map(String), String(trend.total)],
  );
  counts.id = 'trend-table';
  // Each value's column keeps the API's code beside the name the officer reads.
  counts.querySelectorAll('thead th').forEach((cell, i) => {
    const code = trend.columns[i - 1];
    if (code !== undefined) (cell as HTMLElement).dataset.value = code;
  });
  byId(doc, 'trend-table-wrap').replaceChildren(counts);
  byId(doc, 'trend-empty').hidden = trend.rows.length > 0;
  byId(doc, 'platform-stats').replaceChildren(
    table(doc, [t('colPlatform'), t('colActioned'), t('colDeclined'), t('colAlreadyGone'), t('colRemovalRate'), t('colTimeToActionP50'), t('colP90')], platformRows(stats.platforms.platforms)),
  );
  // Each recurring indicator opens its page (dossier, referrals, money trail): an in-page link, never the value as a URL.
  const indicators = table(doc, [t('colType'), t('colIndicator'), t('colReferrals')], stats.indicators.indicators.map((i) => [i.type, i.value, String(i.referrals)]));
  indicators.querySelectorAll('tbody tr').forEach((row, n) => {
    const indicator = stats.indicators.indicators[n];
    const cell = row.children[1];
    if (indicator === undefined || cell === undefined) return;
    const link = el(doc, 'a', { text: indicator.value, dir: 'auto', data: { indicator: `${indicator.type}:${indicator.value}` } });
    link.setAttribute('href', indicatorHref(indicator.type, indicator.value));
    cell.replaceChildren(link);
  });
  byId(doc, 'indicator-stats').replaceChildren(indicators);
};

export const renderProgress = (doc: Document, progress: UploadProgress): void => {
  const bar = byId<HTMLProgressElement>(doc, 'upload-progress');
  bar.hidden = false;
  bar.max = Math.max(progress.total, 1);
  bar.value = progress.sent;
  byId(doc, 'upload-status').textContent = t('uploadSentRows', progress.sent, progress.total, progress.batches);
};

export const renderUploadSummary = (doc: Document, summary: UploadSummary): void => {
  const d = summary.duplicates;
  const lines = [
    summary.dryRun ? t('uploadDryRunRows', summary.rows) : t('uploadRows', summary.rows),
    summary.dryRun ? t('uploadAcceptedDry', summary.accepted) : t('uploadAccepted', summary.accepted),
    t('uploadDuplicates', d.total, d.repeatInFile, d.identicalRow),
    ...(summary.alreadyImported > 0 ? [t('uploadAlreadyImported', summary.alreadyImported)] : []),
    t('uploadRejected', summary.rejected.length),
    ...(summary.notSent.length > 0 ? [t('uploadNotSent', summary.notSent.length)] : []),
  ];
  byId(doc, 'upload-summary').replaceChildren(...lines.map((line) => el(doc, 'p', { text: line })));
  byId(doc, 'upload-rejected').replaceChildren(
    ...summary.rejected.map((row) =>
      el(doc, 'li', { data: { line: String(row.line) }, text: t('uploadRejectedLine', row.line, row.issues.map((issue) => `${issue.path}: ${issueMessage(issue)}`).join('; ')) }),
    ),
    ...summary.notSent.map((row) => el(doc, 'li', { className: 'not-sent', data: { line: String(row.line) }, text: t('uploadNotSentLine', row.line, row.reason) })),
  );
};

export const showError = (doc: Document, target: string, error: unknown): void => {
  const node = byId(doc, target);
  node.textContent = error instanceof Error ? error.message : String(error);
  node.classList.add('error');
};

export const showStatus = (doc: Document, target: string, message: string): void => {
  const node = byId(doc, target);
  node.textContent = message;
  node.classList.remove('error');
};
