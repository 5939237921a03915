/**
 * The rooms' boundaries as a check (`npm run check:arch`, run by .ci/run before the tests).
 *
 * engine/ is pure TypeScript: it imports no other room and nothing that does I/O or threads.
 * data/ never imports server/. server/routes/ reaches the data through services, never data/ itself.
 * runtime/ builds on engine/ alone. web/ (the browser's workbench) uses engine/'s pure formulas and
 * the generated API types, nothing of the server's; no other room imports web/. No import cycles.
 *
 * Type-only imports are part of the graph (tsPreCompilationDeps): a type from data/ in engine/ ties
 * the rooms together as much as a value does, and a circle of types is a circle of modules that cannot
 * be understood one at a time (the context and its services were one, until they were given their
 * dependencies).
 */



/** Node's modules for files, processes, threads and the network (resolved without the `node:` prefix). */
const NODE_IO_AND_THREADS = '^(node:)?(fs|fs/promises|worker_threads|child_process|cluster|net|tls|dgram|http|https|http2)$';
/**
 * Packages that serve HTTP or talk to a database, resolved or not. node_modules may be a symlink (as in
 * a worktree that shares another's), and then resolves to a path outside the repository.
 */
const SERVER_AND_DATABASE_PACKAGES = '(^|/)node_modules/(express|kysely|better-sqlite3|pg)/|^(express|kysely|better-sqlite3|pg)(/|$)';
const IN_NODE_MODULES = '(^|/)node_modules/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-not-to-other-rooms',
      comment: 'engine/ is the pure core: it imports neither data/ nor server/ nor runtime/.',
      severity: 'error',
      from: { path: '^engine/' },
      to: { path: '^(data|server|runtime)/' },
    },
    {
      name: 'engine-without-io',
      comment: 'engine/ does no I/O and starts no threads: no fs, processes, threads, network, HTTP or database packages.',
      severity: 'error',
      from: { path: '^engine/' },
      to: { path: [NODE_IO_AND_THREADS, SERVER_AND_DATABASE_PACKAGES] },
    },
    {
      name: 'data-not-to-server',
      comment: 'data/ (schema, repositories, CLIs) never depends on the HTTP face.',
      severity: 'error',
      from: { path: '^data/' },
      to: { path: '^server/' },
    },
    {
      name: 'routes-not-to-data',
      comment: 'Routes reach the data through server/services/, never data/ directly.',
      severity: 'error',
      from: { path: '^server/routes/' },
      to: { path: '^data/' },
    },
    {
      name: 'runtime-only-to-engine',
      comment: 'runtime/ builds on engine/ alone: of the project\'s own code it imports nothing else.',
      severity: 'error',
      from: { path: '^runtime/' },
      to: { dependencyTypes: ['local'], pathNot: '^(runtime|engine)/' },
    },
    {
      name: 'web-only-to-engine',
      comment: 'web/ runs in the browser: of the project\'s own code it imports engine/ (pure) and itself, never data/, server/ or runtime/.',
      severity: 'error',
      from: { path: '^web/' },
      to: { dependencyTypes: ['local'], pathNot: '^(web|engine)/' },
    },
    {
      name: 'nothing-to-web',
      comment: 'Only tests look into web/; the server serves its built files by path, it never imports them.',
      severity: 'error',
      from: { path: '^(engine|data|server|runtime)/' },
      to: { path: '^web/' },
    },
    {
      name: 'web-without-node',
      comment: 'web/src runs in the browser: no Node.js modules, no server or database packages.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: [NODE_IO_AND_THREADS, SERVER_AND_DATABASE_PACKAGES] },
    },
    {
      name: 'no-cycles',
      comment: 'No circular imports, type-only ones included.',
      severity: 'error',
      from: { pathNot: IN_NODE_MODULES },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves, so the rules above see every dependency.',
      severity: 'error',
      from: { pathNot: IN_NODE_MODULES },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Cruised from the repository root, so a new room (runtime/) is checked as soon as it exists.
    exclude: { path: '^(\\.git|var|dist|coverage|\\.prof|web/dist)/' },
    doNotFollow: { path: IN_NODE_MODULES },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // The packages are ES modules whose `exports` only answer the `import` condition.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
