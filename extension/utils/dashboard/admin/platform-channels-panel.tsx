import { useEffect, useState } from 'preact/hooks';
import { platformChannelRequest, type PlatformChannelView } from '../../contract';
import { t } from '../../i18n';
import type { DashboardPage } from '../page';
import { validateForm, type FieldErrors } from '../ui/form-errors';
import { Field } from '../ui/zod-form';

/** One webhook platform's channel form: URL and signing secret, checked with the API's schema before it is sent. */
const ChannelForm = ({ page, platform, onSaved }: { page: DashboardPage; platform: PlatformChannelView; onSaved(view: PlatformChannelView): void }) => {
  const [webhookUrl, setWebhookUrl] = useState(platform.webhookUrl ?? '');
  const [signingSecret, setSigningSecret] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const id = (field: string) => `admin-channel-${platform.platform}-${field}`;
  const invalid = (field: string) => (errors[field] === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': `${id(field)}-error` });
  return (
    <form
      id={id('form')}
      class="toolbar"
      aria-label={t('adminChannelFormLabel', platform.platform)}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const result = validateForm(platformChannelRequest, { webhookUrl: webhookUrl.trim(), signingSecret });
        setErrors(result.ok ? {} : result.errors);
        if (!result.ok) return;
        setBusy(true);
        setStatus(t('adminChannelSaving'));
        void page
          .ask('dashboard.set-platform-channel', { platform: platform.platform, channel: result.value })
          .then((view) => {
            setSigningSecret('');
            setStatus(t('adminChannelSaved'));
            onSaved(view);
          })
          .catch((error: unknown) => setStatus(error instanceof Error ? error.message : String(error)))
          .finally(() => setBusy(false));
      }}
    >
      <Field id={id('webhookUrl')} label={t('adminChannelWebhookUrl')} error={errors['webhookUrl']}>
        <input id={id('webhookUrl')} type="url" value={webhookUrl} onInput={(event) => setWebhookUrl(event.currentTarget.value)} {...invalid('webhookUrl')} />
      </Field>
      <Field id={id('signingSecret')} label={t('adminRotaSigningSecret')} error={errors['signingSecret']}>
        <input id={id('signingSecret')} type="password" autocomplete="off" value={signingSecret} onInput={(event) => setSigningSecret(event.currentTarget.value)} {...invalid('signingSecret')} />
      </Field>
      <button type="submit" data-action="save-channel" disabled={busy}>
        {t('adminChannelSave')}
      </button>
      <p id={id('status')} class="status" role="status" aria-live="polite">
        {status}
      </p>
    </form>
  );
};

/**
 * The platforms' delivery channels (deployment admins: a channel receives every unit's referrals
 * for its platform, and its secret authenticates the platform's callbacks). Manual platforms are
 * filed by hand and have nothing to set; a secret is write-only and typed anew for each change.
 */
export const PlatformChannelsPanel = ({ page }: { page: DashboardPage }) => {
  const [platforms, setPlatforms] = useState<PlatformChannelView[] | undefined>();
  const [status, setStatus] = useState(() => t('loading'));
  useEffect(() => {
    let current = true;
    void page
      .ask('dashboard.platform-channels', {})
      .then((answer) => {
        if (!current) return;
        setPlatforms(answer.platforms);
        setStatus('');
        page.doc.body.dataset.adminChannelsLoaded = String(page.now());
      })
      .catch((error: unknown) => current && setStatus(error instanceof Error ? error.message : String(error)));
    return () => {
      current = false;
    };
  }, [page]);
  const saved = (view: PlatformChannelView) => {
    setPlatforms((list) => list?.map((p) => (p.platform === view.platform ? view : p)));
    page.doc.body.dataset.adminChannelSaved = `${view.platform}@${view.updatedAt ?? ''}`;
  };
  return (
    <section id="admin-channels" aria-labelledby="admin-channels-heading">
      <h3 id="admin-channels-heading">{t('adminChannelsHeading')}</h3>
      <p id="admin-channels-status" class="status" role="status" aria-live="polite">
        {status}
      </p>
      <ul id="admin-channel-rows">
        {(platforms ?? []).map((platform) => (
          <li key={platform.platform} data-platform={platform.platform} data-configured={String(platform.configured)}>
            <strong>{platform.platform}</strong>{' '}
            <span class="channel-state">
              {platform.channel === 'manual' ? t('adminChannelManual') : platform.configured ? t('adminChannelConfigured', platform.webhookUrl ?? '', platform.updatedAt ?? '') : t('adminChannelMissing')}
            </span>
            {platform.channel === 'webhook' ? <ChannelForm page={page} platform={platform} onSaved={saved} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
};
