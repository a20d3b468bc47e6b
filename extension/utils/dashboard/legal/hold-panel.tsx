import { useEffect, useState } from 'preact/hooks';
import { holdReleaseRequest, holdRequest, type HoldView } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import { filledValues } from '../orders/order-form';
import type { DashboardPage } from '../page';
import { TextField } from '../screens/order-fields';
import { DataTable, type Column } from '../ui/data-table';
import type { LegalPermission } from './legal-permissions';
import { LegalForm } from './legal-form';

type HoldEntry = HoldView['history'][number];

const actionKeys: Record<HoldEntry['action'], MessageKey> = { preserved: 'legalHoldAction_preserved', extended: 'legalHoldAction_extended', released: 'legalHoldAction_released' };

const historyColumns = (): Column<HoldEntry & { index: number }>[] => [
  { id: 'at', header: t('legalColAt'), cell: (entry) => entry.at, sortValue: (entry) => entry.at },
  { id: 'action', header: t('legalColAction'), cell: (entry) => t(actionKeys[entry.action]) },
  { id: 'until', header: t('legalColUntil'), cell: (entry) => entry.until ?? '' },
  { id: 'unit', header: t('legalColUnit'), cell: (entry) => entry.unit ?? t('legalStatutory') },
  // An officer's reason: text, never markup (another unit's reads as withheld, the API says so).
  { id: 'reason', header: t('legalColReason'), cell: (entry) => <span dir="auto">{entry.reason}</span> },
];

interface HoldPanelProps {
  page: DashboardPage;
  referralId: string;
  may: Record<LegalPermission, boolean>;
  onChanged(done: MessageKey): void;
  onError(error: unknown): void;
}

/**
 * The referral's legal hold (Regulation (EU) 2021/784 Art. 6): while it runs nothing of the
 * referral is purged. Removal starts six months of preservation that no release shortens; an
 * officer extends the hold (proceedings, a request) or ends it early, each with a reason.
 */
export const HoldPanel = ({ page, referralId, may, onChanged, onError }: HoldPanelProps) => {
  const [hold, setHold] = useState<HoldView | undefined>();
  useEffect(() => {
    let current = true;
    void page
      .ask('dashboard.legal-hold', { referralId })
      .then((answer) => current && setHold(answer))
      .catch((error: unknown) => current && onError(error));
    return () => {
      current = false;
    };
  }, [page, referralId]);
  const saved = (done: MessageKey) => (next: HoldView) => {
    setHold(next);
    onChanged(done);
  };
  if (hold === undefined) return <p class="hint">{t('loading')}</p>;
  // Art. 6(2): removed content is preserved six months from removal; no release ends that sooner.
  const statutoryRuns = hold.statutoryUntil !== undefined && Date.parse(hold.statutoryUntil) > page.now();
  const rows: [MessageKey, string | undefined][] = [
    ['legalHoldState', t(hold.active ? 'legalHoldActive' : 'legalHoldInactive')],
    ['legalHoldStatutoryUntil', hold.statutoryUntil],
    ['legalHoldUntil', hold.until],
    ['legalHoldReleasedAt', hold.releasedAt],
  ];
  return (
    <div id="legal-hold" data-hold-active={String(hold.active)} data-hold-version={hold.version}>
      <dl class="order-summary">
        {rows
          .filter((row): row is [MessageKey, string] => row[1] !== undefined)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd data-field={label}>{value}</dd>
            </div>
          ))}
      </dl>
      <DataTable
        label={t('legalHoldHistory')}
        columns={historyColumns()}
        rows={hold.history.map((entry, index) => ({ ...entry, index }))}
        rowKey={(entry) => String(entry.index)}
        rowData={(entry) => ({ holdAction: entry.action })}
        bodyId="legal-hold-history"
        empty={t('legalHoldNoHistory')}
      />
      {may.extendHold ? (
        <LegalForm
          key={`extend-${hold.version}`}
          id="legal-extend-hold"
          heading={hold.active ? 'legalExtendHeading' : 'legalPlaceHeading'}
          submit={hold.active ? 'legalExtendSubmit' : 'legalPlaceSubmit'}
          schema={holdRequest}
          read={(form) => filledValues(new FormData(form))}
          send={(body) => page.ask('dashboard.legal-extend-hold', { referralId, body })}
          onSaved={saved('legalHoldExtendedDone')}
          onError={onError}
        >
          {(errors, form) => (
            <>
              <TextField form={form} name="until" labelKey="legalHoldUntilField" hint="orderTimeHint" errors={errors} />
              <TextField form={form} name="reason" labelKey="legalHoldReason" multiline errors={errors} maxLength={2_000} />
            </>
          )}
        </LegalForm>
      ) : null}
      {may.releaseHold && hold.active && statutoryRuns ? (
        <p id="legal-release-statutory" class="hint">
          {t('legalReleaseStatutoryHint', hold.statutoryUntil ?? '')}
        </p>
      ) : null}
      {may.releaseHold && hold.active && !statutoryRuns ? (
        <LegalForm
          key={`release-${hold.version}`}
          id="legal-release-hold"
          heading="legalReleaseHeading"
          submit="legalReleaseSubmit"
          schema={holdReleaseRequest}
          read={(form) => ({ reason: (new FormData(form).get('reason') as string | null) ?? '' })}
          send={(body) => page.ask('dashboard.legal-release-hold', { referralId, body })}
          onSaved={saved('legalHoldReleasedDone')}
          onError={onError}
        >
          {(errors, form) => <TextField form={form} name="reason" labelKey="legalReleaseReason" multiline errors={errors} maxLength={2_000} />}
        </LegalForm>
      ) : null}
    </div>
  );
};
