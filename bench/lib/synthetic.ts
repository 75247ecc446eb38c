import type { CaptionSegment } from '../../server/protocol';

/** `count` one-language segments, one every `spacingMs` from `firstStartMs`: a schedule, not text. */
export function syntheticSegments(count: number, spacingMs: number, firstStartMs = spacingMs): CaptionSegment[] {
  return Array.from({ length: count }, (_, index) => {
    const startMs = firstStartMs + index * spacingMs;
    const endMs = startMs + Math.max(1, Math.floor(spacingMs / 2));
    return {
      index,
      id: `s${index}`,
      turn: index,
      speakerId: 'bench',
      sourceLang: 'en',
      kind: 'speech',
      text: { en: `caption ${index}` },
      startMs,
      endMs,
      timing: { en: { startMs, endMs } },
    } satisfies CaptionSegment;
  });
}
