import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './load-vienna';

export interface ServerProcess {
  readonly url: string;
  /** Where its sockets listen: `url` (pages and sockets share one port). */
  readonly socketUrl: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The production server as `npm start` runs it (NODE_ENV=production, the same entry), but from
 * the sources through tsx rather than the build's bundle, so the integration tier needs no build;
 * on a free port. Resolves once it logs its address with the pages ready (at once without pages).
 * test/e2e/production-restart.test.ts runs `npm start` itself.
 */
export function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'index.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: '0',
      HOST: '127.0.0.1',
      // A state directory of its own: every server starts with fresh rooms unless a test says otherwise.
      STATE_DIR: mkdtempSync(path.join(tmpdir(), 'boothcast-e2e-')),
      // `stop()` closes at once; a test of the SIGTERM drain sets its own grace period.
      DRAIN_GRACE_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/u.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.on('data', (more: Buffer) => (output += more.toString()));
      resolve({
        url: match[1].replace('localhost', '127.0.0.1'),
        socketUrl: match[1].replace('localhost', '127.0.0.1'),
        child,
        output: () => output,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            // A graceful stop, then a hard one if it does not come.
            const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(hard);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}
