import { describe, expect, it } from 'vitest';
import { exportCaptions } from '../../../server/transcript/export/export-captions';
import { escapeVttAnnotation, escapeVttText, vttNote } from '../../../server/transcript/export/vtt-escape';
import { loadVienna } from '../../support/load-vienna';
import { timedTranscript } from '../transcript/build-transcript';

const vienna = loadVienna();
const vtt = (lang: string, transcript = vienna) => {
  const result = exportCaptions(transcript, 'vtt', lang);
  if (!result.ok) throw new Error(result.message);
  return result.file;
};

describe('WebVTT export', () => {
  it('writes the bare WEBVTT line, then a NOTE with title, language and credit, then numbered cues with voice spans', () => {
    const { body, fileName, contentType } = vtt('en');
    expect(fileName).toBe('vienna-2015-11-14.en.vtt');
    expect(contentType).toBe('text/vtt; charset=utf-8');
    const [header, note, first] = body.split('\n\n');
    expect(header).toBe('WEBVTT');
    expect(note.split('\n')).toEqual(['NOTE', vienna.meta.title, 'Language: en (English)', vienna.meta.attribution]);
    expect(first).toBe(
      '1\n00:00:01.000 --> 00:00:05.675\n<v Secretary Kerry>Can I just mention on thing\nto build on what Sergey said quickly,</v>',
    );
    expect(body.endsWith('\n')).toBe(true);
    expect(body).not.toMatch(/\r/u);
  });

  it('marks the interpretation with a class on the voice span and gives it the Russian name', () => {
    const { cues } = vtt('ru');
    expect(cues[0].payload).toBe('<v.interpreted Госсекретарь Керри>Позвольте мне коротко добавить\nодну вещь к сказанному Сергеем —</v>');
    expect(cues.some((c) => c.payload.startsWith('<v Министр иностранных дел Лавров>'))).toBe(true);
  });

  it('holds separate cues per language in the file of every booth, each in a lang span, in order of time', () => {
    const { cues, fileName } = vtt('both');
    expect(fileName).toBe('vienna-2015-11-14.en-ru-fr-ar.vtt');
    expect(cues.length).toBe(['en', 'ru', 'fr', 'ar'].reduce((n, lang) => n + vtt(lang).cues.length, 0));
    // The French booth trails by 2.5 s, the Russian by 3, the Arabic by 3.5.
    expect(cues.slice(0, 4).map((c) => c.id)).toEqual(['en-1', 'fr-1', 'ru-1', 'ar-1']);
    expect(cues[2].payload).toMatch(/^<lang ru><v\.interpreted Госсекретарь Керри>.*<\/v><\/lang>$/su);
    expect(cues[3].payload).toMatch(/^<lang ar><v\.interpreted وزير الخارجية الأمريكي كيري>.*<\/v><\/lang>$/su);
    cues.slice(1).forEach((cue, i) => expect(cue.startMs).toBeGreaterThanOrEqual(cues[i].startMs));
  });

  it('writes sound labels as plain cues, with the voice only where they start a turn', () => {
    const payloads = vtt('en').cues.map((c) => c.payload);
    expect(payloads).toContain('[laughter]');
    expect(payloads).toContain('<v Question – Olga Golovanova, Interfax>[speaks Russian]</v>');
  });

  it('escapes &, < and > in the text and in the voice name', () => {
    expect(escapeVttText('AT&T <b> 5 > 4')).toBe('AT&amp;T &lt;b&gt; 5 &gt; 4');
    expect(escapeVttAnnotation('Q&A <panel>\nmoderator')).toBe('Q&amp;A &lt;panel&gt; moderator');
    const made = timedTranscript([{ speaker: 'chair', text: 'Rock & roll <live> is > jazz.', start: 1_000, end: 4_000 }]);
    const transcript = { ...made, speakers: made.speakers.map((s) => ({ ...s, label: { en: 'Q&A <chair>' } })) };
    expect(vtt('en', transcript).cues[0].payload).toBe('<v Q&amp;A &lt;chair&gt;>Rock &amp; roll &lt;live&gt; is &gt; jazz.</v>');
  });

  it('never lets a NOTE end early or hold a cue timing', () => {
    expect(vttNote(['a --> b', '', 'c\nd'])).toBe('NOTE\na → b\nc d');
  });

  it('answers a language it does not have with the list of those it has', () => {
    const several = 'one of en, ru, fr, ar, both, or several separated by commas';
    expect(exportCaptions(vienna, 'vtt', 'de')).toEqual({ ok: false, error: 'bad-lang', message: `lang: "de" is not a language of this transcript, ${several}` });
    expect(exportCaptions(vienna, 'srt', 'both')).toEqual({ ok: false, error: 'bad-lang', message: 'lang: "both" is not a language of this transcript, one of en, ru, fr, ar' });
    expect(exportCaptions(vienna, 'srt', 'en,ru')).toEqual({ ok: false, error: 'bad-lang', message: 'lang: an SRT file holds one language, one of en, ru, fr, ar; got "en,ru"' });
    expect(exportCaptions(vienna, 'vtt', 'en,en')).toEqual({ ok: false, error: 'bad-lang', message: 'lang: "en" is asked for twice' });
    expect(exportCaptions(vienna, 'vtt', 'en,ru,fr,ar,en')).toEqual({ ok: false, error: 'bad-lang', message: `lang: this transcript has 4 language(s), ${several}; got "en,ru,fr,ar,en"` });
    expect(exportCaptions(vienna, 'vtt', null)).toEqual({ ok: false, error: 'bad-lang', message: `lang: give a language, ${several}` });
    expect(exportCaptions(vienna, 'ttml', 'en')).toMatchObject({ ok: false, error: 'bad-format' });
  });
});
