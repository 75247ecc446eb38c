import { describe, expect, it } from 'vitest';
import { directionOf, DocViewer, languageProblems, type Clock, type LiveMessage, type RoomInfo, type Seg } from '../../support/doc-viewer';
import { historyProblems, wireProblems } from '../../support/wire-check';

const STREAM = 'stream-a';
const clock = (epoch: number): Clock => ({ status: 'playing', epoch, positionMs: 0, rate: 1 });
const seg = (seq: number, epoch: number, index: number): Seg => ({ seq, epoch, dueMs: index * 1_000, segment: { index, id: `s${index}`, sourceLang: 'en', text: { en: `sentence ${index}` }, timing: { en: { startMs: index * 1_000, endMs: index * 1_000 + 900 } } } });
const live = (m: Seg): LiveMessage => ({ type: 'segment', message: m });
const liveClock = (seq: number, epoch: number): LiveMessage => ({ type: 'clock', message: { seq, clock: clock(epoch) } });
const snapshot = (seq: number, epoch: number, segments: Seg[], stream = STREAM) => ({ ok: true, data: { mode: 'snapshot', snapshot: { stream, seq, clock: clock(epoch), segments } } });
const resume = (messages: LiveMessage[]) => ({ ok: true, data: { mode: 'resume', stream: STREAM, clock: clock(0), messages } });

/** A viewer joined to epoch 0 with segments 0–2 (seq 1–3). */
function joinedViewer(): DocViewer {
  const v = new DocViewer('ROOM');
  v.joinRequest();
  v.joinReply(snapshot(3, 0, [seg(1, 0, 0), seg(2, 0, 1), seg(3, 0, 2)]));
  return v;
}

describe("the doc client's own de-duplication (docs/protocol.md: apply strictly in sequence)", () => {
  it('drops a live message it already applied, shows each segment once, and the wire still records both copies', () => {
    const v = joinedViewer();
    v.receive(live(seg(4, 0, 3)));
    v.receive(live(seg(4, 0, 3)));
    v.receive(live(seg(2, 0, 1)));
    expect(v.lastSeq).toBe(4);
    expect(v.segments.map((s) => s.segment.index)).toEqual([0, 1, 2, 3]);
    expect(historyProblems(v.history)).toEqual([]);
    expect(v.wire.filter((w) => w.kind === 'live')).toHaveLength(3);
    expect(wireProblems(v.wire)).toEqual(['seq 4 (segment 3) delivered twice (live; had up to 4)', 'seq 2 (segment 1) delivered twice (live; had up to 4)']);
  });

  it('keeps what it has when an epoch catch-up re-carries segments it holds', () => {
    const v = joinedViewer();
    v.joinRequest();
    v.joinReply(snapshot(6, 0, [seg(2, 0, 1), seg(3, 0, 2), seg(5, 0, 3), seg(6, 0, 4)]));
    expect(v.catchUps).toBe(1);
    expect(v.segments.map((s) => s.segment.index)).toEqual([0, 1, 2, 3, 4]);
    expect(historyProblems(v.history)).toEqual([]);
    expect(wireProblems(v.wire)).toEqual([
      'seq 2 (segment 1) delivered twice (epoch catch-up; had up to 3)',
      'seq 3 (segment 2) delivered twice (epoch catch-up; had up to 3)',
    ]);
  });

  it('asks to rejoin on a gap and applies nothing past it; a resume then fills it', () => {
    const v = joinedViewer();
    expect(v.receive(live(seg(5, 0, 4)))).toBe(true);
    expect(v.lastSeq).toBe(3);
    v.joinRequest();
    expect(v.receive(live(seg(6, 0, 5)))).toBe(false);
    v.joinReply(resume([live(seg(4, 0, 3)), live(seg(5, 0, 4)), live(seg(6, 0, 5))]));
    expect(v.segments.map((s) => s.segment.index)).toEqual([0, 1, 2, 3, 4, 5]);
    // The live copies of 5 and 6 came before the answer that covers them: the protocol's own re-send.
    expect(wireProblems(v.wire)).toEqual([]);
  });

  it('starts afresh from a snapshot of a new epoch, and ignores a segment sent ahead of the seek', () => {
    const v = joinedViewer();
    v.receive(liveClock(4, 1));
    v.receive(live(seg(5, 0, 9)));
    expect(v.segments).toEqual([]);
    v.receive(live(seg(6, 1, 40)));
    expect(v.segments.map((s) => s.segment.index)).toEqual([40]);
    expect(historyProblems(v.history)).toEqual([]);
  });
});

