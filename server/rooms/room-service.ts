import type { ClockState } from '../protocol';
import type { PlannedCommand } from '../replay/room-player';
import type { Room, RoomRegistry } from './room-registry';

export type CommandOutcome =
  /** `saved: false`: applied and playing, but not written, so a restart would lose it. */
  | { readonly ok: true; readonly clock: ClockState; readonly duplicate: boolean; readonly saved: boolean }
  | { readonly ok: false; readonly code: 'unavailable'; readonly message: string };

/** A room could not be confirmed: its state could not be saved (a full or read-only disk, Redis down). */
export class UnavailableError extends Error {}

/**
 * What the socket handlers and pages ask of rooms, whether this server is alone (rooms in memory,
 * saved to a file) or one node of a cluster (rooms defined in Redis, commands ordered there).
 */
export interface RoomService {
  /** The room by code; in a cluster, one another node opened is loaded on first use. */
  find(code: string): Promise<Room | undefined>;
  /** Resolves once the room is saved; throws UnavailableError (and keeps no trace of it) when it cannot be. */
  create(transcriptId: string, options: { loop?: boolean; autoplay?: boolean; owner?: string | null }): Promise<{ room: Room; secret: string }>;
  /**
   * Deletes a room for good, everywhere, unless someone was in it after `cutoffMs` (on another
   * node: this node knows its own sockets); false if it was kept or already gone.
   */
  expire(code: string, cutoffMs: number): Promise<boolean>;
  /** Tells the other nodes when rooms were last in use here (alone: nothing to tell). */
  noteActive(activity: readonly { code: string; atMs: number }[]): Promise<void>;
  /** Applies a presenter command once per command id; a repeat is answered with the first result. */
  command(room: Room, commandId: string, command: PlannedCommand): Promise<CommandOutcome>;
  /** Viewers of the room across every node. */
  viewers(code: string, local: number): Promise<number>;
}

export function localRoomService(registry: RoomRegistry): RoomService {
  return {
    find: async (code) => registry.get(code),
    create: async (transcriptId, options) => {
      const { room, secret, saved } = registry.create(transcriptId, { loop: options.loop ?? false, playing: options.autoplay ?? true, owner: options.owner });
      if (secret === null) throw new Error('a created room always has a secret');
      // Nobody learns of the room before its definition and secret hash are on disk: a room
      // confirmed and then lost in a crash would strand its presenter and audience.
      if (!(await saved)) {
        registry.remove(room.code);
        throw new UnavailableError('the server cannot save new rooms right now (its state directory is not writable); try again later');
      }
      return { room, secret };
    },
    command: async (room, commandId, command) => {
      const seen = room.commands.get(commandId);
      if (seen) return { ok: true, clock: seen.clock, duplicate: true, saved: await registry.save() };
      // Applied and sent to viewers at once; acknowledged after the write that holds it. If that
      // write fails the change still plays from memory, and `saved: false` tells the presenter.
      const clock = applyNow(room, command);
      room.commands.remember(commandId, { clock });
      const saved = await registry.save();
      return { ok: true, clock, duplicate: false, saved };
    },
    // Gone from memory even if the write fails: the next write leaves it out, and a restart's
    // start-up sweep expires it again.
    expire: async (code) => {
      const known = registry.get(code) !== undefined;
      await registry.expire(code);
      return known;
    },
    noteActive: async () => undefined,
    viewers: async (_code, local) => local,
  };
}

function applyNow(room: Room, command: PlannedCommand): ClockState {
  switch (command.change) {
    case 'play':
      return room.player.play();
    case 'pause':
      return room.player.pause();
    case 'restart':
      return room.player.restart();
    case 'seek':
      return room.player.seek(command.positionMs);
    case 'rate':
      return room.player.setRate(command.rate);
    case 'loop':
      return room.player.setLoop(command.loop);
  }
}
