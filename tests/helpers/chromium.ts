import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Finding the Chromium the browser tests drive. The extension and dashboard tests load the
 * built extension into a real Chromium through playwright-core, which brings no browser: a
 * fresh machine needs one installed, and `npm test` should say so at once, in one command,
 * instead of failing two test files with "executable doesn't exist".
 */

/** What the machine looks like, as far as finding or installing Chromium goes (tests pass their own). */
export interface ChromiumHost {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  platform: NodeJS.Platform;
  isRoot: boolean;
  isExecutable(path: string): boolean;
  /** Entries of a folder, empty when it does not exist. */
  list(folder: string): string[];
}

/** Debian's package, the one the README and CI install. */
export const debianChromium = '/usr/bin/chromium';
const aptInstall = 'apt-get update && apt-get install -y chromium';

/**
 * Full Chromium builds in Playwright's browser cache (`npx playwright install chromium`), newest
 * first. The headless shell builds are left out: they cannot load extensions.
 */
export const playwrightChromiums = (host: ChromiumHost): string[] => {
  const cache = host.env['PLAYWRIGHT_BROWSERS_PATH'] || (host.platform === 'darwin' ? join(host.home, 'Library', 'Caches', 'ms-playwright') : join(host.home, '.cache', 'ms-playwright'));
  const builds = host
    .list(cache)
    .filter((name) => /^chromium-\d+$/.test(name))
    .sort((a, b) => Number(b.slice('chromium-'.length)) - Number(a.slice('chromium-'.length)));
  const inside =
    host.platform === 'darwin'
      ? [join('chrome-mac', 'Chromium.app', 'Contents', 'MacOS', 'Chromium'), join('chrome-mac-arm64', 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing')]
      : [join('chrome-linux64', 'chrome'), join('chrome-linux', 'chrome')];
  return builds.flatMap((build) => inside.map((path) => join(cache, build, path)));
};

export type ChromiumLookup =
  | { kind: 'found'; path: string; source: 'CHROMIUM_PATH' | 'debian' | 'playwright' }
  /** CHROMIUM_PATH names something that is not an executable: a typo must not fall back silently. */
  | { kind: 'bad-override'; path: string }
  | { kind: 'missing'; install: InstallWay };

/** How this machine gets a Chromium: apt-get now (root on Debian), or the command a person runs. */
export type InstallWay = { kind: 'apt-now' } | { kind: 'command'; command: string };

const installWay = (host: ChromiumHost): InstallWay => {
  if (host.platform === 'linux' && host.isExecutable('/usr/bin/apt-get')) {
    return host.isRoot ? { kind: 'apt-now' } : { kind: 'command', command: `sudo sh -c '${aptInstall}'` };
  }
  // Elsewhere Playwright's own build, which findChromium then finds in Playwright's cache.
  return { kind: 'command', command: 'npx playwright-core install chromium' };
};

/** CHROMIUM_PATH first, then Debian's /usr/bin/chromium, then Playwright's cache. */
export const findChromium = (host: ChromiumHost): ChromiumLookup => {
  const override = host.env['CHROMIUM_PATH'];
  if (override !== undefined && override !== '') {
    return host.isExecutable(override) ? { kind: 'found', path: override, source: 'CHROMIUM_PATH' } : { kind: 'bad-override', path: override };
  }
  if (host.isExecutable(debianChromium)) return { kind: 'found', path: debianChromium, source: 'debian' };
  const cached = playwrightChromiums(host).find((path) => host.isExecutable(path));
  if (cached !== undefined) return { kind: 'found', path: cached, source: 'playwright' };
  return { kind: 'missing', install: installWay(host) };
};

/** The message that stops the run, with the one command that fixes it. */
export const missingChromiumMessage = (lookup: Exclude<ChromiumLookup, { kind: 'found' }>, installError?: string): string => {
  if (lookup.kind === 'bad-override') return `CHROMIUM_PATH=${lookup.path} is not an executable file: fix it, or unset it to use ${debianChromium}.`;
  const command = lookup.install.kind === 'command' ? lookup.install.command : aptInstall;
  return [
    `The browser tests need Chromium; none was found (CHROMIUM_PATH, ${debianChromium}, Playwright's cache).${installError === undefined ? '' : ` Installing it failed: ${installError}.`}`,
    `Run this, then npm test again (or set CHROMIUM_PATH to a Chromium or Chrome executable):`,
    ``,
    `    ${command}`,
    ``,
  ].join('\n');
};

export const localHost = (): ChromiumHost => ({
  env: process.env,
  home: homedir(),
  platform: process.platform,
  isRoot: process.getuid?.() === 0,
  isExecutable: (path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  list: (folder) => {
    try {
      return readdirSync(folder);
    } catch {
      return [];
    }
  },
});

/**
 * The Chromium for the browser tests: found, or installed with apt-get when running as root
 * on Debian (a fresh CI machine), or the message to stop with.
 */
export const ensureChromium = (
  host: ChromiumHost = localHost(),
  install: () => void = aptGetChromium,
  log: (line: string) => void = console.log,
): { ok: true; path: string } | { ok: false; message: string } => {
  const lookup = findChromium(host);
  if (lookup.kind === 'found') return { ok: true, path: lookup.path };
  if (lookup.kind === 'bad-override' || lookup.install.kind === 'command') return { ok: false, message: missingChromiumMessage(lookup) };
  log(`No Chromium for the browser tests: installing Debian's (${aptInstall})...`);
  try {
    install();
  } catch (error) {
    return { ok: false, message: missingChromiumMessage(lookup, (error as Error).message.split('\n')[0]) };
  }
  const after = findChromium(host);
  return after.kind === 'found' ? { ok: true, path: after.path } : { ok: false, message: missingChromiumMessage(lookup, `apt-get finished, but ${debianChromium} is still missing`) };
};

const aptGetChromium = (): void => {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
};
