import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { hostPermissionsFor } from './host-permissions';

/**
 * The popup as one HTML file and its two scripts: nothing else for Chromium to fetch while the
 * officer waits (the popup's time to interactive is measured in the extension benchmark).
 * - WXT puts its plugin loader (two module files, with the browser polyfill) at the head of every
 *   page. This project registers no WXT runtime plugin and the popup's scripts carry what they use,
 *   so the popup drops it.
 * - Its stylesheet goes inline: a script waits for every stylesheet above it.
 * Builds only: the dev server's reload works through the loader.
 */
const popupInOneFile: Plugin = {
  name: 'referral-desk:popup-in-one-file',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler: (html, { path, bundle }) => {
      if (!path.endsWith('/popup/index.html') && !path.endsWith('/popup.html')) return html;
      return html
        .replace(/\s*<script type="module"[^>]*><\/script>/g, '')
        .replace(/<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g, (link, fileName: string) => {
          const asset = bundle?.[fileName];
          return asset?.type === 'asset' ? `<style>${String(asset.source)}</style>` : link;
        });
    },
  },
};

export default defineConfig({
  // Explicit imports keep every module readable and type-checkable without WXT's generated globals.
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  // Preact through Vite's own JSX transform (no Babel preset): the dashboard's components stay a few kilobytes.
  vite: () => ({
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    plugins: [popupInOneFile],
    build: {
      rolldownOptions: {
        // The shared contract, the pure core and the extension's own modules run nothing when
        // imported (their top level only defines schemas, tables and functions), so a page that
        // imports one name from a gateway (contract.ts, shared-rules.ts) gets that module alone,
        // not every module the gateway lists: without this the popup loaded zod, the whole
        // contract and the import rules (a 526 KB chunk shared with the dashboard) on every open.
        treeshake: {
          moduleSideEffects: [
            { test: /\/functions\/(contract|core|api)\/.*\.ts$/, sideEffects: false },
            { test: /\/extension\/utils\/.*\.tsx?$/, sideEffects: false },
          ],
        },
      },
    },
  }),
  zip: {
    name: 'referral-desk',
    artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
    // The sources zip is what an AMO reviewer rebuilds from: the extension imports the shared
    // contract and core from functions/, and builds with the root package.json and lockfile, so
    // it is taken from the repository root. Named by the manifest version (the default template
    // reads a package.json the extension folder does not have, and printed "undefined").
    sourcesTemplate: '{{name}}-{{version}}-sources.zip',
    sourcesRoot: fileURLToPath(new URL('..', import.meta.url)),
    includeSources: ['extension/**', 'functions/contract/**', 'functions/core/**', 'package.json', 'package-lock.json', 'tsconfig.json', 'README.md'],
    excludeSources: ['**/*.test.ts', '**/vectors/**', 'extension/.output/**', 'extension/.wxt/**'],
  },
  manifest: ({ browser }) => {
    const hostPermissions = hostPermissionsFor({ apiUrl: process.env.WXT_API_URL, cognitoDomain: process.env.WXT_COGNITO_DOMAIN, evidenceUrl: process.env.WXT_EVIDENCE_URL, e2e: process.env.REFERRAL_DESK_E2E === '1' });
    return {
      name: 'Referral Desk',
      version: '0.1.0',
      // The dashboard's messages are in public/_locales (en, fr, de); the browser picks by its language.
      default_locale: 'en',
      description: 'Tag terrorist content for referral to platforms, with hashed evidence and deconfliction.',
      // No content_scripts on purpose: hostile pages only ever meet code the officer triggered (activeTab + scripting).
      permissions: [
        'contextMenus',
        'storage',
        'alarms',
        'activeTab',
        'scripting',
        'identity',
        // Reports wait in the outbox with their evidence (screenshots, MHTML snapshots) while the
        // API is unreachable; storage.local's 10 MB quota would refuse a few large snapshots.
        'unlimitedStorage',
        // Firefox has no pageCapture; MHTML is a Chrome-only artifact.
        ...(browser === 'firefox' ? [] : ['pageCapture']),
        // Chrome's background has no DOM to play a flagged video in; Firefox's background page has one.
        ...(browser === 'firefox' ? [] : ['offscreen']),
      ],
      host_permissions: hostPermissions,
      // Only for checking pages on navigation, requested when the officer turns that on.
      optional_permissions: ['tabs'],
      // Another deployment's API, requested from the options page for that one origin when saved.
      optional_host_permissions: ['https://*/*'],
      content_security_policy: { extension_pages: "script-src 'self'; object-src 'none'" },
      action: { default_title: 'Referral Desk' },
      commands: {
        _execute_action: {
          suggested_key: { default: 'Alt+Shift+F' },
          description: 'Flag this page for referral',
        },
      },
      ...(browser === 'firefox'
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'referral-desk@example.invalid',
                strict_min_version: '128.0',
                // Firefox's built-in consent (required for new AMO listings): the extension sends the
                // pages an officer tags (URL, title, selected text, screenshots, snapshots) to the unit's API.
                data_collection_permissions: { required: ['websiteContent', 'browsingActivity'] },
              },
            },
          }
        : {}),
    };
  },
});
