// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', '.data/', '.output/', '**/.output/', '**/.wxt/', 'cdk.out/', 'coverage/', 'test-artifacts/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    // The extension reaches functions/ through two listed gateways only, so what it shares with the
    // server is visible in one place: utils/contract.ts (wire schemas) and utils/shared-rules.ts
    // (pure domain rules it applies itself).
    files: ['extension/**/*.ts', 'extension/**/*.tsx'],
    ignores: ['extension/utils/contract.ts', 'extension/utils/shared-rules.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)functions/contract(/|$)', message: 'Import the shared contract through extension/utils/contract.ts.' },
            { regex: '(^|/)functions/(?!contract(/|$))', message: 'Import rules of functions/core through extension/utils/shared-rules.ts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['extension/utils/contract.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)functions/(?!contract/)', message: 'contract.ts re-exports functions/contract only.' }] }] },
  },
  {
    // Config files that tools load by default export.
    files: ['**/*.config.ts', '**/*.config.js', 'extension/entrypoints/**/*.ts', 'extension/entrypoints/**/*.tsx', 'extension/wxt.config.ts', '**/*.d.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
