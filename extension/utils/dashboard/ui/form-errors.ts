import type { z } from 'zod';
import { issueMessage } from '../../zod-messages';

/** Field name → the first message zod gave for it, in the officer's language; problems of the whole form sit under ''. */
export type FieldErrors = Record<string, string>;

export const fieldErrors = (error: z.ZodError): FieldErrors => {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.');
    errors[field] ??= issueMessage(issue);
  }
  return errors;
};

/** Parses the form's values with the schema the API applies, so a field shows the API's own verdict. */
export const validateForm = <S extends z.ZodType>(schema: S, values: unknown): { ok: true; value: z.infer<S> } | { ok: false; errors: FieldErrors } => {
  const parsed = schema.safeParse(values);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: fieldErrors(parsed.error) };
};
