import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, fsyncSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Rooms outlive the process: their definitions, clocks and presenter-secret hashes are kept in one
 * JSON file, written atomically (temporary file, fsync, rename). A file that cannot be read is set
 * aside under a new name and reported, never silently replaced; a write that fails is reported
 * and the server keeps serving from memory.
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

export interface RoomStore {
  load(): StoredRoom[];
  save(rooms: readonly StoredRoom[], nowMs: number): void;
}

export interface StoreReporter {
  error(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export function fileRoomStore(dir: string, report: StoreReporter): RoomStore {
  const file = path.join(dir, 'rooms.json');
  let lastWriteFailed = false;
  return {
    load() {
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
    save(rooms, nowMs) {
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        const fd = openSync(tmp, 'w');
        try {
          writeFileSync(fd, `${JSON.stringify({ version: 1, savedAtMs: nowMs, rooms })}\n`);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(tmp, file);
        if (lastWriteFailed) report.warn({ file }, 'room state is being saved again');
        lastWriteFailed = false;
      } catch (error) {
        if (!lastWriteFailed) report.error({ file, err: error }, 'could not save room state; serving from memory');
        lastWriteFailed = true;
      }
    },
  };
}

/** For tests and for a deployment that wants no disk state. */
export function memoryRoomStore(initial: StoredRoom[] = []): RoomStore & { rooms: StoredRoom[] } {
  const store = {
    rooms: initial,
    load: () => store.rooms,
    save: (rooms: readonly StoredRoom[]) => {
      store.rooms = [...rooms];
    },
  };
  return store;
}
