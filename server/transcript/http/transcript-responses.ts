import { canonicalLanguageTag } from '../../language-tags';
import { getServices } from '../../services';
import { exportCaptions, type CaptionExportFormat } from '../export/export-captions';
import type { Transcript } from '../model';

/**
 * What the `/api/transcripts` route handlers answer, built from the transcripts the running server
 * finds (`getServices()`: bundled, or an upload of any node of a cluster). Errors are JSON with a
 * code and a message: 404 for an unknown transcript, 400 for a language or format the transcript
 * cannot be exported in.
 */
type Lookup = (id: string) => Promise<Transcript | undefined> | Transcript | undefined;
const loaded: Lookup = (id) => getServices().transcripts.get(id);

export interface TranscriptSummary {
  readonly id: string;
  readonly title: string;
  readonly languages: readonly string[];
  readonly durationMs: number;
}

/** Uploads belong to whoever uploaded them: the list shows only what the server ships. */
const bundled = () => getServices().transcripts.bundled();

export function listResponse(listed: () => readonly Transcript[] = bundled): Response {
  const list: TranscriptSummary[] = listed().map((t) => ({
    id: t.id,
    title: t.meta.title,
    languages: t.languages,
    durationMs: t.durationMs,
  }));
  return json(200, { transcripts: list });
}

/**
 * The compiled transcript; with `?lang=<tag>` (one of its languages), that language of it as a
 * download: each segment's text in that language, its speaker's label in that language, when it
 * is shown, and whether it is an interpretation.
 */
export async function transcriptResponse(id: string, transcripts: Lookup = loaded, url?: string): Promise<Response> {
  const transcript = await transcripts(id);
  if (!transcript) return notFound(id);
  const asked = url ? new URL(url).searchParams.get('lang') : null;
  if (asked === null) return json(200, transcript);
  const l = canonicalLanguageTag(asked);
  if (l === undefined || !transcript.languages.includes(l)) {
    return json(400, {
      error: 'unsupported-language',
      message: `lang: "${asked.slice(0, 40)}" is not a language of this transcript, one of ${transcript.languages.join(', ')}`,
      field: 'lang',
    });
  }
  const speakers = new Map(transcript.speakers.map((sp) => [sp.id, sp.label[l] ?? sp.label[transcript.languages[0]] ?? Object.values(sp.label)[0] ?? sp.id]));
  const body = {
    id: transcript.id,
    language: l,
    title: transcript.meta.titles?.[l] ?? transcript.meta.title,
    attribution: transcript.meta.attribution,
    segments: transcript.segments.flatMap((seg) => {
      const text = seg.text[l];
      const span = seg.timing[l];
      if (text === undefined || span === undefined) return [];
      return [{ id: seg.id, turn: seg.turn, speaker: speakers.get(seg.speakerId), kind: seg.kind, interpreted: seg.kind === 'speech' && seg.sourceLang !== l, startMs: span.startMs, endMs: span.endMs, text }];
    }),
  };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${transcript.id}.${l}.json"`,
    },
  });
}

export async function captionResponse(id: string, format: CaptionExportFormat, url: string, transcripts: Lookup = loaded): Promise<Response> {
  const transcript = await transcripts(id);
  if (!transcript) return notFound(id);
  const result = exportCaptions(transcript, format, new URL(url).searchParams.get('lang'));
  if (!result.ok) return json(400, { error: result.error, message: result.message, field: result.error === 'bad-lang' ? 'lang' : 'format' });
  return new Response(result.file.body, {
    status: 200,
    headers: {
      'content-type': result.file.contentType,
      'content-disposition': `attachment; filename="${result.file.fileName}"`,
      'cache-control': 'no-cache',
    },
  });
}

function notFound(id: string): Response {
  return json(404, { error: 'not-found', message: `no transcript "${id}"` });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
