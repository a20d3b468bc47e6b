import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { UnacknowledgedPage } from '../contract';
import type { DashboardPage } from './page';
import { UrgentBanner } from './ui/urgent-banner';
import { clockText, emergencyLineText, pageClock, seesUrgentBanner } from './urgent-banner';

const paged: UnacknowledgedPage = {
  referralId: 'ref_0123456789abcdef01234567',
  platform: 'x',
  priority: 'P1',
  step: 0,
  lastStep: false,
  firstPagedAt: '2026-05-01T10:00:00.000Z',
  ackDueAt: '2026-05-01T10:10:00.000Z',
  emergencyContact: { name: 'Law Enforcement Emergency Requests', phone: '+1 650 555 0100', url: 'https://legalrequests.x.example/emergency' },
};

describe('the urgent banner clock', () => {
  it('runs from the first page, and counts down to the next contact, then overdue', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(pageClock(paged, at('2026-05-01T10:03:07.900Z'))).toEqual({ unacknowledgedFor: '3:07', due: { overdue: false, in: '6:52' } });
    expect(pageClock(paged, at('2026-05-01T11:12:05.000Z'))).toEqual({ unacknowledgedFor: '1:12:05', due: { overdue: true, by: '1:02:05' } });
    expect(clockText(-5_000)).toBe('0:00');
  });

  it('is seen by whoever may acknowledge, whatever other roles they hold, and not by an analyst alone', () => {
    expect(seesUrgentBanner(['analyst'])).toBe(false);
    expect(seesUrgentBanner(['deployment-admin'])).toBe(false);
    expect(seesUrgentBanner(['analyst', 'liaison'])).toBe(true);
    expect(seesUrgentBanner(['referrer'])).toBe(true);
  });

  it('writes the emergency line as one line of text', () => {
    expect(emergencyLineText({ name: 'Desk', email: 'le@x.example' })).toBe('Desk · le@x.example');
  });
});

describe('the urgent banner', () => {
  let doc: Document;
  let root: HTMLElement;
  const original = globalThis.document;

  beforeEach(() => {
    fakeBrowser.reset();
    doc = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>').document as unknown as Document;
    root = doc.getElementById('app') as HTMLElement;
    // Preact creates nodes through the global document.
    (globalThis as { document: Document }).document = doc;
  });
  afterEach(() => {
    render(null, root);
    (globalThis as { document: Document | undefined }).document = original;
  });

  const pageWith = (answers: { pages: UnacknowledgedPage[][]; acknowledge: () => Promise<unknown> }, now: number) => {
    const asked: string[] = [];
    const ask = vi.fn(async (name: string, data: unknown) => {
      asked.push(`${name} ${JSON.stringify(data)}`);
      if (name === 'dashboard.unacknowledged-pages') return { unit: 'eu-iru', pages: answers.pages.shift() ?? [] };
      if (name === 'dashboard.acknowledge-page') return answers.acknowledge();
      throw new Error(`unexpected ${name}`);
    });
    const page = { doc, ask, copy: () => undefined, download: () => undefined, now: () => now } as unknown as DashboardPage;
    return { page, asked };
  };

  const flush = async () => {
    for (let i = 0; i < 5; i += 1) await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
  };

  it('shows the running clock, the emergency line as text, and clears once acknowledged', async () => {
    const hostileLine = { name: '<img src=x onerror=alert(1)>', phone: '+1 650 555 0100' };
    const { page, asked } = pageWith(
      { pages: [[paged, { ...paged, referralId: 'ref_ffffffffffffffffffffffff', platform: 'youtube', emergencyContact: hostileLine }], []], acknowledge: async () => ({ referralId: paged.referralId, step: 0, applied: true }) },
      Date.parse('2026-05-01T10:03:07.000Z'),
    );
    await act(() => render(h(UrgentBanner, { page }), root));
    await flush();
    const items = [...root.querySelectorAll('#urgent-banner li')];
    expect(items.map((li) => li.getAttribute('data-referral-id'))).toEqual([paged.referralId, 'ref_ffffffffffffffffffffffff']);
    expect(items[0]?.querySelector('.clock')?.textContent).toBe('unacknowledged for 3:07');
    expect(items[0]?.querySelector('.due')?.textContent).toBe('next contact paged in 6:53');
    expect(items[0]?.querySelector('.emergency-line')?.textContent).toBe("Platform's emergency line: Law Enforcement Emergency Requests · +1 650 555 0100 · https://legalrequests.x.example/emergency");
    expect(root.querySelectorAll('#urgent-banner img, #urgent-banner a')).toHaveLength(0);
    expect(items[1]?.querySelector('.emergency-line')?.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(doc.body.dataset.urgentPages).toBe('2');

    (items[0]?.querySelector('[data-action="acknowledge-page"]') as HTMLButtonElement).click();
    await flush();
    expect(asked).toContain(`dashboard.acknowledge-page {"referralId":"${paged.referralId}"}`);
    expect(root.querySelector('#urgent-banner')).toBeNull();
    expect(doc.body.dataset.urgentPages).toBe('0');
  });

  it('keeps the page and says why when the acknowledgement fails', async () => {
    const { page } = pageWith({ pages: [[paged]], acknowledge: async () => Promise.reject(new Error('only an officer of the paged unit acknowledges its page')) }, Date.parse('2026-05-01T10:12:00.000Z'));
    await act(() => render(h(UrgentBanner, { page }), root));
    await flush();
    expect(root.querySelector('.due')?.textContent).toBe('acknowledgement overdue by 2:00');
    (root.querySelector('[data-action="acknowledge-page"]') as HTMLButtonElement).click();
    await flush();
    expect(root.querySelectorAll('#urgent-banner li')).toHaveLength(1);
    expect(root.querySelector('#urgent-banner [role="alert"]')?.textContent).toBe('The acknowledgement failed: only an officer of the paged unit acknowledges its page');
  });

  it('shows nothing while nothing waits', async () => {
    const { page } = pageWith({ pages: [[]], acknowledge: async () => undefined }, Date.now());
    await act(() => render(h(UrgentBanner, { page }), root));
    await flush();
    expect(root.querySelector('#urgent-banner')).toBeNull();
    expect(doc.body.dataset.urgentPages).toBe('0');
  });
});
