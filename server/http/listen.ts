import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LISTEN_BACKLOG } from '../config';

/** Listens and answers the base URL, e.g. `http://127.0.0.1:3000` (`localhost` for a wildcard address). */
export async function listen(httpServer: HttpServer, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen({ port, host, backlog: LISTEN_BACKLOG }, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const base = `http://${shown === '0.0.0.0' || shown === '[::]' ? 'localhost' : shown}`;
  return `${base}:${address.port}`;
}
