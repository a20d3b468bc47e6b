import { useEffect, useState } from 'preact/hooks';
import { unitSettingsRequest, type UnitSettingsRequest } from '../../contract';
import { t } from '../../i18n';
import type { DashboardPage } from '../page';
import { validateForm, type FieldErrors } from '../ui/form-errors';
import { Field } from '../ui/zod-form';
import { draftFromSettings, emptyPager, fieldIdOf, maxRotaContacts, moved, settingsBody, type SettingsDraft } from './admin-form';
import { invalidAt, PagerFields } from './rota-fields';

const errorLine = (errors: FieldErrors, path: string) =>
  errors[path] === undefined ? null : (
    <p id={`${fieldIdOf(path)}-error`} class="field-error" role="alert">
      {errors[path]}
    </p>
  );

/**
 * The unit's settings as its admin keeps them: the four-eyes rule, the notifier's contact point
 * (DSA Art. 16(2)(c)), when the TCO procedures were sent to each provider (Regulation (EU)
 * 2021/784 Art. 3(2)) and the on-call rota paged for threats to life, contacts in paging order.
 */
export const UnitSettingsForm = ({ page, unit }: { page: DashboardPage; unit: string }) => {
  const [draft, setDraft] = useState<SettingsDraft | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState(() => t('loading'));
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void page
      .ask('dashboard.unit-settings', { unit })
      .then(({ settings }) => {
        if (!current) return;
        setDraft(draftFromSettings(settings));
        setStatus(settings === undefined ? t('adminSettingsNone') : t('adminSettingsVersion', settings.version, settings.updatedAt));
        page.doc.body.dataset.adminSettingsLoaded = String(page.now());
      })
      .catch((error: unknown) => current && setStatus(error instanceof Error ? error.message : String(error)));
    return () => {
      current = false;
    };
  }, [page, unit]);

  if (draft === undefined) {
    return (
      <p id="admin-settings-status" class="status" role="status" aria-live="polite">
        {status}
      </p>
    );
  }
  const change = (patch: Partial<SettingsDraft>) => setDraft({ ...draft, ...patch });

  const save = (settings: UnitSettingsRequest) => {
    setBusy(true);
    setStatus(t('adminSettingsSaving'));
    void page
      .ask('dashboard.save-unit-settings', { unit, settings })
      .then((answer) => {
        setDraft(draftFromSettings(answer.settings));
        setErrors({});
        if (answer.outcome === 'saved') {
          setStatus(t('adminSettingsSaved', answer.settings.version));
          page.doc.body.dataset.adminSettingsSaved = String(answer.settings.version);
          return;
        }
        // Another admin saved first: their settings are shown instead of overwritten; this admin's changes are made again on them.
        const version = answer.settings?.version ?? 0;
        setStatus(t('adminSettingsStale', version));
        page.doc.body.dataset.adminSettingsStale = String(version);
      })
      .catch((error: unknown) => setStatus(error instanceof Error ? error.message : String(error)))
      .finally(() => setBusy(false));
  };

  const text = (path: string, label: string, value: string, onInput: (value: string) => void, type = 'text') => (
    <Field id={fieldIdOf(path)} label={label} error={errors[path]}>
      <input id={fieldIdOf(path)} type={type} value={value} onInput={(event) => onInput(event.currentTarget.value)} {...invalidAt(errors, path)} />
    </Field>
  );

  return (
    <form
      id="admin-settings-form"
      class="admin-form"
      aria-labelledby="admin-settings-heading"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const result = validateForm(unitSettingsRequest, settingsBody(draft));
        setErrors(result.ok ? {} : result.errors);
        if (result.ok) save(result.value);
        else setStatus(t('adminSettingsInvalid'));
      }}
    >
      <p id="admin-settings-status" class="status" role="status" aria-live="polite">
        {status}
      </p>
      <fieldset>
        <legend>{t('adminUnitIdentity')}</legend>
        {text('displayName', t('adminDisplayName'), draft.displayName, (displayName) => change({ displayName }))}
        {text('contact.name', t('adminContactName'), draft.contactName, (contactName) => change({ contactName }))}
        {text('contact.email', t('adminContactEmail'), draft.contactEmail, (contactEmail) => change({ contactEmail }), 'email')}
        {text('contact.phone', t('adminContactPhone'), draft.contactPhone, (contactPhone) => change({ contactPhone }), 'tel')}
      </fieldset>
      <fieldset>
        <legend>{t('adminFourEyesLegend')}</legend>
        <label class="inline">
          <input id="admin-fourEyes" type="checkbox" checked={draft.fourEyes} onChange={(event) => change({ fourEyes: event.currentTarget.checked })} /> {t('adminFourEyes')}
        </label>
        <p class="hint">{t('adminFourEyesHint')}</p>
      </fieldset>
      <fieldset id="admin-tco">
        <legend>{t('adminTcoLegend')}</legend>
        <p class="hint">{t('adminTcoHint')}</p>
        {errorLine(errors, 'tcoProcedures')}
        <ol id="admin-tco-rows">
          {draft.tcoProcedures.map((entry, index) => (
            <li key={index}>
              {text(`tcoProcedures.${index}.provider`, t('adminTcoProvider'), entry.provider, (provider) => change({ tcoProcedures: draft.tcoProcedures.map((e, i) => (i === index ? { ...e, provider } : e)) }))}
              {text(`tcoProcedures.${index}.sentAt`, t('adminTcoSentAt'), entry.sentAt, (sentAt) => change({ tcoProcedures: draft.tcoProcedures.map((e, i) => (i === index ? { ...e, sentAt } : e)) }), 'datetime-local')}
              <button type="button" data-action="remove-tco" aria-label={t('adminTcoRemove', index + 1)} onClick={() => change({ tcoProcedures: draft.tcoProcedures.filter((_, i) => i !== index) })}>
                {t('adminRemove')}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" id="admin-tco-add" onClick={() => change({ tcoProcedures: [...draft.tcoProcedures, { provider: '', sentAt: '' }] })}>
          {t('adminTcoAdd')}
        </button>
      </fieldset>
      <fieldset id="admin-rota">
        <legend>{t('adminRotaLegend')}</legend>
        <label class="inline">
          <input id="admin-rota-enabled" type="checkbox" checked={draft.rota} onChange={(event) => change({ rota: event.currentTarget.checked })} /> {t('adminRotaEnabled')}
        </label>
        {draft.rota ? (
          <>
            <p class="hint">{t('adminRotaHint')}</p>
            {errorLine(errors, 'onCall.contacts')}
            <ol id="admin-rota-contacts">
              {draft.contacts.map((contact, index) => (
                <li key={index} data-contact={index}>
                  <fieldset>
                    <legend>{t('adminRotaContactN', index + 1)}</legend>
                    <PagerFields path={`onCall.contacts.${index}`} contact={contact} errors={errors} onChange={(next) => change({ contacts: draft.contacts.map((c, i) => (i === index ? next : c)) })} />
                    <div class="toolbar">
                      <button type="button" data-action="rota-up" disabled={index === 0} aria-label={t('adminRotaUp', index + 1)} onClick={() => change({ contacts: moved(draft.contacts, index, -1) })}>
                        {t('adminMoveUp')}
                      </button>
                      <button type="button" data-action="rota-down" disabled={index === draft.contacts.length - 1} aria-label={t('adminRotaDown', index + 1)} onClick={() => change({ contacts: moved(draft.contacts, index, 1) })}>
                        {t('adminMoveDown')}
                      </button>
                      <button type="button" data-action="rota-remove" aria-label={t('adminRotaRemove', index + 1)} onClick={() => change({ contacts: draft.contacts.filter((_, i) => i !== index) })}>
                        {t('adminRemove')}
                      </button>
                    </div>
                  </fieldset>
                </li>
              ))}
            </ol>
            <button type="button" id="admin-rota-add" disabled={draft.contacts.length >= maxRotaContacts} onClick={() => change({ contacts: [...draft.contacts, emptyPager()] })}>
              {t('adminRotaAdd')}
            </button>
            <fieldset>
              <legend>{t('adminRotaUnitHead')}</legend>
              <PagerFields path="onCall.unitHead" contact={draft.unitHead} errors={errors} onChange={(unitHead) => change({ unitHead })} />
            </fieldset>
            {text('onCall.ackMinutes', t('adminRotaAckMinutes'), draft.ackMinutes, (ackMinutes) => change({ ackMinutes }), 'number')}
          </>
        ) : null}
      </fieldset>
      {errorLine(errors, '')}
      <button type="submit" id="admin-settings-save" disabled={busy}>
        {t('adminSettingsSave')}
      </button>
    </form>
  );
};
