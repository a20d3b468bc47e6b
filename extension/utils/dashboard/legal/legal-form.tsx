import type { ComponentChildren } from 'preact';
import type { z } from 'zod';
import { t, type MessageKey } from '../../i18n';
import type { FieldErrors } from '../ui/form-errors';
import { ZodForm } from '../ui/zod-form';

interface LegalFormProps<S extends z.ZodType, T> {
  /** The form's id; its fields are `<id>-<name>`. */
  id: string;
  heading: MessageKey;
  submit: MessageKey;
  /** The API's own schema for the body, so a field shows the API's verdict before anything is sent. */
  schema: S;
  read(form: HTMLFormElement): unknown;
  children(errors: FieldErrors, form: string): ComponentChildren;
  send(body: z.infer<S>): Promise<T>;
  onSaved(answer: T): void;
  onError(error: unknown): void;
  /** data-* of the section, for tests and styles. */
  subject?: Record<string, string>;
}

/** One thing the officer records on the legal screen: checked with the API's schema, then sent through the background. */
export const LegalForm = <S extends z.ZodType, T>({ id, heading, submit, schema, read, children, send, onSaved, onError, subject = {} }: LegalFormProps<S, T>) => (
  <section class="legal-action" aria-labelledby={`${id}-heading`} {...Object.fromEntries(Object.entries(subject).map(([key, value]) => [`data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value]))}>
    <h4 id={`${id}-heading`}>{t(heading)}</h4>
    <ZodForm id={id} label={t(heading)} schema={schema} read={read} onValid={(body) => void send(body).then(onSaved).catch(onError)}>
      {(errors) => (
        <>
          {children(errors, id)}
          <button type="submit" data-action={id}>
            {t(submit)}
          </button>
        </>
      )}
    </ZodForm>
  </section>
);
