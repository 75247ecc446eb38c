import { describe, expect, it } from 'vitest';
import type { RoomMessage } from '../../../server/protocol';
import { MessageLog } from '../../../server/replay/message-log';

const clockMessage = (seq: number): RoomMessage => ({
  type: 'clock',
  message: { seq, change: 'play', clock: { status: 'playing', positionMs: 0, anchorAtMs: 0, rate: 1, loop: false, epoch: 0, durationMs: 1_000 } },
});
const seqs = (messages: readonly RoomMessage[] | undefined) => messages?.map((m) => m.message.seq);

describe('catch-up log', () => {
  it('gives a client exactly the messages after the last one it applied', () => {
    const log = new MessageLog();
    for (let seq = 1; seq <= 5; seq++) log.push(clockMessage(seq));
    expect(seqs(log.after(0))).toEqual([1, 2, 3, 4, 5]);
    expect(seqs(log.after(3))).toEqual([4, 5]);
    expect(seqs(log.after(5))).toEqual([]);
    expect(seqs(log.after(9))).toEqual([]);
  });

  it('starts after the sequence number issued before it (a restored room)', () => {
    const log = new MessageLog(40);
    expect(seqs(log.after(40))).toEqual([]);
    expect(log.after(39)).toBeUndefined();
    log.push(clockMessage(41));
    expect(seqs(log.after(40))).toEqual([41]);
  });

  it('keeps the newest messages up to its limit, and says so when a client is further behind', () => {
    const log = new MessageLog(0, 3);
    for (let seq = 1; seq <= 5; seq++) log.push(clockMessage(seq));
    // 1 and 2 were dropped: a client that applied 1 missed 2, which is gone.
    expect(log.after(0)).toBeUndefined();
    expect(log.after(1)).toBeUndefined();
    expect(seqs(log.after(2))).toEqual([3, 4, 5]);
    expect(seqs(log.after(4))).toEqual([5]);
  });

  it('keeps exactly its limit: the oldest message stays until one more arrives', () => {
    const log = new MessageLog(0, 3);
    for (let seq = 1; seq <= 3; seq++) log.push(clockMessage(seq));
    expect(seqs(log.after(0))).toEqual([1, 2, 3]);
    log.push(clockMessage(4));
    expect(log.after(0)).toBeUndefined();
    expect(seqs(log.after(1))).toEqual([2, 3, 4]);
  });
});
