import { describe, expect, it } from 'vitest';
import type { ClockState, RoomInfo, RoomSnapshot } from '../../../server/protocol';
import { presenterReducer, presenterStateFrom, type PresenterEvent, type PresenterState } from '../../../app/lib/presenter/presenter-state';

const room: RoomInfo = { code: 'K7QX2', transcriptId: 't', title: 'T', attribution: '', languages: ['en', 'ru'], speakers: [] };
const clock = (over: Partial<ClockState> = {}): ClockState => ({
  status: 'playing',
  positionMs: 0,
  anchorAtMs: 0,
  rate: 1,
  loop: false,
  epoch: 0,
  durationMs: 1000,
  ...over,
});
const snapshot = (seq: number, c = clock()): RoomSnapshot => ({ protocolVersion: 2, room, stream: 's', clock: c, serverNowMs: 0, seq, segments: [] });
const start = presenterStateFrom(snapshot(10));

describe('presenterReducer', () => {
  it.each<[string, PresenterState, PresenterEvent, Partial<PresenterState>]>([
    ['a snapshot join goes live with its clock', start, { type: 'joined', result: { mode: 'snapshot', snapshot: snapshot(20, clock({ status: 'paused' })) } }, { connection: 'live', seq: 20, clock: clock({ status: 'paused' }) }],
    [
      'a resume takes its clock and the newest seq',
      start,
      {
        type: 'joined',
        result: { mode: 'resume', room, stream: 's', clock: clock({ rate: 2 }), serverNowMs: 0, messages: [{ type: 'clock', message: { seq: 14, change: 'rate', clock: clock({ rate: 2 }) } }] },
      },
      { connection: 'live', seq: 14, clock: clock({ rate: 2 }) },
    ],
    ['a newer clock message applies', start, { type: 'clock', message: { seq: 12, change: 'pause', clock: clock({ status: 'paused' }) } }, { seq: 12, clock: clock({ status: 'paused' }) }],
    ['an old clock message is ignored', start, { type: 'clock', message: { seq: 10, change: 'pause', clock: clock({ status: 'paused' }) } }, { seq: 10, clock: clock() }],
    ['presence shows the viewers the server counted (consoles are not viewers)', start, { type: 'presence', viewers: 3 }, { viewers: 3 }],
    ['presence of nobody is zero viewers', start, { type: 'presence', viewers: 0 }, { viewers: 0 }],
    ['a refused secret', start, { type: 'connection', status: 'forbidden' }, { connection: 'forbidden' }],
    ['a console starts out assuming its changes are saved', start, { type: 'presence', viewers: 0 }, { saving: true }],
    ['the server says it cannot save: the console shows it', start, { type: 'storage', saving: false }, { saving: false }],
    ['the server saves again: the warning goes', { ...start, saving: false }, { type: 'storage', saving: true }, { saving: true }],
  ])('%s', (_name, state, event, expected) => {
    expect(presenterReducer(state, event)).toMatchObject(expected);
  });

  it('keeps the same object when the connection status does not change', () => {
    expect(presenterReducer(start, { type: 'connection', status: 'connecting' })).toBe(start);
  });
});
