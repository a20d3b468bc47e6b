import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { validateForm } from './form-errors';

const schema = z
  .object({ url: z.url(), reason: z.string().min(3, 'give a reason'), contact: z.object({ email: z.email() }) })
  .refine((form) => form.reason !== 'nope', { message: 'not a reason' });

describe('zod errors by field', () => {
  it('puts each error under the field that caused it, first message only', () => {
    const result = validateForm(schema, { url: 'not a url', reason: '', contact: { email: 'x' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['contact.email', 'reason', 'url']);
    expect(result.errors.reason).toBe('give a reason');
  });

  it('puts a whole-form error under the empty name, and returns the parsed value when valid', () => {
    const refused = validateForm(schema, { url: 'https://example.org', reason: 'nope', contact: { email: 'a@example.org' } });
    expect(refused).toEqual({ ok: false, errors: { '': 'not a reason' } });
    expect(validateForm(schema, { url: 'https://example.org', reason: 'spam', contact: { email: 'a@example.org' } }).ok).toBe(true);
  });
});
