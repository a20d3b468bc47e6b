import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditEvent, ReferralView } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import type { DashboardSession } from '../messages';
import type { DashboardPage } from '../page';
import { legalHref, orderHref, useRouteParams } from '../ui/router';
import { ComplaintsPanel } from './complaints-panel';
import { HoldPanel } from './hold-panel';
import { LegalAuditPanel } from './legal-audit-panel';
import { legalPermissions } from './legal-permissions';

interface Status {
  text: string;
  error: boolean;
}
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** One referral's hold, complaints and audits, each section for the roles the API lets read it. */
const ReferralLegal = ({ page, session, referralId }: { page: DashboardPage; session: DashboardSession; referralId: string }) => {
  const [referral, setReferral] = useState<ReferralView | undefined>();
  const [lifecycle, setLifecycle] = useState<AuditEvent[] | undefined>();
  const [status, setStatus] = useState<Status>({ text: t('loading'), error: false });
  const [revision, setRevision] = useState(0);
  const may = legalPermissions(session.roles);
  // The API's refusal, as it gave it (its message names the article it applies), in an alert.
  const fail = (error: unknown) => setStatus({ text: t('legalRefused', messageOf(error)), error: true });
  const changed = (done: MessageKey) => {
    setStatus({ text: t(done), error: false });
    setRevision((n) => n + 1);
  };
  useEffect(() => {
    page.doc.body.dataset.legalChanged = String(revision);
  }, [revision, page]);

  useEffect(() => {
    let current = true;
    void page
      .ask('dashboard.referral', { referralId })
      .then((detail) => {
        if (!current) return;
        setReferral(detail.referral);
        setLifecycle(detail.audit);
        setStatus({ text: '', error: false });
        page.doc.body.dataset.legalLoaded = String(page.now());
      })
      .catch((error: unknown) => current && fail(error));
    return () => {
      current = false;
    };
  }, [page, referralId]);

  return (
    <>
      <p id="legal-status" class={status.error ? 'status error' : 'status'} role={status.error ? 'alert' : 'status'}>
        {status.text}
      </p>
      {referral !== undefined ? (
        <>
          <p id="legal-referral">
            {t('orderForReferral', referral.referralId)} · <span dir="auto">{referral.url}</span> · <span data-referral-status={referral.status}>{t(`status_${referral.status}`)}</span>{' '}
            <a href={orderHref(referral.referralId)}>{t('openRemovalOrder')}</a>
          </p>
          <section id="legal-hold-section" aria-labelledby="legal-hold-heading">
            <h3 id="legal-hold-heading">{t('legalHoldHeading')}</h3>
            {may.readHold ? <HoldPanel page={page} referralId={referralId} may={may} onChanged={changed} onError={fail} /> : <p class="hint">{t('legalNotForRole')}</p>}
          </section>
          <section id="legal-complaints-section" aria-labelledby="legal-complaints-heading">
            <h3 id="legal-complaints-heading">{t('legalComplaintsHeading')}</h3>
            {referral.status !== 'actioned' && may.recordComplaint ? <p class="hint">{t('legalComplaintsNeedRemoval')}</p> : null}
            {may.readComplaints ? <ComplaintsPanel page={page} referralId={referralId} may={may} onChanged={changed} onError={fail} /> : <p class="hint">{t('legalNotForRole')}</p>}
          </section>
          <LegalAuditPanel page={page} referralId={referralId} lifecycle={lifecycle} revision={revision} mayRead={may.readLegalAudit} onError={fail} />
        </>
      ) : null}
    </>
  );
};

/**
 * A referral's legal side (`#/legal/<referralId>`), Regulation (EU) 2021/784: its legal hold
 * (Art. 6), the content provider's complaints and any reinstatement (Art. 10), and its
 * rule-of-law audit beside the lifecycle audit trail.
 */
export const LegalScreen = ({ page, session, location, events }: { page: DashboardPage; session: DashboardSession; location: { hash: string }; events: EventTarget }) => {
  const params = useRouteParams(location, events);
  const box = useRef<HTMLInputElement>(null);
  const referralId = params[0];
  return (
    <section id="legal-view" aria-labelledby="legal-heading">
      <h2 id="legal-heading">{t('legalScreenHeading')}</h2>
      <form
        id="legal-open"
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          const id = box.current?.value.trim() ?? '';
          if (id !== '') location.hash = legalHref(id);
        }}
      >
        <label>
          {t('orderReferralId')}
          <input id="legal-referral-id" ref={box} defaultValue={referralId ?? ''} pattern="ref_[0-9a-f]{24}" size={32} spellcheck={false} />
        </label>
        <button type="submit">{t('orderOpen')}</button>
      </form>
      {referralId !== undefined && referralId !== '' ? <ReferralLegal key={referralId} page={page} session={session} referralId={referralId} /> : <p>{t('legalPrompt')}</p>}
    </section>
  );
};
