import type { ReportV1Input } from '../../functions/contract/report';
import { categories } from '../../functions/contract/report';
import { seededRandom } from './fault-injection';

/**
 * One piece of content, with URL forms that must all land on the same referral. The
 * forms are written by hand per platform, independently of the canonicalizer.
 */
export interface Content {
  id: number;
  forms: string[];
}

const videoId = (n: number) => `v${String(n).padStart(4, '0')}AbCd_E`;

export const makeContents = (count: number): Content[] =>
  Array.from({ length: count }, (_, id) => {
    switch (id % 5) {
      case 0:
        return { id, forms: [`https://www.youtube.com/watch?v=${videoId(id)}`, `https://youtu.be/${videoId(id)}?si=abc${id}`, `https://m.youtube.com/watch?v=${videoId(id)}&feature=share`, `https://www.youtube.com/shorts/${videoId(id)}`] };
      case 1:
        return { id, forms: [`https://x.com/user${id}/status/17${String(id).padStart(17, '0')}`, `https://twitter.com/user${id}/status/17${String(id).padStart(17, '0')}?s=20`, `https://mobile.twitter.com/user${id}/status/17${String(id).padStart(17, '0')}`] };
      case 2:
        return { id, forms: [`https://t.me/channel${id}/${id + 10}`, `https://t.me/s/channel${id}/${id + 10}`, `https://telegram.me/channel${id}/${id + 10}`] };
      case 3:
        return { id, forms: [`https://forum-${id}.example.org/thread/${id}`, `https://forum-${id}.example.org/thread/${id}?utm_source=x&utm_medium=y`, `https://FORUM-${id}.example.org/thread/${id}#reply-3`] };
      default:
        return { id, forms: [`https://paste.example.net/raw/${id}`, `https://paste.example.net/raw/${id}?fbclid=IwAR${id}`] };
    }
  });

export interface PlannedReport {
  contentId: number;
  unit: string;
  report: ReportV1Input;
}

/**
 * `reportCount` reports over `contents`, from `units`: every content is reported at
 * least once, the rest at random (seeded), each in a random URL form.
 */
export const planReports = (contents: Content[], units: string[], reportCount: number, seed: number): PlannedReport[] => {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const plan: PlannedReport[] = [];
  for (let i = 0; i < reportCount; i += 1) {
    const content = i < contents.length ? (contents[i] as Content) : pick(contents);
    plan.push({
      contentId: content.id,
      unit: pick(units),
      report: {
        submissionId: crypto.randomUUID(),
        url: pick(content.forms),
        title: `Reported content ${content.id}`,
        category: pick([...categories]),
      },
    });
  }
  return plan;
};

/** Runs `task` over `items` with at most `limit` in flight. */
export const mapLimit = async <T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T, index);
    }
  });
  await Promise.all(workers);
  return results;
};
