import { t } from '../../i18n';
import type { FieldErrors } from '../ui/form-errors';
import { Field } from '../ui/zod-form';
import { fieldIdOf, type PagerDraft } from './admin-form';

/** Marks an input invalid and ties it to its error line when zod named its path. */
export const invalidAt = (errors: FieldErrors, path: string) => (errors[path] === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': `${fieldIdOf(path)}-error` });

interface PagerFieldsProps {
  /** The contact's zod path: `onCall.contacts.<n>` or `onCall.unitHead`. */
  path: string;
  contact: PagerDraft;
  errors: FieldErrors;
  onChange(contact: PagerDraft): void;
}

/**
 * One contact of the on-call rota: a name and the pager it is reached on, the unit's SNS topic or
 * a signed webhook (PagerDuty Events API v2 or the unit's own receiver).
 */
export const PagerFields = ({ path, contact, errors, onChange }: PagerFieldsProps) => {
  const field = (name: string) => `${path}.${name}`;
  const text = (name: keyof PagerDraft, errorPath: string, label: string, type = 'text') => (
    <Field id={fieldIdOf(errorPath)} label={label} error={errors[errorPath]}>
      <input
        id={fieldIdOf(errorPath)}
        type={type}
        value={contact[name]}
        autocomplete="off"
        onInput={(event) => onChange({ ...contact, [name]: event.currentTarget.value })}
        {...invalidAt(errors, errorPath)}
      />
    </Field>
  );
  return (
    <>
      {text('name', field('name'), t('adminRotaContactName'))}
      <Field id={fieldIdOf(field('channel.kind'))} label={t('adminRotaChannel')}>
        <select id={fieldIdOf(field('channel.kind'))} value={contact.kind} onChange={(event) => onChange({ ...contact, kind: event.currentTarget.value === 'webhook' ? 'webhook' : 'sns' })}>
          <option value="sns">{t('adminRotaChannelSns')}</option>
          <option value="webhook">{t('adminRotaChannelWebhook')}</option>
        </select>
      </Field>
      {contact.kind === 'webhook' ? (
        <>
          {text('url', field('channel.url'), t('adminRotaWebhookUrl'), 'url')}
          {text('routingKey', field('channel.routingKey'), t('adminRotaRoutingKey'))}
          {text('signingSecret', field('channel.signingSecret'), t('adminRotaSigningSecret'), 'password')}
          <p class="hint">{t('adminRotaSigningSecretHint')}</p>
        </>
      ) : null}
    </>
  );
};
