import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineProject({
  // WXT's plugin swaps `wxt/browser` for the in-memory fake browser and sets import.meta.env.BROWSER etc.
  plugins: [WxtVitest({ root })],
  test: {
    name: 'extension',
    root,
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '.output/**', '.wxt/**'],
    environment: 'node',
    setupFiles: ['./test-setup.ts'],
  },
});
