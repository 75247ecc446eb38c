import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import type { RoomMessage } from '../protocol';

/**
 * Replies whose JSON is already known. A resume reply in a reconnect storm carries the same few
 * dozen room messages (about 0.8 KB of JSON each) to thousands of viewers; Socket.IO encodes an
 * ack per socket, so without this every reply was stringified (and walked for binaries) again:
 * 8 % of the server's CPU in a storm of 5,000 (bench/results/2026-12-04-storm-profile.md).
 */
const preEncoded = new WeakMap<object, string>();
/** Each logged room message's JSON, made once: log entries are never changed after they are logged. */
const messageJson = new WeakMap<RoomMessage, string>();

/** The JSON of a room message, as `JSON.stringify` writes it, made once per message. */
export function encodedMessage(message: RoomMessage): string {
  let json = messageJson.get(message);
  if (json === undefined) {
    json = JSON.stringify(message);
    messageJson.set(message, json);
  }
  return json;
}

/**
 * The JSON arrays of missed messages made last: viewers dropped together ask from the same seq, so
 * between two room messages they are owed the same array. A few slots, each bounded by the message
 * log (MESSAGE_LOG_LIMIT entries), so at most a few MiB however many rooms and seqs are asked for.
 */
const BODY_SLOTS = 4;
const bodies: { first: RoomMessage; last: RoomMessage; count: number; body: string }[] = [];
let nextSlot = 0;

/** `JSON.stringify(messages)`, from each message's JSON, the same array made once while it stays the same. */
export function encodedMessages(messages: readonly RoomMessage[]): string {
  if (messages.length === 0) return '[]';
  const first = messages[0];
  const last = messages[messages.length - 1];
  const known = bodies.find((b) => b.first === first && b.last === last && b.count === messages.length);
  if (known) return known.body;
  const body = `[${messages.map(encodedMessage).join(',')}]`;
  bodies[nextSlot] = { first, last, count: messages.length, body };
  nextSlot = (nextSlot + 1) % BODY_SLOTS;
  return body;
}

/**
 * Marks `reply` as answered by `json`, which must be exactly what `JSON.stringify(reply)` would
 * write (same keys, same order): the encoder then writes it as is. Returns `reply`.
 */
export function withKnownJson<T extends object>(reply: T, json: string): T {
  preEncoded.set(reply, json);
  return reply;
}

/**
 * `{ ok: true, data }` with `data.messages` (the last key) as the room messages' cached JSON: the
 * text `JSON.stringify` writes for the same object, built from each message's JSON made once.
 */
export function replyWithMessages<D extends { readonly messages: readonly RoomMessage[] }>(data: D): { ok: true; data: D } {
  const reply = { ok: true as const, data };
  const { messages, ...rest } = data;
  const keys = Object.keys(data);
  // The shortcut relies on `messages` being the last key, where the text below puts it.
  if (keys[keys.length - 1] !== 'messages') return reply;
  const head = JSON.stringify({ ok: true, data: rest });
  const body = encodedMessages(messages);
  // head ends with the `}}` that closes `data` and the reply; `rest` is never empty (a resume has a mode).
  return withKnownJson(reply, `${head.slice(0, -2)},"messages":${body}}}`);
}

/**
 * Socket.IO's own encoder (socket.io-parser, the `parser` option of the Server: a public API),
 * except that an ack whose one argument was marked by `withKnownJson` is written from that JSON
 * rather than encoded again. The bytes on the wire are the same; clients see no difference.
 */
export class KnownJsonEncoder extends Encoder {
  override encode(packet: Packet): ReturnType<Encoder['encode']> {
    if (packet.type === PacketType.ACK && Array.isArray(packet.data) && packet.data.length === 1) {
      const [reply] = packet.data as unknown[];
      const json = typeof reply === 'object' && reply !== null ? preEncoded.get(reply) : undefined;
      if (json !== undefined) {
        let head = String(PacketType.ACK);
        if (packet.nsp && packet.nsp !== '/') head += `${packet.nsp},`;
        if (packet.id !== undefined && packet.id !== null) head += String(packet.id);
        return [`${head}[${json}]`];
      }
    }
    return super.encode(packet);
  }
}

/** The `parser` option for Socket.IO's Server: the encoder above, Socket.IO's own decoder. */
export const knownJsonParser = { Encoder: KnownJsonEncoder, Decoder };
