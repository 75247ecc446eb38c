import type { z } from 'zod';
import type { CommandResult } from '../protocol';
import type { PlannedCommand } from '../replay/room-player';
import { normaliseRoomCode } from '../rooms/room-code';
import type { Room } from '../rooms/room-registry';
import type { RoomService } from '../rooms/room-service';
import { fail, invalidPayload } from './ack';
import type { Handler, IoSocket } from './types';
import { CommandSchema, LoopRequestSchema, RateRequestSchema, SeekRequestSchema } from './schemas';

type Command = { room: string; commandId: string };

/**
 * Presenter commands. Each is checked in order: schema, then authorisation (this socket proved
 * the room's current secret), then rate, then handed to the room service, which applies it once
 * per command id and acknowledges it after the write that saves it (`saved` says how that went).
 */
export function controlHandlers(deps: { rooms: RoomService }): Record<`playback:${string}`, Handler> {
  const command =
    <S extends z.ZodType<Command>>(schema: S, plan: (room: Room, request: z.infer<S>) => PlannedCommand | string): Handler =>
    async (socket, payload) => {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return invalidPayload(parsed.error);
      const request = parsed.data;
      const room = await authorisedRoom(deps.rooms, socket, request.room);
      if (!room) return fail('forbidden', 'only the presenter of this room can control it');
      if (!socket.data.buckets.control.take()) return fail('rate-limited', 'too many commands; slow down');
      const planned = plan(room, request);
      if (typeof planned === 'string') return fail('invalid-payload', planned, 'segmentId' in request ? 'segmentId' : 'segmentIndex');
      const outcome = await deps.rooms.command(room, request.commandId, planned);
      if (!outcome.ok) return fail(outcome.code, outcome.message);
      return { ok: true, data: { clock: outcome.clock, duplicate: outcome.duplicate, saved: outcome.saved } satisfies CommandResult };
    };

  return {
    'playback:play': command(CommandSchema, () => ({ change: 'play' })),
    'playback:pause': command(CommandSchema, () => ({ change: 'pause' })),
    'playback:restart': command(CommandSchema, () => ({ change: 'restart' })),
    'playback:rate': command(RateRequestSchema, (_room, r) => ({ change: 'rate', rate: r.rate })),
    'playback:loop': command(LoopRequestSchema, (_room, r) => ({ change: 'loop', loop: r.loop })),
    'playback:seek': command(SeekRequestSchema, (room, r) => {
      if ('positionMs' in r) return { change: 'seek', positionMs: r.positionMs };
      const segments = room.player.segments;
      const segment = 'segmentIndex' in r ? segments[r.segmentIndex] : segments.find((s) => s.id === r.segmentId);
      if (!segment) return `no such segment in ${room.transcript.id}`;
      return { change: 'seek', positionMs: segment.startMs };
    }),
  };
}

/** The room, if this socket proved the room's current secret (a rotated secret no longer counts). */
async function authorisedRoom(rooms: RoomService, socket: IoSocket, requested: string): Promise<Room | undefined> {
  const code = normaliseRoomCode(requested);
  const proved = code ? socket.data.presenting?.get(code) : undefined;
  if (!code || !proved) return undefined;
  const room = await rooms.find(code);
  if (!room || room.secretHash === null || room.secretHash !== proved) return undefined;
  return room;
}
