import { randomUUID } from 'node:crypto';
import type { LocalStackHandle } from './local-stack';

/**
 * Files `count` reports of distinct Telegram posts through `POST /v1/reports`, as the extension
 * does, a few at a time, and waits until each is a referral in the Telegram queue (status new).
 * Returns the referral ids in filing order.
 */
export const seedTelegramQueue = async (stack: LocalStackHandle, options: { count: number; channel: string; unit?: string; inFlight?: number }): Promise<string[]> => {
  const referrer = await stack.tokenFor({ role: 'referrer', unit: options.unit ?? 'eu-iru', sub: `seed-${options.channel}` });
  const referralIds: string[] = new Array<string>(options.count);
  let next = 0;
  const fileOne = async (index: number): Promise<void> => {
    const submissionId = randomUUID();
    const response = await fetch(`${stack.apiUrl}/v1/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${referrer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId, url: `https://t.me/s/${options.channel}/${index + 1}`, category: 'propaganda', title: `Post ${index + 1} of ${options.channel}` }),
    });
    if (!response.ok) throw new Error(`POST /v1/reports: HTTP ${response.status} ${await response.text()}`);
    referralIds[index] = (await stack.waitForSubmission(submissionId, 60_000)).referralId;
  };
  const worker = async (): Promise<void> => {
    for (let index = next++; index < options.count; index = next++) await fileOne(index);
  };
  await Promise.all(Array.from({ length: options.inFlight ?? 8 }, worker));
  return referralIds;
};
