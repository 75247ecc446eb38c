'use client';
import { useEffect, useRef, useState } from 'react';
import type { ClockState } from '../../../server/protocol';
import { positionAt } from '../../../server/replay/clock';
import { clientNow } from '../clock-sync';

/**
 * Something derived from the room's media position (the whole second, the current segment),
 * re-rendering only when it changes, not every frame. Starts from the server's render time so the
 * server HTML and the first client render agree. Stops polling while the clock is not playing.
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
  useEffect(() => {
    let frame = 0;
    const tick = () => {
      setValue(deriveRef.current(positionAt(clock, clientNow() + offsetMs)));
      if (clock.status === 'playing') frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [clock, offsetMs, derive]);
  return value;
}

/** Calls `paint` with the media position every animation frame while playing (once otherwise), without re-rendering. */
export function usePositionFrames(clock: ClockState, offsetMs: number, paint: (positionMs: number) => void): void {
  const paintRef = useRef(paint);
  useEffect(() => {
    paintRef.current = paint;
  }, [paint]);
  useEffect(() => {
    let frame = 0;
    const tick = () => {
      paintRef.current(positionAt(clock, clientNow() + offsetMs));
      if (clock.status === 'playing') frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [clock, offsetMs]);
}
