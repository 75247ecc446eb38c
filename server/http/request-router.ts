import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerMalformedPath, hasMalformedPath } from './malformed-path';

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/**
 * Only a trusted proxy may say who the client is and which host and scheme it asked for;
 * otherwise the socket's address is the truth, and Next.js fills the host and scheme from the
 * Host header and the connection (it keeps forwarded headers it is given, and per-address limits
 * and the oEmbed iframe's URL read them).
 */
export function pinClientAddress(req: IncomingMessage, trustProxy: boolean): void {
  if (trustProxy) return;
  req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  delete req.headers['x-forwarded-host'];
  delete req.headers['x-forwarded-proto'];
  delete req.headers['x-forwarded-port'];
}

/**
 * The HTTP server's one `request` listener (Socket.IO answers /socket.io/ itself): the probes and
 * metrics first, untouched (they must answer while the pages start, and /metrics reads the
 * forwarded headers as they came: metrics-access.ts), then every other request, its forwarded
 * headers pinned, malformed paths refused, to the pages.
 */
export function requestRouter(deps: {
  readonly probes: (req: IncomingMessage, res: ServerResponse) => boolean;
  readonly trustProxy: boolean;
  /** Routes this server answers itself after the pinning (the caption outputs' API), before the pages. */
  readonly api?: { handles(req: IncomingMessage): boolean; answer: RequestHandler };
  readonly pages: RequestHandler;
}): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (deps.probes(req, res)) return;
    pinClientAddress(req, deps.trustProxy);
    if (hasMalformedPath(req.url ?? '/')) {
      answerMalformedPath(res);
      return;
    }
    if (deps.api?.handles(req)) {
      void deps.api.answer(req, res);
      return;
    }
    void deps.pages(req, res);
  };
}
