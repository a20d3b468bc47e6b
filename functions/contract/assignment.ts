import * as z from 'zod';

/**
 * Giving a referral to a named colleague. There is no officer directory: an officer is known by
 * the id their token carries (Cognito `sub`), and an assignment is recorded with the unit of the
 * officer who made it, so it names a colleague of that unit by construction.
 */

/** An officer's id as tokens carry it: a Cognito `sub` (UUID) or a local stack's `role@unit`. */
export const officerId = z
  .string()
  .trim()
  .min(1, 'give the officer id of a colleague')
  .max(200)
  .regex(/^[A-Za-z0-9._@+:-]+$/, 'an officer id is letters, digits and . _ @ + : -');

/** PUT /v1/referrals/{id}/assignee: the colleague, and the version the caller saw. */
export const assignRequest = z.strictObject({
  officerId,
  expectedVersion: z.number().int().nonnegative(),
});
export type AssignRequest = z.infer<typeof assignRequest>;

/**
 * Who the referral is assigned to, as the caller may see it. Officer identities stay inside their
 * unit: the officer id is shown to the assigning unit only; another unit learns that someone has
 * it and nothing more.
 */
export const assignmentView = z.object({
  /** Assigned to the caller. */
  mine: z.boolean(),
  /** Assigned by the caller's own unit (only then is officerId given). */
  ownUnit: z.boolean(),
  officerId: z.string().optional(),
});
export type AssignmentView = z.infer<typeof assignmentView>;

/** `GET /v1/queues/{platform}?assignee=me`: only the referrals assigned to the caller. */
export const assigneeFilter = z.enum(['me']);
