import type { Logger } from 'pino';
import { benchRoomCode, benchRoomPhase } from './bench-rooms';
import { hashSecret } from './presenter-secret';
import type { RoomRegistry } from './room-registry';
import { localRoomService, type RoomService } from './room-service';

export interface LocalRoomsOptions {
  readonly defaultRoom: string;
  readonly defaultTranscript: string;
  readonly defaultRoomSecret: string | null;
  /** Benchmarks: extra looping rooms at deterministic phases (BENCH_ROOMS). */
  readonly benchRooms: number;
}

/**
 * A node alone (no Redis): the rooms of the state file come back, the always-on default room is
 * opened (or its secret follows DEFAULT_ROOM_SECRET), and the benchmarks' rooms start at their
 * phases. In a cluster cluster/cluster-rooms.ts does this from Redis instead.
 */
export function startLocalRooms(registry: RoomRegistry, options: LocalRoomsOptions, logger: Logger): { rooms: RoomService; restoredRooms: number } {
  const rooms = localRoomService(registry);
  const restoredRooms = registry.restore();
  if (restoredRooms > 0) logger.info({ rooms: restoredRooms }, 'rooms restored');
  const defaultRoom = registry.get(options.defaultRoom);
  if (!defaultRoom) {
    registry.create(options.defaultTranscript, { code: options.defaultRoom, playing: true, loop: true, secret: options.defaultRoomSecret });
  } else {
    defaultRoom.secretHash = options.defaultRoomSecret === null ? null : hashSecret(options.defaultRoomSecret);
  }
  for (let i = 0; i < options.benchRooms; i++) {
    const { room } = registry.create(options.defaultTranscript, { code: benchRoomCode(i), playing: true, loop: true, secret: null });
    room.player.seek(benchRoomPhase(i, room.transcript.durationMs));
  }
  return { rooms, restoredRooms };
}
