// The ESLint setup a security-minded team runs: typescript-eslint's parser and
// eslint-plugin-security's recommended rules, on the bench's file list.
import tsParser from '@typescript-eslint/parser';
import security from 'eslint-plugin-security';

export default [
  security.configs.recommended,
  {
    files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
    languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
  },
];
