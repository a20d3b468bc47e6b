import { useEffect, useRef, useState } from 'preact/hooks';
import type { SearchHit } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import type { DashboardPage } from '../page';
import { statusName } from '../ui/code-names';
import { isTyping } from '../ui/table-keys';
import { renderReferralDetail } from '../view';

const matchNames: Record<SearchHit['matchedBy'][number], MessageKey> = { 'referral-id': 'match_referral_id', url: 'match_url', indicator: 'match_indicator' };

/**
 * Finds a referral from whatever an officer pastes (a URL in any form, a referral id, a wallet
 * or IBAN); the API reads it and answers only with what the token may open. `/` focuses the box.
 * Captured titles and URLs are shown as text, never as links.
 */
export const SearchPanel = ({ page }: { page: DashboardPage }) => {
  const box = useRef<HTMLInputElement>(null);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [status, setStatus] = useState('');

  useEffect(() => {
    const focusBox = (event: KeyboardEvent) => {
      if (event.key !== '/' || isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      box.current?.focus();
    };
    page.doc.addEventListener('keydown', focusBox);
    return () => page.doc.removeEventListener('keydown', focusBox);
  }, [page]);

  const search = async (q: string): Promise<void> => {
    if (q.trim() === '') return;
    setStatus(t('searching'));
    try {
      const answer = await page.ask('dashboard.search', { q });
      setHits(answer.results);
      const readAs = answer.readAs.map((reading) => `${t(matchNames[reading.kind])} ${reading.value}`).join('; ');
      setStatus(
        answer.results.length > 0
          ? t('searchFound', answer.results.length)
          : readAs
            ? t('searchNoneLookedUp', readAs)
            : t('searchNoneUnreadable'),
      );
    } catch (error) {
      setHits([]);
      setStatus(error instanceof Error ? error.message : String(error));
    }
    page.doc.body.dataset.searchLoaded = String(page.now());
  };

  const open = (referralId: string): void => {
    void page
      .ask('dashboard.referral', { referralId })
      .then((detail) => renderReferralDetail(page.doc, detail, page.copy, { panelId: 'search-detail' }))
      .catch((error: unknown) => setStatus(error instanceof Error ? error.message : String(error)));
  };

  return (
    <section id="search-view" class="search" aria-label={t('searchLabel')}>
      <form
        id="search-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          void search(box.current?.value ?? '');
        }}
      >
        <input id="search-q" ref={box} type="search" placeholder={t('searchPlaceholder')} aria-label={t('searchBoxLabel')} maxLength={4_200} />
        <button type="submit">{t('search')}</button>
      </form>
      <p id="search-status" class="status" role="status" aria-live="polite">
        {status}
      </p>
      <ul id="search-results">
        {hits.map((hit) => (
          <li key={hit.referralId} data-referral-id={hit.referralId}>
            <span class="title" dir="auto">
              {hit.title ?? t('noTitle')}
            </span>{' '}
            <code dir="auto">{hit.url}</code>{' '}
            <span class="meta">
              {hit.platform} · {statusName(hit.status)} · {hit.priority} · {t('foundBy', hit.matchedBy.map((match) => t(matchNames[match])).join(', '))}
            </span>{' '}
            <button type="button" data-action="open" onClick={() => open(hit.referralId)}>
              {t('open')}
            </button>
          </li>
        ))}
      </ul>
      <aside id="search-detail" class="detail" aria-label={t('foundReferral')} hidden></aside>
    </section>
  );
};
