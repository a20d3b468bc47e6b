import * as z from 'zod';
import { role, type Role } from '../contract';
import type { DashboardSession, DashboardViews } from './messages';

/**
 * The dashboard reads the token's claims to choose which views to show. The signature is
 * NOT checked here and need not be: the API verifies every call and refuses what the
 * token may not do, so a forged claim only shows an empty view that the API then refuses.
 */

const claims = z.object({
  sub: z.string().max(200).optional(),
  // API Gateway passes arrays as "[a b]"; Cognito tokens carry real arrays. Accept both, as authenticate.ts does.
  'cognito:groups': z.union([z.array(z.string()), z.string()]).optional(),
  'custom:unit': z.string().max(40).optional(),
  'custom:platforms': z.string().max(2_000).optional(),
});

const base64UrlDecode = (segment: string): string => {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const binary = atob(base64);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
};

export interface TokenClaims {
  sub?: string;
  roles: Role[];
  unit?: string;
  platforms: string[];
}

/** The payload of a JWT, unverified; undefined when the token is not a readable JWT. */
export const readTokenClaims = (token: string): TokenClaims | undefined => {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  let parsed: z.infer<typeof claims>;
  try {
    const result = claims.safeParse(JSON.parse(base64UrlDecode(payload)));
    if (!result.success) return undefined;
    parsed = result.data;
  } catch {
    return undefined;
  }
  const groups = parsed['cognito:groups'];
  const names = typeof groups === 'string' ? groups.replace(/^\[|\]$/g, '').split(/[\s,]+/) : (groups ?? []);
  const roles = names.flatMap((name) => {
    const known = role.safeParse(name);
    return known.success ? [known.data] : [];
  });
  const platforms = (parsed['custom:platforms'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return {
    ...(parsed.sub !== undefined ? { sub: parsed.sub } : {}),
    roles,
    ...(parsed['custom:unit'] !== undefined ? { unit: parsed['custom:unit'] } : {}),
    platforms,
  };
};

/** Views per role, as access-policy.ts grants the routes behind them; admins see everything. */
export const viewsFor = (roles: readonly Role[]): DashboardViews => {
  const has = (r: Role) => roles.includes(r) || roles.includes('admin');
  return {
    queue: has('liaison'),
    trends: has('analyst'),
    upload: has('referrer'),
    reports: has('referrer'),
    indicators: has('referrer') || has('analyst'),
    // An incident is deployment-wide: every officer of a unit reads it (GET /v1/incidents).
    incidents: has('referrer') || has('liaison') || has('analyst'),
    // Unit settings are saved by admins; the yearly transparency report is read by analysts and
    // admins; platform channels are set by deployment admins.
    admin: has('analyst') || roles.includes('deployment-admin'),
  };
};

/**
 * What the dashboard shows for a token. Liaison officers pick among their assigned platforms;
 * admins (and analysts, who may read queues) among the whole registry.
 */
export const sessionFromToken = (token: string | undefined, registry: readonly string[]): DashboardSession => {
  const read = token === undefined ? undefined : readTokenClaims(token);
  if (read === undefined) {
    return { signedIn: token !== undefined, roles: [], platforms: [], views: viewsFor([]) };
  }
  const everything = read.roles.some((r) => r !== 'liaison' && r !== 'referrer');
  return {
    signedIn: true,
    roles: read.roles,
    ...(read.unit !== undefined ? { unit: read.unit } : {}),
    platforms: everything ? [...new Set([...read.platforms, ...registry])] : read.platforms,
    views: viewsFor(read.roles),
  };
};
