import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CaptionSegment, ClockState } from '../../../server/protocol';
import { initialClock } from '../../../server/replay/clock';
import { RoomPlayer, type PlannedCommand } from '../../../server/replay/room-player';
import { FakeTime } from '../../support/fake-time';
import { loadVienna } from '../../support/load-vienna';

/**
 * What cluster mode needs of a player: a command applied after its time gives what it gives on
 * time while nothing fell due in between (a late node), and a player started from the cursor after
 * a command sends exactly what the first one sends from then on (a node starting from a snapshot).
 */
const vienna = loadVienna();
const segments: CaptionSegment[] = vienna.segments.map(({ line: _line, sound: _sound, ...rest }) => rest);

function player(time: FakeTime, origin: { clock: ClockState; seq: number; nextIndex?: number }) {
  const sent: string[] = [];
  const instance = new RoomPlayer({
    segments,
    durationMs: vienna.durationMs,
    time,
    lookaheadMs: 1_000,
    loopPauseMs: 5_000,
    stream: 's',
    origin,
    sink: {
      segment: (m) => sent.push(`${m.seq} segment ${m.epoch}/${m.segment.index}`),
      clock: (m) => sent.push(`${m.seq} clock ${JSON.stringify(m.clock)}`),
    },
  });
  return { instance, sent };
}

const command = fc.oneof(
  fc.constant<PlannedCommand>({ change: 'play' }),
  fc.constant<PlannedCommand>({ change: 'pause' }),
  fc.constant<PlannedCommand>({ change: 'restart' }),
  fc.integer({ min: 0, max: vienna.durationMs }).map((positionMs): PlannedCommand => ({ change: 'seek', positionMs })),
  fc.constantFrom(0.5, 0.75, 1, 1.5, 2).map((rate): PlannedCommand => ({ change: 'rate', rate })),
  fc.boolean().map((loop): PlannedCommand => ({ change: 'loop', loop })),
);
/** Commands with the gap before each (ms), as a presenter sends them. */
const lesson = fc.array(fc.tuple(fc.integer({ min: 1, max: 20_000 }), command), { minLength: 1, maxLength: 25 });

describe('room player in a cluster', () => {
  it('started from the cursor after any command, sends exactly what the player that played it all sends', () => {
    fc.assert(
      fc.property(lesson, fc.nat(), (commands, pick) => {
        const time = new FakeTime();
        const origin = { clock: initialClock(vienna.durationMs, time.now(), { playing: true, loop: false }), seq: 0 };
        const first = player(time, origin);
        const cut = pick % commands.length;
        let second: ReturnType<typeof player> | undefined;
        let from = 0;
        for (const [index, [gap, planned]] of commands.entries()) {
          const at = time.now() + gap;
          void first.instance.schedule(planned, at);
          void second?.instance.schedule(planned, at);
          time.advance(gap);
          if (index === cut) {
            const cursor = first.instance.lastCommand!;
            expect(cursor.command).toBe(planned);
            expect(cursor.seq).toBeLessThanOrEqual(first.instance.seq);
            from = cursor.seq;
            // What a late node does: starts at the snapshot, at once or a while after.
            time.advance(gap % 3_000);
            second = player(time, { clock: cursor.clock, seq: cursor.seq, nextIndex: cursor.nextIndex });
          }
        }
        time.advance(vienna.durationMs * 2);
        const after = first.sent.filter((line) => Number(line.split(' ')[0]) > from);
        expect(second!.sent).toEqual(after);
        expect(second!.instance.clock).toEqual(first.instance.clock);
      }),
      { numRuns: 60 },
    );
  });

  it('applies a command that comes after its time at its time when nothing fell due since: the same messages as on time', () => {
    fc.assert(
      fc.property(lesson, fc.integer({ min: 1, max: 400 }), (commands, lateMs) => {
        const time = new FakeTime();
        const origin = { clock: initialClock(vienna.durationMs, time.now(), { playing: true, loop: false }), seq: 0 };
        const onTime = player(time, origin);
        const late = player(time, origin);
        let exact = 0;
        for (const [gap, planned] of commands) {
          const at = time.now() + gap;
          void onTime.instance.schedule(planned, at);
          // Heard `lateMs` after its time, unless the player sent something due at or after it by then.
          time.advance(gap + lateMs);
          if (late.instance.lastEventAtMs >= at) return; // a rebuild's case, not this property's
          void late.instance.schedule(planned, at);
          exact++;
          time.advance(0);
          expect(late.sent).toEqual(onTime.sent);
        }
        time.advance(vienna.durationMs * 2);
        expect(late.sent).toEqual(onTime.sent);
        expect(exact).toBe(commands.length);
      }),
      { numRuns: 100 },
    );
  });

  it('knows when it last ran something, and that a later command comes after it', () => {
    const time = new FakeTime();
    const start = time.now();
    const { instance, sent } = player(time, { clock: initialClock(vienna.durationMs, start, { playing: false, loop: false }), seq: 0 });
    // Paused at 0: the segments at or before the position are shown at once, at the anchor.
    const shown = sent.length;
    expect(instance.lastEventAtMs).toBe(shown > 0 ? start : -Infinity);
    expect(instance.lastCommand).toBeUndefined();
    time.advance(5_000);
    void instance.schedule({ change: 'seek', positionMs: 60_000 }, start + 1_000);
    // Applied at its time, anchored there, though heard 4 s later.
    expect(instance.clock).toMatchObject({ status: 'paused', positionMs: 60_000, anchorAtMs: start + 1_000, epoch: 1 });
    expect(instance.lastCommand).toMatchObject({ command: { change: 'seek' }, clock: instance.clock });
    expect(instance.lastEventAtMs).toBe(start + 1_000);
    expect(sent[shown]).toMatch(/^\d+ clock .*"anchorAtMs":/u);
    expect(instance.lastCommand!.seq).toBe(Number(sent[shown].split(' ')[0]));
    expect(instance.lastCommand!.nextIndex).toBeGreaterThan(0);
  });
});
