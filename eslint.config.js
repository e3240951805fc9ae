// ESLint: typescript-eslint (plus a few type-aware rules that catch real bugs cheaply) and
// eslint-plugin-svelte. Formatting is Prettier's job; import cycles and the client/server split are
// checked by dependency-cruiser (.dependency-cruiser.cjs). Run through `npm run lint`, zero warnings.
import { defineConfig } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

// ESLint's own recommended set, read from the rules' metadata (the same list @eslint/js ships,
// which is not a dependency here).
const jsRecommended = {
  name: 'eslint:recommended',
  rules: Object.fromEntries([...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error'])),
};

/** Node built-ins, by bare name and by `node:` prefix: shared/ runs in the browser too. */
const nodeBuiltins = ['fs', 'path', 'os', 'http', 'https', 'net', 'crypto', 'url', 'util', 'events', 'stream', 'child_process', 'worker_threads', 'buffer'];

/** Globals that exist only in a browser (or only in Node); shared/ must not reach for them. */
const platformGlobals = [
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'HTMLElement',
  'Element',
  'Node',
  'requestAnimationFrame',
  'process',
  'Buffer',
  '__dirname',
  '__filename',
  'require',
].map((name) => ({ name, message: 'shared/ is the pure model: pass platform services in from client/ or server/.' }));

export default defineConfig(
  { ignores: ['dist/', 'dist-server/', 'data/', 'node_modules/', 'test-results/', 'shared/demo/*.json', 'bench/*.mjs'] },
  jsRecommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Type-aware, and worth their cost: a dropped promise is a lost write or an unhandled rejection.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
      // Our state classes keep plain Maps and Sets on purpose: Yjs-derived values are rebuilt and
      // assigned to `$state.raw` fields (replaced, not mutated), so SvelteMap/SvelteSet would only add cost.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: ts.parser },
    },
  },
  {
    // Components without type information: it made them two thirds of a cold lint (a program per
    // file), their logic lives in the type-linted `*.svelte.ts` classes, and svelte-check types them.
    files: ['**/*.svelte'],
    languageOptions: { parserOptions: { projectService: false } },
    ...ts.configs.disableTypeChecked,
  },
  {
    // Plain JS config files are outside the tsconfig: lint them without type information.
    files: ['**/*.js', '**/*.cjs'],
    ...ts.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests and the bench are linted without type information: a dropped promise there fails its
    // own run, and skipping their types keeps `npm run lint` fast (type-aware rules cover the product).
    files: ['test/**', 'bench/**'],
    ...ts.configs.disableTypeChecked,
  },
  {
    // Tests read JSON response bodies loosely; their assertions are what check the shape.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['shared/**'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-globals': ['error', ...platformGlobals],
      'no-restricted-imports': [
        'error',
        {
          paths: ['svelte', 'ws', 'y-websocket', 'y-indexeddb', 'better-sqlite3', ...nodeBuiltins].map((name) => ({
            name,
            message: 'shared/ is the pure model and contract: no Svelte, socket, storage or Node-only modules.',
          })),
          patterns: [
            { group: ['node:*', 'svelte/*', 'ws/*'], message: 'shared/ is the pure model and contract: no Svelte, socket or Node-only modules.' },
            { group: ['**/client/**', '**/server/**', '**/test/**'], message: 'shared/ depends on nothing in client/, server/ or test/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['ws', 'better-sqlite3', ...nodeBuiltins].map((name) => ({ name, message: 'client/ runs in the browser.' })),
          patterns: [
            { group: ['node:*'], message: 'client/ runs in the browser.' },
            { group: ['**/server/**'], message: 'client/ talks to the server over HTTP and the socket only; shared types live in shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['svelte', 'y-indexeddb'].map((name) => ({ name, message: 'server/ runs in Node.' })),
          patterns: [{ group: ['**/client/**'], message: 'server/ never imports client/; shared types live in shared/.' }],
        },
      ],
    },
  },
);
