import { useEffect, useState } from 'preact/hooks';
import { complaintDecisionRequest, complaintDecisions, complaintRequest, reinstatementRequest, type ComplaintView } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import { filledValues, utcNow } from '../orders/order-form';
import type { DashboardPage } from '../page';
import { fieldId, TextField } from '../screens/order-fields';
import { DataTable, type Column } from '../ui/data-table';
import type { LegalPermission } from './legal-permissions';
import { LegalForm } from './legal-form';

const statusKeys: Record<ComplaintView['status'], MessageKey> = {
  open: 'legalComplaintStatus_open',
  upheld: 'legalComplaintStatus_upheld',
  rejected: 'legalComplaintStatus_rejected',
  reinstated: 'legalComplaintStatus_reinstated',
};
const decisionKeys: Record<(typeof complaintDecisions)[number], MessageKey> = { upheld: 'legalDecision_upheld', rejected: 'legalDecision_rejected' };
const clockKeys: Record<ComplaintView['clock']['state'], MessageKey> = { running: 'legalClock_running', met: 'legalClock_met', missed: 'legalClock_missed', overdue: 'legalClock_overdue' };

const columns = (): Column<ComplaintView>[] => [
  // The platform's id is the content provider's complaint as the platform names it: text, never markup.
  { id: 'platformComplaintId', header: t('legalColComplaint'), cell: (complaint) => <span dir="auto">{complaint.platformComplaintId}</span>, sortValue: (complaint) => complaint.platformComplaintId },
  { id: 'receivedAt', header: t('legalColReceived'), cell: (complaint) => complaint.receivedAt, sortValue: (complaint) => complaint.receivedAt },
  { id: 'status', header: t('legalColStatus'), cell: (complaint) => t(statusKeys[complaint.status]), sortValue: (complaint) => complaint.status },
  { id: 'clock', header: t('legalColDecisionDue'), cell: (complaint) => `${complaint.clock.dueAt} · ${t(clockKeys[complaint.clock.state])}` },
  { id: 'decidedAt', header: t('legalColDecided'), cell: (complaint) => (complaint.decision === undefined ? '' : `${t(decisionKeys[complaint.decision])} · ${complaint.decidedAt ?? ''}`) },
  { id: 'reasoning', header: t('legalColReasoning'), cell: (complaint) => <span dir="auto">{complaint.reasoning ?? ''}</span> },
  { id: 'reinstatedAt', header: t('legalColReinstated'), cell: (complaint) => complaint.reinstatedAt ?? '' },
];

interface ComplaintsPanelProps {
  page: DashboardPage;
  referralId: string;
  may: Record<LegalPermission, boolean>;
  onChanged(done: MessageKey): void;
  onError(error: unknown): void;
}

/**
 * The content provider's complaints against the removal (Regulation (EU) 2021/784 Art. 10): each
 * as the platform forwarded it, decided within two weeks with reasons, and, when upheld, the
 * content reinstated without undue delay. Each form appears where the complaint's state allows it.
 */
