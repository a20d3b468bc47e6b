import type { DevTokenRequest } from '../../functions/api/authenticate';

/** Seeded users of the local stack, one per role, as Cognito users would be in the cloud. */
export const devUsers: (DevTokenRequest & { sub: string })[] = [
  { sub: 'officer.ana@eu-iru', role: 'referrer', unit: 'eu-iru' },
  { sub: 'officer.marc@fr-pharos', role: 'referrer', unit: 'fr-pharos' },
  { sub: 'liaison.lena@eu-iru', role: 'liaison', unit: 'eu-iru', platforms: ['x', 'youtube', 'telegram'] },
  { sub: 'analyst.sam@eu-iru', role: 'analyst', unit: 'eu-iru' },
  { sub: 'admin.kai@eu-iru', role: 'admin', unit: 'eu-iru' },
  // Deployment-wide: sets the platforms' webhook channels.
  { sub: 'platforms.pia@eu-iru', role: 'deployment-admin', unit: 'eu-iru' },
];
