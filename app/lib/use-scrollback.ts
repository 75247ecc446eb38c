'use client';
import { useEffect, useRef } from 'react';
import type { CaptionSegment } from '../../server/protocol';
import { MAX_SCROLLBACK_SEGMENTS } from './viewer-state';

/** What `GET /api/transcripts/<id>/said` answers (app/api/transcripts/said-response.ts). */
interface SaidBody {
  readonly segments: readonly CaptionSegment[];
}

function isSaidBody(value: unknown): value is SaidBody {
  return typeof value === 'object' && value !== null && Array.isArray((value as SaidBody).segments) && (value as SaidBody).segments.length <= MAX_SCROLLBACK_SEGMENTS;
}

/**
 * Fills the scrollback with the transcript from its start once the reader opens it: a viewer who
 * joined late got only the last few segments over the socket. Fetched over HTTP once (again only
 * after a failure), up to the viewer's own position; the scrollback still shows each language only
 * once its lane has finished it, and after a seek takes only what came before its first line
 * (viewer-state.ts).
 */
export function useScrollback(
  open: boolean,
  transcriptId: string,
  epoch: number,
  positionMs: number,
  addTranscript: (epoch: number, segments: readonly CaptionSegment[]) => void,
): void {
  const asked = useRef<string | undefined>(undefined);
  const position = useRef(positionMs);
  useEffect(() => {
    position.current = positionMs;
  }, [positionMs]);
  useEffect(() => {
    const key = transcriptId;
    if (!open || asked.current === key) return;
    asked.current = key;
    const controller = new AbortController();
    const untilMs = Math.max(0, Math.floor(position.current));
    fetch(`/api/transcripts/${encodeURIComponent(transcriptId)}/said?untilMs=${untilMs}`, { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`scrollback: ${response.status}`);
        const body: unknown = await response.json();
        if (isSaidBody(body)) addTranscript(epoch, body.segments);
      })
      .catch(() => {
        // The scrollback keeps what the socket delivered; the next opening asks again.
        if (asked.current === key) asked.current = undefined;
      });
    return () => controller.abort();
  }, [open, transcriptId, epoch, addTranscript]);
}
