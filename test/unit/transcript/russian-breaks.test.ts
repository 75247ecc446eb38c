import { describe, expect, it } from 'vitest';
import { checkCues } from '../../../server/transcript/cues/check-cues';
import { cuesOf } from '../../../server/transcript/export/export-captions';
import { readCaptionCues } from '../../../server/transcript/import/caption-cues';
import { loadVienna } from '../../support/load-vienna';

/**
 * Issue 13, part 5: the Russian track split fixed terms across lines and cues. These are the
 * cues as the earlier segmenter wrote them into `vienna-2015-11-14.ru.srt` (numbers renumbered,
 * times kept apart so that only the line-break rule is in question). `check` must name each with
 * its cue and words; the segmenter, sharing the rules, must write none of them.
 */
const OLD_BREAKS = `1
00:00:01,000 --> 00:00:04,000
>> КЕРРИ: Именно поэтому мы вместе со всеми
нашими странами-партнёрами сели

2
00:00:04,083 --> 00:00:06,000
за стол переговоров.

3
00:00:08,000 --> 00:00:12,000
>> ЛАВРОВ: Мы едины в борьбе

4
00:00:12,083 --> 00:00:15,000
с терроризмом.

5
00:00:17,000 --> 00:00:21,000
Это произошло не случайно, а лишь
потому, что стороны договорились.

6
00:00:23,000 --> 00:00:27,000
Это станет возможным только

7
00:00:27,083 --> 00:00:30,000
в ходе политического процесса.

8
00:00:32,000 --> 00:00:36,000
У нас был предметный,

9
00:00:36,083 --> 00:00:39,000
конкретный разговор.

10
00:00:41,000 --> 00:00:46,000
Все выступают за режим о прекращении
огня на всей территории страны.
`;

describe('check finds every split of a fixed term in a Russian caption file', () => {
  it('names the cue, whether the break is between lines or cues, and the words on each side', async () => {
    const { cues, problems } = await readCaptionCues(OLD_BREAKS, 'srt', 'old.ru.srt', 'ru');
    expect(problems).toEqual([]);
    const breaks = checkCues(cues.ru!, 'ru', 'srt').violations.filter((v) => v.rule === 'line-break');
    expect(breaks.map((v) => [v.cue, v.message])).toEqual([
      [2, expect.stringMatching(/^cue 1 ends and this cue starts at "сели \/ за": a fixed term stays in one piece: "сели за стол переговоров"$/u)],
      [4, expect.stringMatching(/^cue 3 ends and this cue starts at "борьбе \/ с": a fixed term stays in one piece: "борьбе с терроризмом"$/u)],
      [5, expect.stringMatching(/^line 1 ends and line 2 starts at "лишь \/ потому,": a fixed term stays in one piece: "лишь потому"$/u)],
      [7, expect.stringMatching(/^cue 6 ends and this cue starts at "только \/ в": "только" stays with the words it leads$/u)],
      [9, expect.stringMatching(/^cue 8 ends and this cue starts at "предметный, \/ конкретный": a fixed term stays in one piece/u)],
      [10, expect.stringMatching(/^line 1 ends and line 2 starts at "прекращении \/ огня": a fixed term stays in one piece: "прекращении огня"$/u)],
    ]);
  });

  it('does not join cues across a sentence end or a change of speaker', async () => {
    const { cues } = await readCaptionCues(OLD_BREAKS, 'srt', 'old.ru.srt', 'ru');
    const ids = cues.ru!.map((c) => c.segmentId);
    // 2 ends a sentence, 3 starts a turn: different segments; 3 and 4 one sentence.
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[1]);
    expect(ids[3]).toBe(ids[2]);
    expect(ids[4]).not.toBe(ids[3]);
  });
});

describe('the corrected Russian track', () => {
  const vienna = loadVienna();

  it('keeps every fixed term whole in both export formats', () => {
    for (const format of ['vtt', 'srt'] as const) {
      const cues = cuesOf(vienna, 'ru', format);
      expect(checkCues(cues, 'ru', format).violations.filter((v) => v.rule === 'line-break')).toEqual([]);
      const shown = cues.map((c) => c.lines.join('\n')).join('\n\n');
      for (const split of [/прекращени\S*\s*\n+\s*огн/u, /борьб\S*\s*\n+\s*с террор/u, /сел\S*\s*\n+\s*за стол/u, /лишь\s*\n+/u, /только\s*\n+/u]) {
        expect(shown).not.toMatch(split);
      }
    }
  });

  it('sets Russian speaker labels with an em dash, not an en dash', () => {
    const labels = vienna.speakers.map((s) => s.label.ru ?? '');
    expect(labels.filter((l) => l.includes(' – '))).toEqual([]);
    expect(labels.filter((l) => l.startsWith('Вопрос — '))).toHaveLength(2);
  });
});