describe('wireProblems judges what arrived, by the rules of docs/protocol.md', () => {
  it('passes a fresh snapshot that re-carries what the viewer had seen of an older epoch', () => {
    const v = joinedViewer();
    v.joinRequest();
    v.joinReply(snapshot(20, 1, [seg(19, 1, 1), seg(20, 1, 2)]));
    v.joinRequest();
    v.joinReply(snapshot(30, 2, [seg(29, 2, 1), seg(30, 2, 2)], 'stream-b'));
    expect(v.freshSnapshots).toBe(2);
    expect(wireProblems(v.wire)).toEqual([]);
  });

  it('reports a resume that skips a message, and a catch-up that leaves a hole in the epoch', () => {
    const skipped = joinedViewer();
    skipped.joinRequest();
    skipped.joinReply(resume([live(seg(4, 0, 3))]));
    skipped.wire.push({ kind: 'resume', stream: STREAM, messages: [{ type: 'segment', seq: 6, epoch: 0, index: 5, id: 's5' }] });
    expect(wireProblems(skipped.wire)).toEqual(['gap: seq 5–5 never delivered (resume)', `stream ${STREAM.slice(0, 8)} epoch 0: gap between segments 3 and 5`]);

    const holed = joinedViewer();
    holed.joinRequest();
    holed.joinReply(snapshot(6, 0, [seg(5, 0, 4), seg(6, 0, 5)]));
    expect(wireProblems(holed.wire)).toEqual([`stream ${STREAM.slice(0, 8)} epoch 0: gap between segments 2 and 4`]);
  });

  it('reports a fresh snapshot that goes back to an epoch the viewer had left', () => {
    const v = joinedViewer();
    v.receive(liveClock(4, 1));
    v.joinRequest();
    v.joinReply(snapshot(5, 0, [seg(5, 0, 3)]));
    expect(wireProblems(v.wire)).toContain(`stream ${STREAM.slice(0, 8)} epoch 0: a fresh snapshot of an epoch already left`);
  });
});

describe('the doc\'s rules for languages', () => {
  it('gives the direction the doc\'s rule gives, from the likely script', () => {
    expect(['en', 'ru', 'fr', 'ar', 'he', 'fa', 'ur', 'pa', 'pa-PK', 'az-Arab', 'zh-Hans', 'x-bogus!'].map(directionOf)).toEqual([
      'ltr', 'ltr', 'ltr', 'rtl', 'rtl', 'rtl', 'rtl', 'ltr', 'rtl', 'rtl', 'ltr', 'ltr',
    ]);
  });

  it('finds text in a language the room has not, and text without its timing', () => {
    const info: RoomInfo = { code: 'ROOM', title: 't', languages: ['en'], speakers: [] };
    const ok = seg(1, 0, 0);
    const extra: Seg = { ...ok, segment: { ...ok.segment, id: 'x', text: { en: 'a', ru: 'б' }, timing: { en: { startMs: 0, endMs: 1 }, ru: { startMs: 0, endMs: 1 } } } };
    const untimed: Seg = { ...ok, segment: { ...ok.segment, id: 'y', timing: {} } };
    expect(languageProblems(info, [ok])).toEqual([]);
    expect(languageProblems(info, [extra, untimed])).toEqual(['x: "ru" is not a language of the room', 'y: "en" has text or timing, not both']);
    expect(languageProblems({ ...info, languages: ['zh-hans'] }, [])).toEqual(['"zh-hans" is not canonical']);
  });
});
