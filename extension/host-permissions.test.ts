import { describe, expect, it } from 'vitest';
import { hostPermissionsFor } from './host-permissions';

describe('hostPermissionsFor', () => {
  it('a release build for a deployed API asks for that API and its sign-in domain only', () => {
    expect(hostPermissionsFor({ apiUrl: 'https://api.referral-desk.example', cognitoDomain: 'https://auth.referral-desk.example' })).toEqual([
      'https://api.referral-desk.example/*',
      'https://auth.referral-desk.example/*',
    ]);
    expect(hostPermissionsFor({ apiUrl: 'https://api.referral-desk.example' })).not.toContain('http://127.0.0.1/*');
    // The sign-in domain as DEPLOY.md gives it (no scheme), and the bucket the presigned uploads go to.
    expect(hostPermissionsFor({ apiUrl: 'https://api.referral-desk.example', cognitoDomain: 'prod.auth.eu-west-1.amazoncognito.com', evidenceUrl: 'https://prod-evidence.s3.eu-west-1.amazonaws.com' })).toEqual([
      'https://api.referral-desk.example/*',
      'https://prod.auth.eu-west-1.amazoncognito.com/*',
      'https://prod-evidence.s3.eu-west-1.amazonaws.com/*',
    ]);
  });

  it('a development build (the local stack, no API URL or a loopback one) keeps the local API hosts', () => {
    expect(hostPermissionsFor({})).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(hostPermissionsFor({ apiUrl: '' })).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(hostPermissionsFor({ apiUrl: 'http://127.0.0.1:8787' })).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(hostPermissionsFor({ apiUrl: 'http://localhost:8787' })).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
  });

  it('the e2e build adds every URL, since automation cannot grant activeTab', () => {
    expect(hostPermissionsFor({ e2e: true })).toEqual(['http://127.0.0.1/*', 'http://localhost/*', '<all_urls>']);
  });
});
