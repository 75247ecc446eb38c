/**
 * A viewer's state by the rules of docs/protocol.md alone, as a third party would write it: it
 * imports nothing from the server or the app. No socket: `DocClient` (doc-client.ts) feeds it, and
 * the unit tests feed it by hand to check its de-duplication on its own.
 *
 * Two records, kept apart on purpose:
 * - `wire`: everything the server sent this viewer, in arrival order, before the viewer decides to
 *   apply or drop it. The integration tests judge this one (`wireProblems`, wire-check.ts), so a
 *   server that re-sends or skips is caught even though the viewer would hide it.
 * - `history`: what the viewer applied, after its de-duplication: what it showed.
 */

type Json = Record<string, unknown>;
export interface Seg {
  seq: number;
  epoch: number;
  dueMs: number;
  segment: { index: number; id: string; sourceLang: string; text: Record<string, string>; timing: Record<string, { startMs: number; endMs: number }> };
}
/** What the doc says a room is (RoomInfo): its languages, in order, and titles per language. */
export interface RoomInfo {
  code: string;
  title: string;
  titles?: Record<string, string>;
  languages: string[];
  speakers: { id: string; label: Record<string, string>; short: Record<string, string> }[];
}

/** Scripts the doc lists as written right to left ("Languages", Direction). */
const RTL_SCRIPTS = ['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Mend', 'Yezi', 'Armi', 'Sarb', 'Avst', 'Nbat', 'Palm', 'Phnx'];

/** A language's direction by the doc's rule: its likely script, from CLDR's likely subtags. */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  try {
    const script = new Intl.Locale(tag).maximize().script;
    return script !== undefined && RTL_SCRIPTS.includes(script) ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/**
 * Where the segments a viewer holds break the doc's rules for languages: text or timing in a
 * language the room has not, text without its timing, or a tag not in canonical form.
 */
export function languageProblems(info: RoomInfo, segments: readonly Seg[]): string[] {
  const problems: string[] = [];
  for (const tag of info.languages) if (Intl.getCanonicalLocales(tag)[0] !== tag) problems.push(`"${tag}" is not canonical`);
  for (const { segment } of segments) {
    for (const lang of new Set([...Object.keys(segment.text), ...Object.keys(segment.timing)])) {
      if (!info.languages.includes(lang)) problems.push(`${segment.id}: "${lang}" is not a language of the room`);
      else if (segment.text[lang] === undefined || segment.timing[lang] === undefined) problems.push(`${segment.id}: "${lang}" has text or timing, not both`);
    }
  }
  return problems;
}
export interface Clock {
  status: string;
  epoch: number;
  positionMs: number;
  rate: number;
}
export type LiveMessage = { type: 'segment'; message: Seg } | { type: 'clock'; message: { seq: number; clock: Clock } };

/** What the viewer applied, in order: the history a viewer saw. */
export type HistoryEntry = { kind: 'segment'; seq: number; epoch: number; index: number } | { kind: 'clock'; seq: number; epoch: number };

/** One room message as it came over the wire. */
export type WireMessage = { type: 'segment'; seq: number; epoch: number; index: number; id: string } | { type: 'clock'; seq: number; epoch: number };

/** One thing that crossed the wire, in the order it did. */
export type WireEntry =
  /** A `room:join` this viewer sent (the only outgoing entry: replies are judged against it). */
  | { kind: 'join'; lastSeq?: number; stream?: string }
  /** A `caption:segment` or `clock:changed` event. */
  | { kind: 'live'; message: WireMessage }
  | { kind: 'resume'; stream: string; messages: WireMessage[] }
  | { kind: 'snapshot'; stream: string; seq: number; epoch: number; segments: WireMessage[] };

export type JoinReply = { ok: boolean; data?: Json; error?: Json };

function wireOf(entry: LiveMessage): WireMessage {
  if (entry.type === 'clock') return { type: 'clock', seq: entry.message.seq, epoch: entry.message.clock.epoch };
  const m = entry.message;
  return { type: 'segment', seq: m.seq, epoch: m.epoch, index: m.segment.index, id: m.segment.id };
}

export class DocViewer {
  lastSeq = 0;
  stream: string | undefined;
  /** The room as the last join answer described it. */
  info: RoomInfo | undefined;
  clock: Clock | undefined;
  segments: Seg[] = [];
  readonly history: HistoryEntry[] = [];
  readonly wire: WireEntry[] = [];
  joins = 0;
  resumes = 0;
  catchUps = 0;
  /** Snapshots that replaced what the viewer had (the first join's is not counted). */
  freshSnapshots = 0;
  protected joining = false;

  constructor(readonly room: string) {}

  /** The `room:join` payload to send now: a first join, or a rejoin from what was applied. */
  joinRequest(): Json {
    this.joining = true;
    const request: Json = { room: this.room, protocolVersion: 2 };
    if (this.stream !== undefined) Object.assign(request, { lastSeq: this.lastSeq, stream: this.stream });
    this.wire.push(this.stream === undefined ? { kind: 'join' } : { kind: 'join', lastSeq: this.lastSeq, stream: this.stream });
    return request;
  }

  /** A join request was lost with its connection: its answer will never come. */
  joinLost(): void {
    this.joining = false;
  }

  joinReply(reply: JoinReply): void {
    this.joining = false;
    if (!reply.ok || !reply.data) throw new Error(`join failed: ${JSON.stringify(reply.error)}`);
    this.joins++;
    const data = reply.data as { mode: string; snapshot?: Json; room?: RoomInfo; stream?: string; clock?: Clock; messages?: LiveMessage[] };
    if (data.mode === 'resume') {
      this.info = data.room;
      const messages = data.messages ?? [];
      this.wire.push({ kind: 'resume', stream: data.stream!, messages: messages.map(wireOf) });
      this.resumes++;
      this.stream = data.stream;
      for (const entry of messages) this.apply(entry);
      return;
    }
    const snap = data.snapshot as { room: RoomInfo; stream: string; seq: number; clock: Clock; segments: Seg[] };
    this.info = snap.room;
    this.wire.push({
      kind: 'snapshot',
      stream: snap.stream,
      seq: snap.seq,
      epoch: snap.clock.epoch,
      segments: snap.segments.map((message) => wireOf({ type: 'segment', message })),
    });
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
  }

  /**
   * A live event. Returns true when it shows a gap: the caller must rejoin (`joinRequest`).
   * Recorded on the wire first, whatever the viewer then does with it.
   */
  receive(entry: LiveMessage): boolean {
    this.wire.push({ kind: 'live', message: wireOf(entry) });
    if (this.joining || !this.clock) return false; // the join answer comes first; anything before it is covered by it
    const seq = entry.message.seq;
    if (seq <= this.lastSeq) return false;
    if (seq > this.lastSeq + 1) return true;
    this.apply(entry);
    return false;
  }

  private apply(entry: LiveMessage): void {
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
}
