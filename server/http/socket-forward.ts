import { Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Marks a socket this process passed on, so the listener believes the X-Forwarded-For it carries
 * (set from the real peer by server/app.ts). Its value is a random token per process; whatever a
 * client sends under this name is dropped.
 */
export const FORWARD_TOKEN_HEADER = 'x-boothcast-forwarded';
/** Headers a client may not pass through: the forwarder sets them itself. */
const REPLACED_HEADERS = new Set([FORWARD_TOKEN_HEADER, 'x-forwarded-for']);

/**
 * Passes Socket.IO's requests that reach the pages' port on to the socket listener of
 * `SOCKET_ENGINE=uws`, so that one URL works without a reverse proxy: long-polling requests as
 * HTTP, WebSocket upgrades as a byte pipe (the upgrade request is replayed to the listener, which
 * answers the handshake itself). Each forwarded viewer costs two TCP sockets in this process, so a
 * large event routes /socket.io/ to SOCKET_PORT in its proxy instead (README, Deploying).
 */
export function socketForward(host: string, port: number, token: string) {
  // A wildcard listener is reached on loopback.
  const target = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  // A fresh connection per request: µWebSockets.js closes a kept-alive connection after an aborted
  // long-poll, and a request sent on it in that moment failed with "socket hang up".
  const agent = new Agent({ keepAlive: false });

  const request = (req: IncomingMessage, res: ServerResponse) => {
    const headers = { ...req.headers, [FORWARD_TOKEN_HEADER]: token };
    const upstream = httpRequest({ host: target, port, method: req.method, path: req.url, headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end('socket listener unavailable');
      else res.destroy();
    });
    // The viewer went away before the answer was complete (a pending long-poll, say).
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const upstream: Socket = connect(port, target);
    const drop = () => {
      socket.destroy();
      upstream.destroy();
    };
    upstream.once('error', drop);
    socket.once('error', drop);
    socket.once('close', drop);
    upstream.once('close', drop);
    upstream.once('connect', () => {
      upstream.setNoDelay(true);
      const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        if (!REPLACED_HEADERS.has(req.rawHeaders[i].toLowerCase())) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      const forwardedFor = req.headers['x-forwarded-for'];
      if (forwardedFor) lines.push(`X-Forwarded-For: ${String(forwardedFor).replace(/[\r\n]/gu, '')}`);
      lines.push(`${FORWARD_TOKEN_HEADER}: ${token}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
  };

  return { request, upgrade };
}
