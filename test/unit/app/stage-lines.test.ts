import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stageLines, type RollingPart, type RollingTurn, type StageLine } from '../../../app/lib/rolling-lines';

const part = (key: string, text: string, words = text.split(' ').length, kind: RollingPart['kind'] = 'speech'): RollingPart => ({
  key,
  kind,
  text,
  words,
  complete: words >= text.split(' ').length,
});
const turn = (n: number, speakerId: string, ...parts: RollingPart[]): RollingTurn => ({ key: `${n}-${parts[0].key}`, turn: n, speakerId, interpreted: false, parts });

/** A line as the reader sees it: `>>`, the label on a turn's first line, then the words. */
const LABELS: Record<string, string> = { kerry: 'Secretary Kerry', lavrov: 'Minister Lavrov' };
const prefix = (t: RollingTurn) => `${LABELS[t.speakerId] ?? t.speakerId}:`;
const rendered = (line: StageLine) => `${line.first ? '>> ' : ''}${line.pieces.map((p) => p.text).join(' ')}`;
const words = (line: StageLine) => line.pieces.filter((p) => p.kind !== 'label').map((p) => p.text);
const chars = (text: string) => Array.from(text.trimEnd()).length;

describe('stage lines', () => {
  const speech =
    'Well, let me just say that we are convinced that the ceasefire has to be monitored by all of the parties who have come here to Vienna today';

  it('cuts a turn into lines of at most the limit, counting `>>` and the label, and keeps the newest rows', () => {
    const all = stageLines([turn(0, 'kerry', part('a', speech))], 42, 100, prefix);
    expect(all.lines.map(rendered).map(chars).every((n) => n <= 42)).toBe(true);
    expect(all.lines.flatMap(words).join(' ')).toBe(speech);
    expect(rendered(all.lines[0])).toMatch(/^>> Secretary Kerry: Well/u);
    expect(all.lines[0].first).toBe(true);
    expect(all.lines.slice(1).every((line) => !line.first)).toBe(true);
    expect(all.nowSpeaking).toBeUndefined();

    const three = stageLines([turn(0, 'kerry', part('a', speech))], 42, 3, prefix);
    expect(three.lines).toEqual(all.lines.slice(-3));
    // The turn's own label has scrolled off: the lane says who is speaking.
    expect(three.nowSpeaking?.speakerId).toBe('kerry');
  });

  it('says nothing extra while the current turn still shows its label, even when an older turn has scrolled off', () => {
    const lanes = stageLines([turn(0, 'kerry', part('a', speech)), turn(1, 'lavrov', part('b', 'Thank you.'))], 42, 3, prefix);
    expect(lanes.lines.at(-1)?.first).toBe(true);
    expect(lanes.nowSpeaking).toBeUndefined();
  });

  it('wraps a label longer than a line like words, so no line passes the limit', () => {
    const long = 'سؤال – أندرياس ميتشيتس، التلفزيون النمساوي (ترجمة فورية):';
    const { lines } = stageLines([turn(0, 'q', part('a', 'هل يمكنكم أن تقولوا لنا المزيد عن الجدول الزمني؟'))], 42, 10, () => long);
    expect(lines.map((line) => chars(rendered(line))).every((n) => n <= 42)).toBe(true);
    expect(lines.flatMap((line) => line.pieces.filter((p) => p.kind === 'label').map((p) => p.text)).join(' ')).toBe(long);
  });

  it('cuts a word longer than a line (an unspaced script) into line-sized pieces', () => {
    const chinese = '我们今天在维也纳达成了一项重要的共识各方同意支持停火';
    const { lines } = stageLines([turn(0, 'wang', part('a', chinese))], 16, 10, () => undefined);
    expect(lines.map((line) => chars(line.pieces.map((p) => p.text).join(' ')) + (line.first ? 3 : 0)).every((n) => n <= 16)).toBe(true);
    expect(lines.map((line) => line.pieces.map((p) => p.text).join('')).join('')).toBe(chinese);
    // The first line is filled after `>> `, not left with the mark alone.
    expect(lines.every((line) => line.pieces.length > 0)).toBe(true);
  });

  it('shows only the words spoken so far, and keeps parts apart so numbers and sound labels stay isolated', () => {
    const { lines } = stageLines([turn(0, 'kerry', part('a', 'We agreed on 14 points', 3), part('b', '[applause]', 1, 'sound'))], 42, 3, prefix);
    expect(lines.flatMap((line) => line.pieces).slice(1)).toEqual([
      { key: 'a', kind: 'speech', text: 'We agreed on' },
      { key: 'b', kind: 'sound', text: '[applause]' },
    ]);
  });

  it('never moves an earlier break as words arrive, so the rows on screen do not jump (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-zа-я0-9,.]{1,12}$/u), { minLength: 1, maxLength: 60 }), fc.integer({ min: 8, max: 60 }), (words, limit) => {
        const text = words.join(' ');
        const lines = (count: number) => stageLines([turn(0, 'kerry', part('a', text, count))], limit, 1_000, prefix).lines.map(rendered);
        for (let count = 1; count < words.length; count++) {
          const before = lines(count);
          const after = lines(count + 1);
          expect(after.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
        }
        expect(lines(words.length).every((line) => chars(line) <= limit)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
