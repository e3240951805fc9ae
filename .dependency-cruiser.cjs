// Module boundaries, checked by `npm run lint` (depcruise). ESLint repeats the shared/ rules per file so
// an editor flags them at once; this file adds what needs the whole graph: cycles.
/** Every rule is an error: a crossed boundary fails the lint. */
const forbid = (name, comment, from, to) => ({ name, severity: 'error', comment, from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid(
      'no-circular',
      'No import cycles anywhere (type-only imports included): a cycle means two modules are one concept, or one owns the other.',
      {},
      { circular: true },
    ),
    forbid(
      'browser-no-node-builtins',
      'shared/ and client/ run in the browser: no Node built-ins.',
      { path: '^(shared|client)/' },
      { dependencyTypes: ['core'] },
    ),
    forbid(
      'shared-no-platform-packages',
      'shared/ is the model and contract both sides use: no Svelte, sockets or storage.',
      { path: '^shared/' },
      { path: '(^|/)node_modules/(svelte|ws|y-websocket|y-indexeddb|better-sqlite3|@y/websocket-server)/' },
    ),
    forbid(
      'shared-depends-on-nothing-local',
      'shared/ is the bottom layer: it imports nothing from client/, server/, test/ or bench/.',
      { path: '^shared/' },
      { path: '^(client|server|test|bench)/' },
    ),
    forbid(
      'client-not-to-server',
      'The client reaches the server over HTTP and the socket only; what both need lives in shared/.',
      { path: '^client/' },
      { path: '^server/' },
    ),
    forbid('server-not-to-client', 'The server never imports client code; what both need lives in shared/.', { path: '^server/' }, { path: '^client/' }),
    forbid(
      'client-no-server-packages',
      'client/ is bundled for the browser: no server-side packages.',
      { path: '^client/' },
      { path: '(^|/)node_modules/(ws|better-sqlite3|@y/websocket-server)/' },
    ),
    forbid('app-not-to-tests', 'Application code does not depend on tests or benchmarks.', { path: '^(client|server|shared)/' }, { path: '^(test|bench)/' }),
    forbid('not-to-unresolvable', 'An import that does not resolve is a typo or a missing dependency.', {}, { couldNotResolve: true }),
    forbid(
      'no-non-package-json',
      'Every package imported is declared in package.json (not only present through another package).',
      {},
      { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules may be a symlink to a shared install: keep its paths as node_modules/...
    preserveSymlinks: true,
    exclude: { path: '^(dist|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve package imports the way Vite and Node do (package.json "exports" first).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.svelte', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
