import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import {
  CommandSchema,
  CreateRoomRequestSchema,
  HandshakeAuthSchema,
  JoinRequestSchema,
  LoopRequestSchema,
  RateRequestSchema,
  SeekRequestSchema,
  TimeSyncRequestSchema,
} from '../../../server/realtime/schemas';

const room = 'PRESS';
const commandId = 'cmd-0001';
const x = (n: number, c = 'a') => c.repeat(n);

/** Each payload at a limit is accepted, one step past it refused: an off-by-one in a schema fails here. */
const CASES: [schema: string, parse: ZodType, payload: unknown, accepted: boolean][] = [
  ['join', JoinRequestSchema, { room, protocolVersion: 1 }, true],
  ['join', JoinRequestSchema, { room: x(16), protocolVersion: 1, lastSeq: 0, stream: x(64) }, true],
  ['join', JoinRequestSchema, { room: '', protocolVersion: 1 }, false],
  ['join', JoinRequestSchema, { room: x(17), protocolVersion: 1 }, false],
  ['join', JoinRequestSchema, { protocolVersion: 1 }, false],
  ['join', JoinRequestSchema, { room, protocolVersion: 0 }, false],
  ['join', JoinRequestSchema, { room, protocolVersion: 1.5 }, false],
  ['join', JoinRequestSchema, { room }, false],
  ['join', JoinRequestSchema, { room, protocolVersion: 1, lastSeq: -1 }, false],
  ['join', JoinRequestSchema, { room, protocolVersion: 1, lastSeq: 2.5 }, false],
  ['join', JoinRequestSchema, { room, protocolVersion: 1, stream: x(65) }, false],
  ['join', JoinRequestSchema, { room, protocolVersion: 1, stream: 7 }, false],
  ['join', JoinRequestSchema, { room, protocolVersion: 1, secret: 'x' }, false],
  ['create', CreateRoomRequestSchema, { transcriptId: 't' }, true],
  ['create', CreateRoomRequestSchema, { transcriptId: x(64), loop: true, autoplay: false }, true],
  ['create', CreateRoomRequestSchema, { transcriptId: '' }, false],
  ['create', CreateRoomRequestSchema, { transcriptId: x(65) }, false],
  ['create', CreateRoomRequestSchema, { transcriptId: 't', loop: 'yes' }, false],
  ['create', CreateRoomRequestSchema, { transcriptId: 't', autoplay: 1 }, false],
  ['create', CreateRoomRequestSchema, { transcriptId: 't', room }, false],
  ['time sync', TimeSyncRequestSchema, {}, true],
  ['time sync', TimeSyncRequestSchema, { at: 1 }, false],
  ['command', CommandSchema, { room, commandId }, true],
  ['command', CommandSchema, { room, commandId: x(64, 'Z_-9').slice(0, 64) }, true],
  ['command', CommandSchema, { room, commandId: x(7) }, false],
  ['command', CommandSchema, { room, commandId: x(65) }, false],
  ['command', CommandSchema, { room, commandId: 'cmd 0001' }, false],
  ['command', CommandSchema, { room, commandId: `${commandId}\n` }, false],
  ['command', CommandSchema, { room, commandId: `!${commandId}` }, false],
  ['command', CommandSchema, { room }, false],
  ['command', CommandSchema, { room, commandId, secret: 's' }, false],
  ['seek', SeekRequestSchema, { room, commandId, positionMs: 0 }, true],
  ['seek', SeekRequestSchema, { room, commandId, positionMs: 1_234.5 }, true],
  ['seek', SeekRequestSchema, { room, commandId, segmentIndex: 0 }, true],
  ['seek', SeekRequestSchema, { room, commandId, segmentId: x(64) }, true],
  ['seek', SeekRequestSchema, { room, commandId, positionMs: -1 }, false],
  ['seek', SeekRequestSchema, { room, commandId, positionMs: Infinity }, false],
  ['seek', SeekRequestSchema, { room, commandId, positionMs: Number.NaN }, false],
  ['seek', SeekRequestSchema, { room, commandId, segmentIndex: -1 }, false],
  ['seek', SeekRequestSchema, { room, commandId, segmentIndex: 1.5 }, false],
  ['seek', SeekRequestSchema, { room, commandId, segmentId: '' }, false],
  ['seek', SeekRequestSchema, { room, commandId, segmentId: x(65) }, false],
  ['seek', SeekRequestSchema, { room, commandId }, false],
  ['seek', SeekRequestSchema, { room, commandId, positionMs: 0, segmentIndex: 0 }, false],
  ['seek', SeekRequestSchema, { room: '', commandId, positionMs: 0 }, false],
  ['seek', SeekRequestSchema, { room, commandId: 'short', segmentIndex: 0 }, false],
  ['seek', SeekRequestSchema, { room: x(17), commandId, segmentId: 's1' }, false],
  ['rate', RateRequestSchema, { room, commandId, rate: 0.5 }, true],
  ['rate', RateRequestSchema, { room, commandId, rate: 2 }, true],
  ['rate', RateRequestSchema, { room, commandId, rate: 0.49 }, false],
  ['rate', RateRequestSchema, { room, commandId, rate: 2.01 }, false],
  ['rate', RateRequestSchema, { room, commandId, rate: '1' }, false],
  ['rate', RateRequestSchema, { room: '', commandId, rate: 1 }, false],
  ['rate', RateRequestSchema, { room, commandId, rate: 1, extra: true }, false],
  ['loop', LoopRequestSchema, { room, commandId, loop: false }, true],
  ['loop', LoopRequestSchema, { room, commandId, loop: 'false' }, false],
  ['loop', LoopRequestSchema, { room, commandId }, false],
  ['loop', LoopRequestSchema, { room: '', commandId, loop: true }, false],
  ['loop', LoopRequestSchema, { room, commandId, loop: true, extra: true }, false],
  ['handshake', HandshakeAuthSchema, {}, true],
  ['handshake', HandshakeAuthSchema, { presenter: { room, secret: x(128) } }, true],
  ['handshake', HandshakeAuthSchema, { presenter: { room, secret: x(1) } }, true],
  ['handshake', HandshakeAuthSchema, { presenter: { room, secret: '' } }, false],
  ['handshake', HandshakeAuthSchema, { presenter: { room, secret: x(129) } }, false],
  ['handshake', HandshakeAuthSchema, { presenter: { room: '', secret: 's' } }, false],
  ['handshake', HandshakeAuthSchema, { presenter: { room, secret: 's', as: 'admin' } }, false],
  ['handshake', HandshakeAuthSchema, { presenter: { secret: 's' } }, false],
];

describe('socket payload validation', () => {
  it.each(CASES.map(([name, schema, payload, accepted]) => [name, JSON.stringify(payload) ?? String(payload), schema, payload, accepted] as const))(
    '%s %s',
    (_name, _shown, schema, payload, accepted) => {
      expect(schema.safeParse(payload).success).toBe(accepted);
    },
  );

  it('tells what a command id must look like', () => {
    const result = CommandSchema.safeParse({ room, commandId: 'short' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['commandId'], message: '8 to 64 letters, digits, _ or -' });
  });

  it('lets a viewer handshake carry fields it does not use (the client library adds its own)', () => {
    expect(HandshakeAuthSchema.safeParse({ token: 'x' }).success).toBe(true);
  });
});
