import type { QueueItem, QueuePage } from '../contract';
import { evidenceCallbacks, pageElement, type DashboardPage } from './page';
import { describeFiling } from './queue';
import type { QueueSelection } from './bulk/bulk-actions';
import type { QueuePageSize } from './messages';
import { t } from '../i18n';
import { clearReferralDetail, renderEvidence, renderNotice, renderQueue, renderReferralDetail, showError, showStatus, tickCountdowns, type QueueCallbacks } from './view';

/** How often the open queue and detail are read again: a platform's answer shows within this time. */
const followEveryMs = 5_000;

/** What the screen around the queue learns: the referral whose detail is shown, and a delivery the API refused (four-eyes, a hold). */
export interface QueueHooks {
  detailShown(referralId: string): void;
  sendRefused(item: QueueItem, message: string): void;
  /** Bulk actions: the referrals ticked on the shown page. */
  selection?: QueueSelection;
}

export interface QueuePanel {
  /** Opens a referral's detail, as its Details button does. */
  open(referralId: string): void;
  /** The referrals of the shown page, as the API listed them (with the version each action expects). */
  shownItems(): QueueItem[];
  /** Runs a bulk action with the queue's polling held, then shows the queue and detail as the API now has them. */
  bulk<T>(work: () => Promise<T>): Promise<T>;
  stop(): void;
}

