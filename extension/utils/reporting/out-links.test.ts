import { describe, expect, it } from 'vitest';
import { outLinkCandidates } from './out-links';

describe('outLinkCandidates', () => {
  const post = 'https://t.me/beacon_channel/4242';

  it("offers the links to other platforms than the post's, each once, in page order", () => {
    const links = [
      'https://archive.org/details/beacon-release_2026',
      'https://t.me/beacon_channel/4241',
      'https://mega.nz/file/bcdeFGHI#Zm9vYmFyYmF6cXV4cXV1eA',
      'https://archive.org/details/beacon-release_2026',
      'https://pixeldrain.com/u/kX0F7t5i',
      'https://telegram.me/other_channel',
      'https://files.example-host.net/f/123',
    ];
    expect(outLinkCandidates(post, links)).toEqual([
      'https://archive.org/details/beacon-release_2026',
      'https://mega.nz/file/bcdeFGHI#Zm9vYmFyYmF6cXV4cXV1eA',
      'https://pixeldrain.com/u/kX0F7t5i',
      'https://files.example-host.net/f/123',
    ]);
  });

  it('leaves out what is not an http(s) link and caps the list at what the API takes', () => {
    expect(outLinkCandidates(post, ['javascript:alert(1)', 'mailto:a@b.c', 'not a url', 'ftp://files.example/x'])).toEqual([]);
    const many = Array.from({ length: 80 }, (_, i) => `https://gofile.io/d/f${String(i).padStart(5, '0')}`);
    expect(outLinkCandidates(post, many)).toHaveLength(50);
  });
});
