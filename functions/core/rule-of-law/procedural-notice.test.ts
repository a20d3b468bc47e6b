import { describe, expect, it } from 'vitest';
import { checkProceduralNotice, proceduresSentTo, providerKeyOf } from './procedural-notice';

const sent = '2026-03-01T08:00:00.000Z';

describe('Art. 3(2): procedures 12 hours before a first removal order', () => {
  it('lets a first order through exactly 12 hours after the procedures, not a minute before', () => {
    const provider = { previousOrder: false, proceduresSentAt: sent };
    expect(checkProceduralNotice({ provider, issuedAt: '2026-03-01T20:00:00.000Z', platform: 'telegram' })).toBeUndefined();
    const early = checkProceduralNotice({ provider, issuedAt: '2026-03-01T19:59:00.000Z', platform: 'telegram' });
    expect(early).toMatchObject({ ok: false, status: 409, rule: 'Regulation (EU) 2021/784 Art. 3(2)' });
    expect(early?.message).toContain('2026-03-01T20:00:00.000Z');
  });

  it('needs no notice after a previous order, nor in a stated emergency', () => {
    expect(checkProceduralNotice({ provider: { previousOrder: true }, issuedAt: sent, platform: 'x' })).toBeUndefined();
    expect(checkProceduralNotice({ provider: { previousOrder: false }, issuedAt: sent, platform: 'x', emergency: { reason: 'imminent attack, livestream' } })).toBeUndefined();
    expect(checkProceduralNotice({ provider: { previousOrder: false }, issuedAt: sent, platform: 'x' })?.message).toContain('tcoProcedures');
  });

  it('names a known platform by its id and any other provider by the addressee name', () => {
    expect(providerKeyOf('telegram', 'Telegram FZ-LLC')).toBe('telegram');
    expect(providerKeyOf('other', '  Example Files Ltd ')).toBe('name:example files ltd');
    const entries = [
      { provider: 'telegram', sentAt: '2026-02-03T00:00:00.000Z' },
      { provider: 'telegram', sentAt: '2026-01-02T00:00:00.000Z' },
      { provider: 'Example Files Ltd', sentAt: '2026-01-05T00:00:00.000Z' },
    ];
    expect(proceduresSentTo(entries, 'telegram', 'Telegram FZ-LLC')).toBe('2026-01-02T00:00:00.000Z');
    expect(proceduresSentTo(entries, 'other', 'example files ltd')).toBe('2026-01-05T00:00:00.000Z');
    expect(proceduresSentTo(entries, 'other', 'Another Host')).toBeUndefined();
    expect(proceduresSentTo(entries, 'x', 'X Corp')).toBeUndefined();
  });
});
