import fc from 'fast-check';
import { Decoder as RealDecoder, Encoder as RealEncoder, type Packet as RealPacket } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { Decoder, decodePacket, Encoder, type Packet } from '../../../app/embed/_client/json-parser';

/** What the real socket.io-parser (the server's) makes of a string. */
function realDecode(text: string): RealPacket {
  const decoder = new RealDecoder();
  let out: RealPacket | undefined;
  decoder.on('decoded', (packet: RealPacket) => (out = packet));
  decoder.add(text);
  return out!;
}

const json = fc.jsonValue().filter((v) => v !== null);
const packet: fc.Arbitrary<Packet> = fc.oneof(
  fc.record({ type: fc.constant(2), nsp: fc.constantFrom('/', '/admin'), data: fc.tuple(fc.constantFrom('room:join', 'caption:segment', 'time:sync'), json) }, { requiredKeys: ['type', 'nsp', 'data'] }),
  fc.record({ type: fc.constant(2), nsp: fc.constant('/'), id: fc.nat(1e6), data: fc.tuple(fc.constant('room:join'), json) }),
  fc.record({ type: fc.constant(3), nsp: fc.constant('/'), id: fc.nat(1e6), data: fc.array(json, { maxLength: 3 }) }),
  fc.record({ type: fc.constant(0), nsp: fc.constantFrom('/', '/x'), data: fc.dictionary(fc.string(), json) }, { requiredKeys: ['type', 'nsp'] }),
  fc.record({ type: fc.constant(1), nsp: fc.constant('/') }),
  fc.record({ type: fc.constant(4), nsp: fc.constant('/'), data: fc.record({ message: fc.string() }) }),
);

describe("the embed's Socket.IO packet codec", () => {
  it('writes every packet exactly as socket.io-parser does', () => {
    fc.assert(
      fc.property(packet, (p) => {
        expect(new Encoder().encode(p)).toEqual(new RealEncoder().encode(p as RealPacket));
      }),
    );
  });

  it('reads every packet socket.io-parser writes as socket.io-parser reads it', () => {
    fc.assert(
      fc.property(packet, (p) => {
        const [text] = new RealEncoder().encode(p as RealPacket) as string[];
        expect(decodePacket(text)).toEqual(realDecode(text));
      }),
    );
  });

  it('hands decoded packets to the client as the real decoder does', () => {
    const decoder = new Decoder();
    const seen: Packet[] = [];
    decoder.on('decoded', (p: Packet) => seen.push(p));
    decoder.add('2/admin,17["clock:changed",{"seq":3}]');
    expect(seen).toEqual([{ type: 2, nsp: '/admin', id: 17, data: ['clock:changed', { seq: 3 }] }]);
  });

  it.each([
    ['a binary event', '51-["x",{"_placeholder":true,"num":0}]'],
    ['an unknown type', '9'],
    ['an event without a name', '2[1,2]'],
    ['an ack that is not a list', '31{"a":1}'],
    ['broken JSON', '2["x",'],
  ])('refuses %s, as a parse error the client closes on', (_what, text) => {
    expect(() => new Decoder().add(text)).toThrow();
  });

  it('refuses binary data outright', () => {
    expect(() => new Decoder().add(new Uint8Array([1, 2]))).toThrow(/binary/u);
  });
});
