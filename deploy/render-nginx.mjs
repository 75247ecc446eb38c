// Renders deploy/nginx.conf.template for a listen port and a list of node addresses.
// node deploy/render-nginx.mjs <prefix-dir> <listen-port> <node-port>[:<socket-port>]... > nginx.conf
// A node started with SOCKET_ENGINE=uws has a second port for its sockets: give it after a colon,
// and /socket.io/ goes straight there (the node's pages port would only pass it on).
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function renderNginx({ prefix, listen, nodes, socketNodes = [] }) {
  const template = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'nginx.conf.template'), 'utf8');
  for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(prefix, dir), { recursive: true });
  return template
    .replaceAll('{{PREFIX}}', prefix)
    .replaceAll('{{LISTEN}}', String(listen))
    .replace('{{UPSTREAMS}}', servers(nodes))
    .replace('{{SOCKET_UPSTREAMS}}', socketNodes.length > 0 ? socketUpstream(socketNodes) : '')
    .replace('{{SOCKET_LOCATION}}', socketNodes.length > 0 ? SOCKET_LOCATION : '');
}

/** The nodes' µWebSockets.js listeners (SOCKET_ENGINE=uws), hashed like the pages' upstream. */
function socketUpstream(nodes) {
  // No kept-alive connections: µWebSockets.js closes one after an aborted long-poll, and a POST
  // sent on it in that moment would fail (nginx retries only idempotent requests).
  return `  upstream boothcast_sockets {\n    ip_hash;\n${servers(nodes)}\n  }\n`;
}

/** An upstream's server lines: a node that stops answering is skipped for 5 s. */
function servers(nodes) {
  return nodes.map((node) => `    server ${node} max_fails=1 fail_timeout=5s;`).join('\n');
}

const SOCKET_LOCATION = `    # SOCKET_ENGINE=uws: Socket.IO has its own listener on each node.
    location /socket.io/ {
      proxy_pass http://boothcast_sockets;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_read_timeout 60s;
      proxy_send_timeout 60s;
      proxy_buffering off;
      proxy_next_upstream error timeout;
    }
`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [prefix, listen, ...ports] = process.argv.slice(2);
  if (!prefix || !listen || ports.length === 0) {
    console.error('usage: node deploy/render-nginx.mjs <prefix-dir> <listen-port> <node-port>[:<socket-port>]...');
    process.exit(2);
  }
  const pairs = ports.map((p) => p.split(':'));
  const socketNodes = pairs.flatMap(([, socket]) => (socket ? [`127.0.0.1:${socket}`] : []));
  if (socketNodes.length > 0 && socketNodes.length !== pairs.length) {
    console.error('render-nginx: give a socket port for every node or for none');
    process.exit(2);
  }
  process.stdout.write(renderNginx({ prefix: path.resolve(prefix), listen, nodes: pairs.map(([p]) => `127.0.0.1:${p}`), socketNodes }));
}
