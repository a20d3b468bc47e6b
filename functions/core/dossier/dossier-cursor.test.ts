import { describe, expect, it } from 'vitest';
import { decodeDossierCursor, encodeDossierCursor } from './dossier-cursor';

const position = { pk: 'DOSSIER#btc#1abc', sk: 'REF#2026-12-01T10:00:00.000Z#ref_0123456789abcdef01234567' };

describe('dossier cursors', () => {
  it('round-trip within the dossier they came from', () => {
    expect(decodeDossierCursor('k', encodeDossierCursor('k', position), position.pk)).toEqual({ ok: true, position });
  });

  it('refuse a cursor of another dossier, another key or an edit', () => {
    const cursor = encodeDossierCursor('k', position);
    expect(decodeDossierCursor('k', cursor, 'DOSSIER#btc#1other')).toMatchObject({ ok: false, message: expect.stringContaining('another') });
    expect(decodeDossierCursor('other key', cursor, position.pk)).toMatchObject({ ok: false });
    expect(decodeDossierCursor('k', `x${cursor}`, position.pk)).toMatchObject({ ok: false });
    expect(decodeDossierCursor('k', 'no-dot', position.pk)).toMatchObject({ ok: false, message: 'cursor is malformed' });
  });
});
