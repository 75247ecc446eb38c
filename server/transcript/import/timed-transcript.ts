import { MAX_EVS_MS, type Lang } from '../caption-style';
import type { DraftSegment, DraftSpeaker, DraftTranscript } from '../draft';
import type { RawCue } from './caption-file';
import type { ImportProblem } from './problems';
import { rejoinSentences, type TimedItem } from './rejoin-sentences';
import type { SpeakerDirectory } from './speaker-directory';
import { SpeakerResolver } from './speaker-resolver';

/** One parsed SRT or WebVTT file and the language it is in. */
export interface TimedFile {
  readonly file: string;
  readonly lang: Lang;
  readonly cues: readonly RawCue[];
}

export interface TimedImportOptions {
  readonly id: string;
  readonly title?: string;
  readonly speakers?: SpeakerDirectory;
  /** Every speaker the captions name must be in `speakers`. */
  readonly requireKnownSpeakers?: boolean;
}

export interface TimedImportResult {
  readonly draft?: DraftTranscript;
  readonly problems: readonly ImportProblem[];
}

/**
 * A transcript from timed captions: the source file's sentences, with their real times, and, when
 * a second file in the other language is given, its sentences paired with them by overlap in time
 * (each goes to the source sentence it overlaps most, in order), keeping their own times.
 */
export function importTimedCaptions(source: TimedFile, other: TimedFile | undefined, options: TimedImportOptions): TimedImportResult {
  const problems: ImportProblem[] = [];
  const speakers = new SpeakerResolver(source.lang, options.speakers, options.requireKnownSpeakers);
  const items = rejoinSentences(source.cues, source.file, speakers, problems);
  const notes: string[] = [];
  let paired: Map<number, TimedItem[]> | undefined;
  let otherSpeakers: SpeakerResolver | undefined;
  if (other) {
    otherSpeakers = new SpeakerResolver(other.lang, options.speakers, options.requireKnownSpeakers);
    const otherItems = rejoinSentences(other.cues, other.file, otherSpeakers, problems);
    const otherSpeech = otherItems.filter((i) => i.kind === 'speech');
    const sourceSpeech = items.filter((i) => i.kind === 'speech');
    // Out of time order only when cues overlap, which parseCaptionFile reports: such files are
    // refused, so they are not paired (pairing relies on the order to stay linear).
    const inOrder = inTimeOrder(sourceSpeech) && inTimeOrder(otherSpeech);
    const lagMs = inOrder ? estimateLagMs(sourceSpeech, otherSpeech) : 0;
    paired = inOrder ? pairByOverlap(items, otherSpeech, lagMs) : new Map();
    if (lagMs !== 0) notes.push(`${other.file} runs ${(Math.abs(lagMs) / 1000).toFixed(1)} s ${lagMs > 0 ? 'behind' : 'ahead of'} ${source.file}: paired with that lag`);
    const dropped = otherItems.filter((i) => i.kind === 'sound').length;
    if (dropped > 0) notes.push(`${other.file}: ${dropped} sound label(s) left to the source file's`);
  }
  if (items.length === 0 && problems.length === 0) {
    problems.push({ code: 'no-speech', file: source.file, line: 1, message: 'the file has no cues with text' });
  }
  if (problems.length > 0) return { problems };

  const segments: DraftSegment[] = items.map((item, index): DraftSegment => {
    const base = { turn: item.turn, speakerId: item.speakerId, sourceLang: source.lang, line: item.line, startMs: item.startMs, endMs: item.endMs };
    if (item.kind === 'sound') return { kind: 'sound', ...base, sound: item.sound };
    const partners = paired?.get(index) ?? [];
    if (!other || partners.length === 0) return { kind: 'speech', ...base, text: { [source.lang]: item.text } };
    return {
      kind: 'speech',
      ...base,
      text: { [source.lang]: item.text, [other.lang]: partners.map((p) => (p.kind === 'speech' ? p.text : '')).join(' ') },
      timing: { [other.lang]: { startMs: partners[0].startMs, endMs: partners.at(-1)!.endMs } },
    };
  });
  const unpaired = other ? items.filter((item, i) => item.kind === 'speech' && !(paired?.get(i)?.length)).length : 0;
  if (other && unpaired > 0) notes.push(`${unpaired} sentence(s) of ${source.file} have no ${other.lang} text overlapping them`);

  const files = other ? `${source.file} and ${other.file}` : source.file;
  const draft: DraftTranscript = {
    id: options.id,
    meta: { title: options.title ?? options.id, sourceFile: source.file, attribution: `Captions imported from ${files}`, notes },
    languages: other ? [source.lang, other.lang] : [source.lang],
    speakers: mergeSpeakers(speakers.speakers(), segmentsSpeakers(items), other && otherSpeakers && paired ? { lang: other.lang, resolver: otherSpeakers, items, paired } : undefined),
    segments,
  };
  return { draft, problems };
}

function segmentsSpeakers(items: readonly TimedItem[]): ReadonlySet<string> {
  return new Set(items.map((i) => i.speakerId));
}

interface Twin {
  readonly lang: Lang;
  readonly resolver: SpeakerResolver;
  readonly items: readonly TimedItem[];
  readonly paired: ReadonlyMap<number, TimedItem[]>;
}

