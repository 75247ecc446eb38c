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
 * A transcript from timed captions: the source file's sentences, with their real times, and, for
 * each other file given (one per booth, each in its own language), its sentences paired with them
 * by overlap in time (each goes to the source sentence it overlaps most, in order), keeping their
 * own times. Each booth is paired with the source on its own, with its own lag.
 */
export function importTimedCaptions(source: TimedFile, others: readonly TimedFile[], options: TimedImportOptions): TimedImportResult {
  const problems: ImportProblem[] = [];
  const speakers = new SpeakerResolver(source.lang, options.speakers, options.requireKnownSpeakers);
  const items = rejoinSentences(source.cues, source.file, speakers, problems);
  const notes: string[] = [];
  const sourceSpeech = items.filter((i) => i.kind === 'speech');
  const booths: Twin[] = others.map((other) => {
    const resolver = new SpeakerResolver(other.lang, options.speakers, options.requireKnownSpeakers);
    const otherItems = rejoinSentences(other.cues, other.file, resolver, problems);
    const otherSpeech = otherItems.filter((i) => i.kind === 'speech');
    // Out of time order only when cues overlap by more than is clamped, which parseCaptionFile
    // reports: such files are refused, so they are not paired (pairing relies on the order to stay linear).
    const inOrder = inTimeOrder(sourceSpeech) && inTimeOrder(otherSpeech);
    const lagMs = inOrder ? estimateLagMs(sourceSpeech, otherSpeech) : 0;
    const paired = inOrder ? pairByOverlap(items, otherSpeech, lagMs) : new Map<number, TimedItem[]>();
    if (lagMs !== 0) notes.push(`${other.file} runs ${(Math.abs(lagMs) / 1000).toFixed(1)} s ${lagMs > 0 ? 'behind' : 'ahead of'} ${source.file}: paired with that lag`);
    const dropped = otherItems.filter((i) => i.kind === 'sound').length;
    if (dropped > 0) notes.push(`${other.file}: ${dropped} sound label(s) left to the source file's`);
    return { lang: other.lang, file: other.file, resolver, items, paired };
  });
  if (items.length === 0 && problems.length === 0) {
    problems.push({ code: 'no-speech', file: source.file, line: 1, message: 'the file has no cues with text' });
  }
  if (problems.length > 0) return { problems };

  const segments: DraftSegment[] = items.map((item, index): DraftSegment => {
    const base = { turn: item.turn, speakerId: item.speakerId, sourceLang: source.lang, line: item.line, startMs: item.startMs, endMs: item.endMs };
    if (item.kind === 'sound') return { kind: 'sound', ...base, sound: item.sound };
    const text: Partial<Record<Lang, string>> = { [source.lang]: item.text };
    const timing: Partial<Record<Lang, { startMs: number; endMs: number }>> = {};
    for (const booth of booths) {
      const partners = booth.paired.get(index) ?? [];
      if (partners.length === 0) continue;
      text[booth.lang] = partners.map((p) => (p.kind === 'speech' ? p.text : '')).join(' ');
      timing[booth.lang] = { startMs: partners[0].startMs, endMs: partners.at(-1)!.endMs };
    }
    return { kind: 'speech', ...base, text, ...(Object.keys(timing).length > 0 ? { timing } : {}) };
  });
  for (const booth of booths) {
    const unpaired = items.filter((item, i) => item.kind === 'speech' && !booth.paired.get(i)?.length).length;
    if (unpaired > 0) notes.push(`${unpaired} sentence(s) of ${source.file} have no ${booth.lang} text overlapping them`);
  }

  const files = [source.file, ...others.map((o) => o.file)];
  const listed = files.length === 1 ? files[0] : `${files.slice(0, -1).join(', ')} and ${files.at(-1)}`;
  let merged = speakers.speakers().filter((s) => segmentsSpeakers(items).has(s.id));
  for (const booth of booths) merged = mergeSpeakers(merged, items, booth);
  const draft: DraftTranscript = {
    id: options.id,
    meta: { title: options.title ?? options.id, sourceFile: source.file, attribution: `Captions imported from ${listed}`, notes },
    languages: [source.lang, ...others.map((o) => o.lang)],
    speakers: merged,
    segments,
  };
  return { draft, problems };
}

function segmentsSpeakers(items: readonly TimedItem[]): ReadonlySet<string> {
  return new Set(items.map((i) => i.speakerId));
}

interface Twin {
  readonly lang: Lang;
  readonly file: string;
  readonly resolver: SpeakerResolver;
  readonly items: readonly TimedItem[];
  readonly paired: ReadonlyMap<number, TimedItem[]>;
}

/**
 * A booth's file names the same people in its own language (`<v Госсекретарь Керри>`): each
 * speaker takes the label and short name of the booth's speaker its sentences pair with most.
 */
function mergeSpeakers(found: readonly DraftSpeaker[], sourceItems: readonly TimedItem[], twin: Twin): DraftSpeaker[] {
  const votes = new Map<string, Map<string, number>>();
  twin.paired.forEach((partners, index) => {
    const own = sourceItems[index].speakerId;
    const tally = votes.get(own) ?? new Map<string, number>();
    for (const p of partners) tally.set(p.speakerId, (tally.get(p.speakerId) ?? 0) + 1);
    votes.set(own, tally);
  });
  return found.map((speaker) => {
      const tally = votes.get(speaker.id);
      if (!tally) return speaker;
      const [otherId] = [...tally.entries()].sort((a, b) => b[1] - a[1])[0];
      const other = twin.resolver.speaker(otherId);
      if (!other || otherId === 'speaker' || !other.label[twin.lang] || !other.short[twin.lang]) return speaker;
      return {
        ...speaker,
        // In the transcript's order of languages; a name the directory gave in this language wins.
        label: { ...speaker.label, [twin.lang]: speaker.label[twin.lang] ?? other.label[twin.lang] },
        short: { ...speaker.short, [twin.lang]: speaker.short[twin.lang] ?? other.short[twin.lang] },
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
