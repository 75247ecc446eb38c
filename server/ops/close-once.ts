/**
 * A close that runs its steps once, in order, each awaited, however many times it is called (a
 * signal, the drain and a test's cleanup may all ask). A step that throws stops the sequence and
 * rejects every caller: a half-closed node is worth knowing about.
 */
export function closeOnce(steps: readonly (() => unknown)[]): () => Promise<void> {
  let closed: Promise<void> | undefined;
  return () =>
    (closed ??= (async () => {
      for (const step of steps) await step();
    })());
}
