import { describe, expect, it } from 'vitest';
import { readTokenClaims, sessionFromToken, viewsFor } from './session';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.c2lnbmF0dXJl`;

describe('dashboard session', () => {
  it('reads roles, unit and platforms from the token payload', () => {
    const token = jwt({ sub: 'liaison@eu-iru', 'cognito:groups': ['liaison'], 'custom:unit': 'eu-iru', 'custom:platforms': 'telegram, x' });
    expect(readTokenClaims(token)).toEqual({ sub: 'liaison@eu-iru', roles: ['liaison'], unit: 'eu-iru', platforms: ['telegram', 'x'] });
    expect(sessionFromToken(token, ['youtube'])).toEqual({
      signedIn: true,
      roles: ['liaison'],
      unit: 'eu-iru',
      // A liaison officer is offered only the assigned platforms, never the registry.
      platforms: ['telegram', 'x'],
      views: { queue: true, trends: false, upload: false, reports: false, indicators: false, incidents: true, admin: false },
    });
  });

  it('accepts API Gateway style group strings and ignores unknown groups', () => {
    expect(readTokenClaims(jwt({ 'cognito:groups': '[analyst superuser]', 'custom:unit': 'fr-pharos' }))?.roles).toEqual(['analyst']);
  });

  it('shows each role its views and admins all of them', () => {
    expect(viewsFor(['analyst'])).toEqual({ queue: false, trends: true, upload: false, reports: false, indicators: true, incidents: true, admin: true });
    expect(viewsFor(['referrer'])).toEqual({ queue: false, trends: false, upload: true, reports: true, indicators: true, incidents: true, admin: false });
    expect(viewsFor(['admin'])).toEqual({ queue: true, trends: true, upload: true, reports: true, indicators: true, incidents: true, admin: true });
    expect(viewsFor(['deployment-admin']).incidents).toBe(false);
    // The administration screen follows its routes: the transparency report admits analysts and
    // admins, the settings' PUT admins; a referrer who is also analyst gets the union.
    expect(viewsFor(['liaison']).admin).toBe(false);
    expect(viewsFor(['referrer', 'analyst']).admin).toBe(true);
    expect(viewsFor(['deployment-admin']).admin).toBe(true);
    // Liaison officers have no indicator route (GET /v1/indicators/{type}/{value} admits referrers, analysts, admins).
    expect(viewsFor(['liaison']).indicators).toBe(false);
    expect(sessionFromToken(jwt({ 'cognito:groups': ['admin'], 'custom:unit': 'eu-iru' }), ['x', 'telegram']).platforms).toEqual(['x', 'telegram']);
  });

  it('shows nothing for a missing or unreadable token', () => {
    expect(sessionFromToken(undefined, [])).toMatchObject({ signedIn: false, roles: [], views: { queue: false, trends: false, upload: false, reports: false, indicators: false, incidents: false, admin: false } });
    expect(sessionFromToken('not-a-jwt', [])).toMatchObject({ signedIn: true, roles: [] });
    expect(readTokenClaims('a.%%%.c')).toBeUndefined();
    expect(readTokenClaims(jwt({ 'cognito:groups': 5 }))).toBeUndefined();
  });
});
