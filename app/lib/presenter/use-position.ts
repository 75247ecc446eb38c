'use client';
import { useEffect, useRef, useState } from 'react';
import type { ClockState } from '../../../server/protocol';
import { positionAt } from '../../../server/replay/clock';
import { startFrameLoop } from '../frame-loop';

/**
 * Something derived from the room's media position (the whole second, the current segment),
 * re-rendering only when it changes, not every frame. Starts from the server's render time so the
 * server HTML and the first client render agree. Stops polling while the clock is not playing.
 * Each frame's position is the frame's own time (see frame-loop.ts), as in the viewer, so the
 * console's current segment turns with the viewers' captions.
 */
export function usePositionDerived<T>(
  clock: ClockState,
  offsetMs: number,
  renderedAtServerMs: number,
  derive: (positionMs: number) => T,
): T {
  const deriveRef = useRef(derive);
  useEffect(() => {
    deriveRef.current = derive;
  }, [derive]);
  const [value, setValue] = useState(() => derive(positionAt(clock, renderedAtServerMs)));
  // `derive` restarts the loop on purpose: a new one (new segments) applies at once, even paused.
  // An unchanged value is no re-render: React bails out of setting state to the same value.
  useEffect(() => startFrameLoop(clock, offsetMs, (positionMs) => setValue(deriveRef.current(positionMs))), [clock, offsetMs, derive]);
  return value;
}

/** Calls `paint` with the media position every animation frame while playing (once otherwise), without re-rendering. */
export function usePositionFrames(clock: ClockState, offsetMs: number, paint: (positionMs: number) => void): void {
  const paintRef = useRef(paint);
  useEffect(() => {
    paintRef.current = paint;
  }, [paint]);
  useEffect(() => startFrameLoop(clock, offsetMs, (positionMs) => paintRef.current(positionMs)), [clock, offsetMs]);
}
