import { parseHTML } from 'linkedom';
import { describe, expect, it, vi } from 'vitest';
import type { QueuePage } from '../contract';
import { graphicMedia, openRowAssignForm, renderEvidence, renderNotice, renderQueue, renderReferralDetail, renderTrends, renderUploadSummary, tickCountdowns } from './view';

const hostileTitle = '<img src=x onerror=alert(1)><script>window.__pwned=1</script>';
const hostileUrl = 'https://t.me/s/chan/1?q=<b>x</b>';

const page = () =>
  parseHTML(`<!doctype html><html><body>
    <tbody id="queue-rows"></tbody><p id="queue-empty"></p><button id="queue-next"></button><aside id="detail" hidden></aside>
    <div id="trend-table-wrap"></div><p id="trend-empty"></p><div id="platform-stats"></div><div id="indicator-stats"></div>
    <div id="upload-summary"></div><ul id="upload-rejected"></ul></body></html>`).document as unknown as Document;

const queue: QueuePage = {
  platform: 'telegram',
  status: 'sent',
  items: [
    {
      referralId: 'ref_0123456789abcdef01234567',
      platform: 'telegram',
      status: 'sent',
      priority: 'P1',
      category: 'attack_planning',
      legalRoute: 'removal_order',
      canonicalUrl: hostileUrl,
      url: hostileUrl,
      title: hostileTitle,
      firstReportedAt: '2026-05-01T10:00:00.000Z',
      reportCount: 2,
      unitCount: 1,
      deadlineAt: '2026-05-01T11:00:00.000Z',
      breached: true,
      version: 2,
    },
  ],
};
const callbacks = () => ({ claim: vi.fn(), assign: vi.fn(), send: vi.fn(), markFiled: vi.fn(), recordAbuseContact: vi.fn(), notice: vi.fn(), transition: vi.fn(), open: vi.fn(), copy: vi.fn() });

const otherHostsPage: QueuePage = {
  platform: 'other-hosts',
  status: 'new',
  items: (['example-host.net', 'example-jihad.org', 'example-jihad.org'] as const).map((host, n) => ({
    ...queue.items[0]!,
    referralId: `ref_0123456789abcdef0123456${n}`,
    platform: host,
    status: 'new' as const,
    legalRoute: 'referral' as const,
  })),
  hostContacts: [
    { host: 'example-jihad.org', email: 'abuse@example-jihad.org', formUrl: 'https://example-jihad.org/<b>report</b>', source: 'rdap', updatedAt: '2026-12-01T09:00:00.000Z', updatedByUnit: 'eu-iru' },
  ],
};