export const ComplaintsPanel = ({ page, referralId, may, onChanged, onError }: ComplaintsPanelProps) => {
  const [complaints, setComplaints] = useState<ComplaintView[] | undefined>();
  useEffect(() => {
    let current = true;
    void page
      .ask('dashboard.legal-complaints', { referralId })
      .then((answer) => current && setComplaints(answer.complaints))
      .catch((error: unknown) => current && onError(error));
    return () => {
      current = false;
    };
  }, [page, referralId]);
  if (complaints === undefined) return <p class="hint">{t('loading')}</p>;
  const saved = (done: MessageKey) => (next: ComplaintView) => {
    setComplaints((list = []) => (list.some((c) => c.complaintId === next.complaintId) ? list.map((c) => (c.complaintId === next.complaintId ? next : c)) : [...list, next]));
    onChanged(done);
  };
  const now = utcNow(page.now());
  return (
    <div id="legal-complaints" data-complaint-count={complaints.length}>
      <DataTable
        label={t('legalComplaintsHeading')}
        columns={columns()}
        rows={complaints}
        rowKey={(complaint) => complaint.complaintId}
        rowData={(complaint) => ({ complaintId: complaint.complaintId, complaintStatus: complaint.status, complaintVersion: String(complaint.version) })}
        bodyId="legal-complaint-rows"
        empty={t('legalNoComplaints')}
      />
      {complaints.map((complaint, index) =>
        may.decideComplaint && complaint.status === 'open' ? (
          <LegalForm
            key={`decide-${complaint.complaintId}`}
            id={`legal-decide-${index}`}
            heading="legalDecideHeading"
            submit="legalDecideSubmit"
            subject={{ complaintId: complaint.complaintId }}
            schema={complaintDecisionRequest}
            read={(form) => filledValues(new FormData(form))}
            send={(body) => page.ask('dashboard.legal-decide-complaint', { referralId, complaintId: complaint.complaintId, body })}
            onSaved={saved('legalDecidedDone')}
            onError={onError}
          >
            {(errors, form) => (
              <>
                <p class="hint" dir="auto">
                  {t('legalComplaintOf', complaint.platformComplaintId, complaint.receivedAt)}
                </p>
                <fieldset id={fieldId(form, 'decision')}>
                  <legend>{t('legalDecision')}</legend>
                  {complaintDecisions.map((decision) => (
                    <label key={decision} class="inline">
                      <input type="radio" name="decision" value={decision} /> {t(decisionKeys[decision])}
                    </label>
                  ))}
                  {errors['decision'] !== undefined ? (
                    <p class="field-error" role="alert">
                      {t('legalChooseDecision')}
                    </p>
                  ) : null}
                </fieldset>
                <TextField form={form} name="decidedAt" labelKey="legalDecidedAt" hint="orderTimeHint" value={now} errors={errors} />
                <TextField form={form} name="reasoning" labelKey="legalReasoning" multiline errors={errors} maxLength={5_000} />
              </>
            )}
          </LegalForm>
        ) : may.reinstate && complaint.status === 'upheld' ? (
          <LegalForm
            key={`reinstate-${complaint.complaintId}`}
            id={`legal-reinstate-${index}`}
            heading="legalReinstateHeading"
            submit="legalReinstateSubmit"
            subject={{ complaintId: complaint.complaintId }}
            schema={reinstatementRequest}
            read={(form) => filledValues(new FormData(form))}
            send={(body) => page.ask('dashboard.legal-reinstate', { referralId, complaintId: complaint.complaintId, body })}
            onSaved={saved('legalReinstatedDone')}
            onError={onError}
          >
            {(errors, form) => (
              <>
                <p class="hint" dir="auto">
                  {t('legalComplaintOf', complaint.platformComplaintId, complaint.receivedAt)}
                </p>
                <TextField form={form} name="reinstatedAt" labelKey="legalReinstatedAt" hint="orderTimeHint" value={now} errors={errors} />
              </>
            )}
          </LegalForm>
        ) : null,
      )}
      {may.recordComplaint ? (
        <LegalForm
          key={`record-${complaints.length}`}
          id="legal-record-complaint"
          heading="legalRecordHeading"
          submit="legalRecordSubmit"
          schema={complaintRequest}
          read={(form) => filledValues(new FormData(form))}
          send={(body) => page.ask('dashboard.legal-record-complaint', { referralId, body })}
          onSaved={saved('legalRecordedDone')}
          onError={onError}
        >
          {(errors, form) => (
            <>
              <TextField form={form} name="platformComplaintId" labelKey="legalPlatformComplaintId" errors={errors} maxLength={200} />
              <TextField form={form} name="receivedAt" labelKey="legalReceivedAt" hint="orderTimeHint" value={now} errors={errors} />
              <TextField form={form} name="summary" labelKey="legalSummary" multiline errors={errors} maxLength={5_000} />
            </>
          )}
        </LegalForm>
      ) : null}
    </div>
  );
};
