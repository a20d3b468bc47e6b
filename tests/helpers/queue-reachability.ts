import { queuePartition } from '../../functions/adapters/table/keys';
import { allPlatforms } from '../../functions/core/platforms/platforms';
import { otherHostsQueue, workQueueOf } from '../../functions/core/platforms/work-queue';

/** The queues a dashboard offers: one per registry platform, and the other-hosts queue. */
const listedQueues = new Set([...allPlatforms().map((platform) => platform.id), otherHostsQueue]);

/**
 * Stored referrals (as scanned) that no officer's queue page would show: a referral is listed in
 * the queue of its platform (or other hosts) under its status, to the units in its `units` set.
 * One line per referral, saying why.
 */
export const referralsOutsideEveryQueue = (referrals: Record<string, unknown>[]): string[] =>
  referrals.flatMap((referral) => {
    const id = String(referral['referralId']);
    const platform = String(referral['platform']);
    const queue = workQueueOf(platform);
    const expected = queuePartition(queue, String(referral['status']));
    const units = referral['units'] as Set<string> | undefined;
    if (!listedQueues.has(queue)) return [`${id}: queue ${queue} is listed by no dashboard`];
    if (referral['gsi1pk'] !== expected) return [`${id} (${platform}, ${String(referral['status'])}): indexed under ${String(referral['gsi1pk'])}, not ${expected}`];
    if (!units || units.size === 0) return [`${id}: no unit's officers see it (no units)`];
    return [];
  });
