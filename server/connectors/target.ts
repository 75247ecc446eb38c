import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { DestinationGuard } from './destination';

/** One caption as it goes out, with the `seq` it was given once, before its first send. */
export interface OutgoingCaption {
  readonly room: string;
  readonly lang: string;
  readonly seq: number;
  readonly index: number;
  readonly part: number;
  readonly text: string;
  readonly lines: readonly string[];
  readonly speaker: string;
  readonly turnStart: boolean;
  readonly startMs: number;
  readonly endMs: number;
  /** Server time at which it is due (when the room's clock reaches `startMs`). */
  readonly dueAtMs: number;
}

/** A send that did not land: the platform's answer (or the network's), to show the presenter. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or undefined for a network error or a timeout. */
    readonly status: number | undefined,
    /** The platform may have received it (a timeout, a dropped connection after the request left). */
    readonly ambiguous = false,
  ) {
    super(message);
  }
}

/** What each platform module provides to the delivery loop. */
export interface Target {
  /**
   * The platform recognises a resend by its `seq` and does not show it twice: an ambiguous failure
   * (a timeout) may be retried. Without it (Teams, OBS) an ambiguous send is not repeated.
   */
  readonly idempotent: boolean;
  send(caption: OutgoingCaption, signal: AbortSignal): Promise<void>;
  /** Zoom: the last `seq` the platform accepted, read back to resynchronise. */
  lastAcceptedSeq?(signal: AbortSignal): Promise<number | undefined>;
  close?(): void;
}

/** Longest part of a platform's error body kept for the console. */
const ERROR_BODY_CHARS = 200;
/** Most of an answer's body read; the rest is discarded (a caption platform answers in a few bytes). */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** Keep-alive connections, each made to an address the output's guard checked when it connected. */
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

export interface RequestInit {
  readonly method: 'GET' | 'POST';
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly signal: AbortSignal;
  /** Checks the destination on the connection itself (destination.ts). */
  readonly guard: DestinationGuard;
}

/**
 * One HTTP request through node:http(s), whose connection resolves the host with the guard's
 * `lookup` (checked addresses only). A redirect is not followed: a 30x is an error naming it.
 * Every failure becomes a DeliveryError that names what the platform said, never the URL (a Zoom
 * or Teams link carries its token).
 */
export function request(url: string, init: RequestInit): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new DeliveryError('the address is not a URL', undefined, false));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return Promise.reject(new DeliveryError(`cannot send over ${parsed.protocol}`, undefined, false));
  try {
    init.guard.checkHost(parsed.hostname);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<string>((resolve, reject) => {
    let sent = false;
    const fail = (error: unknown) => reject(requestError(error, init.signal, sent && !closedIdle(error)));
    const req = send(parsed, { method: init.method, headers: init.headers, agent: agents[parsed.protocol as 'http:' | 'https:'], lookup: init.guard.lookup, signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size >= MAX_ANSWER_BYTES) return;
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', fail);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
        if (status >= 300 && status < 400) {
          // The platform did not take it; following would go to an address nobody checked.
          reject(new DeliveryError(`${status} redirect, not followed (give the final address)`, status, false));
        } else if (status < 200 || status >= 300) {
          reject(new DeliveryError(`${status} ${clip(text) || (res.statusMessage ?? '')}`.trim(), status));
        } else resolve(text);
      });
    });
    // A kept-alive connection the server closed as idle just as it was reused: the server closes
    // only idle connections, so it never read this request (the case node:http documents).
    const closedIdle = (error: unknown) => req.reusedSocket && (error as { code?: string }).code === 'ECONNRESET';
    req.on('error', fail);
    // Once the request is written the platform may have it: a failure after is ambiguous.
    req.on('finish', () => (sent = true));
    req.end(init.body);
  });
}

export function post(url: string, init: { body: string; headers: Record<string, string>; signal: AbortSignal; guard: DestinationGuard }): Promise<string> {
  return request(url, { method: 'POST', ...init });
}

export function get(url: string, signal: AbortSignal, guard: DestinationGuard): Promise<string> {
  return request(url, { method: 'GET', signal, guard });
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/gu, ' ').trim();
  return oneLine.length > ERROR_BODY_CHARS ? `${oneLine.slice(0, ERROR_BODY_CHARS)}…` : oneLine;
}

/** A request's failure, told apart: refused by the guard, nothing sent, or perhaps received. */
function requestError(error: unknown, signal: AbortSignal, sent: boolean): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (signal.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    return new DeliveryError(reason?.name === 'TimeoutError' ? 'no answer in time (timeout)' : 'stopped', undefined, sent);
  }
  const failure = networkError(error);
  // A connection that failed before the request was written: the platform has nothing.
  return sent || !failure.ambiguous ? failure : new DeliveryError(failure.message, undefined, false);
}

/** A timeout or a dropped connection: the request may have arrived. */
export function networkError(error: unknown): DeliveryError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return new DeliveryError('no answer in time (timeout)', undefined, true);
  if (name === 'AbortError') return new DeliveryError('stopped', undefined, true);
  const code = (error as { code?: string } | undefined)?.code ?? (error instanceof Error ? (error.cause as { code?: string } | undefined)?.code : undefined);
  // Refused or unresolvable: nothing was sent.
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
    return new DeliveryError(`cannot connect (${code})`, undefined, false);
  }
  return new DeliveryError(`connection failed${code ? ` (${code})` : ''}`, undefined, true);
}

/** `url` with query parameters added (kept in their order after those it has). */
export function withParams(url: string, params: Record<string, string>): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(params)) parsed.searchParams.set(key, value);
  return parsed.toString();
}
