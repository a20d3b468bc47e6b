import * as z from 'zod';
import { httpUrl } from './http-url';

/**
 * Where a host outside the platform registry takes abuse reports. Such hosts have no referral
 * channel and no Art. 15 contact point on record, so the liaison officer writes to their abuse
 * desk; what the unit learned of it (from the host's RDAP abuse entity, its security.txt, its
 * website or a reply) is kept once for every unit working the other-hosts queue.
 */
export const abuseContactSource = z.enum(['rdap', 'security-txt', 'host-website', 'host-reply', 'other']);

/** PUT /v1/hosts/{host}/abuse-contact: an address, a web form, or both. */
export const hostAbuseContactRequest = z
  .strictObject({
    email: z.email('email is not an email address').max(254).optional(),
    formUrl: httpUrl.optional(),
    source: abuseContactSource,
  })
  .refine((contact) => contact.email !== undefined || contact.formUrl !== undefined, { message: 'give an email or a formUrl', path: ['email'] });
export type HostAbuseContactRequest = z.infer<typeof hostAbuseContactRequest>;

export const hostAbuseContact = z.object({
  host: z.string(),
  email: z.string().optional(),
  formUrl: z.string().optional(),
  source: abuseContactSource,
  updatedAt: z.string(),
  /** The unit that recorded it; the officer is in that unit's change record only. */
  updatedByUnit: z.string(),
});
export type HostAbuseContact = z.infer<typeof hostAbuseContact>;

/** A host name as queues name unlisted sites (the platform of an unlisted site is its domain). */
export const hostName = z
  .string()
  .max(253)
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, 'host must be a lower-case domain name');
