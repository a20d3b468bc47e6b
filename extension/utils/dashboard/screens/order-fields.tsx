import { useRef } from 'preact/hooks';
import type { MessageKey } from '../../i18n';
import { t } from '../../i18n';
import type { FieldErrors } from '../ui/form-errors';
import { Field, invalidProps } from '../ui/zod-form';

/** The input id of a form field named by its schema path (`issuingAuthority.contactPoint.email`). */
export const fieldId = (form: string, name: string): string => `${form}-${name.replace(/\./g, '-')}`;

interface TextFieldProps {
  form: string;
  /** The schema path the value lands at, so the schema's error for it shows here. */
  name: string;
  labelKey: MessageKey;
  errors: FieldErrors;
  /** Errors under another path that this field caused too (Annex II's actionAt, Annex III's answeredAt). */
  alsoFor?: readonly string[];
  type?: 'text' | 'email' | 'url' | 'number' | 'tel';
  multiline?: boolean;
  value?: string;
  hint?: MessageKey;
  maxLength?: number;
}

/** A labelled text field of an order form; the schema's message shows under it. */
export const TextField = ({ form, name, labelKey, errors, alsoFor = [], type = 'text', multiline = false, value, hint, maxLength }: TextFieldProps) => {
  const id = fieldId(form, name);
  const box = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const errorPath = [name, ...alsoFor].find((path) => errors[path] !== undefined) ?? name;
  // An empty field is left out of the value, so the schema can only say it got nothing: say so in the officer's language.
  const error = errors[errorPath] === undefined ? undefined : box.current !== null && box.current.value.trim() === '' ? t('orderFieldRequired') : errors[errorPath];
  const invalid = invalidProps(id, errors, errorPath);
  const hintProps = hint === undefined || 'aria-describedby' in invalid ? {} : { 'aria-describedby': `${id}-hint` };
  return (
    <Field id={id} label={t(labelKey)} error={error}>
      {hint !== undefined ? (
        <span id={`${id}-hint`} class="hint">
          {t(hint)}
        </span>
      ) : null}
      {multiline ? (
        <textarea ref={box} id={id} name={name} rows={3} maxLength={maxLength} defaultValue={value} {...invalid} {...hintProps} />
      ) : (
        <input ref={box} id={id} name={name} type={type} maxLength={maxLength} defaultValue={value} {...(type === 'number' ? { min: 1, max: 6, step: 1 } : {})} {...invalid} {...hintProps} />
      )}
    </Field>
  );
};
