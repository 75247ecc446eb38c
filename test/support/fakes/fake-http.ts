import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fault the next requests meet, in order. */
export type Fault =
  /** Answer with this status (a 5xx outage, a 401 expired token) without looking at the request. */
  | { readonly kind: 'status'; readonly status: number; readonly body?: string }
  /** Handle the request (the platform has it), but answer only after this many ms: the client times out. */
  | { readonly kind: 'slow'; readonly ms: number }
  /** Close the connection before reading the request: nothing was received. */
  | { readonly kind: 'drop' };

export interface FakeRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeAnswer {
  readonly status: number;
  readonly body?: string;
}

export interface FakeHttp {
  readonly url: string;
  /** Faults for the next requests, one each, in order. */
  inject(...faults: Fault[]): void;
  /** Requests met by a fault so far. */
  readonly faulted: () => number;
  close(): Promise<void>;
}

/** A local HTTP server answering with `handle`, with faults injected before it. */
export async function startFakeHttp(path: string, handle: (request: FakeRequest) => FakeAnswer): Promise<FakeHttp> {
  const faults: Fault[] = [];
  let faulted = 0;
  const server = createServer((req, res) => {
    const fault = faults.shift();
    if (fault) faulted++;
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'text/plain' }).end(fault.body ?? `fake ${fault.status}`);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = handle({
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://fake'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply = () => {
        if (!res.destroyed) res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
      };
      if (fault?.kind === 'slow') setTimeout(reply, fault.ms);
      else reply();
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    inject: (...more) => faults.push(...more),
    faulted: () => faulted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One caption as a fake platform accepted it (shown to its audience). */
export interface Received {
  readonly seq?: number;
  readonly lang?: string;
  readonly text: string;
  /** When it arrived, on the clock the test gave the fake. */
  readonly atMs: number;
}

/**
 * The `seq` rule Zoom and YouTube share: one more per new caption, the same on a retry. A resend
 * of an accepted `seq` with the same body is acknowledged and not shown again; a new `seq` on the
 * body just accepted is a retry whose number was bumped: refused, as it would show twice; a new
 * `seq` that skips numbers is refused too. The first accepted may be any (a meeting that already
 * had captions from another tool, which Zoom's read-back lets an output continue after).
 */
export class SeqRule {
  last = 0;
  private readonly bodies = new Map<number, string>();
  /** Resends of an accepted caption (acknowledged, not shown again). */
  repeats = 0;

  judge(seq: number, body: string): 'new' | 'repeat' | string {
    const earlier = this.bodies.get(seq);
    if (earlier !== undefined) {
      if (earlier !== body) return `seq ${seq} was already used for another caption`;
      this.repeats++;
      return 'repeat';
    }
    if (seq <= this.last) return `seq ${seq} is not after the last accepted seq ${this.last}`;
    if (this.bodies.get(this.last) === body) return `seq ${seq} repeats the caption of seq ${this.last}: a retry must keep its seq`;
    // "Counter must increase by one between posts of new caption data" (YouTube; Zoom's the same).
    if (this.last > 0 && seq !== this.last + 1) return `seq ${seq} skips ${this.last + 1}: one more per new caption`;
    this.last = seq;
    this.bodies.set(seq, body);
    return 'new';
  }
}
