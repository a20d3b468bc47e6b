import { describe, expect, it } from 'vitest';
import { incidentDeclaration } from '../../contract';
import { validateForm } from '../ui/form-errors';
import { clockDuration, instantOf, readDeclaration, seedError, seedLines } from './incident-form';

const form = { incidentId: '0b7e4c1a-5d2f-4a8e-9c3b-6f1d2e3a4b5c', name: 'Attack on the market', startedAt: '2026-03-01T10:00', urls: '', handles: '', terms: '', contentHashes: '', pdqHashes: '' };

describe('the declaration form', () => {
  it('reads one seed a line, without blank lines or surrounding spaces', () => {
    expect(seedLines(' @one \n\n@two\r\n  ')).toEqual(['@one', '@two']);
    expect(readDeclaration({ ...form, terms: 'market convoy\n\nlivestream' })).toMatchObject({ seeds: { urls: [], terms: ['market convoy', 'livestream'], pdqHashes: [] } });
  });

  it('takes the start in the officer’s clock, and hands on what is not a time for the schema to refuse', () => {
    expect(instantOf('2026-03-01T10:00')).toBe(new Date('2026-03-01T10:00').toISOString());
    expect(instantOf('yesterday')).toBe('yesterday');
    const checked = validateForm(incidentDeclaration, readDeclaration({ ...form, startedAt: 'yesterday', terms: 'ok term' }));
    expect(checked.ok ? [] : Object.keys(checked.errors)).toEqual(['startedAt']);
  });

  it('names the line of a bad seed, and the list itself when no seed is given', () => {
    const bad = validateForm(incidentDeclaration, readDeclaration({ ...form, pdqHashes: `${'a'.repeat(64)}\nnot a hash` }));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(seedError(bad.errors, 'pdqHashes')).toEqual({ line: 2, message: 'a PDQ hash: 64 hex digits' });
    expect(seedError(bad.errors, 'terms')).toBeUndefined();
    const none = validateForm(incidentDeclaration, readDeclaration(form));
    expect(none.ok ? undefined : none.errors['seeds']).toBe('an incident needs at least one seed');
  });

  it('shows durations as h:mm:ss and a missing one as a dash', () => {
    expect(clockDuration(3_725)).toBe('1:02:05');
    expect(clockDuration(null)).toBe('—');
  });
});
