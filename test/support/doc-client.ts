/**
 * A Boothcast client written from docs/protocol.md alone, as a third party would: it imports
 * nothing from the server or the app, only socket.io-client. The integration tests drive it to
 * prove the document is enough, and judge what reached it on the wire (`wire`, checked by
 * `wireProblems` in wire-check.ts) rather than what it chose to keep. Its protocol state and its
 * de-duplication are in doc-viewer.ts, tested on their own.
 */
import { io, type Socket } from 'socket.io-client';
import { DocViewer, type Clock, type JoinReply, type Seg } from './doc-viewer';

export type { HistoryEntry, WireEntry } from './doc-viewer';
export { historyProblems, wireProblems } from './wire-check';

type Json = Record<string, unknown>;

export class DocClient extends DocViewer {
  socket: Socket;

  /** When the socket drops, try again every 100 ms (as a browser would, with a shorter delay). */
  autoReconnect = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    url: string,
    room: string,
    private readonly options: { auth?: Json; autoReconnect?: boolean; transports?: ('websocket' | 'polling')[] } = {},
  ) {
    super(room);
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
    socket.on('caption:segment', (m: Seg) => socket === this.socket && this.live(this.receive({ type: 'segment', message: m })));
    socket.on('clock:changed', (m: { seq: number; clock: Clock }) => socket === this.socket && this.live(this.receive({ type: 'clock', message: m })));
    return socket;
  }

  private live(gap: boolean): void {
    if (gap && !this.joining) this.join();
  }

  /** What a load balancer does when a node dies: the next connection goes to another node. */
  async moveTo(url: string): Promise<void> {
    const old = this.socket;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.socket = this.open(url);
    old.removeAllListeners();
    old.disconnect();
    this.joinLost();
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
    const socket = this.socket;
    socket.emit('room:join', this.joinRequest(), (reply: JoinReply) => {
      if (socket === this.socket) this.joinReply(reply);
    });
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
