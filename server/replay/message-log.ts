import type { RoomMessage } from '../protocol';

export type LoggedMessage = RoomMessage;

/**
 * The room's recent messages in sequence order, so a client that dropped can be sent exactly what
 * it missed. Bounded: a client further behind than the log gets a fresh snapshot instead.
 */
export const MESSAGE_LOG_LIMIT = 512;

export class MessageLog {
  private readonly entries: LoggedMessage[] = [];

  /** `baseSeq`: the last sequence number issued before this log started (0 for a new room). */
  constructor(
    private baseSeq = 0,
    private readonly limit = MESSAGE_LOG_LIMIT,
  ) {}

  push(entry: LoggedMessage): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) {
      const dropped = this.entries.splice(0, this.entries.length - this.limit);
      this.baseSeq = dropped[dropped.length - 1].message.seq;
    }
  }

  /** Messages after `seq`, or `undefined` when some of them are no longer in the log. */
  after(seq: number): LoggedMessage[] | undefined {
    if (seq < this.baseSeq) return undefined;
    const start = this.entries.findIndex((e) => e.message.seq > seq);
    return start < 0 ? [] : this.entries.slice(start);
  }
}
