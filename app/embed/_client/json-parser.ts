import { Emitter } from '@socket.io/component-emitter';

/**
 * Stands in for socket.io-parser in the embed's bundle (scripts/build-embed.mjs): the same text
 * encoding of Socket.IO packets (protocol 5: type digit, `/namespace,` unless it is `/`, ack id,
 * JSON), without the binary attachments that Boothcast never sends. The server keeps the real
 * parser; a packet is byte for byte what socket.io-parser writes and reads
 * (test/unit/app/embed-json-parser.test.ts), and leaving binary out keeps the embed under its
 * size budget. A binary packet, which this server never sends, is refused as a parse error.
 */
export const protocol = 5;

export const PacketType = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4, BINARY_EVENT: 5, BINARY_ACK: 6 } as const;

export interface Packet {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

export class Encoder {
  encode(packet: Packet): string[] {
    const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : '';
    return [`${packet.type}${nsp}${packet.id ?? ''}${packet.data == null ? '' : JSON.stringify(packet.data)}`];
  }
}

/** Type, namespace (up to a comma or the end), ack id, payload. */
const PACKET = /^([0-4])(\/[^,]*,?)?(\d*)([\s\S]*)$/u;

export function decodePacket(text: string): Packet {
  const match = PACKET.exec(text);
  if (!match) throw new Error(`not a text Socket.IO packet: "${text.slice(0, 20)}"`);
  const packet: Packet = { type: Number(match[1]), nsp: match[2]?.replace(/,$/u, '') ?? '/' };
  if (match[3]) packet.id = Number(match[3]);
  if (match[4]) packet.data = JSON.parse(match[4]);
  const { type, data } = packet;
  // What socket.io-parser checks before the client sees a packet: an event names itself, an ack is a list.
  if ((type === PacketType.EVENT && !(Array.isArray(data) && typeof data[0] === 'string')) || (type === PacketType.ACK && !Array.isArray(data))) {
    throw new Error(`invalid payload for packet type ${type}`);
  }
  return packet;
}

export class Decoder extends Emitter<Record<never, never>, Record<never, never>, { decoded: (packet: Packet) => void }> {
  add(chunk: unknown): void {
    if (typeof chunk !== 'string') throw new Error('binary Socket.IO packets are not part of the embed');
    this.emitReserved('decoded', decodePacket(chunk));
  }

  destroy(): void {}
}
