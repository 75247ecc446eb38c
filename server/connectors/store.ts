import { chmodSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { writeFileAtomically } from '../rooms/atomic-file';
import type { OutputRecord } from './delivery';
import { NewOutputSchema } from './outputs';

export const CONNECTORS_FILE = 'connectors.json';

/** Where outputs and their `seq` live between runs. */
export interface ConnectorStore {
  load(): OutputRecord[];
  /** Writes `records()` as they are when the write starts; resolves once it is on disk. */
  save(records: () => readonly OutputRecord[]): Promise<void>;
}

const CaptionSchema = z.object({
  room: z.string(),
  lang: z.string(),
  seq: z.number().int().min(1),
  index: z.number().int().min(0),
  part: z.number().int().min(0),
  text: z.string(),
  lines: z.array(z.string()),
  speaker: z.string(),
  turnStart: z.boolean(),
  startMs: z.number(),
  endMs: z.number(),
  dueAtMs: z.number(),
});

/** A saved output (the file here, Redis in a cluster: redis-store.ts). */
export const RecordSchema = z.object({
  config: z.intersection(NewOutputSchema, z.object({ id: z.string().min(1), room: z.string().min(1) })),
  stopped: z.boolean(),
  seq: z.number().int().min(0),
  lastIndex: z.number().int().nullable(),
  lastTurn: z.number().int().nullable(),
  pending: z.array(CaptionSchema),
  attempted: z.number().int().nullable(),
  held: z
    .object({ text: z.string(), turn: z.number(), index: z.number(), speaker: z.string(), startMs: z.number(), endMs: z.number(), dueAtMs: z.number() })
    .nullable(),
  stats: z.object({ delivered: z.number(), retries: z.number(), dropped: z.number(), uncertain: z.number(), lastSeq: z.number() }),
});

const FileSchema = z.object({ version: z.literal(1), outputs: z.array(RecordSchema) });

/**
 * The outputs in `STATE_DIR/connectors.json`, replaced atomically (atomic-file.ts) and readable by
 * this user only: it holds the platforms' tokens and passwords. Writes are coalesced: while one is
 * under way, every later request shares the next.
 */
export function fileConnectorStore(stateDir: string, logger: Logger): ConnectorStore {
  const file = path.join(stateDir, CONNECTORS_FILE);
  /** The last write asked for; a new one starts after it. */
  let tail: Promise<void> = Promise.resolve();
  /** A write asked for that has not started yet: later requests share it. */
  let queued: Promise<void> | undefined;

  const write = async (records: () => readonly OutputRecord[]) => {
    queued = undefined;
    try {
      await writeFileAtomically(file, JSON.stringify({ version: 1, outputs: records() }));
      chmodSync(file, 0o600);
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'could not save the caption outputs');
      throw error;
    }
  };

  return {
    load() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return [];
      }
      const parsed = FileSchema.safeParse((() => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return undefined;
        }
      })());
      if (!parsed.success) {
        const aside = `${file}.unreadable-${Date.now()}`;
        renameSync(file, aside);
        logger.error({ file: aside }, 'the saved caption outputs could not be read; moved aside, starting without outputs');
        return [];
      }
      return parsed.data.outputs as OutputRecord[];
    },
    save(records) {
      if (queued) return queued;
      const promise = tail.catch(() => undefined).then(() => write(records));
      queued = promise;
      tail = promise;
      return promise;
    },
  };
}
