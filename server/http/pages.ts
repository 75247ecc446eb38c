import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { pagesStartDelayMs } from './after-reconnects';
import { answerStarting } from './starting-response';

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface PagesOptions {
  readonly dev: boolean;
  readonly dir: string;
  readonly host: string;
  readonly port: number;
  /** Rooms restored from the state file: after a restart the viewers' reconnect wave goes first (after-reconnects.ts). */
  readonly restoredRooms: number;
}

/**
 * The Next.js pages of this process: until they are ready a page request answers 503 with
 * `Retry-After` (starting-response.ts); a node that serves none (SERVE_PAGES=0) answers 404.
 */
export function pagesGate(servePages: boolean) {
  let handle: RequestHandler = servePages
    ? answerStarting
    : (_req, res) => {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      };
  /** Set once Next.js can answer pages (sockets and the probes answer from the moment we listen). */
  let ready = !servePages;
  return {
    handle: (req: IncomingMessage, res: ServerResponse) => handle(req, res),
    ready: () => ready,
    /** Loads Next.js on the listening server; resolves once it serves pages (at once when this process serves none). */
    async start(httpServer: HttpServer, options: PagesOptions): Promise<void> {
      if (!servePages) return;
      // Next.js starts only now, once the viewers who were connected before a restart are back.
      await new Promise((resolve) => setTimeout(resolve, pagesStartDelayMs(options.restoredRooms)));
      const { default: next } = await import('next');
      const app = next({ dev: options.dev, dir: options.dir, hostname: options.host, port: options.port, httpServer });
      await app.prepare();
      handle = app.getRequestHandler();
      ready = true;
      if (options.dev) {
        const upgrade = app.getUpgradeHandler();
        httpServer.on('upgrade', (req, socket, head) => {
          if (!req.url?.startsWith('/socket.io/')) void upgrade(req, socket, head);
        });
      }
    },
  };
}
