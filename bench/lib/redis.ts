import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from '../../test/support/free-port';
import { track } from './proc';

const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/**
 * A private redis-server on a free loopback port for a benchmark's deployment: in memory only (no
 * persistence: a benchmark does not restart it), stopped with the run.
 */
export async function startBenchRedis(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`redis-server is not installed at ${REDIS_SERVER} (apt-get install -y redis-server)`);
  const port = await freePort();
  const child = track(spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (out.length < 10_000) out += d.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited ${code}:\n${out}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid ?? -1, stop };
}
