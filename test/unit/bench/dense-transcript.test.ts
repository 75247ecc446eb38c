import { describe, expect, it } from 'vitest';
import { DENSE_TRANSCRIPT_ID, denseTranscript } from '../../../bench/lib/dense-transcript';
import { TranscriptSchema } from '../../../server/transcript/model';
import { loadVienna } from '../../support/load-vienna';

describe('the dense benchmark transcript', () => {
  const source = loadVienna();
  const dense = denseTranscript(source, { segmentMs: 200, gapMs: 50, repeat: 2, firstStartMs: 500 });

  it('is a valid compiled transcript named bench-dense', () => {
    expect(TranscriptSchema.safeParse(dense).success).toBe(true);
    expect(dense.id).toBe(DENSE_TRANSCRIPT_ID);
    expect(dense.speakers).toEqual(source.speakers);
  });

  it('plays the same segments, repeated, one every 250 ms', () => {
    expect(dense.segments).toHaveLength(source.segments.length * 2);
    dense.segments.forEach((s, i) => {
      expect(s.index).toBe(i);
      expect(s.startMs).toBe(500 + i * 250);
      expect(s.endMs - s.startMs).toBe(200);
      expect(s.text).toEqual(source.segments[i % source.segments.length].text);
    });
    expect(new Set(dense.segments.map((s) => s.id)).size).toBe(dense.segments.length);
  });

  it("keeps each language's offset from the source (the interpretation still trails)", () => {
    dense.segments.forEach((s, i) => {
      const original = source.segments[i % source.segments.length];
      for (const [lang, span] of Object.entries(s.timing)) {
        const before = original.timing[lang as keyof typeof original.timing]!;
        expect(span!.startMs - s.startMs).toBe(before.startMs - original.startMs);
        expect(span!.endMs - span!.startMs).toBe(200);
      }
    });
  });

  it('lasts until its last span ends', () => {
    const lastEnd = Math.max(...dense.segments.flatMap((s) => Object.values(s.timing).map((t) => t!.endMs)));
    expect(dense.durationMs).toBeGreaterThanOrEqual(lastEnd);
  });
});