/** The liaison officer's queue: one platform's referrals, most urgent first, paged by the API's cursor. */
export const wireQueuePanel = (page: DashboardPage, hooks?: QueueHooks): QueuePanel => {
  const { doc, ask } = page;
  const byId = <T extends HTMLElement>(id: string) => pageElement<T>(doc, id);
  const status = (message: string) => showStatus(doc, 'queue-status', message);
  const fail = (error: unknown) => showError(doc, 'queue-status', error);
  let cursors: (string | undefined)[] = [];
  let shown: QueuePage | undefined;

  const selection = () => ({
    platform: byId<HTMLSelectElement>('queue-platform').value,
    status: byId<HTMLSelectElement>('queue-status-filter').value as QueuePage['status'],
    limit: Number(byId<HTMLSelectElement>('queue-page-size').value) as QueuePageSize,
    // "Mine": what colleagues gave this officer.
    ...(byId<HTMLInputElement>('queue-mine').checked ? { assignee: 'me' as const } : {}),
  });

  const load = async (cursor: string | undefined): Promise<void> => {
    const { platform, status: filter, assignee, limit } = selection();
    if (platform === '') {
      status(t('noPlatformAssigned'));
      return;
    }
    status(t('loading'));
    try {
      const queuePage = await ask('dashboard.queue', { platform, status: filter, limit, ...(assignee !== undefined ? { assignee } : {}), ...(cursor !== undefined ? { cursor } : {}) });
      // The officer may have left the queue screen while the API answered: nothing to draw into.
      if (doc.getElementById('queue-status') === null) return;
      // User timing marks (DevTools' performance panel, the extension benchmark): the API's answer, then the rows drawn.
      performance.mark('queue-answered');
      shown = queuePage;
      renderQueue(doc, queuePage, callbacks, page.now());
      performance.mark('queue-drawn');
      hooks?.selection?.keepOnly(queuePage.items.map((item) => item.referralId));
      status(t('queuePageCount', queuePage.items.length));
      doc.body.dataset.queueLoaded = String(page.now());
    } catch (error) {
      if (doc.getElementById('queue-status') !== null) fail(error);
    }
  };

  const reload = () => load(cursors.at(-1));

  /** "Assign to…" from a queue row or the referral's detail: one request, with the version the officer saw. */
  const assign = (referralId: string, expectedVersion: number, officerId: string | undefined): void =>
    act(officerId === undefined ? t('actUnassigning') : t('actAssigningTo', officerId), () =>
      ask('dashboard.assign', { referralId, expectedVersion, ...(officerId !== undefined ? { officerId } : {}) }),
    );

  /** The referral whose detail is open: it is read again after every action, so it never shows a past state. */
  let openReferralId: string | undefined;
  /** The detail as last drawn, to tell whether a poll brought anything new. */
  let shownDetail: string | undefined;
  const showDetail = async (referralId: string): Promise<void> => {
    openReferralId = referralId;
    const detail = await ask('dashboard.referral', { referralId });
    shownDetail = JSON.stringify(detail);
    const evidence = await ask('dashboard.evidence', { referralId });
    // A later click may have opened another referral while these were on their way.
    if (openReferralId !== referralId) return;
    const { version } = detail.referral;
    renderReferralDetail(doc, detail, page.copy, {
      resolveShortLink: (url) => act(t('actAttachResolved'), () => ask('dashboard.resolve-short-link', { referralId, url })),
      ...(version === undefined ? {} : { assign: (officerId: string | undefined) => assign(referralId, version, officerId) }),
    });
    renderEvidence(doc, evidence, evidenceCallbacks(page, referralId, fail));
    hooks?.detailShown(referralId);
    doc.body.dataset.detailLoaded = String(page.now());
  };
  const refreshDetail = (): Promise<void> => (openReferralId === undefined ? Promise.resolve() : showDetail(openReferralId));

  /** Actions under way: a refresh meanwhile would draw a state the action is about to replace. */
  let acting = 0;
  /** Runs one lifecycle action, then shows the queue as the API now has it (a 409 means someone else moved first). */
  const act = (label: string, action: () => Promise<unknown>, refused?: (message: string) => void): void => {
    status(t('actionRunning', label));
    acting += 1;
    void action()
      .then(() => Promise.all([reload(), refreshDetail()]))
      .then(() => status(t('actionDone', label)))
      .catch(async (error: unknown) => {
        await Promise.all([reload(), refreshDetail().catch(() => undefined)]);
        fail(error);
        refused?.(error instanceof Error ? error.message : String(error));
      })
      .finally(() => {
        acting -= 1;
      });
  };

  /**
   * A platform's callback changes a referral while the officer looks at it. The shown page and
   * the open detail are read again every few seconds while the page is visible, and at once when
   * it becomes visible again; they are redrawn only when the API's answer differs, so a poll never
   * disturbs an officer's selection on an unchanged queue.
   */
  let polling = false;
  const followChanges = async (): Promise<void> => {
    if (polling || acting > 0 || doc.visibilityState === 'hidden' || shown === undefined) return;
    polling = true;
    try {
      const { platform, status: filter, assignee, limit } = selection();
      const cursor = cursors.at(-1);
      const fresh = await ask('dashboard.queue', { platform, status: filter, limit, ...(assignee !== undefined ? { assignee } : {}), ...(cursor !== undefined ? { cursor } : {}) });
      // The Mine toggle may have changed while the poll was on its way: that answer is for the other view.
      const sameView = platform === shown.platform && filter === shown.status && assignee === selection().assignee && limit === selection().limit;
      // An officer typing in a row's form (a colleague's id, an abuse contact) keeps it: the next poll redraws.
      const typing = doc.activeElement?.closest('#queue-rows form, #detail form') != null;
      if (acting === 0 && sameView && !typing && JSON.stringify([fresh.items, fresh.hostContacts]) !== JSON.stringify([shown.items, shown.hostContacts])) {
        shown = fresh;
        renderQueue(doc, fresh, callbacks, page.now());
        hooks?.selection?.keepOnly(fresh.items.map((item) => item.referralId));
      }
      const open = openReferralId;
      if (open !== undefined) {
        const detail = await ask('dashboard.referral', { referralId: open });
        if (acting === 0 && !typing && openReferralId === open && JSON.stringify(detail) !== shownDetail) await showDetail(open);
      }
      doc.body.dataset.queueFollowed = String(page.now());
    } catch {
      // A failed poll changes nothing on the page; the next one tries again.
    } finally {
      polling = false;
    }
  };

  const callbacks: QueueCallbacks = {
    claim: (item: QueueItem, release: boolean) =>
      act(release ? t('actReleasing') : t('actClaiming'), () => ask('dashboard.claim', { referralId: item.referralId, expectedVersion: item.version, release })),
    assign: (item: QueueItem, officerId: string | undefined) => assign(item.referralId, item.version, officerId),
    send: (item: QueueItem) =>
      act(t('actSending'), () => ask('dashboard.send', { referralId: item.referralId, expectedVersion: item.version }), (message) => hooks?.sendRefused(item, message)),
    markFiled: (item: QueueItem) => {
      status(t('markingAsFiled'));
      void ask('dashboard.send', { referralId: item.referralId, expectedVersion: item.version })
        .then(() => Promise.all([reload(), refreshDetail()]))
        .then(() => ask('dashboard.referral', { referralId: item.referralId }))
        .then((detail) => status(describeFiling(detail.audit ?? []) ?? t('markedAsFiled')))
        .catch(async (error: unknown) => {
          await Promise.all([reload(), refreshDetail().catch(() => undefined)]);
          fail(error);
          hooks?.sendRefused(item, error instanceof Error ? error.message : String(error));
        });
    },
    recordAbuseContact: (host, contact) => act(t('actRecordingAbuse', host), () => ask('dashboard.record-abuse-contact', { host, contact })),
    notice: (item: QueueItem) =>
      void ask('dashboard.notice', { referralId: item.referralId })
        .then(({ text }) => {
          openReferralId = undefined;
          renderNotice(doc, item.referralId, text, {
            copy: page.copy,
            download: (fileName, notice) => {
              page.download(fileName, 'text/plain;charset=utf-8', notice);
              status(t('noticeSaved', fileName));
            },
          });
        })
        .catch(fail),
    transition: (item: QueueItem, to: QueueItem['status'], outcome: QueueItem['outcome']) =>
      act(t('actMarking', t(`status_${to}`)), () =>
        ask('dashboard.transition', { referralId: item.referralId, to, expectedVersion: item.version, ...(outcome !== undefined ? { outcome } : {}) }),
      ),
    open: (item: QueueItem) => void showDetail(item.referralId).catch(fail),
    copy: page.copy,
    ...(hooks?.selection !== undefined ? { selection: hooks.selection } : {}),
  };
  // "Select all" and the bulk bar change the selection outside the rows: the tick boxes follow it.
  const stopTicking = hooks?.selection?.subscribe(() => {
    for (const box of Array.from(doc.querySelectorAll<HTMLInputElement>('#queue-rows input[data-action="select"]'))) {
      box.checked = hooks.selection?.has(box.closest('tr')?.dataset.referralId ?? '') ?? false;
    }
  });

  const exportQueue = (format: 'csv' | 'ndjson'): void => {
    const { platform, status: filter } = selection();
    void ask('dashboard.export', { platform, status: filter, format })
      .then((file) => {
        page.download(file.fileName, file.mediaType, file.content);
        status(file.truncated ? t('exportedTruncated', file.fileName) : t('exported', file.fileName));
      })
      .catch(fail);
  };

  const restart = () => {
    cursors = [];
    void load(undefined);
  };
  byId('queue-platform').addEventListener('change', () => {
    // Another platform's queue: the open referral belongs to the previous one.
    openReferralId = undefined;
    clearReferralDetail(doc);
    restart();
  });
  byId('queue-status-filter').addEventListener('change', restart);
  byId('queue-page-size').addEventListener('change', restart);
  byId('queue-mine').addEventListener('change', restart);
  byId('queue-first').addEventListener('click', restart);
  byId('queue-next').addEventListener('click', () => {
    const next = shown?.nextCursor;
    if (next === undefined) return;
    cursors.push(next);
    void load(next);
  });
  byId('queue-form').addEventListener('submit', (event) => event.preventDefault());
  byId('queue-export-csv').addEventListener('click', () => exportQueue('csv'));
  byId('queue-export-ndjson').addEventListener('click', () => exportQueue('ndjson'));
  // Deadlines of removal orders are an hour: the countdown moves every second.
  const ticking = setInterval(() => tickCountdowns(doc, page.now()), 1_000);
  const following = setInterval(() => void followChanges(), followEveryMs);
  const onVisible = () => {
    if (doc.visibilityState === 'visible') void followChanges();
  };
  doc.addEventListener('visibilitychange', onVisible);
  restart();
  return {
    open: (referralId) => void showDetail(referralId).catch(fail),
    shownItems: () => [...(shown?.items ?? [])],
    bulk: async (work) => {
      acting += 1;
      try {
        return await work();
      } finally {
        await Promise.all([reload(), refreshDetail().catch(() => undefined)]);
        acting -= 1;
      }
    },
    stop: () => {
      stopTicking?.();
      clearInterval(ticking);
      clearInterval(following);
      doc.removeEventListener('visibilitychange', onVisible);
    },
  };
};
