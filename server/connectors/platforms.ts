import { createHash, createHmac, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { DestinationGuard } from './destination';
import { platformLang, type OutputConfig } from './outputs';
import { DeliveryError, get, post, withParams, type OutgoingCaption, type Target } from './target';

/** Wall-clock time for the timestamps platforms compare with their own clock (YouTube, the webhook). */
export type WallClock = () => number;

/** A speaker change is marked `>> ` at the start of the caption (the CEA-608 convention). */
function marked(caption: OutgoingCaption, lines: readonly string[]): string[] {
  return caption.turnStart ? [`>> ${lines[0]}`, ...lines.slice(1)] : [...lines];
}

/**
 * Zoom's third-party closed-caption API: plain text POSTed to the meeting's API token URL with
 * `seq` (one more per caption, the same on a retry) and `lang`; the last accepted `seq` is read
 * back with a GET on `…/closedcaption/seq`.
 */
export function zoomTarget(config: Extract<OutputConfig, { type: 'zoom' }>, guard: DestinationGuard): Target {
  const lang = platformLang(config);
  return {
    idempotent: true,
    async send(caption, signal) {
      // Zoom's `lang` is "the language code and ISO country code separated by a hyphen": a bare
      // language (one Boothcast knows no usual country for) is not sent for Zoom to guess at.
      if (!ZOOM_LANG.test(lang)) {
        throw new DeliveryError(`Zoom needs a language and a country such as en-US; "${lang}" has no country: add the output again with its Zoom language code`, undefined, false);
      }
      await post(withParams(config.url, { seq: String(caption.seq), lang }), {
        body: marked(caption, caption.lines).join('\n'),
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal,
        guard,
      });
    },
    async lastAcceptedSeq(signal) {
      const url = new URL(config.url);
      url.pathname = `${url.pathname.replace(/\/$/u, '')}/seq`;
      const text = (await get(url.toString(), signal, guard)).trim();
      return /^\d+$/u.test(text) ? Number(text) : undefined;
    },
  };
}

/** Zoom's `lang`: a language and a country (`en-US`, `zh-CN`). */
const ZOOM_LANG = /^[A-Za-z]{2,3}-[A-Za-z]{2}$/u;

/** `2026-12-04T05:27:20.123`: YouTube's caption timestamp, UTC, milliseconds, no zone. */
export function youtubeTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

/**
 * YouTube Live's HTTP POST caption ingestion: `seq` in the URL, a body of a timestamp line (UTC,
 * checked against YouTube's clock: more than 60 s off is refused) and the caption, `<br>` between
 * lines. Stamped with the wall clock at each attempt, so a retry after a long outage is not refused
 * as stale.
 */
export function youtubeTarget(config: Extract<OutputConfig, { type: 'youtube' }>, wallNow: WallClock, guard: DestinationGuard): Target {
  return {
    idempotent: true,
    async send(caption, signal) {
      await post(withParams(config.url, { seq: String(caption.seq) }), {
        body: `${youtubeTimestamp(wallNow())}\n${marked(caption, caption.lines).join('<br>')}\n`,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal,
        guard,
      });
    },
  };
}

/**
 * Microsoft Teams CART: each POST of plain text to the meeting's CART link becomes one caption
 * line; no `seq`, no corrections. The delivery loop packs the text into lines of 80–120 characters.
 */
export function teamsTarget(config: Extract<OutputConfig, { type: 'teams' }>, guard: DestinationGuard): Target {
  return {
    idempotent: false,
    async send(caption, signal) {
      await post(config.url, { body: caption.text, headers: { 'content-type': 'text/plain; charset=utf-8' }, signal, guard });
    },
  };
}

export const SIGNATURE_HEADER = 'x-boothcast-signature';
export const TIMESTAMP_HEADER = 'x-boothcast-timestamp';

/** `sha256=<hex>`: HMAC-SHA256 of the raw body with the output's secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * The generic webhook: a JSON body signed with HMAC-SHA256 (`X-Boothcast-Signature`), and the
 * send time both in a header and in the signed body (`sentAt`), so a receiver can refuse a replay.
 */
export function webhookTarget(config: Extract<OutputConfig, { type: 'webhook' }>, wallNow: WallClock, guard: DestinationGuard): Target {
  return {
    idempotent: true,
    async send(caption, signal) {
      const sentAt = wallNow();
      const body = JSON.stringify({
        room: caption.room,
        lang: caption.lang,
        seq: caption.seq,
        text: caption.text,
        lines: caption.lines,
        speaker: caption.speaker,
        turnStart: caption.turnStart,
        startMs: caption.startMs,
        endMs: caption.endMs,
        segment: caption.index,
        part: caption.part,
        sentAt,
      });
      await post(config.url, {
        body,
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBody(config.secret, body),
          [TIMESTAMP_HEADER]: String(Math.floor(sentAt / 1000)),
        },
        signal,
        guard,
      });
    },
  };
}

/** CEA-608, which OBS encodes the caption into: 32 characters a row. */
export const OBS_ROW_CHARS = 32;

/** Rewraps a caption's text into rows of at most 32 characters at spaces. */
export function obsRows(text: string): string[] {
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(/\s+/u).filter(Boolean)) {
    for (let piece = word; piece.length > 0; ) {
      const room = OBS_ROW_CHARS - (row ? row.length + 1 : 0);
      if (piece.length <= room) {
        row = row ? `${row} ${piece}` : piece;
        piece = '';
      } else if (row) {
        rows.push(row);
        row = '';
      } else {
        rows.push(piece.slice(0, OBS_ROW_CHARS));
        piece = piece.slice(OBS_ROW_CHARS);
      }
    }
  }
  if (row) rows.push(row);
  return rows;
}

