// Renders deploy/nginx.conf.template for a listen port and a list of node addresses.
// node deploy/render-nginx.mjs <prefix-dir> <listen-port> <node-port>... > nginx.conf
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function renderNginx({ prefix, listen, nodes }) {
  const template = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'nginx.conf.template'), 'utf8');
  for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(prefix, dir), { recursive: true });
  const upstreams = nodes.map((node) => `    server ${node} max_fails=1 fail_timeout=5s;`).join('\n');
  return template.replaceAll('{{PREFIX}}', prefix).replaceAll('{{LISTEN}}', String(listen)).replace('{{UPSTREAMS}}', upstreams);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [prefix, listen, ...ports] = process.argv.slice(2);
  if (!prefix || !listen || ports.length === 0) {
    console.error('usage: node deploy/render-nginx.mjs <prefix-dir> <listen-port> <node-port>...');
    process.exit(2);
  }
  process.stdout.write(renderNginx({ prefix: path.resolve(prefix), listen, nodes: ports.map((p) => `127.0.0.1:${p}`) }));
}
