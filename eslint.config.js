// Lint rules: typescript-eslint's recommended set, plus the house rule that the core never imports a chat platform.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain-JS build scripts run on Node.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['discord.js', '@discordjs/*', '@slack/*'], message: 'src/ is the platform-blind core: platform code lives in adapters/.' },
          { group: ['../adapters/*', '../../adapters/*'], message: 'The core never imports an adapter.' },
        ],
      }],
    },
  },
  {
    files: ['adapters/slack/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['discord.js', '@discordjs/*', '../discord/*'], message: 'Adapters import the core, never each other.' }] }] },
  },
  {
    files: ['adapters/discord/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@slack/*', '../slack/*'], message: 'Adapters import the core, never each other.' }] }] },
  },
);