/** obs-websocket 5 opcodes (protocol.md of obs-websocket). */
const OP = { Hello: 0, Identify: 1, Identified: 2, Request: 6, RequestResponse: 7 } as const;

/** The authentication string of obs-websocket 5: base64(sha256(base64(sha256(password + salt)) + challenge)). */
export function obsAuthentication(password: string, salt: string, challenge: string): string {
  const secret = createHash('sha256').update(password + salt).digest('base64');
  return createHash('sha256').update(secret + challenge).digest('base64');
}

/**
 * OBS Studio through obs-websocket 5: one connection, identified with the password's challenge
 * (SHA-256), then a `SendStreamCaption` request per caption; OBS puts it into the stream as
 * CEA-608 while it is streaming. No `seq`: a request whose answer is lost is not repeated.
 */
export function obsTarget(config: Extract<OutputConfig, { type: 'obs' }>, guard: DestinationGuard): Target {
  let socket: WebSocket | undefined;
  let ready: Promise<WebSocket> | undefined;
  const waiting = new Map<string, { resolve: () => void; reject: (error: DeliveryError) => void }>();

  const drop = (reason: DeliveryError) => {
    for (const w of waiting.values()) w.reject(reason);
    waiting.clear();
    socket?.terminate();
    socket = undefined;
    ready = undefined;
  };

  const connect = (signal: AbortSignal): Promise<WebSocket> =>
    (ready ??= new Promise<WebSocket>((resolve, reject) => {
      try {
        guard.checkHost(new URL(config.url).hostname);
      } catch (error) {
        ready = undefined;
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      // `lookup` reaches the connection (ws hands its options to http.request): the address is
      // checked where the socket connects. A redirect is not followed (ws's default).
      const ws = new WebSocket(config.url, 'obswebsocket.json', { handshakeTimeout: 5_000, lookup: guard.lookup, followRedirects: false });
      socket = ws;
      const fail = (error: DeliveryError) => {
        reject(error);
        drop(error);
      };
      const onAbort = () => fail(new DeliveryError('no answer in time (timeout)', undefined, false));
      signal.addEventListener('abort', onAbort, { once: true });
      ws.on('error', (error: Error & { code?: string }) =>
        fail(error instanceof DeliveryError ? error : new DeliveryError(`cannot connect${error.code ? ` (${error.code})` : ''}`, undefined, false)),
      );
      ws.on('close', (code, reason) => {
        const text = reason.toString();
        drop(new DeliveryError(`connection closed: ${code}${text ? ` ${text}` : ''}`, undefined, true));
        reject(new DeliveryError(`connection closed: ${code}${text ? ` ${text}` : ''}`, code === 4009 ? 401 : undefined, false));
      });
      ws.on('message', (data) => {
        let message: { op?: number; d?: Record<string, unknown> };
        try {
          message = JSON.parse(data.toString()) as typeof message;
        } catch {
          return;
        }
        const d = message.d ?? {};
        if (message.op === OP.Hello) {
          const auth = d.authentication as { challenge: string; salt: string } | undefined;
          const identify: Record<string, unknown> = { rpcVersion: 1, eventSubscriptions: 0 };
          if (auth) identify.authentication = obsAuthentication(config.password ?? '', auth.salt, auth.challenge);
          ws.send(JSON.stringify({ op: OP.Identify, d: identify }));
        } else if (message.op === OP.Identified) {
          signal.removeEventListener('abort', onAbort);
          resolve(ws);
        } else if (message.op === OP.RequestResponse) {
          const id = String(d.requestId);
          const status = d.requestStatus as { result: boolean; code: number; comment?: string } | undefined;
          const w = waiting.get(id);
          if (!w) return;
          waiting.delete(id);
          if (status?.result) w.resolve();
          else w.reject(new DeliveryError(`${status?.code ?? '?'} ${status?.comment ?? 'request failed'}`.trim(), undefined, false));
        }
      });
    }));

  return {
    idempotent: false,
    async send(caption, signal) {
      const ws = await connect(signal);
      const requestId = randomUUID();
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          waiting.delete(requestId);
          reject(new DeliveryError('no answer in time (timeout)', undefined, true));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiting.set(requestId, {
          resolve: () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
          reject: (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
        });
        const captionText = obsRows(caption.turnStart ? `>> ${caption.text}` : caption.text).join('\n');
        ws.send(JSON.stringify({ op: OP.Request, d: { requestType: 'SendStreamCaption', requestId, requestData: { captionText } } }));
      });
    },
    close() {
      drop(new DeliveryError('stopped', undefined, false));
    },
  };
}

/** The output's platform module; every connection it makes goes through `guard` (destination.ts). */
export function targetFor(config: OutputConfig, wallNow: WallClock, guard: DestinationGuard): Target {
  switch (config.type) {
    case 'zoom':
      return zoomTarget(config, guard);
    case 'youtube':
      return youtubeTarget(config, wallNow, guard);
    case 'teams':
      return teamsTarget(config, guard);
    case 'webhook':
      return webhookTarget(config, wallNow, guard);
    case 'obs':
      return obsTarget(config, guard);
  }
}
