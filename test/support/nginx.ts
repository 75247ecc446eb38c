import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error -- a plain .mjs script shared with deploy/cluster.sh
import { renderNginx } from '../../deploy/render-nginx.mjs';
import { freePort } from './free-port';

export const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';

export interface Nginx {
  /** The proxy's address, e.g. `http://127.0.0.1:41235`: what a visitor would open. */
  readonly front: string;
  stop(): void;
}

/**
 * nginx in front of `nodes` with the deployment's own configuration (deploy/nginx.conf.template),
 * on a free loopback port with a prefix of its own; resolves once a probe through it answers.
 */
export async function startNginx(nodes: readonly { readonly url: string }[], name = 'nginx'): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`nginx is not installed at ${NGINX}: this test needs it (apt-get install -y nginx; npm test installs it as root).`);
  const prefix = mkdtempSync(path.join(tmpdir(), `boothcast-${name}-`));
  const listen = await freePort();
  const conf = path.join(prefix, 'nginx.conf');
  writeFileSync(conf, renderNginx({ prefix, listen, nodes: nodes.map((n) => new URL(n.url).host) }));
  const child = spawn(NGINX, ['-p', prefix, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  const front = `http://127.0.0.1:${listen}`;
  const since = Date.now();
  while (!(await fetch(`${front}/livez`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null) throw new Error(`nginx exited with code ${child.exitCode}`);
    if (Date.now() - since > 10_000) throw new Error('nginx did not come up');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { front, stop: () => void child.kill('SIGTERM') };
}
