import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../contract/principal';
import { mayUseOnPlatform, routeRoles, type RouteId } from './access-policy';

const officer = (roles: Role[]): Principal => ({ officerId: `${roles.join('+')}@eu-iru`, roles, unit: 'eu-iru', platforms: ['x'] });

const routes = Object.keys(routeRoles) as RouteId[];
/** Routes that change something about one referral. */
const mutatingReferralRoutes = routes.filter((route) => !route.startsWith('GET ') && route.includes('/v1/referrals/{id}'));

describe('platform scope of several roles', () => {
  it('covers the mutating referral routes (claim, send, transitions, holds, complaints, removal-order answers)', () => {
    expect(mutatingReferralRoutes).toEqual(
      expect.arrayContaining(['POST /v1/referrals/{id}/claim', 'POST /v1/referrals/{id}/send', 'POST /v1/referrals/{id}/transitions', 'POST /v1/referrals/{id}/hold', 'POST /v1/referrals/{id}/complaints', 'POST /v1/referrals/{id}/removal-order/answer']),
    );
  });

  it('no route that changes anything admits analysts: their all-platform view is read-only', () => {
    expect(routes.filter((route) => !route.startsWith('GET ') && (routeRoles[route] as readonly Role[]).includes('analyst'))).toEqual([]);
  });

  it.each(mutatingReferralRoutes)('%s: liaison + analyst acts on assigned platforms only', (route) => {
    const principal = officer(['liaison', 'analyst']);
    expect(mayUseOnPlatform(principal, route, 'x')).toBe(true);
    expect(mayUseOnPlatform(principal, route, 'youtube')).toBe(false);
  });

  it.each(mutatingReferralRoutes)('%s: liaison + referrer acts on other platforms only where the referrer role admits the route', (route) => {
    const principal = officer(['liaison', 'referrer']);
    expect(mayUseOnPlatform(principal, route, 'x')).toBe(true);
    // A referrer (issuing a removal order, asking for a review) is not limited by platform; liaison work is.
    const referrerMay = (routeRoles[route] as readonly Role[]).includes('referrer');
    expect(mayUseOnPlatform(principal, route, 'youtube')).toBe(referrerMay);
  });

  it('liaison + analyst reads every platform where analysts read, and only assigned ones where only liaison reads', () => {
    const principal = officer(['liaison', 'analyst']);
    expect(mayUseOnPlatform(principal, 'GET /v1/queues/{platform}', 'youtube')).toBe(true);
    expect(mayUseOnPlatform(principal, 'GET /v1/referrals/{id}/audit', 'youtube')).toBe(true);
    expect(mayUseOnPlatform(principal, 'GET /v1/referrals/{id}/deliveries', 'youtube')).toBe(false);
    expect(mayUseOnPlatform(principal, 'GET /v1/referrals/{id}/notice', 'youtube')).toBe(false);
  });

  it('a role that does not admit the route grants nothing on any platform', () => {
    expect(mayUseOnPlatform(officer(['analyst']), 'POST /v1/referrals/{id}/claim', 'x')).toBe(false);
    expect(mayUseOnPlatform(officer(['admin']), 'POST /v1/referrals/{id}/claim', 'youtube')).toBe(true);
  });
});
