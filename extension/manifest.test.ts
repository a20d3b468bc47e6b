import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));
const wxtBin = fileURLToPath(new URL('../node_modules/wxt/bin/wxt.mjs', import.meta.url));

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  content_scripts?: unknown[];
  content_security_policy?: { extension_pages?: string };
  browser_specific_settings?: { gecko?: { id?: string; data_collection_permissions?: { required?: string[] } } };
  background?: { scripts?: string[]; service_worker?: string };
}

describe('Firefox MV3 build', () => {
  let manifest: Manifest;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [wxtBin, 'build', root, '-b', 'firefox', '--mv3'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, WXT_API_URL: '' },
    });
    manifest = JSON.parse(await readFile(`${root}/.output/firefox-mv3/manifest.json`, 'utf8')) as Manifest;
  }, 120_000);

  it('is MV3 with a gecko id and an event-page background', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.browser_specific_settings?.gecko?.id).toBe('referral-desk@example.invalid');
    expect(manifest.browser_specific_settings?.gecko?.data_collection_permissions?.required).toEqual(['websiteContent', 'browsingActivity']);
    expect(manifest.background?.scripts).toEqual(['background.js']);
  });

  it('asks for no pageCapture, no content scripts and only local API hosts', () => {
    expect(manifest.permissions).not.toContain('pageCapture');
    expect(manifest.permissions?.sort()).toEqual(['activeTab', 'alarms', 'contextMenus', 'identity', 'scripting', 'storage', 'unlimitedStorage']);
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
  });

  it('has no offscreen document or permission: Firefox samples a flagged video in its background page', async () => {
    expect(manifest.permissions).not.toContain('offscreen');
    await expect(access(`${root}/.output/firefox-mv3/offscreen.html`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('has a strict CSP for extension pages', () => {
    expect(manifest.content_security_policy?.extension_pages).toBe("script-src 'self'; object-src 'none'");
  });
});
