import { describe, expect, it } from 'vitest';
import { loadCursorKey } from './cursor-key';

const generated = 'Zq3'.repeat(22);

describe('loadCursorKey', () => {
  it('reads the generated secret the stateful stack made, once, by its ARN', async () => {
    const asked: string[] = [];
    const key = await loadCursorKey({ STAGE: 'prod', TABLE_NAME: 'prod-referrals', CURSOR_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:prod-queue-cursor-key' }, async (arn) => {
      asked.push(arn);
      return generated;
    });
    expect(key).toBe(generated);
    expect(asked).toEqual(['arn:aws:secretsmanager:eu-west-1:1:secret:prod-queue-cursor-key']);
  });

  it('never derives a key from public names: without a secret the API does not start', async () => {
    await expect(loadCursorKey({ STAGE: 'prod', TABLE_NAME: 'prod-referrals' }, async () => generated)).rejects.toThrow(/CURSOR_KEY_SECRET_ARN/);
    await expect(loadCursorKey({ STAGE: 'prod', TABLE_NAME: 'prod-referrals', CURSOR_KEY_SECRET_ARN: 'arn:x' }, async () => 'short')).rejects.toThrow(/32/);
  });

  it('uses the dev secret on the local stack', async () => {
    expect(await loadCursorKey({ STAGE: 'local', TABLE_NAME: 't', DEV_AUTH_SECRET: 'd'.repeat(40) }, async () => { throw new Error('not in the cloud'); })).toBe('d'.repeat(40));
  });
});
