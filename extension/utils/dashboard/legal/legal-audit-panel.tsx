import { useEffect, useState } from 'preact/hooks';
import type { AuditEvent, LegalAuditEvent } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import type { DashboardPage } from '../page';
import { DataTable, type Column } from '../ui/data-table';
import { auditActionName, describeChange } from '../ui/code-names';

/** The rule-of-law records an event may concern (functions/core/rule-of-law/legal-event.ts), as the officer reads them. */
const subjectKeys: Record<string, MessageKey> = {
  order: 'legalSubject_order',
  hold: 'legalSubject_hold',
  complaint: 'legalSubject_complaint',
  review: 'legalSubject_review',
  settings: 'legalSubject_settings',
  clock: 'legalSubject_clock',
  retention: 'legalSubject_retention',
  evidence: 'legalSubject_evidence',
  report: 'legalSubject_report',
  'operational-hold': 'legalSubject_operational_hold',
};

/** The actions this screen records, in the officer's words; any other shows as the record's own code. */
const actionKeys: Record<string, MessageKey> = {
  preserved: 'legalHoldAction_preserved',
  extended: 'legalHoldAction_extended',
  released: 'legalHoldAction_released',
  received: 'legalAuditAction_received',
  decided: 'legalAuditAction_decided',
  reinstated: 'legalAuditAction_reinstated',
};
/** The details of those actions, named as the forms name them; any other shows by its field name. */
const detailKeys: Record<string, MessageKey> = {
  until: 'legalColUntil',
  reason: 'legalColReason',
  receivedAt: 'legalReceivedAt',
  platformComplaintId: 'legalColComplaint',
  decision: 'legalDecision',
  decidedAt: 'legalDecidedAt',
  reinstatedAt: 'legalReinstatedAt',
};
const named = (keys: Record<string, MessageKey>, code: string) => {
  const key = keys[code];
  return key === undefined ? <code>{code}</code> : t(key);
};
const labelOf = (field: string): string => {
  const key = detailKeys[field];
  return key === undefined ? field : t(key);
};

const actorOf = (actor: { kind: string; id: string; unit?: string }): string => `${actor.id}${actor.unit !== undefined && actor.unit !== actor.id ? ` (${actor.unit})` : ''}`;

const legalColumns = (): Column<LegalAuditEvent & { key: string }>[] => [
  { id: 'at', header: t('legalColAt'), cell: (event) => event.at, sortValue: (event) => event.at },
  { id: 'subject', header: t('legalColSubject'), cell: (event) => (subjectKeys[event.subject] === undefined ? event.subject : t(subjectKeys[event.subject] as MessageKey)), sortValue: (event) => event.subject },
  { id: 'action', header: t('legalColAction'), cell: (event) => named(actionKeys, event.action) },
  { id: 'actor', header: t('legalColActor'), cell: (event) => <span dir="auto">{actorOf(event.actor)}</span> },
  // What an officer of the caller's unit wrote is among the details: text, never markup.
  { id: 'details', header: t('legalColDetails'), cell: (event) => <span dir="auto">{Object.entries(event.details ?? {}).map(([field, value]) => `${labelOf(field)}: ${value}`).join(' · ')}</span> },
];

const lifecycleColumns = (): Column<AuditEvent & { key: string }>[] => [
  { id: 'at', header: t('legalColAt'), cell: (event) => event.at, sortValue: (event) => event.at },
  { id: 'action', header: t('legalColAction'), cell: (event) => auditActionName(event.action) },
  { id: 'change', header: t('legalColChange'), cell: (event) => describeChange(event) },
  { id: 'actor', header: t('legalColActor'), cell: (event) => <span dir="auto">{actorOf(event.actor)}</span> },
  { id: 'note', header: t('legalColNote'), cell: (event) => <span dir="auto">{event.note ?? ''}</span> },
];

interface LegalAuditPanelProps {
  page: DashboardPage;
  referralId: string;
  /** The lifecycle audit trail read with the referral (absent for roles that may not read it). */
  lifecycle: AuditEvent[] | undefined;
  /** Moves on after every change the screen made, so the rule-of-law audit is read again. */
  revision: number;
  mayRead: boolean;
  onError(error: unknown): void;
}

/**
 * The referral's rule-of-law audit (orders, holds, complaints, reviews: who did what, when) beside
 * its lifecycle audit trail, as the caller's unit may read them: another unit's officers masked,
 * what they wrote left out.
 */
export const LegalAuditPanel = ({ page, referralId, lifecycle, revision, mayRead, onError }: LegalAuditPanelProps) => {
  const [events, setEvents] = useState<LegalAuditEvent[] | undefined>();
  useEffect(() => {
    if (!mayRead) return;
    let current = true;
    void page
      .ask('dashboard.legal-audit', { referralId })
      .then((answer) => {
        if (!current) return;
        setEvents(answer.events);
        page.doc.body.dataset.legalAuditLoaded = String(revision);
      })
      .catch((error: unknown) => current && onError(error));
    return () => {
      current = false;
    };
  }, [page, referralId, revision, mayRead]);
  return (
    <div class="legal-audits">
      <section id="legal-audit" aria-labelledby="legal-audit-heading" data-event-count={events?.length ?? 0}>
        <h3 id="legal-audit-heading">{t('legalAuditHeading')}</h3>
        {!mayRead ? (
          <p class="hint">{t('legalNotForRole')}</p>
        ) : events === undefined ? (
          <p class="hint">{t('loading')}</p>
        ) : (
          <DataTable
            label={t('legalAuditHeading')}
            columns={legalColumns()}
            rows={events.map((event) => ({ ...event, key: `${event.subject}/${event.subjectId}/${event.version}/${event.action}/${event.at}` }))}
            rowKey={(event) => event.key}
            rowData={(event) => ({ subject: event.subject, action: event.action })}
            bodyId="legal-audit-rows"
            empty={t('legalAuditEmpty')}
          />
        )}
      </section>
      <section id="legal-lifecycle-audit" aria-labelledby="legal-lifecycle-heading">
        <h3 id="legal-lifecycle-heading">{t('auditTrail')}</h3>
        {lifecycle === undefined ? (
          <p class="hint">{t('legalNotForRole')}</p>
        ) : (
          <DataTable
            label={t('auditTrail')}
            columns={lifecycleColumns()}
            rows={lifecycle.map((event, index) => ({ ...event, key: `${event.version}/${index}` }))}
            rowKey={(event) => event.key}
            bodyId="legal-lifecycle-rows"
            empty={t('noLifecycleEvents')}
          />
        )}
      </section>
    </div>
  );
};
