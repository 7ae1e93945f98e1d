// Lint rules: typescript-eslint's recommended set, plus the house rules: the core never imports a
// chat platform, there are no import cycles, and a stage of src/ never imports a later one.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * src/'s folders in the order a question passes through them, then the operations around the bot.
 * A folder may import only those before it (and src/types.ts); see src/README.md for why.
 */
export const STAGES = ['runtime', 'corpus', 'language', 'wording', 'retrieval', 'dialogue', 'store', 'state', 'report', 'service', 'cli'];
const stageZones = STAGES.slice(0, -1).map((stage, i) => ({
  target: `./src/${stage}`,
  from: STAGES.slice(i + 1).map((later) => `./src/${later}`),
  message: `${stage}/ comes before ${STAGES.slice(i + 1).join(', ')} in src/: a stage never imports a later one.`,
}));

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
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { ...importX.flatConfigs.typescript.settings, 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: stageZones }] },
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
          { group: ['discord.js', '@discordjs/*', '@slack/*', 'grammy', 'grammy/*', '@grammyjs/*'], message: 'src/ is the platform-blind core: platform code lives in adapters/.' },
          { group: ['../adapters/*', '../../adapters/*'], message: 'The core never imports an adapter.' },
        ],
      }],
    },
  },
  {
    files: ['adapters/slack/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['discord.js', '@discordjs/*', '../discord/*', 'grammy', 'grammy/*', '@grammyjs/*', '../telegram/*'], message: 'Adapters import the core, never each other.' }] }] },
  },
  {
    files: ['adapters/discord/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@slack/*', '../slack/*', 'grammy', 'grammy/*', '@grammyjs/*', '../telegram/*'], message: 'Adapters import the core, never each other.' }] }] },
  },
  {
    files: ['adapters/telegram/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@slack/*', '../slack/*', 'discord.js', '@discordjs/*', '../discord/*'], message: 'Adapters import the core, never each other.' }] }] },
  },
);
