import { describe, expect, it } from 'vitest';
import { decodeQueueCursor, encodeQueueCursor } from './queue-cursor';

const key = 'k'.repeat(32);
const position = { pk: 'REF#ref_0123456789abcdef01234567', sk: 'META', gsi1pk: 'QUEUE#x#new', gsi1sk: 'P2#2026-03-01T10:00:00.000Z#ref_0123456789abcdef01234567' };

describe('queue cursor', () => {
  it('round-trips a position for its own queue', () => {
    expect(decodeQueueCursor(key, encodeQueueCursor(key, position), 'QUEUE#x#new')).toEqual({ ok: true, position });
  });

  it('refuses altered, foreign and garbage cursors', () => {
    const cursor = encodeQueueCursor(key, position);
    const flipped = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;
    expect(decodeQueueCursor(key, flipped, 'QUEUE#x#new').ok).toBe(false);
    expect(decodeQueueCursor('other'.repeat(8), cursor, 'QUEUE#x#new').ok).toBe(false);
    expect(decodeQueueCursor(key, cursor, 'QUEUE#youtube#new')).toMatchObject({ ok: false, message: expect.stringContaining('another queue') });
    const forged = encodeQueueCursor(key, { ...position, gsi1sk: 'nonsense' });
    expect(decodeQueueCursor(key, forged, 'QUEUE#x#new').ok).toBe(false);
    for (const garbage of ['', '.', 'abc', 'a.b.c', '%%%.x']) expect(decodeQueueCursor(key, garbage, 'QUEUE#x#new').ok).toBe(false);
  });
});
