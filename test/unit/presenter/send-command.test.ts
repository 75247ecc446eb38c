import { describe, expect, it } from 'vitest';
import type { Ack, ClockState, CommandResult } from '../../../server/protocol';
import { sendCommand, type CommandTransport } from '../../../app/lib/presenter/send-command';

const clock: ClockState = { status: 'paused', positionMs: 5, anchorAtMs: 0, rate: 1, loop: false, epoch: 0, durationMs: 10 };
const applied: Ack<CommandResult> = { ok: true, data: { clock, duplicate: false, saved: true } };
const duplicate: Ack<CommandResult> = { ok: true, data: { clock, duplicate: true, saved: true } };
const refused: Ack<CommandResult> = { ok: false, error: { code: 'forbidden', message: 'no' } };
const TIMEOUT = 'timeout' as const;

/** A transport that answers each attempt from a script and records how many were made. */
function scripted(answers: (Ack<CommandResult> | typeof TIMEOUT)[], connected: boolean[] = []): CommandTransport & { attempts: number } {
  let checks = 0;
  const transport = {
    attempts: 0,
    isConnected: () => connected[checks++] ?? true,
    emit: async () => {
      const answer = answers[transport.attempts++];
      if (answer === TIMEOUT || answer === undefined) throw new Error('operation has timed out');
      return answer;
    },
  };
  return transport;
}

describe('sendCommand: one retry with the same command id, never while offline', () => {
  it.each([
    ['answered at once', [applied], [], { kind: 'applied', result: applied.ok && applied.data }, 1],
    ['first ack lost, retry answered (the server says duplicate)', [TIMEOUT, duplicate], [], { kind: 'applied', result: duplicate.ok && duplicate.data }, 2],
    ['both attempts time out', [TIMEOUT, TIMEOUT], [], { kind: 'timeout' }, 2],
    ['refused: not retried', [refused], [], { kind: 'rejected', error: { code: 'forbidden', message: 'no' } }, 1],
    ['offline: not even sent (socket.io would buffer it)', [applied], [false], { kind: 'offline' }, 0],
    ['disconnected after a lost ack: the retry is not sent', [TIMEOUT, applied], [true, false], { kind: 'offline' }, 1],
  ] as const)('%s', async (_name, answers, connected, expected, attempts) => {
    const transport = scripted([...answers], [...connected]);
    expect(await sendCommand(transport)).toEqual(expected);
    expect(transport.attempts).toBe(attempts);
  });
});
