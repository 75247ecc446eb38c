import { Encoder, PacketType } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import type { ClockMessage, SegmentMessage } from '../../../server/protocol';
import { clockPacket, isSegmentPacket, joinPacket, parseClockPacket, parseJoinAck, parseSegmentHead, rejoinPacket, SEGMENT_HEAD_BYTES, segmentPacket } from '../../../bench/lib/wire';

const segment: SegmentMessage = {
  seq: 4711,
  epoch: 2,
  dueMs: 123_456,
  segment: {
    index: 9,
    id: 't01-s02',
    turn: 1,
    speakerId: 'lavrov',
    sourceLang: 'ru',
    kind: 'speech',
    text: { ru: 'Спасибо. «Кавычки» и "quotes"', en: 'Thank you.' },
    startMs: 123_456,
    endMs: 125_000,
    timing: { ru: { startMs: 123_456, endMs: 125_000 }, en: { startMs: 126_456, endMs: 128_000 } },
  },
};
const clock: ClockMessage = { seq: 12, change: 'restart', clock: { status: 'playing', positionMs: 0, anchorAtMs: 1_700_000_000_123, rate: 1, loop: true, epoch: 5, durationMs: 91_500 } };

/** What Socket.IO 4 puts on the wire for an event: Engine.IO message type 4, then the socket.io-parser encoding. */
function socketIoText(data: unknown[]): string {
  const [encoded] = new Encoder().encode({ type: PacketType.EVENT, nsp: '/', data });
  return `4${encoded as string}`;
}

describe('Socket.IO packets as raw WebSocket text', () => {
  it('builds exactly the bytes Socket.IO sends for caption:segment and clock:changed', () => {
    expect(segmentPacket(segment)).toBe(socketIoText(['caption:segment', segment]));
    expect(clockPacket(clock)).toBe(socketIoText(['clock:changed', clock]));
  });

  it('reads seq, epoch and dueMs from the first bytes of a segment packet', () => {
    const text = segmentPacket(segment);
    expect(isSegmentPacket(text)).toBe(true);
    const head = Buffer.from(text).toString('latin1', 0, SEGMENT_HEAD_BYTES);
    expect(parseSegmentHead(head)).toEqual({ seq: 4711, epoch: 2, dueMs: 123_456 });
    expect(parseSegmentHead(clockPacket(clock))).toBeNull();
  });

  it('reads a clock packet', () => {
    expect(parseClockPacket(clockPacket(clock))).toEqual({ seq: 12, clock: clock.clock });
    expect(parseClockPacket(segmentPacket(segment))).toBeNull();
  });

  it('sends room:join with ack id 0 and reads its ack', () => {
    expect(joinPacket('PRESS')).toBe('420["room:join",{"room":"PRESS","protocolVersion":2}]');
    const ack = `430${JSON.stringify([{ ok: true, data: { mode: 'snapshot', snapshot: { stream: 's1', seq: 41, clock: clock.clock, segments: [] } } }])}`;
    expect(parseJoinAck(ack)).toEqual({ ok: true, mode: 'snapshot', stream: 's1', seq: 41, clock: clock.clock, segmentSeqs: [] });
    expect(parseJoinAck('430[{"ok":false,"error":{"code":"unknown-room","message":"no"}}]')).toEqual({ ok: false, error: 'unknown-room' });
    expect(parseJoinAck('42["x"]')).toBeNull();
  });

  it('rejoins with lastSeq and stream and reads a resume ack', () => {
    expect(rejoinPacket('PRESS', 40, 's1')).toBe('420["room:join",{"room":"PRESS","protocolVersion":2,"lastSeq":40,"stream":"s1"}]');
    const messages = [
      { type: 'segment', message: { ...segment, seq: 41 } },
      { type: 'clock', message: { ...clock, seq: 42 } },
    ];
    const ack = `430${JSON.stringify([{ ok: true, data: { mode: 'resume', room: {}, stream: 's1', clock: clock.clock, serverNowMs: 1, messages } }])}`;
    expect(parseJoinAck(ack)).toEqual({ ok: true, mode: 'resume', stream: 's1', clock: clock.clock, messages });
  });
});
