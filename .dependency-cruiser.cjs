/**
 * The rooms' boundaries as a check (`npm run check:arch`, run by .ci/run before the tests).
 *
 * engine/ is pure TypeScript: it imports no other room and nothing that does I/O or threads.
 * data/ never imports server/. server/routes/ reaches the data through services, never data/ itself.
 * runtime/ (a room to come) builds on engine/ alone. No cycles that exist at run time.
 *
 * Type-only imports are part of the graph (tsPreCompilationDeps): a type from data/ in engine/ ties
 * the rooms together as much as a value does. A cycle through a type-only import is allowed, as it is
 * gone once the types are erased (server/context.ts and the services it describes, today).
 */

/**
 * Route files that still import repositories directly. They are exempt from `routes-not-to-data`
 * until they go through services; take each one off as it is moved, and delete none of the rule.
 */
const ROUTES_STILL_IMPORTING_DATA = [
  'server/routes/analysis.ts',
  'server/routes/cities.ts',
  'server/routes/companies.ts',
  'server/routes/events.ts',
  'server/routes/history.ts',
  'server/routes/keys.ts',
  'server/routes/matches.ts',
];

const escape = (path) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
      comment: 'Routes reach the data through server/services/, not data/ (see ROUTES_STILL_IMPORTING_DATA).',
      severity: 'error',
      from: {
        path: '^server/routes/',
        pathNot: ROUTES_STILL_IMPORTING_DATA.map((file) => `^${escape(file)}$`),
      },
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
      name: 'no-runtime-cycles',
      comment: 'No circular imports, except through a type-only import (erased at compile time).',
      severity: 'error',
      from: { pathNot: IN_NODE_MODULES },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
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
    exclude: { path: '^(\\.git|var|dist|coverage|\\.prof)/' },
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
