'use client';
import { useEffect, useLayoutEffect, useState } from 'react';
import type { ClockState } from '../../server/protocol';
import { positionAt } from '../../server/replay/clock';
import { startFrameLoop } from './frame-loop';
import { createRenderGate, type SignatureOf } from './render-gate';

/**
 * The room's media position, as far as the view can tell: it changes only on the animation frames
 * at which `signatureOf` (what the view shows at a position) changes, not on every frame, so the
 * page re-renders a few times a second rather than sixty. Starts from the server's render time so
 * the server HTML and the first client render agree.
 *
 * `signatureOf` may be a new function on every render: it is read after each commit, never a
 * reason to restart the frame loop. Only the clock and the offset restart it.
 */
export function useMediaPosition(clock: ClockState, offsetMs: number, renderedAtServerMs: number, signatureOf: SignatureOf): number {
  const [position, setPosition] = useState(() => positionAt(clock, renderedAtServerMs));
  const [gate] = useState(() => createRenderGate(setPosition));
  // A layout effect, not a passive one: it runs before the next animation frame can, so no frame
  // compares against the signature of an earlier render.
  useLayoutEffect(() => gate.rendered(signatureOf, position));
  useEffect(() => startFrameLoop(clock, offsetMs, gate.frame), [clock, offsetMs, gate]);
  return position;
}
