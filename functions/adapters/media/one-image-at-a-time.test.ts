import { describe, expect, it } from 'vitest';
import { oneImageAtATime } from './one-image-at-a-time';

describe('oneImageAtATime', () => {
  it('never runs two jobs at once, keeps their order, and goes on after a failed one', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const order: number[] = [];
    const job = (n: number, fails = false) => async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      // Yield to the event loop several times, as a decode does, so overlapping jobs would show.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      order.push(n);
      running -= 1;
      if (fails) throw new Error(`job ${n} failed`);
      return n;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => oneImageAtATime(job(n, n === 2))));
    expect(mostAtOnce).toBe(1);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))).toEqual([1, 'job 2 failed', 3, 4, 5]);
  });
});