/**
 * The other file names the same people in its own language (`<v Госсекретарь Керри>`): each
 * speaker takes the label and short name of the other file's speaker its sentences pair with most.
 */
function mergeSpeakers(found: readonly DraftSpeaker[], used: ReadonlySet<string>, twin: Twin | undefined): DraftSpeaker[] {
  const votes = new Map<string, Map<string, number>>();
  twin?.paired.forEach((partners, index) => {
    const own = twin.items[index].speakerId;
    const tally = votes.get(own) ?? new Map<string, number>();
    for (const p of partners) tally.set(p.speakerId, (tally.get(p.speakerId) ?? 0) + 1);
    votes.set(own, tally);
  });
  return found
    .filter((s) => used.has(s.id))
    .map((speaker) => {
      const tally = votes.get(speaker.id);
      if (!twin || !tally) return speaker;
      const [otherId] = [...tally.entries()].sort((a, b) => b[1] - a[1])[0];
      const other = twin.resolver.speaker(otherId);
      if (!other || otherId === 'speaker' || !other.label[twin.lang] || !other.short[twin.lang]) return speaker;
      return {
        ...speaker,
        label: { [twin.lang]: other.label[twin.lang], ...speaker.label },
        short: { [twin.lang]: other.short[twin.lang], ...speaker.short },
      };
    });
}

/** How far apart the two files may be: an interpreter trails by at most the longest ear-voice span. */
const MAX_LAG_MS = MAX_EVS_MS;
const LAG_STEP_MS = 100;

/**
 * How much later the other file runs than the source (an interpreter's lag; 0 for subtitles
 * timed to the same speech): the shift, in steps of 0.1 s within ±4 s, at which the two files'
 * speech overlaps most.
 */
export function estimateLagMs(source: readonly TimedItem[], other: readonly TimedItem[]): number {
  let best = 0;
  let bestOverlap = -1;
  for (let lag = -MAX_LAG_MS; lag <= MAX_LAG_MS; lag += LAG_STEP_MS) {
    let overlap = 0;
    let k = 0;
    for (const o of other) {
      const start = o.startMs - lag;
      const end = o.endMs - lag;
      while (k < source.length && source[k].endMs <= start) k++;
      for (let j = k; j < source.length && source[j].startMs < end; j++) {
        overlap += Math.min(end, source[j].endMs) - Math.max(start, source[j].startMs);
      }
    }
    if (overlap > bestOverlap || (overlap === bestOverlap && Math.abs(lag) < Math.abs(best))) {
      bestOverlap = overlap;
      best = lag;
    }
  }
  return best;
}

/** Starts and ends both never go back: what captions without overlapping cues give. */
export function inTimeOrder(items: readonly TimedItem[]): boolean {
  return items.every((item, i) => i === 0 || (item.startMs >= items[i - 1].startMs && item.endMs >= items[i - 1].endMs));
}

/**
 * Each sentence of the other language goes to the source sentence it overlaps most in time, once
 * the other file's lag is taken off (the nearest when it overlaps none), never to one before the
 * previous sentence's, so order holds. Both lists are in time order (`inTimeOrder`), so only the
 * source sentences that overlap it, and the nearest one on either side, can win: found by binary
 * search, they are the only ones compared, and the whole pairing takes linear time.
 */
export function pairByOverlap(source: readonly TimedItem[], other: readonly TimedItem[], lagMs = 0): Map<number, TimedItem[]> {
  const speech = source.map((item, index) => ({ item, index })).filter(({ item }) => item.kind === 'speech');
  const pairs = new Map<number, TimedItem[]>();
  let floor = 0;
  for (const sentence of other) {
    const start = sentence.startMs - lagMs;
    const end = sentence.endMs - lagMs;
    if (floor >= speech.length) break;
    // Before `lo` every sentence ends by `start`; from `hi` on every one starts at `end` or later.
    const lo = firstIndex(speech, floor, (k) => speech[k].item.endMs > start);
    const hi = firstIndex(speech, lo, (k) => speech[k].item.startMs >= end);
    // Of those that end by `start` the last ends nearest; on a tie the first of them wins.
    const lastBefore = lo - 1;
    const from = lastBefore >= floor ? firstIndex(speech, floor, (k) => speech[k].item.endMs >= speech[lastBefore].item.endMs) : lo;
    let best = -1;
    let bestScore = -Infinity;
    const consider = (k: number) => {
      const { item } = speech[k];
      const overlap = Math.min(item.endMs, end) - Math.max(item.startMs, start);
      if (overlap > bestScore) {
        bestScore = overlap;
        best = k;
      }
    };
    if (from < lo) consider(from);
    for (let k = lo; k < hi; k++) consider(k);
    if (hi < speech.length) consider(hi);
    if (best < 0) continue;
    floor = best;
    const index = speech[best].index;
    const partners = pairs.get(index);
    if (partners) partners.push(sentence);
    else pairs.set(index, [sentence]);
  }
  return pairs;
}

/** The first index from `from` where `holds` (false up to some index, true from it on) is true; `list.length` when none. */
function firstIndex(list: readonly unknown[], from: number, holds: (k: number) => boolean): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
