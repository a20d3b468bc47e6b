import * as z from 'zod';

/**
 * The roles of a unit's officers, and one deployment-wide role: `deployment-admin` configures the
 * platforms' webhook channels, which carry every unit's referrals, so no unit's admin may.
 */
export const roles = ['referrer', 'liaison', 'analyst', 'admin', 'deployment-admin'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

/** Unit identifiers are short slugs such as `eu-iru` or `fr-pharos`. */
export const unitId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'unit must be a lowercase slug');

/**
 * The claims the API relies on. In the cloud they come from the Cognito JWT authorizer
 * (`cognito:groups` and custom attributes); locally the dev issuer signs the same claims.
 */
export const accessClaims = z.object({
  sub: z.string().min(1).max(200),
  'cognito:groups': z.array(role).min(1),
  'custom:unit': unitId,
  /** Comma-separated platform ids a liaison officer works on. */
  'custom:platforms': z.string().max(2_000).optional(),
});
export type AccessClaims = z.infer<typeof accessClaims>;

export interface Principal {
  officerId: string;
  roles: Role[];
  unit: string;
  platforms: string[];
}

export const principalFromClaims = (claims: AccessClaims): Principal => ({
  officerId: claims.sub,
  roles: claims['cognito:groups'],
  unit: claims['custom:unit'],
  platforms: (claims['custom:platforms'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== ''),
});
