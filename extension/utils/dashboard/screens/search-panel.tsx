import { useEffect, useRef, useState } from 'preact/hooks';
import type { SearchHit } from '../../contract';
import type { DashboardPage } from '../page';
import { isTyping } from '../ui/table-keys';
import { renderReferralDetail } from '../view';

const matchNames: Record<SearchHit['matchedBy'][number], string> = { 'referral-id': 'referral id', url: 'URL', indicator: 'indicator' };

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
    setStatus('Searching…');
    try {
      const answer = await page.ask('dashboard.search', { q });
      setHits(answer.results);
      const readAs = answer.readAs.map((reading) => `${matchNames[reading.kind]} ${reading.value}`).join('; ');
      setStatus(
        answer.results.length > 0
          ? `${answer.results.length} referral(s) found.`
          : `No referral you may see matches${readAs ? ` (looked up ${readAs})` : ': this is no URL, referral id or indicator value'}.`,
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
      .then((detail) => renderReferralDetail(page.doc, detail, page.copy, undefined, 'search-detail'))
      .catch((error: unknown) => setStatus(error instanceof Error ? error.message : String(error)));
  };

  return (
    <section id="search-view" class="search" aria-label="Search referrals">
      <form
        id="search-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          void search(box.current?.value ?? '');
        }}
      >
        <input id="search-q" ref={box} type="search" placeholder="Search: URL, referral id, wallet or IBAN  ( / )" aria-label="Search referrals by URL, referral id or indicator value" maxLength={4_200} />
        <button type="submit">Search</button>
      </form>
      <p id="search-status" class="status" role="status" aria-live="polite">
        {status}
      </p>
      <ul id="search-results">
        {hits.map((hit) => (
          <li key={hit.referralId} data-referral-id={hit.referralId}>
            <span class="title" dir="auto">
              {hit.title ?? '(no title)'}
            </span>{' '}
            <code dir="auto">{hit.url}</code>{' '}
            <span class="meta">
              {hit.platform} · {hit.status} · {hit.priority} · found by {hit.matchedBy.map((match) => matchNames[match]).join(', ')}
            </span>{' '}
            <button type="button" data-action="open" onClick={() => open(hit.referralId)}>
              Open
            </button>
          </li>
        ))}
      </ul>
      <aside id="search-detail" class="detail" aria-label="Found referral" hidden></aside>
    </section>
  );
};
