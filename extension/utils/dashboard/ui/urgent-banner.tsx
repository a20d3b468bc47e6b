import { useCallback, useEffect, useState } from 'preact/hooks';
import type { UnacknowledgedPage } from '../../contract';
import { t } from '../../i18n';
import type { DashboardPage } from '../page';
import { bannerPollMs, emergencyLineText, pageClock } from '../urgent-banner';

/**
 * On every dashboard page while a P1 of the officer's unit waits for acknowledgement: the running
 * clock since the first page, when the next contact is paged, the platform's emergency line, and
 * the button that acknowledges (the same route as the pager's acknowledgement). Everything shown
 * comes from the API as text; nothing is markup.
 */
export const UrgentBanner = ({ page }: { page: DashboardPage }) => {
  const [pages, setPages] = useState<UnacknowledgedPage[] | undefined>();
  const [now, setNow] = useState(() => page.now());
  const [failure, setFailure] = useState<string | undefined>();
  const [pending, setPending] = useState<string | undefined>();

  const load = useCallback(
    () =>
      page.ask('dashboard.unacknowledged-pages', {}).then(
        (answer) => setPages(answer.pages),
        // A failed poll keeps what was shown: a banner must not vanish because one request failed.
        () => undefined,
      ),
    [page],
  );

  useEffect(() => {
    void load();
    const poll = setInterval(() => void load(), bannerPollMs);
    const tick = setInterval(() => setNow(page.now()), 1_000);
    return () => {
      clearInterval(poll);
      clearInterval(tick);
    };
  }, [page, load]);

  // Set once the API answered, so a test (or a screen reader's user) can tell "none" from "not asked yet".
  useEffect(() => {
    if (pages !== undefined) page.doc.body.dataset.urgentPages = String(pages.length);
  }, [page, pages]);

  const acknowledge = (referralId: string) => {
    setPending(referralId);
    setFailure(undefined);
    page
      .ask('dashboard.acknowledge-page', { referralId })
      .then(
        () => {
          setPages((shown) => shown?.filter((shownPage) => shownPage.referralId !== referralId));
          return load();
        },
        (error: unknown) => setFailure(t('acknowledgePageFailed', error instanceof Error ? error.message : String(error))),
      )
      .finally(() => setPending(undefined));
  };

  if ((pages === undefined || pages.length === 0) && failure === undefined) return null;
  return (
    <section id="urgent-banner" class="urgent-banner" aria-labelledby="urgent-banner-heading">
      <h2 id="urgent-banner-heading">{t('urgentBannerHeading')}</h2>
      <ul>
        {(pages ?? []).map((shown) => {
          const clock = pageClock(shown, now);
          return (
            <li key={shown.referralId} data-referral-id={shown.referralId} data-step={String(shown.step)}>
              <strong>{t('urgentBannerReferral', shown.platform, shown.referralId)}</strong>{' '}
              <span class="clock" role="timer">
                {t('urgentBannerClock', clock.unacknowledgedFor)}
              </span>{' '}
              <span class="due">{clock.due.overdue ? t('urgentBannerOverdue', clock.due.by) : t('urgentBannerNextIn', clock.due.in)}</span>
              {shown.emergencyContact !== undefined ? <p class="emergency-line">{t('urgentBannerEmergencyLine', emergencyLineText(shown.emergencyContact))}</p> : null}
              <button type="button" data-action="acknowledge-page" disabled={pending === shown.referralId} onClick={() => acknowledge(shown.referralId)}>
                {t('acknowledgePage')}
              </button>
            </li>
          );
        })}
      </ul>
      {failure !== undefined ? (
        <p class="status error" role="alert">
          {failure}
        </p>
      ) : null}
    </section>
  );
};
