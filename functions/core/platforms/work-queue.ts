import { isPlatformId } from './platforms';

/**
 * The queue of referrals on hosts outside the platform registry (forums, file hosts, blogs:
 * most terrorist content off the large platforms). Each unit sees its own, grouped by host.
 */
export const otherHostsQueue = 'other-hosts';

/** The liaison queue a referral of `platform` is worked in: the platform's own, or the other-hosts queue. */
export const workQueueOf = (platform: string): string => (isPlatformId(platform) ? platform : otherHostsQueue);
