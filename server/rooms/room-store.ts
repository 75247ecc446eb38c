import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { removeTemporaryFiles, writeFileAtomically } from './atomic-file';
import { BatchedWriter, systemSetTimer, type SetTimer } from './batched-writer';

/**
 * Rooms outlive the process: their definitions, clocks and presenter-secret hashes are kept in one
 * JSON file, written in the background (batched-writer.ts) and atomically (atomic-file.ts). A file
 * that cannot be read is set aside under a new name and reported, never silently replaced. A write
 * that fails is reported once; the caller learns of it (a new room is then refused) and the
 * server keeps serving from memory.
 */
const ClockSchema = z.object({
  status: z.enum(['playing', 'paused', 'ended']),
  positionMs: z.number().nonnegative(),
  anchorAtMs: z.number(),
  rate: z.number().min(0.5).max(2),
  loop: z.boolean(),
  epoch: z.int().nonnegative(),
  durationMs: z.number().nonnegative(),
});

export const StoredRoomSchema = z.object({
  code: z.string(),
  transcriptId: z.string(),
  secretHash: z.string().regex(/^[0-9a-f]{64}$/u).nullable(),
  clock: ClockSchema,
  seq: z.int().nonnegative(),
  createdAtMs: z.number(),
  /** Optional: state files written before rooms had owners and expired still load. */
  owner: z.string().max(64).nullable().optional(),
  lastActiveAtMs: z.number().optional(),
});
export type StoredRoom = z.infer<typeof StoredRoomSchema>;

const StateFileSchema = z.object({ version: z.literal(1), savedAtMs: z.number(), rooms: z.array(StoredRoomSchema) });

/** What one write holds: every room, and when it was taken. */
export interface StateSnapshot {
  readonly rooms: readonly StoredRoom[];
  readonly savedAtMs: number;
}

export interface RoomStore {
  load(): StoredRoom[];
  /**
   * The rooms changed. `snapshot` is read when the write starts, so changes made meanwhile share
   * it. Resolves `true` once a write that includes this change is durable, `false` if it failed.
   */
  save(snapshot: () => StateSnapshot): Promise<boolean>;
  /** False from a failed write until a write succeeds (`/readyz`, the presenter console). */
  writable(): boolean;
  /** Told each time `writable()` changes. */
  onWritableChange(listener: (writable: boolean) => void): void;
  /** Stops retrying failed writes (shutdown). */
  close(): void;
}

export interface StoreReporter {
  error(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

/** While the state cannot be written, try again this often even if nothing changes, so health comes back with the space. */
export const STATE_RETRY_MS = 5_000;

export const STATE_FILE_NAME = 'rooms.json';

export function fileRoomStore(dir: string, report: StoreReporter, setTimer: SetTimer = systemSetTimer): RoomStore {
  const file = path.join(dir, STATE_FILE_NAME);
  const listeners: ((writable: boolean) => void)[] = [];
  let snapshot: (() => StateSnapshot) | undefined;
  const writer = new BatchedWriter({
    content: () => {
      const { rooms, savedAtMs } = snapshot!();
      return `${JSON.stringify({ version: 1, savedAtMs, rooms })}\n`;
    },
    write: (content) => writeFileAtomically(file, content),
    report: {
      failed: (error) =>
        report.error({ file, err: error }, 'could not save room state: new rooms are refused and presenter changes are not being saved until a write succeeds'),
      recovered: () => report.warn({ file }, 'room state is being saved again'),
    },
    retryMs: STATE_RETRY_MS,
    setTimer,
    onWritableChange: (writable) => {
      for (const listener of listeners) listener(writable);
    },
  });
  return {
    load() {
      // A crash between writing and renaming leaves a temporary file; on a small disk it holds
      // the space the next save needs.
      const leftovers = removeTemporaryFiles(dir, (name) => name.startsWith(`${STATE_FILE_NAME}.`));
      if (leftovers.length > 0) report.warn({ dir, removed: leftovers }, 'removed temporary files an earlier run left behind');
      if (!existsSync(file)) return [];
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
        return StateFileSchema.parse(JSON.parse(text)).rooms;
      } catch (error) {
        const aside = `${file}.corrupt-${Date.now()}`;
        try {
          renameSync(file, aside);
        } catch {
          // Could not move it either: report, and leave it for a person to look at.
        }
        report.error({ file, setAside: aside, err: error }, 'room state file is unreadable; set aside, starting without its rooms');
        return [];
      }
    },
    save(next) {
      snapshot = next;
      return writer.changed();
    },
    writable: () => writer.writable,
    onWritableChange: (listener) => listeners.push(listener),
    close: () => writer.close(),
  };
}

/** For tests and for a deployment that wants no disk state. */
export function memoryRoomStore(initial: StoredRoom[] = []): RoomStore & { rooms: StoredRoom[] } {
  const store = {
    rooms: initial,
    load: () => store.rooms,
    save: (snapshot: () => StateSnapshot) => {
      store.rooms = [...snapshot().rooms];
      return Promise.resolve(true);
    },
    writable: () => true,
    onWritableChange: () => undefined,
    close: () => undefined,
  };
  return store;
}
