import { useEffect, useState } from 'preact/hooks';
import { incidentDeclaration, type IncidentDeclaration, type IncidentView } from '../../contract';
import { t } from '../../i18n';
import type { DashboardPage } from '../page';
import { DataTable, type Column } from '../ui/data-table';
import { incidentHref } from '../ui/router';
import { Field, invalidProps, ZodForm } from '../ui/zod-form';
import { ClosedIncidentList } from './closed-incident-list';
import { incidentDeclaredColumn, incidentNameColumns } from './incident-columns';
import { readDeclaration, seedError, seedFields, type SeedField } from './incident-form';

const seedLabels: Record<SeedField, Parameters<typeof t>[0]> = {
  urls: 'incidentSeedUrls',
  handles: 'incidentSeedHandles',
  terms: 'incidentSeedTerms',
  contentHashes: 'incidentSeedContentHashes',
  pdqHashes: 'incidentSeedPdqHashes',
};

const seedCount = (incident: IncidentView): number => Object.values(incident.seeds).reduce((n, list) => n + list.length, 0);

const valueOf = (form: HTMLFormElement, name: string): string => {
  const element = form.elements.namedItem(name);
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element.value : '';
};

/**
 * The open incidents, newest first, each opening its view, and the closed ones under them; an admin declares one here. The
 * declaration's id is made when the form opens and kept until the API took it, so sending it
 * again after a lost answer declares nothing twice.
 */
export const IncidentList = ({ page, mayDeclare }: { page: DashboardPage; mayDeclare: boolean }) => {
  const [incidents, setIncidents] = useState<IncidentView[] | undefined>();
  const [status, setStatus] = useState(() => t('loading'));
  const [incidentId, setIncidentId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const open = (id: string) => page.doc.defaultView?.location.assign(incidentHref(id));

  useEffect(() => {
    let current = true;
    void page
      .ask('dashboard.incidents', {})
      .then((answer) => {
        if (!current) return;
        setIncidents(answer.incidents);
        setStatus(answer.incidents.length === 0 ? t('incidentsNoneOpen') : t('incidentsOpenCount', answer.incidents.length));
        page.doc.body.dataset.incidentsLoaded = String(page.now());
      })
      .catch((error: unknown) => current && setStatus(error instanceof Error ? error.message : String(error)));
    return () => {
      current = false;
    };
  }, [page]);

  const declare = (declaration: IncidentDeclaration) => {
    setBusy(true);
    setStatus(t('incidentDeclaring'));
    void page
      .ask('dashboard.declare-incident', declaration)
      .then((declared) => {
        setIncidentId(crypto.randomUUID());
        open(declared.incidentId);
      })
      .catch((error: unknown) => setStatus(error instanceof Error ? error.message : String(error)))
      .finally(() => setBusy(false));
  };

  const columns: Column<IncidentView>[] = [
    ...incidentNameColumns<IncidentView>(),
    incidentDeclaredColumn<IncidentView>(),
    { id: 'seeds', header: t('incidentSeedCount'), cell: seedCount, sortValue: seedCount, className: 'number' },
  ];

  return (
    <>
      <p id="incidents-status" class="status" role="status" aria-live="polite">
        {status}
      </p>
      <DataTable
        columns={columns}
        rows={incidents ?? []}
        rowKey={(incident) => incident.incidentId}
        rowData={(incident) => ({ incidentId: incident.incidentId })}
        onOpen={(incident) => open(incident.incidentId)}
        label={t('incidentsOpenHeading')}
        bodyId="incident-rows"
      />
      <ClosedIncidentList page={page} />
      {mayDeclare ? (
        <section id="incident-declare" aria-labelledby="incident-declare-heading">
          <h3 id="incident-declare-heading">{t('incidentDeclareHeading')}</h3>
          <ZodForm
            id="incident-declare-form"
            label={t('incidentDeclareHeading')}
            schema={incidentDeclaration}
            read={(form) =>
              readDeclaration({
                incidentId,
                name: valueOf(form, 'name'),
                startedAt: valueOf(form, 'startedAt'),
                ...(Object.fromEntries(seedFields.map((field) => [field, valueOf(form, field)])) as Record<SeedField, string>),
              })
            }
            onValid={declare}
          >
            {(errors) => (
              <>
                <Field id="incident-name" label={t('incidentName')} error={errors['name']}>
                  <input id="incident-name" name="name" maxLength={200} {...invalidProps('incident-name', errors, 'name')} />
                </Field>
                <Field id="incident-started" label={t('incidentStartedAtLocal')} error={errors['startedAt']}>
                  <input id="incident-started" name="startedAt" type="datetime-local" {...invalidProps('incident-started', errors, 'startedAt')} />
                </Field>
                <fieldset aria-describedby={errors['seeds'] !== undefined ? 'incident-seeds-error' : 'incident-seeds-hint'}>
                  <legend>{t('incidentSeeds')}</legend>
                  <p id="incident-seeds-hint" class="hint">
                    {t('incidentSeedsHint')}
                  </p>
                  {errors['seeds'] !== undefined ? (
                    <p id="incident-seeds-error" class="field-error" role="alert">
                      {t('incidentSeedsNone')}
                    </p>
                  ) : null}
                  {seedFields.map((field) => {
                    const id = `incident-seed-${field}`;
                    const error = seedError(errors, field);
                    const shown = error === undefined ? undefined : error.line === 0 ? error.message : t('incidentSeedLineError', error.line, error.message);
                    return (
                      <Field key={field} id={id} label={t(seedLabels[field])} error={shown}>
                        <textarea id={id} name={field} rows={3} spellcheck={false} {...(shown === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': `${id}-error` })} />
                      </Field>
                    );
                  })}
                </fieldset>
                <button type="submit" data-action="declare-incident" disabled={busy}>
                  {t('incidentDeclare')}
                </button>
              </>
            )}
          </ZodForm>
        </section>
      ) : null}
    </>
  );
};
