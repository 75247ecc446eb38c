import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSourceFiles } from '../../../server/transcript/import-file';
import { importUpload } from '../../../server/transcript/import-upload';
import type { Transcript } from '../../../server/transcript/model';

/** Every character a viewer would see, of every name, caption and title. */
const shown = (t: Transcript) =>
  [t.meta.title, ...t.speakers.flatMap((s) => [...Object.values(s.label), ...Object.values(s.short)]), ...t.segments.flatMap((s) => Object.values(s.text))].join('\n');
const BIDI_OR_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u206F\uFEFF\u2028\u2029]/u;

async function imported(name: string, content: string): Promise<Transcript> {
  const result = await importUpload({ files: [{ name, content }] });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.transcript;
}

describe('bidi overrides and invisible controls in an upload', () => {
  it('are gone from speaker names and caption text of an SRT file, written or as references', async () => {
    const srt = [
      '1\n00:00:01,000 --> 00:00:04,000\nMR \u202ESMITH\u202C: Good\u2066 morning\u2069, everyone.\u0007\n',
      '2\n00:00:04,500 --> 00:00:08,000\nMS JONES: Is it &#x202E;long&#8236;?\u2028Yes.\n',
    ].join('\n');
    const t = await imported('lesson.srt', srt);
    expect(shown(t)).not.toMatch(BIDI_OR_CONTROL);
    expect(t.speakers.map((s) => s.label.en)).toEqual(['Mr Smith', 'Ms Jones']);
    expect(t.segments.map((s) => s.text.en)).toEqual(['Good morning, everyone.', 'Is it long?', 'Yes.']);
  });

  it('are gone from a WebVTT voice name', async () => {
    const t = await imported('talk.vtt', 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Mary&#x202E; Sue\u2067>We begin now.\n');
    expect(t.speakers.map((s) => s.label.en)).toEqual(['Mary Sue']);
    expect(shown(t)).not.toMatch(BIDI_OR_CONTROL);
  });

  it('are gone from a plain transcript, whose labels still name their speakers', async () => {
    const t = await imported('talk.txt', '\u202EMR SMITH\u202C: Hello\uFEFF and \u2066welcome\u2069.\n\nMS JONES\u0007\u2069: Thank you.\n');
    expect(t.speakers.map((s) => s.label.en)).toEqual(['Mr Smith', 'Ms Jones']);
    expect(t.segments.map((s) => s.text.en)).toEqual(['Hello and welcome.', 'Thank you.']);
  });

  it('keep the marks and joiners real text needs', async () => {
    const t = await imported('talk.srt', '1\n00:00:01,000 --> 00:00:04,000\nMR SMITH: He wrote می\u200Cخواهم and שלום\u200F. \u{1F468}\u200D\u{1F469}\n');
    expect(t.segments[0].text.en).toBe('He wrote می\u200Cخواهم and שלום\u200F. \u{1F468}\u200D\u{1F469}');
  });

  it('are gone from the speakers and title a sidecar spells with JSON escapes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'boothcast-sidecar-'));
    const srt = path.join(dir, 'talk.srt');
    writeFileSync(srt, '1\n00:00:01,000 --> 00:00:04,000\nMR SMITH: Good morning.\n');
    writeFileSync(path.join(dir, 'talk.json'), JSON.stringify({ title: 'A \u202Etalk', speakers: { smith: { label: { en: 'Mr \u202ESmith\u2069' } } } }));
    return importSourceFiles(srt).then(({ transcript }) => {
      expect(transcript.meta.title).toBe('A talk');
      expect(transcript.speakers.map((s) => s.label.en)).toEqual(['Mr Smith']);
    });
  });
});
