/**
 * A Boothcast client written from docs/protocol.md alone, as a third party would: it imports
 * nothing from the server or the app, only socket.io-client. The integration tests drive it to
 * prove the document is enough, and to check what a viewer's history looks like after drops.
 */
import { io, type Socket } from 'socket.io-client';

type Json = Record<string, unknown>;
interface Seg {
  seq: number;
  epoch: number;
  dueMs: number;
  segment: { index: number; id: string; text: Record<string, string> };
}
interface Clock {
  status: string;
  epoch: number;
  positionMs: number;
  rate: number;
}

/** What the client applied, in order: the history a viewer saw. */
export type HistoryEntry = { kind: 'segment'; seq: number; epoch: number; index: number } | { kind: 'clock'; seq: number; epoch: number };

export class DocClient {
  socket: Socket;
  lastSeq = 0;
  stream: string | undefined;
  clock: Clock | undefined;
  segments: Seg[] = [];
  readonly history: HistoryEntry[] = [];
  joins = 0;
  resumes = 0;
  catchUps = 0;
  /** Snapshots that replaced what the client had (the first join's is not counted). */
  freshSnapshots = 0;
  private joining = false;

  /** When the socket drops, try again every 100 ms (as a browser would, with a shorter delay). */
  autoReconnect = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    url: string,
    private readonly room: string,
    private readonly options: { auth?: Json; autoReconnect?: boolean; transports?: ('websocket' | 'polling')[] } = {},
  ) {
    this.autoReconnect = options.autoReconnect ?? false;
    this.socket = this.open(url);
  }

  private open(url: string): Socket {
    const socket = io(url, { transports: this.options.transports ?? ['websocket'], forceNew: true, reconnection: false, autoConnect: false, auth: this.options.auth });
    socket.on('connect', () => this.join());
    const again = () => {
      if (!this.autoReconnect || this.retry || socket !== this.socket) return;
      this.retry = setTimeout(() => {
        this.retry = undefined;
        if (!socket.connected && socket === this.socket) socket.connect();
      }, 100);
    };
    socket.on('disconnect', again);
    socket.on('connect_error', again);
    socket.on('caption:segment', (m: Seg) => socket === this.socket && this.receive({ type: 'segment', message: m }));
    socket.on('clock:changed', (m: { seq: number; clock: Clock }) => socket === this.socket && this.receive({ type: 'clock', message: m }));
    return socket;
  }

  /** What a load balancer does when a node dies: the next connection goes to another node. */
  async moveTo(url: string): Promise<void> {
    const old = this.socket;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.socket = this.open(url);
    old.removeAllListeners();
    old.disconnect();
    this.joining = false;
    await this.connect();
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
      this.socket.connect();
    });
  }

  /** Resolves once the join answer has been applied. */
  async joined(): Promise<void> {
    while (this.joining || !this.clock) await new Promise((r) => setTimeout(r, 2));
  }

  private join(): void {
    this.joining = true;
    const request: Json = { room: this.room, protocolVersion: 1 };
    if (this.stream !== undefined) Object.assign(request, { lastSeq: this.lastSeq, stream: this.stream });
    this.socket.emit('room:join', request, (reply: { ok: boolean; data?: Json; error?: Json }) => {
      this.joining = false;
      if (!reply.ok || !reply.data) throw new Error(`join failed: ${JSON.stringify(reply.error)}`);
      this.joins++;
      const data = reply.data as { mode: string; snapshot?: Json; stream?: string; clock?: Clock; messages?: { type: string; message: Json }[] };
      if (data.mode === 'resume') {
        this.resumes++;
        this.stream = data.stream;
        for (const entry of data.messages ?? []) this.apply(entry as never);
        return;
      }
      const snap = data.snapshot as { stream: string; seq: number; clock: Clock; segments: Seg[] };
      if (snap.stream === this.stream && this.clock && snap.clock.epoch === this.clock.epoch) {
        this.catchUps++;
        for (const m of snap.segments) this.keep(m);
      } else {
        if (this.stream !== undefined) this.freshSnapshots++;
        this.segments = [];
        this.history.push({ kind: 'clock', seq: snap.seq, epoch: snap.clock.epoch });
        for (const m of snap.segments) if (m.epoch === snap.clock.epoch) this.keep(m);
      }
      this.stream = snap.stream;
      this.clock = snap.clock;
      this.lastSeq = snap.seq;
    });
  }

  private receive(entry: { type: 'segment'; message: Seg } | { type: 'clock'; message: { seq: number; clock: Clock } }): void {
    if (this.joining || !this.clock) return; // the join answer comes first; anything before it is covered by it
    const seq = entry.message.seq;
    if (seq <= this.lastSeq) return;
    if (seq > this.lastSeq + 1) {
      if (!this.joining) this.join();
      return;
    }
    this.apply(entry);
  }

  private apply(entry: { type: 'segment'; message: Seg } | { type: 'clock'; message: { seq: number; clock: Clock } }): void {
    const seq = entry.message.seq;
    if (seq <= this.lastSeq) return;
    if (seq > this.lastSeq + 1) throw new Error(`resume skipped from ${this.lastSeq} to ${seq}`);
    this.lastSeq = seq;
    if (entry.type === 'clock') {
      const clock = entry.message.clock;
      if (this.clock && clock.epoch !== this.clock.epoch) this.segments = [];
      this.clock = clock;
      this.history.push({ kind: 'clock', seq, epoch: clock.epoch });
      return;
    }
    if (!this.clock || entry.message.epoch !== this.clock.epoch) return;
    this.keep(entry.message);
  }

  private keep(m: Seg): void {
    if (this.segments.some((s) => s.epoch === m.epoch && s.segment.index === m.segment.index)) return;
    this.segments.push(m);
    this.history.push({ kind: 'segment', seq: m.seq, epoch: m.epoch, index: m.segment.index });
  }

  command(event: string, payload: Json): Promise<{ ok: boolean; data?: { clock: Clock; duplicate: boolean }; error?: { code: string } }> {
    return this.socket.emitWithAck(event, payload);
  }

  close(): void {
    this.autoReconnect = false;
    clearTimeout(this.retry);
    this.socket.disconnect();
  }
}

/**
 * Checks a history: no segment twice within an epoch, and within each epoch the segment indexes
 * it saw form one unbroken run (no gap), in order.
 */
export function historyProblems(history: readonly HistoryEntry[]): string[] {
  const problems: string[] = [];
  const byEpoch = new Map<number, number[]>();
  for (const entry of history) {
    if (entry.kind !== 'segment') continue;
    const list = byEpoch.get(entry.epoch) ?? [];
    list.push(entry.index);
    byEpoch.set(entry.epoch, list);
  }
  for (const [epoch, indexes] of byEpoch) {
    const sorted = [...indexes].sort((a, b) => a - b);
    if (new Set(indexes).size !== indexes.length) problems.push(`epoch ${epoch}: a segment shown twice`);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i] !== sorted[i - 1] + 1) problems.push(`epoch ${epoch}: gap between segments ${sorted[i - 1]} and ${sorted[i]}`);
    }
    if (sorted.join() !== indexes.join()) problems.push(`epoch ${epoch}: segments out of order`);
  }
  return problems;
}
