import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ensureChromium, findChromium, localHost, type ChromiumHost } from './chromium';

/** A machine described by the executables it has. */
const host = (options: { executables?: string[]; env?: Record<string, string>; root?: boolean; platform?: NodeJS.Platform; folders?: Record<string, string[]> } = {}): ChromiumHost => {
  const executables = new Set(options.executables ?? []);
  return {
    env: options.env ?? {},
    home: '/home/officer',
    platform: options.platform ?? 'linux',
    isRoot: options.root ?? false,
    isExecutable: (path) => executables.has(path),
    list: (folder) => options.folders?.[folder] ?? [],
  };
};
const debian = ['/usr/bin/apt-get'];

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first, and refuses one that is not an executable instead of falling back', () => {
    const env = { CHROMIUM_PATH: '/opt/chrome/chrome' };
    expect(findChromium(host({ env, executables: ['/opt/chrome/chrome', '/usr/bin/chromium'] }))).toEqual({ kind: 'found', path: '/opt/chrome/chrome', source: 'CHROMIUM_PATH' });
    expect(findChromium(host({ env, executables: ['/usr/bin/chromium'] }))).toEqual({ kind: 'bad-override', path: '/opt/chrome/chrome' });
  });

  it("then Debian's /usr/bin/chromium, then the newest full Chromium in Playwright's cache", () => {
    expect(findChromium(host({ executables: ['/usr/bin/chromium'] }))).toMatchObject({ path: '/usr/bin/chromium', source: 'debian' });
    const cache = '/home/officer/.cache/ms-playwright';
    const folders = { [cache]: ['chromium-1180', 'chromium_headless_shell-1200', 'chromium-1200', 'ffmpeg-1011'] };
    const executables = [`${cache}/chromium-1180/chrome-linux/chrome`, `${cache}/chromium-1200/chrome-linux64/chrome`, `${cache}/chromium_headless_shell-1200/chrome-linux/headless_shell`];
    expect(findChromium(host({ folders, executables }))).toEqual({ kind: 'found', path: `${cache}/chromium-1200/chrome-linux64/chrome`, source: 'playwright' });
    expect(findChromium(host({ folders: { '/srv/browsers': ['chromium-1180'] }, env: { PLAYWRIGHT_BROWSERS_PATH: '/srv/browsers' }, executables: ['/srv/browsers/chromium-1180/chrome-linux/chrome'] }))).toMatchObject({ source: 'playwright' });
  });

  it('says how to get one: apt-get now as root on Debian, otherwise the one command to run', () => {
    expect(findChromium(host({ executables: debian, root: true }))).toEqual({ kind: 'missing', install: { kind: 'apt-now' } });
    expect(findChromium(host({ executables: debian }))).toEqual({ kind: 'missing', install: { kind: 'command', command: "sudo sh -c 'apt-get update && apt-get install -y chromium'" } });
    expect(findChromium(host({ platform: 'darwin' }))).toEqual({ kind: 'missing', install: { kind: 'command', command: 'npx playwright-core install chromium' } });
  });
});

describe('ensureChromium', () => {
  const quiet = () => undefined;

  it('installs with apt-get as root on Debian and answers the installed path', () => {
    const executables = [...debian];
    const machine = host({ executables, root: true });
    machine.isExecutable = (path) => executables.includes(path);
    let installs = 0;
    const install = () => {
      installs += 1;
      executables.push('/usr/bin/chromium');
    };
    expect(ensureChromium(machine, install, quiet)).toEqual({ ok: true, path: '/usr/bin/chromium' });
    expect(installs).toBe(1);
  });

  it('stops with the command to run when it cannot install, or when apt-get fails', () => {
    const refused = ensureChromium(host({ executables: debian }), () => expect.unreachable('no install without root'), quiet);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toContain("sudo sh -c 'apt-get update && apt-get install -y chromium'");
    const failed = ensureChromium(host({ executables: debian, root: true }), () => {
      throw new Error('E: Unable to locate package chromium\nmore');
    }, quiet);
    expect(!failed.ok && failed.message).toContain('Installing it failed: E: Unable to locate package chromium.');
    expect(!failed.ok && failed.message).toContain('    apt-get update && apt-get install -y chromium');
  });

  it('checks real files: an executable passes, a file that is not one is refused', () => {
    const machine = localHost();
    expect(findChromium({ ...machine, env: { CHROMIUM_PATH: process.execPath } })).toEqual({ kind: 'found', path: process.execPath, source: 'CHROMIUM_PATH' });
    const notExecutable = fileURLToPath(import.meta.url);
    expect(findChromium({ ...machine, env: { CHROMIUM_PATH: notExecutable } })).toEqual({ kind: 'bad-override', path: notExecutable });
  });
});
