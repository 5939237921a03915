// `npm run build:server` (run by `npm install` through prepare, and by `npm start` when the build is
// missing or older than a source): bundles server/main.ts and the project's modules it imports into one
// ES module, dist/server/main.mjs, so that a start loads one compiled file instead of compiling and
// resolving a few hundred TypeScript files through tsx (about a second on a quiet machine, several on a
// busy one). esbuild does it, as it does for vite and tsx already (no type check here: `npm run typecheck`).
// Pure-JavaScript packages are bundled too (resolving and wrapping some hundred CommonJS files of express,
// zod, kysely … took about a tenth of a restart at 2,000 companies); those with native code, worker
// threads or files found at run time stay imports of node_modules (KEEP_EXTERNAL). A module's
// import.meta.url is its source file's URL in the bundle too, so data files, worker modules and the
// worker shim are found where they are in the tree.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
export const BUNDLE = new URL('../dist/server/main.mjs', import.meta.url);
/** The sources the bundle was made from (relative to the root), to tell when it is out of date. */
export const INPUTS = new URL('../dist/server/inputs.json', import.meta.url);

/** Packages left as imports: native code, worker threads, transports and assets found at run time. */
const KEEP_EXTERNAL = ['better-sqlite3', 'pg', 'pino', 'pino-*', 'thread-stream', 'piscina', 'swagger-ui-dist', 'exceljs', 'cadical-wasm', 'tsx', 'esbuild'];

export async function buildServer() {
  const { build } = await import('esbuild');
  const outfile = fileURLToPath(BUNDLE);
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./main.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    absWorkingDir: root,
    external: KEEP_EXTERNAL,
    // Bundled CommonJS packages require Node's modules: an ES module has no require of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'source-urls',
        setup(b) {
          b.onLoad({ filter: /\.(ts|mjs)$/ }, async (args) => {
            if (args.path.includes('/node_modules/')) return undefined;
            const text = await readFile(args.path, 'utf8');
            const fromBundle = JSON.stringify(relative(dirname(outfile), args.path));
            return { contents: text.replaceAll('import.meta.url', `new URL(${fromBundle}, import.meta.url).href`), loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
          });
        },
      },
    ],
  });
  // Paths relative to absWorkingDir, the root.
  // The lock file stands for the bundled packages: an install that changes them makes the bundle old.
  const inputs = [...Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/')), 'package-lock.json'];
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(INPUTS, JSON.stringify(inputs));
  return inputs.length;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  const count = await buildServer();
  process.stdout.write(`built ${relative(process.cwd(), fileURLToPath(BUNDLE))} from ${count} modules in ${Date.now() - started} ms\n`);
}
