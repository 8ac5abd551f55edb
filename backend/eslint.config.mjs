// @ts-check
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Every folder under src/modules is a feature module, read at lint time so a new one is guarded.
const featureModules = readdirSync(join(import.meta.dirname, 'src/modules'), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * `import-x/no-restricted-paths` zones: no module imports another module's files of these
 * kinds (`repository`, `entity`); its own are fine. Paths are resolved, however the import
 * is spelled.
 */
function privateToEachModule(kinds) {
  return [
    'error',
    {
      basePath: import.meta.dirname,
      zones: [
        ...featureModules.map((own) => ({
          target: `src/modules/${own}/**`,
          from: featureModules
            .filter((other) => other !== own)
            .flatMap((other) => kinds.map((kind) => `src/modules/${other}/**/*.${kind}.ts`)),
          message: `A module's ${kinds.join(' and ')} files are private: use its exported service (or its narrow port module).`,
        })),
        realtimeContractZone,
      ],
    },
  ];
}

/**
 * The realtime contract (event names, rooms, event maps, the publisher port) sits below every
 * module that emits: it imports none of them. Payload types reach its maps the other way, by
 * module augmentation from each owner's `*.events.ts`.
 */
const realtimeContractZone = {
  target: 'src/modules/realtime/contract/**',
  from: 'src/modules',
  except: ['./realtime/contract'],
  message: 'The realtime contract imports no module: declare payloads in the owner (*.events.ts).',
};

export default defineConfig(
  { ignores: ['dist/', 'coverage/'] },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/frontend/**'],
              message: 'The backend never imports frontend code.',
            },
            {
              group: ['**/modules/*/*.repository', '**/modules/*/*.entity'],
              message: "A module's repository and entities are private: use its exported service.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: {
      // No import cycle, so none between feature modules: a Nest module that imports another
      // imports its file, and `forwardRef` would need exactly such a cycle.
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/**/*.entity.ts'],
    rules: { 'import-x/no-restricted-paths': privateToEachModule(['repository', 'entity']) },
  },
  {
    // An entity may name another module's entity in a relation: that is the foreign key the
    // migrations declare, and the schema drift check needs it. Repositories stay private.
    files: ['src/modules/**/*.entity.ts'],
    rules: { 'import-x/no-restricted-paths': privateToEachModule(['repository']) },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests read JSON bodies and socket payloads whose shapes the assertions check.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    extends: [eslint.configs.recommended],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
  },
  prettier,
);
