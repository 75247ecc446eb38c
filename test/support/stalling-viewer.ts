/**
 * A viewer on a raw WebSocket that can stop reading: `pause()` stops reading its TCP connection
 * (ws's public `pause`), as a phone whose app was frozen or a link that stalled would, so the
 * server's writes back up. It speaks Engine.IO 4 and Socket.IO 5 by hand (the packets are a few
 * characters: docs/protocol.md names the events) and keeps its protocol state and its wire record
 * in DocViewer, the protocol written from the document alone: a gap in `seq` makes it rejoin.
 */
import { WebSocket } from 'ws';
import { DocViewer, type Clock, type JoinReply, type Seg } from './doc-viewer';

export class StallingViewer extends DocViewer {
  readonly ws: WebSocket;
  /** Bytes of WebSocket messages received, all of them. */
  bytesReceived = 0;
  /** Socket.IO acknowledgement ids of this viewer's `room:join`s. */
  private nextAck = 0;
  private readonly pending = new Set<number>();

  constructor(url: string, room: string) {
    super(room);
    this.ws = new WebSocket(`${url.replace(/^http/u, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    this.ws.on('message', (data: Buffer) => this.frame(data.toString()));
  }

  /** Stops reading the TCP connection: what the server sends piles up in the kernel, then in the server. */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  /** Resolves once the join answer has been applied. */
  async joined(): Promise<void> {
    while (this.joining || !this.clock) await new Promise((r) => setTimeout(r, 2));
  }

  close(): void {
    this.ws.terminate();
  }

  private frame(text: string): void {
    this.bytesReceived += Buffer.byteLength(text);
    // Engine.IO: 0 open, 2 ping (answered with 3 pong), 4 message (a Socket.IO packet follows).
    if (text.startsWith('0')) this.ws.send('40');
    else if (text === '2') this.ws.send('3');
    else if (text.startsWith('4')) this.packet(text.slice(1));
  }

  private packet(text: string): void {
    // Socket.IO: 0 connected to the namespace, 2 an event, 3 the answer to one (with its id).
    if (text.startsWith('0')) {
      this.join();
    } else if (text.startsWith('2')) {
      const [event, payload] = JSON.parse(text.slice(1)) as [string, unknown];
      let gap = false;
      if (event === 'caption:segment') gap = this.receive({ type: 'segment', message: payload as Seg });
      else if (event === 'clock:changed') gap = this.receive({ type: 'clock', message: payload as { seq: number; clock: Clock } });
      if (gap && !this.joining) this.join();
    } else if (text.startsWith('3')) {
      const match = /^3(\d+)(\[.*\])$/su.exec(text);
      if (!match) throw new Error(`unreadable ack: ${text.slice(0, 80)}`);
      const id = Number(match[1]);
      if (!this.pending.delete(id)) throw new Error(`ack ${id} answers nothing this viewer asked`);
      const [reply] = JSON.parse(match[2]) as [JoinReply];
      this.joinReply(reply);
    }
  }

  private join(): void {
    const id = this.nextAck++;
    this.pending.add(id);
    this.ws.send(`42${id}${JSON.stringify(['room:join', this.joinRequest()])}`);
  }
}
