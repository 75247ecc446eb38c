import type { z } from 'zod';
import type { ClockState, CommandResult } from '../protocol';
import { normaliseRoomCode } from '../rooms/room-code';
import type { Room, RoomRegistry } from '../rooms/room-registry';
import { fail, invalidPayload } from './ack';
import type { Handler, IoSocket } from './create-realtime';
import { CommandSchema, LoopRequestSchema, RateRequestSchema, SeekRequestSchema } from './schemas';

type Command = { room: string; commandId: string };

/**
 * Presenter commands. Each is checked in order: schema, then authorisation (this socket proved
 * the room's current secret), then the command id (a retry is answered with the first result and
 * applies nothing), then applied. The clock change is saved before the acknowledgement.
 */
export function controlHandlers(deps: { registry: RoomRegistry }): Record<`playback:${string}`, Handler> {
  const command =
    <S extends z.ZodType<Command>>(schema: S, apply: (room: Room, request: z.infer<S>) => ClockState | string): Handler =>
    (socket, payload) => {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return invalidPayload(parsed.error);
      const request = parsed.data;
      const room = authorisedRoom(deps.registry, socket, request.room);
      if (!room) return fail('forbidden', 'only the presenter of this room can control it');
      if (!socket.data.buckets.control.take()) return fail('rate-limited', 'too many commands; slow down');
      const seen = room.commands.get(request.commandId);
      if (seen) return { ok: true, data: { ...seen, duplicate: true } };
      const outcome = apply(room, request);
      if (typeof outcome === 'string') return fail('invalid-payload', outcome, 'segmentId' in request ? 'segmentId' : 'segmentIndex');
      const result: CommandResult = { clock: outcome, duplicate: false };
      room.commands.remember(request.commandId, result);
      return { ok: true, data: result };
    };

  return {
    'playback:play': command(CommandSchema, (room) => room.player.play()),
    'playback:pause': command(CommandSchema, (room) => room.player.pause()),
    'playback:restart': command(CommandSchema, (room) => room.player.restart()),
    'playback:rate': command(RateRequestSchema, (room, r) => room.player.setRate(r.rate)),
    'playback:loop': command(LoopRequestSchema, (room, r) => room.player.setLoop(r.loop)),
    'playback:seek': command(SeekRequestSchema, (room, r) => {
      const segments = room.player.segments;
      if ('positionMs' in r) return room.player.seek(r.positionMs);
      const segment = 'segmentIndex' in r ? segments[r.segmentIndex] : segments.find((s) => s.id === r.segmentId);
      if (!segment) return `no such segment in ${room.transcript.id}`;
      return room.player.seek(segment.startMs);
    }),
  };
}

/** The room, if this socket proved the room's current secret (a rotated secret no longer counts). */
function authorisedRoom(registry: RoomRegistry, socket: IoSocket, requested: string): Room | undefined {
  const code = normaliseRoomCode(requested);
  const claim = socket.data.presenter;
  if (!code || !claim || claim.code !== code) return undefined;
  const room = registry.get(code);
  if (!room || room.secretHash === null || room.secretHash !== claim.secretHash) return undefined;
  return room;
}
