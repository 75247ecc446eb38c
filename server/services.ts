import type { RoomRegistry } from './rooms/room-registry';
import type { TimeSource } from './replay/time-source';
import type { Transcript } from './transcript/model';
import type { Lang } from './transcript/caption-style';
import type { ImportOutcome } from './transcript/worker/import-runner';

/**
 * What the Next.js pages (rendered in this same process) may use of the running server.
 * Next bundles its server code separately from ours, so the composition root publishes these
 * on a global symbol instead of a module-level variable.
 */
export interface Services {
  readonly registry: RoomRegistry;
  /** Every transcript a room can play: bundled and uploaded. */
  readonly transcripts: ReadonlyMap<string, Transcript>;
  /** True for a transcript a presenter uploaded (not offered to everyone on the home page). */
  isUploaded(id: string): boolean;
  readonly time: TimeSource;
  readonly defaultRoom: string;
  /** Opens a room; the secret is returned once and never stored in clear. Throws on an unknown transcript or the room limit. */
  createRoom(transcriptId: string, options: { loop?: boolean; autoplay?: boolean }): Promise<{ code: string; secret: string }>;
  /**
   * Imports uploaded files in a worker thread, under a time budget and a memory cap, a few at a
   * time: the transcript, every problem with its file and line, or why it was refused.
   */
  importTranscript(files: readonly { readonly name: string; readonly content: Uint8Array }[], options: { readonly sourceLang?: Lang }): Promise<ImportOutcome>;
  /** Keeps an uploaded transcript (under a fresh id if its own is taken) and returns it as stored. */
  addTranscript(transcript: Transcript): Transcript;
}

const KEY = Symbol.for('boothcast.services');

export function publishServices(services: Services | undefined): void {
  (globalThis as Record<symbol, unknown>)[KEY] = services;
}

export function getServices(): Services {
  const services = (globalThis as Record<symbol, unknown>)[KEY] as Services | undefined;
  if (!services) throw new Error('Boothcast services are not running: start the app with `npm start` or `npm run dev`.');
  return services;
}
