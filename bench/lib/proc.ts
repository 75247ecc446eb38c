import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every child this process started; all are killed when it exits, whatever the reason. */
const children = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function killAll(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.once('exit', killAll);

export interface NodeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Base URL the process printed as `"url":"http://…"` in a JSON log line. */
  readonly url: string;
  /** Where its sockets listen: `url` (pages and sockets share one port). */
  readonly socketUrl: string;
  /** The V8 inspector's WebSocket (loopback), when started with `inspect`. */
  readonly inspectorUrl: string | undefined;
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly script: string;
  readonly env: Record<string, string>;
  /** Start with the inspector on a free loopback port (to force a full GC before reading memory). */
  readonly inspect?: boolean;
  readonly startTimeoutMs?: number;
  /** Extra Node.js options before the script (`--cpu-prof`, which NODE_OPTIONS does not accept). */
  readonly nodeArgs?: readonly string[];
}

/**
 * Runs a TypeScript entry with `node --import tsx` (one process: its pid is the server's) and
 * resolves once it logs its URL. The environment is the parent's plus `env`.
 */
export function startNodeProcess(options: StartOptions): Promise<NodeProcess> {
  const args = ['--import', 'tsx', ...(options.nodeArgs ?? []), ...(options.inspect ? ['--inspect=127.0.0.1:0'] : []), path.resolve(ROOT, options.script)];
  const child = track(spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  let url: string | undefined;
  let inspectorUrl: string | undefined;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    let timedOut = false;
    // On time-out, kill it and reject once it has gone, so the caller may remove its directories.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      const why = timedOut ? `did not start in ${timeoutMs} ms` : `exited with ${code ?? signal}`;
      reject(new Error(`${options.script} ${why}:\n${output.slice(-2000)}`));
    };
    child.once('exit', onExit);
    const check = () => {
      url ??= /"url":"(http:\/\/[^"]+)"/u.exec(output)?.[1];
      inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/u.exec(output)?.[1];
      if (!url || (options.inspect && !inspectorUrl)) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      const loopback = (u: string) => u.replace('localhost', '127.0.0.1');
      resolve({ child, pid: child.pid ?? -1, url: loopback(url), socketUrl: loopback(url), inspectorUrl, output: () => output, stop });
    };
    const append = (chunk: Buffer) => {
      // Keep the start of the log and its recent end; the pipes are always drained.
      output = output.length > 200_000 ? output.slice(0, 50_000) + output.slice(-50_000) : output;
      output += chunk.toString();
      if (!url || (options.inspect && !inspectorUrl)) check();
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
  });
}

/** A fresh temporary directory, removed by `cleanup` (which never throws: it must not hide the error of a run). */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const cleanup = () => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch (error) {
      console.error(`could not remove ${dir}: ${error instanceof Error ? error.message : error}`);
    }
  };
  return { dir, cleanup };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
