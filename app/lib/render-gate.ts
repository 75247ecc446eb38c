/**
 * Decides, frame by frame, whether a position-driven view re-renders: only when what it would show
 * at the frame's position differs from what it shows. Words change a few times a second; frames
 * come sixty times a second, and re-rendering a whole page on each of them costs a slow laptop its
 * frames.
 *
 * "What it shows" is a signature: a string that differs exactly when the visible output differs
 * (see viewer-signature.ts). The gate compares against the signature of the last commit, taken
 * with that render's own inputs, so a render for another reason (a new segment, a setting) at an
 * older position is still compared exactly.
 */
export type SignatureOf = (positionMs: number) => string;

export interface RenderGate {
  /** After each commit: the signature function that render used and the position it showed. */
  rendered(signatureOf: SignatureOf, positionMs: number): void;
  /**
   * At each animation frame. Renders at `positionMs` when the output would change; when the clock
   * has stopped (`playing` false, the loop's last frame), always, so that a paused view rests on
   * the clock's exact position and later renders (a setting, the history panel) start from it.
   */
  frame(positionMs: number, playing: boolean): void;
}

export function createRenderGate(render: (positionMs: number) => void): RenderGate {
  let signatureOf: SignatureOf | undefined;
  let shown: string | undefined;
  return {
    rendered(next, positionMs) {
      signatureOf = next;
      shown = next(positionMs);
    },
    frame(positionMs, playing) {
      const next = signatureOf?.(positionMs);
      if (playing && next !== undefined && next === shown) return;
      // Noted at once: while a busy main thread has not yet committed this render, the frames
      // after it compare against what it will show instead of asking again.
      shown = next;
      render(positionMs);
    },
  };
}
