// Renders deploy/nginx.conf.template for a listen port and a list of node addresses.
// node deploy/render-nginx.mjs [--tls-cert=<file> --tls-key=<file> [--tls-port=443] [--server-name=<name>]]
//   <prefix-dir> <listen-port> <node-port>[:<socket-port>]... > nginx.conf
// `<node-port>:<socket-port>` sends /socket.io/ to the second port, for a deployment whose sockets
// are served by other processes than its pages (socket-only nodes, SERVE_PAGES=0).
// With a certificate, the site is served over HTTPS on the TLS port, with HSTS, and the listen
// port only redirects there.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export function renderNginx({ prefix, listen, nodes, socketNodes = [], tls }) {
  const template = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'nginx.conf.template'), 'utf8');
  for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(prefix, dir), { recursive: true });
  return template
    .replaceAll('{{PREFIX}}', prefix)
    .replace('{{REDIRECT_SERVER}}', tls ? redirectServer(listen, tls) : '')
    .replace('{{LISTEN_DIRECTIVES}}', tls ? tlsDirectives(tls) : `    listen ${listen};`)
    .replace('{{UPSTREAMS}}', servers(nodes))
    .replace('{{SOCKET_UPSTREAMS}}', socketNodes.length > 0 ? socketUpstream(socketNodes) : '')
    .replace('{{SOCKET_LOCATION}}', socketNodes.length > 0 ? SOCKET_LOCATION : '');
}

/** The socket-serving processes, hashed like the pages' upstream. */
function socketUpstream(nodes) {
  return `  upstream boothcast_sockets {\n    ip_hash;\n${servers(nodes)}\n  }\n`;
}

/**
 * HTTPS, after Mozilla's "intermediate" server-side TLS profile (TLS 1.2 and 1.3; nginx's and
 * OpenSSL's own cipher choice within them). HSTS for two years, with subdomains: once a browser
 * has seen it, it never speaks plain HTTP to the site again, so nobody on the path can strip TLS
 * and read a presenter's secret from the socket handshake. `always` puts it on error pages too.
 * (nginx 1.25.1 and later prefer `listen … ssl;` and `http2 on;` to `listen … ssl http2;`.)
 */
function tlsDirectives({ port = 443, certificate, certificateKey, serverName = '_' }) {
  return [
    `    listen ${port} ssl http2;`,
    `    server_name ${serverName};`,
    `    ssl_certificate ${certificate};`,
    `    ssl_certificate_key ${certificateKey};`,
    '    ssl_protocols TLSv1.2 TLSv1.3;',
    '    ssl_prefer_server_ciphers off;',
    '    ssl_session_cache shared:boothcast_tls:10m;',
    '    ssl_session_timeout 1d;',
    '    ssl_session_tickets off;',
    '    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;',
  ].join('\n');
}

/** Plain HTTP only says where the site is: the same path on HTTPS. */
function redirectServer(listen, { port = 443, serverName = '_' }) {
  const target = port === 443 ? 'https://$host$request_uri' : `https://$host:${port}$request_uri`;
  return `  server {\n    listen ${listen};\n    server_name ${serverName};\n    return 301 ${target};\n  }\n`;
}

/** An upstream's server lines: a node that stops answering is skipped for 5 s. */
function servers(nodes) {
  return nodes.map((node) => `    server ${node} max_fails=1 fail_timeout=5s;`).join('\n');
}

const SOCKET_LOCATION = `    # Socket.IO is served by processes of their own.
    location /socket.io/ {
      proxy_pass http://boothcast_sockets;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 60s;
      proxy_send_timeout 60s;
      proxy_buffering off;
      proxy_next_upstream error timeout;
    }
`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, 'tls-port': { type: 'string' }, 'server-name': { type: 'string' } },
  });
  const [prefix, listen, ...ports] = positionals;
  if (!prefix || !listen || ports.length === 0 || !values['tls-cert'] !== !values['tls-key']) {
    console.error(
      'usage: node deploy/render-nginx.mjs [--tls-cert=<file> --tls-key=<file> [--tls-port=443] [--server-name=<name>]] <prefix-dir> <listen-port> <node-port>[:<socket-port>]...',
    );
    process.exit(2);
  }
  const tls = values['tls-cert']
    ? {
        certificate: path.resolve(values['tls-cert']),
        certificateKey: path.resolve(values['tls-key']),
        port: Number(values['tls-port'] ?? 443),
        serverName: values['server-name'] ?? '_',
      }
    : undefined;
  const pairs = ports.map((p) => p.split(':'));
  const socketNodes = pairs.flatMap(([, socket]) => (socket ? [`127.0.0.1:${socket}`] : []));
  if (socketNodes.length > 0 && socketNodes.length !== pairs.length) {
    console.error('render-nginx: give a socket port for every node or for none');
    process.exit(2);
  }
  process.stdout.write(renderNginx({ prefix: path.resolve(prefix), listen, nodes: pairs.map(([p]) => `127.0.0.1:${p}`), socketNodes, tls }));
}
