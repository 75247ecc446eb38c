import type { CaptionSegment, RoomInfo, RoomSnapshot } from './protocol';
import type { Transcript } from './transcript/model';
import type { CreateOutcome } from './rooms/room-admission';
import type { QuotaVerdict } from './rooms/room-quota';
import type { Lang } from './transcript/caption-style';
import type { Refused, RoomImportOutcome } from './transcript/worker/import-runner';
import type { ImportedUpload } from './transcript/worker/packed-transcript';
import type { FormJobResult } from './transcript/worker/upload-form';

export type CreateRoomResult = { readonly ok: true; readonly code: string; readonly secret: string } | Exclude<CreateOutcome, { ok: true }>;

/** A room as a page shows it. */
export interface RoomView {
  readonly code: string;
  readonly info: RoomInfo;
  /** The transcript's segments, as the presenter's timeline lists them. */
  readonly segments: readonly CaptionSegment[];
  /** A fresh join's snapshot, taken now: the clock and the captions on screen. */
  snapshot(): RoomSnapshot;
}

/**
 * What the Next.js pages and route handlers (rendered in this same process) may use of the running
 * server: rooms and transcripts through the same room service the sockets use, so that in a cluster
 * a page on any node finds a room or an upload any other node opened. Nothing else: no registry,
 * no map of transcripts. Next bundles its own copy of our modules, so this is published on a global
 * symbol rather than a module variable, and everything across it answers with results, never with
 * an exception class the other copy could not recognise.
 */
export interface Services {
  readonly rooms: {
    /** The room by code, wherever in the cluster it was opened (loaded on first use). */
    describe(code: string): Promise<RoomView | undefined>;
    /** The rooms anyone may see listed: the default room and the rooms nobody controls. */
    listed(): Promise<readonly RoomView[]>;
  };
  readonly transcripts: {
    /** A bundled transcript, or an upload of any node of the cluster (uploads are found by their unguessable id only). */
    get(id: string): Promise<Transcript | undefined>;
    /** The transcripts the server ships (uploads belong to whoever uploaded them and are not listed). */
    bundled(): readonly Transcript[];
  };
  /** Server time in ms, as the sockets' clocks count it. */
  now(): number;
  readonly defaultRoom: string;
  /** TRUST_PROXY=1: X-Forwarded-Host/-Proto/-For come from our own proxy and say what the visitor used. */
  readonly trustProxy: boolean;
  /** PUBLIC_URL as an origin: what students and other sites are sent to, whatever address the presenter used. */
  readonly publicUrl: string | null;
  /** This machine's network addresses other devices may reach the server at (public-origin.ts, lanOrigins). */
  lanOrigins(): readonly string[];
  /** Whether the client at `address` may open a room now (asked before an upload is read). */
  canCreateRoom(address: string): QuotaVerdict;
  /**
   * Opens a room for the client at `address`, under the same per-address limits as the socket,
   * once it is saved; the secret is returned once and never stored in clear.
   */
  createRoom(address: string, transcriptId: string, options: { loop?: boolean; autoplay?: boolean }): Promise<CreateRoomResult>;
  /** Keeps an uploaded transcript under a fresh unguessable id (its own is ignored) once it is saved, and returns it as stored. */
  addTranscript(upload: ImportedUpload): Promise<AddTranscriptResult>;
  /**
   * Parses a multipart request body in the import worker (off this event loop; the body's buffer
   * moves there): its fields and files, or why it could not be read.
   */
  readUploadForm(body: Uint8Array, contentType: string): Promise<FormJobResult | Refused>;
  /**
   * Imports uploaded files in a worker thread, under a time budget and a memory cap, a few at a
   * time: the transcript (with the file that will keep it), every problem with its file and line,
   * or why it was refused.
   */
  importTranscript(files: readonly { readonly name: string; readonly content: Uint8Array }[], options: RoomImportOptions): Promise<RoomImportOutcome>;
}

/** What a presenter sets on an upload: the language spoken, and the title and speakers' names they edited. */
export interface RoomImportOptions {
  readonly sourceLang?: Lang;
  readonly title?: string;
  readonly speakerNames?: Readonly<Record<string, string>>;
}

/**
 * Results, not exceptions: Next.js bundles its own copy of the server's modules, so an error
 * class thrown here is not the class the route handler would test for.
 */
export type AddTranscriptResult = { readonly ok: true; readonly transcript: Transcript } | { readonly ok: false; readonly error: 'unavailable'; readonly message: string };

const KEY = Symbol.for('boothcast.services');

export function publishServices(services: Services | undefined): void {
  (globalThis as Record<symbol, unknown>)[KEY] = services;
}

export function getServices(): Services {
  const services = (globalThis as Record<symbol, unknown>)[KEY] as Services | undefined;
  if (!services) throw new Error('Boothcast services are not running: start the app with `npm start` or `npm run dev`.');
  return services;
}