describe('dashboard rendering', () => {
  it("names a removal order's stage: no hour runs before the provider's confirmed receipt", () => {
    const doc = page();
    const stages = ['to_prepare', 'issued', 'received'] as const;
    const items = stages.map((removalOrder, n) => ({ ...queue.items[0]!, referralId: `ref_0123456789abcdef0123456${n}`, removalOrder }));
    renderQueue(doc, { ...queue, items }, callbacks(), Date.parse('2026-05-01T10:30:00Z'));
    expect([...doc.querySelectorAll('#queue-rows .order-stage')].map((stage) => [stage.className, stage.textContent])).toEqual([
      ['order-stage to_prepare', 'order to prepare'],
      ['order-stage issued', 'order issued: the hour starts at confirmed receipt'],
      ['order-stage received', 'order received: one hour to act'],
    ]);
  });

  it("heads each host of the other-hosts queue with its abuse contact as text, or a form to record one", () => {
    const doc = page();
    const cb = callbacks();
    renderQueue(doc, otherHostsPage, cb, Date.parse('2026-05-01T10:30:00Z'));
    const headings = [...doc.querySelectorAll('#queue-rows tr.host-heading')];
    expect(headings.map((h) => (h as HTMLElement).dataset.host)).toEqual(['example-host.net', 'example-jihad.org']);
    expect(headings[0]?.querySelector('.abuse-contact')?.textContent).toContain('No abuse contact recorded for this host.');
    const known = headings[1]?.querySelector('.abuse-contact.known');
    expect(known?.textContent).toContain('abuse@example-jihad.org');
    expect(known?.textContent).toContain('(from RDAP, recorded by eu-iru on 2026-12-01)');
    // The address and the form URL are text to copy, never links or markup.
    expect(doc.querySelectorAll('a, b').length).toBe(0);
    (known?.querySelector('[data-action="copy-abuse-email"]') as HTMLButtonElement).click();
    expect(cb.copy).toHaveBeenCalledWith('abuse@example-jihad.org');

    // A form without an address says so in a sentence and sends nothing.
    const form = headings[0]?.querySelector('form') as HTMLFormElement;
    // linkedom's select has no default choice; a browser's shows the first, RDAP.
    form.querySelector('option[value="rdap"]')?.setAttribute('selected', '');
    form.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).Event('submit', { cancelable: true }));
    expect(form.querySelector('.field-error')?.textContent).toBe('give an email or a formUrl');
    expect(cb.recordAbuseContact).not.toHaveBeenCalled();
    form.querySelector('input[name="email"]')?.setAttribute('value', ' abuse@example-host.net ');
    form.querySelector('option[value="rdap"]')?.removeAttribute('selected');
    form.querySelector('option[value="security-txt"]')?.setAttribute('selected', '');
    form.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).Event('submit', { cancelable: true }));
    expect(form.querySelector('.field-error')?.textContent).toBe('');
    expect(cb.recordAbuseContact).toHaveBeenCalledWith('example-host.net', { email: 'abuse@example-host.net', source: 'security-txt' });
  });

  it('shows hostile titles and URLs as text: no elements, no links', () => {
    const doc = page();
    const cb = callbacks();
    renderQueue(doc, queue, cb, Date.parse('2026-05-01T11:30:00Z'));
    const row = doc.querySelector('#queue-rows tr');
    expect(row?.querySelector('.title')?.textContent).toBe(hostileTitle);
    expect(row?.querySelector('code')?.textContent).toBe(hostileUrl);
    expect(doc.querySelectorAll('img, script, a, b').length).toBe(0);
    expect(row?.querySelector('.breach-flag')?.textContent).toBe('BREACHED');
    expect(row?.querySelector('.countdown')?.textContent).toBe('overdue by 30 min');
    (row?.querySelector('[data-action="copy-url"]') as HTMLButtonElement).click();
    expect(cb.copy).toHaveBeenCalledWith(hostileUrl);
  });

  it('wires transitions with the chosen outcome', () => {
    const doc = page();
    const cb = callbacks();
    renderQueue(doc, queue, cb, Date.parse('2026-05-01T10:30:00Z'));
    const select = doc.querySelector('select[data-outcome-for="declined"]') as HTMLSelectElement;
    // linkedom's select.value is read-only; choosing the option is what a click does.
    select.querySelector('option[value="not_actionable"]')?.setAttribute('selected', '');
    expect(select.value).toBe('not_actionable');
    (doc.querySelector('button[data-to="declined"]') as HTMLButtonElement).click();
    expect(cb.transition).toHaveBeenCalledWith(queue.items[0], 'declined', 'not_actionable');
    expect(doc.querySelector('[data-action="send"]')).toBeNull();
  });

  it('shows label evidence quoting content as text', () => {
    const doc = page();
    renderReferralDetail(
      doc,
      {
        referral: {
          referralId: 'ref_0123456789abcdef01234567', contentKey: 'k', canonicalUrl: hostileUrl, url: 'javascript:alert(1)', title: hostileTitle, platform: 'telegram',
          category: 'other', legalRoute: 'referral', status: 'new', priority: 'P3', units: ['eu-iru'], reportCount: 1, firstReportedAt: 'x', lastReportedAt: 'x',
          labels: [{ name: 'group', value: 'unlisted', rule: 'officer-group', evidence: ['officer group field: "javascript:alert(3)"'] }], indicators: [],
        },
      },
      vi.fn(),
    );
    expect(doc.querySelector('.evidence li')?.textContent).toBe('officer group field: "javascript:alert(3)"');
    // The label's name gets its caption; its value is shown as recorded.
    expect(doc.querySelector('#detail strong[data-label-name="group"]')?.textContent).toBe('designated group: unlisted');
    expect(doc.querySelectorAll('#detail a, #detail img').length).toBe(0);
  });

  it("lists the content a post links to, with each referral's status", () => {
    const doc = page();
    renderReferralDetail(
      doc,
      {
        referral: {
          referralId: 'ref_0123456789abcdef01234567', contentKey: 'k', canonicalUrl: 'https://t.me/beacon/1', url: 'https://t.me/beacon/1', platform: 'telegram',
          category: 'propaganda', legalRoute: 'referral', status: 'new', priority: 'P2', units: ['eu-iru'], reportCount: 1, firstReportedAt: 'x', lastReportedAt: 'x',
          labels: [], indicators: [],
          outLinks: [
            { referralId: 'ref_111111111111111111111111', url: 'https://gofile.io/d/abc', platform: 'gofile', status: 'sent', linkedAt: 'x' },
            { referralId: 'ref_222222222222222222222222', url: 'javascript:alert(1)', platform: 'mega', status: 'actioned', linkedAt: 'x' },
          ],
        },
      },
      vi.fn(),
    );
    expect([...doc.querySelectorAll('#detail .out-links li')].map((li) => li.getAttribute('data-referral-id'))).toEqual(['ref_111111111111111111111111', 'ref_222222222222222222222222']);
    expect(doc.querySelector('#detail .out-links li[data-referral-id="ref_222222222222222222222222"] .status')?.textContent).toBe('mega · actioned');
    expect(doc.querySelectorAll('#detail a').length).toBe(0);
  });

  it('offers to attach the resolved URL of an unresolved short link, and only there', () => {
    const doc = page();
    const referral = {
      referralId: 'ref_0123456789abcdef01234567', contentKey: 'https://vm.tiktok.com/ZMabc123/', canonicalUrl: 'https://vm.tiktok.com/ZMabc123/', url: 'https://vm.tiktok.com/ZMabc123/', platform: 'tiktok',
      category: 'propaganda' as const, legalRoute: 'referral' as const, status: 'new' as const, priority: 'P3' as const, units: ['eu-iru'], reportCount: 1, firstReportedAt: 'x', lastReportedAt: 'x',
      labels: [{ name: 'short-link', value: 'unresolved', rule: 'platform:tiktok-short-link-unresolved', evidence: [] }], indicators: [],
    };
    const resolve = vi.fn();
    renderReferralDetail(doc, { referral }, vi.fn(), { resolveShortLink: resolve });
    (doc.querySelector('#resolved-url') as HTMLInputElement).value = ' https://www.tiktok.com/@scout2015/video/6718335390845095173 ';
    (doc.querySelector('#resolve-short-link button') as HTMLButtonElement).click();
    expect(resolve).toHaveBeenCalledWith('https://www.tiktok.com/@scout2015/video/6718335390845095173');
    renderReferralDetail(doc, { referral: { ...referral, labels: [] } }, vi.fn(), { resolveShortLink: resolve });
    expect(doc.querySelector('#resolve-short-link')).toBeNull();
  });

  it("shows another unit's operational hold as whom to call, and the unit's own hold with its reason", () => {
    const doc = page();
    const referral = {
      referralId: 'ref_0123456789abcdef01234567', contentKey: 'telegram:post:chan/1', canonicalUrl: 'https://t.me/chan/1', url: 'https://t.me/chan/1', platform: 'telegram',
      category: 'propaganda' as const, legalRoute: 'referral' as const, status: 'new' as const, priority: 'P3' as const, units: ['eu-iru'], reportCount: 1, firstReportedAt: 'x', lastReportedAt: 'x',
      labels: [], indicators: [],
      holds: [
        { kind: 'channel' as const, unit: 'fr-pharos', contact: 'duty desk', expiresAt: '2027-01-01T00:00:00Z', own: false },
        { kind: 'content' as const, unit: 'eu-iru', contact: 'our desk', expiresAt: '2027-01-01T00:00:00Z', own: true, reason: 'our case' },
      ],
    };
    renderReferralDetail(doc, { referral }, vi.fn());
    expect([...doc.querySelectorAll('.hold-notice')].map((line) => line.textContent)).toEqual(['hold: contact unit fr-pharos (duty desk)', 'hold by your unit: our case (contact our desk)']);
  });

  it('tabulates trends and summarises uploads with line numbers', () => {
    const doc = page();
    renderTrends(doc, {
      counts: { by: 'category', interval: 'day', from: 'a', to: 'b', periods: [{ period: '2026-05-01', counts: { propaganda: 2 }, total: 2 }], totals: { propaganda: 2 } },
      platforms: { platforms: [{ platform: 'x', outcomes: {}, actioned: 3, declined: 1, alreadyGone: 0, removalRate: 0.75, timeToAction: { count: 3, p50Seconds: 1448, p90Seconds: 4096 } }] },
      indicators: { indicators: [{ type: 'btc', value: '<svg onload=alert(1)>', referrals: 3 }] },
    });
    expect([...doc.querySelectorAll('#trend-table tbody td')].map((td) => td.textContent)).toEqual(['2026-05-01', '2', '2']);
    expect([...doc.querySelectorAll('#platform-stats td')].map((td) => td.textContent)).toEqual(['x', '3', '1', '0', '75 %', '≤ 24 min', '≤ 1 h 8 min']);
    expect(doc.querySelector('#indicator-stats td:nth-child(2)')?.textContent).toBe('<svg onload=alert(1)>');
    expect(doc.querySelectorAll('svg').length).toBe(0);
    // The value opens the indicator's page in the dashboard, its text escaped into the hash.
    expect(doc.querySelector('#indicator-stats td:nth-child(2) a')?.getAttribute('href')).toBe('#/indicators/btc/%3Csvg%20onload%3Dalert(1)%3E');
    renderUploadSummary(doc, { dryRun: false, rows: 3, accepted: 1, alreadyImported: 0, duplicates: { total: 1, repeatInFile: 1, identicalRow: 0 }, rejected: [{ line: 4, issues: [{ path: 'url', message: 'bad' }] }], notSent: [] });
    expect(doc.querySelector('#upload-rejected li')?.textContent).toBe('line 4: url: bad');
  });

  it('blurs graphic media until the officer clicks, and can hide it again', () => {
    const doc = page();
    const figure = graphicMedia(doc, 'data:image/png;base64,AAAA', 'screenshot of the reported page');
    expect(figure.dataset.revealed).toBe('false');
    expect(figure.querySelector('button')?.textContent).toBe('Graphic content: click to view');
    (figure.querySelector('button') as HTMLButtonElement).click();
    expect(figure.dataset.revealed).toBe('true');
    (figure.querySelector('img') as HTMLImageElement).click();
    expect(figure.dataset.revealed).toBe('false');
  });

  it('shows a verified screenshot blurred, offers a snapshot as a download, and never fetches bytes that failed their check', async () => {
    const doc = page();
    const artifact = (kind: string, status: 'verified' | 'mismatch' | 'missing', digit: string) => ({ kind, status, sha256: digit.repeat(64), mediaType: kind === 'screenshot' ? 'image/png' : 'multipart/related', bytes: 1_234, capturedAt: '2026-05-01T10:00:00Z' });
    const imageUrl = vi.fn(async () => 'blob:chrome-extension://x/1');
    const download = vi.fn();
    const downloadPackage = vi.fn();
    renderEvidence(doc, { referralId: 'ref_0123456789abcdef01234567', artifacts: [artifact('screenshot', 'verified', 'a'), artifact('mhtml', 'verified', 'b'), artifact('screenshot', 'mismatch', 'c'), artifact('screenshot', 'missing', 'd')] }, { imageUrl, download, downloadPackage });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(imageUrl).toHaveBeenCalledTimes(1);
    const shown = doc.querySelector('li[data-sha256="' + 'a'.repeat(64) + '"] figure');
    expect(shown?.getAttribute('data-revealed')).toBe('false');
    expect(shown?.querySelector('img')?.getAttribute('src')).toBe('blob:chrome-extension://x/1');
    (doc.querySelector('[data-action="download-evidence"]') as HTMLButtonElement).click();
    expect(download).toHaveBeenCalledWith(expect.objectContaining({ sha256: 'b'.repeat(64) }));
    expect(doc.querySelector('li[data-sha256="' + 'c'.repeat(64) + '"]')?.textContent).toContain('do not match');
    expect(doc.querySelector('li[data-sha256="' + 'd'.repeat(64) + '"]')?.textContent).toContain('Never uploaded');
    expect(doc.querySelectorAll('img').length).toBe(1);
    expect(downloadPackage).not.toHaveBeenCalled();
    (doc.querySelector('[data-action="download-evidence-package"]') as HTMLButtonElement).click();
    expect(downloadPackage).toHaveBeenCalledTimes(1);
  });
});

