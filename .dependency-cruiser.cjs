// Module boundaries, checked by `npm run lint` (depcruise). ESLint repeats the shared/ rules per file so
// an editor flags them at once; this file adds what needs the whole graph: cycles.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere (type-only imports included): a cycle means two modules are one concept, or one owns the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-no-node-builtins',
      severity: 'error',
      comment: 'shared/ runs in the browser too: no Node built-ins.',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-no-platform-packages',
      severity: 'error',
      comment: 'shared/ is the model and contract both sides use: no Svelte, sockets or storage.',
      from: { path: '^shared/' },
      to: { path: '(^|/)node_modules/(svelte|ws|y-websocket|y-indexeddb|better-sqlite3|@y/websocket-server)/' },
    },
    {
      name: 'shared-depends-on-nothing-local',
      severity: 'error',
      comment: 'shared/ is the bottom layer: it imports nothing from client/, server/, test/ or bench/.',
      from: { path: '^shared/' },
      to: { path: '^(client|server|test|bench)/' },
    },
    {
      name: 'client-not-to-server',
      severity: 'error',
      comment: 'The client reaches the server over HTTP and the socket only; what both need lives in shared/.',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-not-to-client',
      severity: 'error',
      comment: 'The server never imports client code; what both need lives in shared/.',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'client-no-node-builtins',
      severity: 'error',
      comment: 'client/ is bundled for the browser: no Node built-ins.',
      from: { path: '^client/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'client-no-server-packages',
      severity: 'error',
      comment: 'client/ is bundled for the browser: no server-side packages.',
      from: { path: '^client/' },
      to: { path: '(^|/)node_modules/(ws|better-sqlite3|@y/websocket-server)/' },
    },
    {
      name: 'app-not-to-tests',
      severity: 'error',
      comment: 'Application code does not depend on tests or benchmarks.',
      from: { path: '^(client|server|shared)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'Every package imported is declared in package.json (not only present through another package).',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
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
