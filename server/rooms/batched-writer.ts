/**
 * One file kept up to date in the background. Every change asks for a write; one write is in
 * flight at a time and the changes that arrive meanwhile share the next one, whose content is read
 * when it starts (so it holds all of them). Each caller learns whether the write that carries its
 * change reached the disk, so a room is confirmed only once it is saved.
 *
 * While writes fail the writer is "unwritable": it says so once, tries again every `retryMs` even
 * if nothing changes (so health comes back when space does), and says once when a write succeeds.
 */
export interface WriteReporter {
  /** The first failure after a success (or at start): once per outage, never once per change. */
  failed(error: unknown): void;
  /** The first success after failures. */
  recovered(): void;
}

/** Starts a timer; returns its cancel function. Injected so tests control time. */
export type SetTimer = (run: () => void, ms: number) => () => void;

export interface BatchedWriterOptions {
  /** What to write, read when a write starts. */
  readonly content: () => string;
  /** Replaces the file durably (temporary file, fsync, rename); rejects on any failure. */
  readonly write: (content: string) => Promise<void>;
  readonly report: WriteReporter;
  readonly retryMs: number;
  readonly setTimer: SetTimer;
  /** Told every time the writer becomes writable or unwritable. */
  readonly onWritableChange?: (writable: boolean) => void;
}

export class BatchedWriter {
  private writing = false;
  private scheduled = false;
  /** The next write, which every change made before it starts waits for. */
  private next: { promise: Promise<boolean>; resolve: (saved: boolean) => void } | undefined;
  private ok = true;
  private cancelRetry: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: BatchedWriterOptions) {}

  /** False from a failed write until a write succeeds. */
  get writable(): boolean {
    return this.ok;
  }

  /** Something changed: resolves `true` once a write that includes it is on disk, `false` if that write failed. */
  changed(): Promise<boolean> {
    if (!this.next) {
      let resolve!: (saved: boolean) => void;
      const promise = new Promise<boolean>((r) => (resolve = r));
      this.next = { promise, resolve };
    }
    this.schedule();
    return this.next.promise;
  }

  /**
   * No write starts after this (shutdown: the rooms are about to be dropped from memory, and a
   * later write would save none of them); a change made since is answered `false`. A write in
   * flight still finishes.
   */
  close(): void {
    this.closed = true;
    this.cancelRetry?.();
    this.cancelRetry = undefined;
  }

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    // Not at once: the changes of this turn of the event loop share the write. And after the
    // callers of the previous write have run (promise reactions come before setImmediate), so a
    // room refused for a failed write is gone from memory before the next content is read.
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    const batch = this.next;
    if (this.writing || !batch) return;
    this.next = undefined;
    if (this.closed) {
      batch.resolve(false);
      return;
    }
    this.writing = true;
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    let saved: boolean;
    try {
      await this.options.write(this.options.content());
      saved = true;
    } catch (error) {
      saved = false;
      if (this.ok) this.options.report.failed(error);
    }
    this.writing = false;
    if (saved !== this.ok) {
      this.ok = saved;
      if (saved) this.options.report.recovered();
      this.options.onWritableChange?.(saved);
    }
    batch.resolve(saved);
    if (this.next) this.schedule();
    else if (!saved && !this.closed) this.cancelRetry = this.options.setTimer(() => void this.changed(), this.options.retryMs);
  }
}

/** The real timer, not keeping the process alive on its own. */
export const systemSetTimer: SetTimer = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};