describe('the Art. 16 notice', () => {
  it('shows the notice as text and saves that same text under a name after the referral', () => {
    const doc = page();
    const notice = `Subject: notice\n\n${hostileTitle}\n${hostileUrl}\n`;
    const actions = { copy: vi.fn(), download: vi.fn() };
    renderNotice(doc, 'ref_0123456789abcdef01234567', notice, actions);
    expect((doc.querySelector('#notice-text') as HTMLTextAreaElement).value).toBe(notice);
    expect(doc.querySelectorAll('#detail img, #detail script, #detail b').length).toBe(0);
    (doc.querySelector('[data-action="download-notice"]') as HTMLButtonElement).click();
    expect(actions.download).toHaveBeenCalledWith('art16-notice-ref_0123456789abcdef01234567.txt', notice);
    (doc.querySelector('[data-action="copy-notice"]') as HTMLButtonElement).click();
    expect(actions.copy).toHaveBeenCalledWith(notice);
  });
});

describe('assignment in the queue', () => {
  const at = Date.parse('2026-05-01T10:30:00Z');
  const submitAssign = (doc: Document, value: string) => {
    const form = doc.querySelector('form.assign-form') as HTMLFormElement;
    (form.querySelector('input[name="officerId"]') as HTMLInputElement).value = value;
    form.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).Event('submit', { cancelable: true }));
  };

  it('checks the officer id with the API schema before assigning, and says why it refused', () => {
    const doc = page();
    const cb = callbacks();
    renderQueue(doc, queue, cb, at);
    // A page of rows carries no assign form: the click that opens "Assign to…" builds it.
    expect(doc.querySelectorAll('#queue-rows form.assign-form').length).toBe(0);
    (doc.querySelector('#queue-rows details.assign-to > summary') as HTMLElement).click();
    expect(doc.querySelectorAll('#queue-rows form.assign-form').length).toBe(1);
    submitAssign(doc, '<b>x</b>');
    expect(cb.assign).not.toHaveBeenCalled();
    expect(doc.querySelector('form.assign-form .field-error')?.textContent).toContain('an officer id is letters');
    expect(doc.querySelectorAll('#queue-rows b').length).toBe(0);
    submitAssign(doc, '  liaison.omar ');
    expect(cb.assign).toHaveBeenCalledWith(queue.items[0], 'liaison.omar');
  });

  it("names a colleague of the unit, never another unit's officer, and offers nothing on another unit's assignment", () => {
    const doc = page();
    const cb = callbacks();
    const item = queue.items[0]!;
    const items = [
      { ...item, referralId: 'ref_0123456789abcdef01234560', assignment: { mine: true, ownUnit: true, officerId: 'liaison.lena' } },
      { ...item, referralId: 'ref_0123456789abcdef01234561', assignment: { mine: false, ownUnit: true, officerId: 'liaison.omar' } },
      { ...item, referralId: 'ref_0123456789abcdef01234562', assignment: { mine: false, ownUnit: false } },
    ];
    renderQueue(doc, { ...queue, items }, cb, at);
    const rows = [...doc.querySelectorAll('#queue-rows tr')];
    expect(rows.map((row) => row.querySelector('.assignee')?.textContent)).toEqual(['assigned to you', 'assigned to liaison.omar', 'assigned in another unit']);
    expect(rows.map((row) => row.querySelectorAll('details.assign-to, [data-action="unassign"]').length)).toEqual([2, 2, 0]);
    (rows[1]?.querySelector('[data-action="unassign"]') as HTMLButtonElement).click();
    expect(cb.assign).toHaveBeenCalledWith(items[1], undefined);
  });

  it("offers the same \"Assign to…\" in the referral's detail, and only with the version to act on", () => {
    const doc = page();
    const referral = {
      referralId: 'ref_0123456789abcdef01234567', contentKey: 'k', canonicalUrl: 'https://t.me/chan/1', url: 'https://t.me/chan/1', platform: 'telegram',
      category: 'propaganda' as const, legalRoute: 'referral' as const, status: 'new' as const, priority: 'P3' as const, units: ['eu-iru'], reportCount: 1, firstReportedAt: 'x', lastReportedAt: 'x',
      labels: [], indicators: [], version: 3,
    };
    const assign = vi.fn();
    renderReferralDetail(doc, { referral }, vi.fn(), { assign });
    submitAssign(doc, 'omar <b>');
    expect(assign).not.toHaveBeenCalled();
    expect(doc.querySelector('#detail form.assign-form .field-error')?.textContent).toContain('an officer id is letters');
    submitAssign(doc, 'liaison.omar');
    expect(assign).toHaveBeenCalledWith('liaison.omar');

    renderReferralDetail(doc, { referral: { ...referral, assignment: { mine: false, ownUnit: false } } }, vi.fn(), { assign });
    expect(doc.querySelector('#detail .assignee')?.textContent).toBe('assigned in another unit');
    expect(doc.querySelectorAll('#detail form.assign-form, #detail [data-action="unassign"]').length).toBe(0);
    renderReferralDetail(doc, { referral: { ...referral, status: 'actioned' as const, assignment: { mine: false, ownUnit: true, officerId: 'liaison.omar' } } }, vi.fn(), { assign });
    expect(doc.querySelectorAll('#detail form.assign-form').length).toBe(0);
    (doc.querySelector('#detail [data-action="unassign"]') as HTMLButtonElement).click();
    expect(assign).toHaveBeenLastCalledWith(undefined);
    const { version: _, ...withoutVersion } = referral;
    renderReferralDetail(doc, { referral: withoutVersion }, vi.fn(), { assign });
    expect(doc.querySelectorAll('#detail form.assign-form').length).toBe(0);
  });
});

