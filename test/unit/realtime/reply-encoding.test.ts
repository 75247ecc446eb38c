import fc from 'fast-check';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import type { RoomMessage } from '../../../server/protocol';
import { encodedMessage, encodedMessages, KnownJsonEncoder, replyWithMessages, withKnownJson } from '../../../server/realtime/reply-encoding';

const clock = { status: 'playing', positionMs: 1200, anchorAtMs: 1_764_000_000_000, rate: 1, epoch: 2, loop: false, durationMs: 91_500 };

function segment(seq: number, text: Record<string, string>): RoomMessage {
  return {
    type: 'segment',
    message: {
      seq,
      epoch: 2,
      dueMs: seq * 250,
      segment: { id: `s${seq}`, index: seq, turn: 0, speakerId: 'kerry', sourceLang: 'en', kind: 'speech', text, timing: { en: { startMs: seq * 250, endMs: seq * 250 + 200 } }, startMs: seq * 250 } as never,
    },
  } as RoomMessage;
}

function resume(messages: RoomMessage[]) {
  return { mode: 'resume' as const, room: { code: 'PRESS', title: 'Вена, 14 ноября' } as never, stream: 'st-1', clock: clock as never, serverNowMs: 1_764_000_000_123, messages };
}

const ack = (reply: unknown, id = 7, nsp = '/'): Packet => ({ type: PacketType.ACK, nsp, id, data: [reply] });

function decode(encoded: string): unknown {
  const decoder = new Decoder();
  let packet: Packet | undefined;
  decoder.on('decoded', (p: Packet) => (packet = p));
  decoder.add(encoded);
  return packet;
}

describe('resume replies encoded once (reply-encoding.ts)', () => {
  it('writes exactly the bytes Socket.IO’s own encoder writes for the same reply', () => {
    const messages = [segment(41, { en: 'And that is why', ru: 'Именно поэтому', fr: 'C’est précisément' }), { type: 'clock', message: { seq: 42, change: 'seek', clock } } as RoomMessage, segment(43, { en: 'quote " and \\ backslash\n' })];
    for (const [id, nsp] of [[7, '/'], [0, '/'], [12, '/admin']] as const) {
      const reply = replyWithMessages(resume(messages));
      expect(new KnownJsonEncoder().encode(ack(reply, id, nsp))).toEqual(new Encoder().encode(ack({ ok: true, data: resume(messages) }, id, nsp)));
    }
    const empty = replyWithMessages(resume([]));
    expect(new KnownJsonEncoder().encode(ack(empty))).toEqual(new Encoder().encode(ack(empty)));
  });

  it('decodes to the reply a client expects, for any messages', () => {
    const text = fc.dictionary(fc.constantFrom('en', 'ru', 'fr', 'ar', 'zh'), fc.string({ unit: 'grapheme', maxLength: 40 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1_000_000), text), { maxLength: 12 }), (rows) => {
        const messages = rows.map(([seq, t]) => segment(seq, t));
        const [encoded] = new KnownJsonEncoder().encode(ack(replyWithMessages(resume(messages)))) as [string];
        expect(encoded).toBe((new Encoder().encode(ack({ ok: true, data: resume(messages) })) as [string])[0]);
        expect(decode(encoded)).toMatchObject({ type: PacketType.ACK, id: 7, data: [{ ok: true, data: resume(messages) }] });
      }),
      { numRuns: 200 },
    );
  });

  it('uses the known JSON rather than encoding again, and only for acks it was told about', () => {
    const reply = withKnownJson({ ok: true }, '{"ok":true,"cached":1}');
    expect(new KnownJsonEncoder().encode(ack(reply, 3))).toEqual(['3' + '3[{"ok":true,"cached":1}]']);
    // The same object as an event, or beside another argument, is Socket.IO's business as usual.
    expect(new KnownJsonEncoder().encode({ type: PacketType.EVENT, nsp: '/', data: ['x', reply] })).toEqual(['2["x",{"ok":true}]']);
    expect(new KnownJsonEncoder().encode({ type: PacketType.ACK, nsp: '/', id: 1, data: [reply, 2] })).toEqual(['31[{"ok":true},2]']);
    expect(new KnownJsonEncoder().encode(ack({ ok: false }, 1))).toEqual(['31[{"ok":false}]']);
  });

  it('makes each message’s JSON once: a message changed after it was first encoded keeps its first JSON', () => {
    const message = segment(5, { en: 'first' });
    expect(encodedMessage(message)).toBe(JSON.stringify(message));
    (message.message as { seq: number }).seq = 6;
    expect(encodedMessage(message)).toContain('"seq":5');
  });

  it('shares one array of missed messages between viewers owed the same, and never a stale one', () => {
    const log = [1, 2, 3, 4].map((seq) => segment(seq, { en: `line ${seq}` }));
    const a = encodedMessages(log.slice(1));
    expect(a).toBe(JSON.stringify(log.slice(1)));
    // A later viewer from the same seq, once more messages were sent, is owed the longer array.
    log.push(segment(5, { en: 'line 5' }));
    expect(encodedMessages(log.slice(1))).toBe(JSON.stringify(log.slice(1)));
    // From another seq, and the same slice again, after more arrays than there are slots.
    for (let from = 0; from < 5; from++) expect(encodedMessages(log.slice(from))).toBe(JSON.stringify(log.slice(from)));
    expect(encodedMessages(log.slice(1, 4))).toBe(JSON.stringify(log.slice(1, 4)));
    expect(encodedMessages([])).toBe('[]');
  });

  it('leaves a reply whose messages are not its last key to the usual encoding', () => {
    const data = { messages: [segment(1, { en: 'a' })], mode: 'resume' as const };
    const reply = replyWithMessages(data);
    expect(new KnownJsonEncoder().encode(ack(reply))).toEqual(new Encoder().encode(ack(reply)));
  });
});
