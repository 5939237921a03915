/**
 * The server as an operator runs it: a process of its own on 127.0.0.1, in its own process group (so
 * that stopping it ends what it spawned), its output kept for the test's messages. The start-command
 * test runs `npm start`'s bundle; the multi-instance tests run several processes over one database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const projectRoot = new URL('../', import.meta.url).pathname;

/** A port free on 127.0.0.1 now (the server binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** Everything written to stdout so far. */
  stdout: () => string;
  /** Everything written to stderr so far. */
  stderr: () => string;
  /** SIGTERM (a graceful stop), waited for. */
  stop: () => Promise<void>;
  /** SIGKILL: what a crash or an OOM killer does. */
  kill: () => Promise<void>;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/**
 * Runs `command` (a shell command line) in the project with PORT and HOST set; `env` adds to the
 * environment. The process is not waited for: `untilServing` does that.
 */
export async function startServerProcess(command: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn('sh', ['-c', `exec ${command}`], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, name);
    await exited;
  };
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stdout: () => out, stderr: () => err, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL'), exited };
}

/** The server's own sources through tsx: what `npm run dev` runs, without the watcher. */
export const SOURCE_SERVER = 'node --import tsx server/main.ts';

/** Kills every server process still running (afterAll). */
export function killServerProcesses(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
}

/** Polls until `check` returns a value, the server exits, or `limitMs` pass. */
export async function until<T>(server: ServerProcess, what: string, check: () => Promise<T | undefined>, limitMs = 90_000): Promise<T> {
  const started = Date.now();
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() - started < limitMs && !exited) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} within ${limitMs / 1000} s${exited ? ' (the server exited)' : ''}; the server said: ${(server.stdout() + server.stderr()).slice(-2000)}`);
}

/** Waits for /health to answer 200. */
export function untilServing(server: ServerProcess, limitMs = 90_000): Promise<true> {
  return until(server, 'no health', async () => ((await fetch(`${server.url}/health`)).ok ? true : undefined), limitMs);
}