describe('the queue table after redraws', () => {
  const at = Date.parse('2026-05-01T10:30:00Z');
  const item = { ...queue.items[0]!, status: 'new' as const, breached: false, claim: undefined };
  const items = [item, { ...item, referralId: 'ref_0123456789abcdef01234560', platform: 'telegram' }];

  it('acts on the referral of the row clicked, once, however often the table was drawn', () => {
    const doc = page();
    const first = callbacks();
    renderQueue(doc, { ...queue, status: 'new', items }, first, at);
    const cb = { ...callbacks(), selection: { has: (id: string) => id === item.referralId, set: vi.fn() } };
    renderQueue(doc, { ...queue, status: 'new', items }, cb, at);
    const rows = [...doc.querySelectorAll('#queue-rows tr')];
    (rows[1]?.querySelector('[data-action="claim"]') as HTMLButtonElement).click();
    (rows[0]?.querySelector('[data-action="details"]') as HTMLButtonElement).click();
    (rows[1]?.querySelector('[data-action="mark-filed"]') as HTMLButtonElement).click();
    (rows[0]?.querySelector('button[data-to="already_gone"]') as HTMLButtonElement).click();
    expect(cb.claim.mock.calls).toEqual([[items[1], false]]);
    expect(cb.open.mock.calls).toEqual([[items[0]]]);
    expect(cb.markFiled.mock.calls).toEqual([[items[1]]]);
    expect(cb.transition.mock.calls).toEqual([[items[0], 'already_gone', undefined]]);
    expect([first.claim, first.open, first.markFiled, first.transition].every((fn) => fn.mock.calls.length === 0)).toBe(true);
    // The tick boxes show the selection and report a change of their own row.
    const boxes = rows.map((row) => row.querySelector('input[data-action="select"]') as HTMLInputElement);
    expect(boxes.map((box) => box.checked)).toEqual([true, false]);
    expect(boxes[1]?.getAttribute('aria-label')).toContain('ref_0123456789abcdef01234560');
    boxes[1]!.checked = true;
    boxes[1]!.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).Event('change', { bubbles: true }));
    expect(cb.selection.set.mock.calls).toEqual([['ref_0123456789abcdef01234560', true]]);
  });

  it('opens a row\'s "Assign to…" for the a key with its field, built once', () => {
    const doc = page();
    const cb = callbacks();
    renderQueue(doc, { ...queue, status: 'new', items }, cb, at);
    const details = doc.querySelectorAll('#queue-rows details.assign-to')[1] as HTMLDetailsElement;
    const field = openRowAssignForm(details);
    expect(details.open).toBe(true);
    expect(field?.name).toBe('officerId');
    expect(openRowAssignForm(details)).toBe(field);
    expect(doc.querySelectorAll('#queue-rows form.assign-form').length).toBe(1);
    field!.value = 'liaison.omar';
    details.querySelector('form')!.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).Event('submit', { cancelable: true }));
    expect(cb.assign).toHaveBeenCalledWith(items[1], 'liaison.omar');
  });

  it('moves the countdowns every second and flags a deadline once it passes', () => {
    const doc = page();
    renderQueue(doc, { ...queue, status: 'new', items: [item] }, callbacks(), at);
    const cell = doc.querySelector('#queue-rows td.deadline') as HTMLElement;
    expect(cell.querySelector('.countdown')?.textContent).toBe('30 min left');
    tickCountdowns(doc, at + 60_000);
    expect(cell.querySelector('.countdown')?.textContent).toBe('29 min left');
    expect(cell.querySelector('.breach-flag')).toBeNull();
    tickCountdowns(doc, Date.parse('2026-05-01T11:00:01Z'));
    tickCountdowns(doc, Date.parse('2026-05-01T11:00:02Z'));
    expect(cell.querySelector('.countdown')?.textContent).toBe('overdue by 2 s');
    expect(cell.classList.contains('breached')).toBe(true);
    expect(cell.querySelectorAll('.breach-flag').length).toBe(1);
  });
});
