import type { RoomMessage } from '../protocol';

export type LoggedMessage = RoomMessage;

/**
 * The room's recent messages in sequence order, so a client that dropped can be sent exactly what
 * it missed. Bounded: a client further behind than the log gets a fresh snapshot instead.
 */
export const MESSAGE_LOG_LIMIT = 512;

export class MessageLog {
  private readonly entries: LoggedMessage[] = [];

  constructor(private readonly limit = MESSAGE_LOG_LIMIT) {}

  push(entry: LoggedMessage): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  /** Messages after `seq`, or `undefined` when some of them have already left the log. */
  after(seq: number): LoggedMessage[] | undefined {
    const first = this.entries[0]?.message.seq;
    if (first === undefined) return [];
    if (seq < first - 1) return undefined;
    return this.entries.filter((e) => e.message.seq > seq);
  }
}
