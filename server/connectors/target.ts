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

/**
 * POSTs and turns every failure into a DeliveryError that names what the platform said, never the
 * URL (a Zoom or Teams link carries its token).
 */
export async function post(url: string, init: { body: string; headers: Record<string, string>; signal: AbortSignal }): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: init.body, headers: init.headers, signal: init.signal, redirect: 'error' });
  } catch (error) {
    throw networkError(error);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw networkError(error);
  }
  if (!response.ok) throw new DeliveryError(`${response.status} ${clip(text) || response.statusText}`.trim(), response.status);
  return text;
}

export async function get(url: string, signal: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', signal, redirect: 'error' });
  } catch (error) {
    throw networkError(error);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw new DeliveryError(`${response.status} ${clip(text) || response.statusText}`.trim(), response.status);
  return text;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/gu, ' ').trim();
  return oneLine.length > ERROR_BODY_CHARS ? `${oneLine.slice(0, ERROR_BODY_CHARS)}…` : oneLine;
}

/** A timeout or a dropped connection: the request may have arrived. */
export function networkError(error: unknown): DeliveryError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return new DeliveryError('no answer in time (timeout)', undefined, true);
  if (name === 'AbortError') return new DeliveryError('stopped', undefined, true);
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  const code = cause?.code;
  // Refused or unresolvable: nothing was sent.
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new DeliveryError(`cannot connect (${code})`, undefined, false);
  return new DeliveryError(`connection failed${code ? ` (${code})` : ''}`, undefined, true);
}

/** `url` with query parameters added (kept in their order after those it has). */
export function withParams(url: string, params: Record<string, string>): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(params)) parsed.searchParams.set(key, value);
  return parsed.toString();
}
