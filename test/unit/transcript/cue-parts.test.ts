import { describe, expect, it } from 'vitest';
import { readCueParts } from '../../../server/transcript/import/cue-parts';
import { plainText } from '../../../server/transcript/import/html-text';

/** Raw cue text → who speaks and what, as the importer reads it. */
const CASES: [raw: string, parts: ReturnType<typeof readCueParts>][] = [
  ['Good afternoon.', [{ newTurn: false, pieces: [{ kind: 'text', text: 'Good afternoon.' }] }]],
  ['<v Secretary Kerry>Thank you all.</v>', [{ speaker: 'Secretary Kerry', newTurn: false, pieces: [{ kind: 'text', text: 'Thank you all.' }] }]],
  ['<v.interpreted Foreign Minister Lavrov>I would like\nto add a couple of words.', [{ speaker: 'Foreign Minister Lavrov', newTurn: false, pieces: [{ kind: 'text', text: 'I would like to add a couple of words.' }] }]],
  ['>> KERRY: Thank you, Olga.', [{ speaker: 'KERRY', newTurn: true, pieces: [{ kind: 'text', text: 'Thank you, Olga.' }] }]],
  ['>> ДЕ МИСТУРА: Спасибо.', [{ speaker: 'ДЕ МИСТУРА', newTurn: true, pieces: [{ kind: 'text', text: 'Спасибо.' }] }]],
  ['>> And a new voice we cannot name.', [{ newTurn: true, pieces: [{ kind: 'text', text: 'And a new voice we cannot name.' }] }]],
  ['MR KIRBY: Next question.', [{ speaker: 'MR KIRBY', newTurn: false, pieces: [{ kind: 'text', text: 'Next question.' }] }]],
  [
    '<v Kerry>Thank you.\n<v Lavrov>Thank you, John.',
    [
      { speaker: 'Kerry', newTurn: false, pieces: [{ kind: 'text', text: 'Thank you.' }] },
      { speaker: 'Lavrov', newTurn: false, pieces: [{ kind: 'text', text: 'Thank you, John.' }] },
    ],
  ],
  ['[laughter]', [{ newTurn: false, pieces: [{ kind: 'sound', sound: 'laughter' }] }]],
  ['(Laughter.)', [{ newTurn: false, pieces: [{ kind: 'sound', sound: 'laughter' }] }]],
  ['[смех]', [{ newTurn: false, pieces: [{ kind: 'sound', sound: 'laughter' }] }]],
  ['>> QUESTION: [speaks Russian]', [{ speaker: 'QUESTION', newTurn: true, pieces: [{ kind: 'sound', sound: 'speaks-russian' }] }]],
  [
    'Sorry, because — (Laughter.) — it is delicate.',
    [{ newTurn: false, pieces: [{ kind: 'text', text: 'Sorry, because —' }, { kind: 'sound', sound: 'laughter' }, { kind: 'text', text: '— it is delicate.' }] }],
  ],
  ['[music] keeps unknown brackets as text', [{ newTurn: false, pieces: [{ kind: 'text', text: '[music] keeps unknown brackets as text' }] }]],
];

describe('cue text: speakers, markup and sound labels', () => {
  it.each(CASES)('%j', (raw, parts) => {
    expect(readCueParts(raw)).toEqual(parts);
  });
});

describe('HTML in cue text', () => {
  it.each([
    ['<i>Fish</i> &amp; <b>chips</b>', 'Fish & chips'],
    ['<font color="#ffff00">Foreign Minister Lavrov</font>', 'Foreign Minister Lavrov'],
    ['&lt;b&gt;escaped markup&lt;/b&gt; is still markup', 'escaped markup is still markup'],
    ['<script>alert("x")</script>Bold', 'Bold'],
    ['a &lt; b and c &gt; d', 'a < b and c > d'],
    ['{\\an8}On top &#8212; and &#x2014; dashes', 'On top — and — dashes'],
    ['<c.yellow>coloured</c> <00:00:01.500>karaoke', 'coloured karaoke'],
    ['two\u00A0000 kept&nbsp;together', 'two\u00A0000 kept\u00A0together'],
  ])('%j → %j', (raw, text) => {
    expect(plainText(raw)).toBe(text);
  });
});
