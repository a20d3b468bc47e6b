import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { visibleTextOfHtml } from './html-text';
import { pageTextOfMhtml } from './mhtml-text';

/** Snapshots Chromium wrote (DevTools Page.captureSnapshot, the serializer behind pageCapture.saveAsMHTML). */
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

const readPage = async (bytes: Uint8Array) => {
  const result = await pageTextOfMhtml(bytes);
  if (!result.ok) throw new Error(`expected page text, got ${result.error.code}: ${result.error.message}`);
  return result.page;
};

describe('pageTextOfMhtml on Chromium snapshots', () => {
  it('decodes the quoted-printable UTF-8 page and its frame, in document order, without the stylesheet', async () => {
    const page = await readPage(fixture('chromium-donation-page.mhtml'));
    expect(page.title).toBe('Unterstützt die Brüder');
    expect(page.text).toContain('Helft den Brüdern — جزاكم الله خيرا');
    expect(page.text).toContain('Jede Spende zählt & wird verdoppelt:');
    expect(page.text).toContain('BTC: 1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo');
    // The frame is a part of its own after the page's resources.
    expect(page.text.indexOf('Telegram @brueder_spenden')).toBeGreaterThan(page.text.indexOf('Mit Ethereum spenden'));
    expect(page.text).not.toContain('font-family');
    expect(page.text).not.toContain('Unterstützt die Brüder');
    expect(page.problems).toEqual([]);
  });

  it('keeps the payment link behind a donate button', async () => {
    const page = await readPage(fixture('chromium-donation-page.mhtml'));
    expect(page.text).toContain('ethereum:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359?value=1e18');
  });

  it('returns the base64 image parts for the QR reader', async () => {
    const page = await readPage(fixture('chromium-donation-page.mhtml'));
    expect(page.images).toHaveLength(1);
    expect(page.images[0]?.mediaType).toBe('image/png');
    expect([...(page.images[0]?.bytes.subarray(0, 8) ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('reads a page whose charset (windows-1252) is named only in its <meta>', async () => {
    const page = await readPage(fixture('chromium-latin1-page.mhtml'));
    expect(page.title).toBe('Spende für die Brüder');
    expect(page.text).toBe('Überweisung: DE89 3704 0044 0532 0130 00 (Grüße)');
  });
});

describe('pageTextOfMhtml on bad input', () => {
  it('says what is wrong with a file that is not a snapshot', async () => {
    expect(await pageTextOfMhtml(new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toMatchObject({ ok: false, error: { code: 'not_mhtml' } });
    expect(await pageTextOfMhtml(new Uint8Array())).toMatchObject({ ok: false });
  });

  it('says when the snapshot has no HTML part', async () => {
    const mhtml = ['MIME-Version: 1.0', 'Content-Type: multipart/related; boundary="b"', '', '--b', 'Content-Type: image/png', 'Content-Transfer-Encoding: base64', '', 'iVBORw0KGgo=', '--b--', ''].join('\r\n');
    expect(await pageTextOfMhtml(new TextEncoder().encode(mhtml))).toMatchObject({ ok: false, error: { code: 'no_html_part' } });
  });

  it('keeps the text of a part with undecodable bytes and records the problem', async () => {
    const mhtml = [
      'MIME-Version: 1.0',
      'Content-Type: multipart/related; type="text/html"; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<p>IBAN DE89370400440532013000 =FF=FE</p>',
      '--b--',
      '',
    ].join('\r\n');
    const result = await pageTextOfMhtml(new TextEncoder().encode(mhtml));
    expect(result).toMatchObject({ ok: true, page: { problems: [{ code: 'undecodable_characters' }] } });
    expect(result.ok && result.page.text).toContain('IBAN DE89370400440532013000');
  });

  it('cuts the text at the limit and says so', async () => {
    const body = `<p>${'spende '.repeat(1_000)}</p>`;
    const mhtml = ['MIME-Version: 1.0', 'Content-Type: multipart/related; boundary="b"', '', '--b', 'Content-Type: text/html', '', body, '--b--', ''].join('\r\n');
    const result = await pageTextOfMhtml(new TextEncoder().encode(mhtml), { maxCharacters: 100 });
    expect(result).toMatchObject({ ok: true, page: { problems: [{ code: 'text_truncated' }] } });
    expect(result.ok && result.page.text.length).toBeLessThanOrEqual(100);
  });
});

describe('visibleTextOfHtml', () => {
  it('drops scripts, styles and templates, and keeps blocks apart', () => {
    const html = '<html><head><title>T</title><script>var a = "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo";</script></head><body><style>p{}</style><div>one</div><div>two</div><template>hidden</template><p>a&nbsp;b &lt;c&gt;</p></body></html>';
    expect(visibleTextOfHtml(html)).toEqual({ title: 'T', text: 'one\ntwo\na b <c>', truncated: false });
  });

  it('reads text inside malformed markup the way a browser would', () => {
    expect(visibleTextOfHtml('<p>unclosed <b>bold <i>wallet</p> after').text).toBe('unclosed bold wallet\nafter');
  });
});
