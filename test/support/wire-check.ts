/**
 * Judges what a viewer received (its `wire` record, doc-viewer.ts) against docs/protocol.md: every
 * segment of an epoch delivered once, none missing. It judges the server, not the viewer: a
 * segment the viewer rightly dropped as a duplicate is still a duplicate here.
 *
 * What the protocol itself re-sends, and so is not a duplicate:
 * - Live events that arrive after the viewer sent `room:join` and before the answer, or after a
 *   gap in `seq` (the viewer must rejoin): the answer covers them ("the server adds the socket to
 *   the room and answers in the same step"), so they are provisional and the answer's copy counts.
 * - A fresh snapshot (a different stream, or an epoch other than the one the viewer had): the
 *   viewer "starts afresh from the snapshot", so its segments are the first delivery of its epoch.
 *
 * Everything else is judged against `covered`, the last `seq` delivered in order:
 * - a live event, or a resume message, with `seq <= covered` is a duplicate;
 * - an epoch catch-up (a snapshot with the same stream and epoch) must carry "exactly the segments
 *   of the epoch after your lastSeq": a segment with `seq <= covered`, or one already delivered in
 *   the epoch, is a duplicate;
 * - a resume must carry every message after `covered`: a skipped `seq` is a gap;
 * - within one stream and epoch, the segment indexes delivered must be one unbroken run in
 *   ascending order: a hole is a gap (whichever way it was lost).
 */
import type { HistoryEntry, WireEntry, WireMessage } from './doc-viewer';

interface EpochRecord {
  readonly label: string;
  /** Segment indexes in the order of their first delivery. */
  readonly indexes: number[];
  readonly delivered: Set<number>;
}

export function wireProblems(wire: readonly WireEntry[]): string[] {
  const problems: string[] = [];
  const epochs = new Map<string, EpochRecord>();
  let stream: string | undefined;
  let epoch: number | undefined;
  let covered: number | undefined;
  /** Live events are provisional from a join request or a live gap until the join's answer. */
  let provisional = true;

  const record = (s: string, e: number): EpochRecord => {
    const key = `${s}/${e}`;
    let r = epochs.get(key);
    if (!r) {
      r = { label: `stream ${s.slice(0, 8)} epoch ${e}`, indexes: [], delivered: new Set() };
      epochs.set(key, r);
    }
    return r;
  };
  const deliverSegment = (m: Extract<WireMessage, { type: 'segment' }>, how: string): void => {
    const r = record(stream!, m.epoch);
    if (r.delivered.has(m.index)) {
      problems.push(`${r.label}: segment ${m.index} (seq ${m.seq}) delivered twice (${how})`);
      return;
    }
    r.delivered.add(m.index);
    r.indexes.push(m.index);
  };
  /** A message delivered in order after `covered`. */
  const deliver = (m: WireMessage, how: string): void => {
    if (covered !== undefined && m.seq <= covered) {
      problems.push(`seq ${m.seq} (${m.type}${m.type === 'segment' ? ` ${m.index}` : ''}) delivered twice (${how}; had up to ${covered})`);
      return;
    }
    if (covered !== undefined && m.seq > covered + 1) problems.push(`gap: seq ${covered + 1}–${m.seq - 1} never delivered (${how})`);
    covered = m.seq;
    if (m.type === 'clock') epoch = m.epoch;
    else deliverSegment(m, how);
  };

  for (const entry of wire) {
    switch (entry.kind) {
      case 'join':
        provisional = true;
        break;
      case 'live':
        if (covered !== undefined && entry.message.seq <= covered) {
          deliver(entry.message, 'live');
        } else if (provisional || covered === undefined || entry.message.seq > covered + 1) {
          // Waiting for a join's answer, or a live gap the viewer must rejoin for: the answer covers it.
          provisional = true;
        } else {
          deliver(entry.message, 'live');
        }
        break;
      case 'resume':
        if (entry.stream !== stream) problems.push(`a resume of stream ${entry.stream.slice(0, 8)} while on ${stream?.slice(0, 8)}`);
        for (const m of entry.messages) deliver(m, 'resume');
        provisional = false;
        break;
      case 'snapshot': {
        const catchUp = entry.stream === stream && entry.epoch === epoch && covered !== undefined;
        if (catchUp) {
          for (const m of entry.segments) {
            if (m.type !== 'segment') continue;
            if (m.seq <= covered!) problems.push(`seq ${m.seq} (segment ${m.index}) delivered twice (epoch catch-up; had up to ${covered})`);
            else deliverSegment(m, 'epoch catch-up');
          }
        } else {
          if (epochs.has(`${entry.stream}/${entry.epoch}`)) problems.push(`stream ${entry.stream.slice(0, 8)} epoch ${entry.epoch}: a fresh snapshot of an epoch already left`);
          stream = entry.stream;
          for (const m of entry.segments) {
            if (m.type !== 'segment') continue;
            if (m.epoch !== entry.epoch) problems.push(`a snapshot of epoch ${entry.epoch} carries segment ${m.index} of epoch ${m.epoch}`);
            else deliverSegment(m, 'snapshot');
          }
        }
        stream = entry.stream;
        epoch = entry.epoch;
        covered = entry.seq;
        provisional = false;
        break;
      }
    }
  }
  for (const r of epochs.values()) {
    const sorted = [...r.indexes].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i] !== sorted[i - 1] + 1) problems.push(`${r.label}: gap between segments ${sorted[i - 1]} and ${sorted[i]}`);
    }
    if (sorted.join() !== r.indexes.join()) problems.push(`${r.label}: segments out of order`);
  }
  return problems;
}

/**
 * Checks what a viewer applied: no segment twice within an epoch, and within each epoch the
 * segment indexes form one unbroken run, in order. For the viewer's own de-duplication; the
 * server is judged on the wire (`wireProblems`).
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
