import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { readForm, renderOutLinks } from './popup-view';

const popupHtml = readFileSync(new URL('../../entrypoints/popup/index.html', import.meta.url), 'utf8');

describe('popup out-links', () => {
  it('lists the out-links checked, as text, and reads back only those the officer kept', () => {
    const { document } = parseHTML(popupHtml);
    renderOutLinks(document, ['https://gofile.io/d/b7CpnJ', 'https://pixeldrain.com/u/kX0F7t5i?<b>x</b>']);
    expect(document.getElementById('out-links-section')?.hidden).toBe(false);
    const boxes = [...document.querySelectorAll<HTMLInputElement>('#out-links input')];
    expect(boxes.map((box) => box.checked)).toEqual([true, true]);
    expect(document.querySelectorAll('#out-links b').length).toBe(0);
    if (boxes[0]) boxes[0].checked = false;
    expect(readForm(document).outLinks).toEqual(['https://pixeldrain.com/u/kX0F7t5i?<b>x</b>']);
  });

  it('hides the list and sends no out-links when the page links to no other platform', () => {
    const { document } = parseHTML(popupHtml);
    renderOutLinks(document, []);
    expect(document.getElementById('out-links-section')?.hidden).toBe(true);
    expect(readForm(document)).not.toHaveProperty('outLinks');
  });
});
