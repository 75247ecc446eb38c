/**
 * The contract of `POST /api/rooms`, shared by the route handler and the home page's form.
 * JSON `{ transcriptId, loop?, autoplay? }` starts a room on a bundled transcript; multipart form
 * data with `files` (one transcript, optionally a second file for the other language) imports an
 * upload first. Success is `201 { code, secret }`; the secret is in the body only, never in a
 * header or a URL.
 */
export const ROOMS_API_PATH = '/api/rooms';

/** Per uploaded file: a 10-minute transcript is about 20 KiB, a feature film's subtitles about 100 KiB. */
export const MAX_UPLOAD_FILE_BYTES = 2 * 1024 * 1024;
/** One transcript file, or timed files one per language: the floor and up to five booths (import-upload.ts). */
export const MAX_UPLOAD_FILES = 6;
/** What a presenter may edit before starting a room on an upload (server/transcript/import/speaker-names.ts). */
export { MAX_SPEAKER_NAME_CHARS, MAX_TITLE_CHARS } from '../../../server/transcript/import/speaker-names';
/** The whole multipart body: the files plus their part headers and the small option fields. */
export const MAX_MULTIPART_BYTES = MAX_UPLOAD_FILES * MAX_UPLOAD_FILE_BYTES + 64 * 1024;
/** A JSON request is three small fields. */
export const MAX_JSON_BYTES = 4 * 1024;
export const UPLOAD_EXTENSIONS = ['.txt', '.md', '.srt', '.vtt'] as const;

export const ROOMS_API_ERRORS = [
  'invalid-request',
  'invalid-transcript',
  'cross-origin',
  'unknown-transcript',
  'rate-limited',
  'too-large',
  'unsupported-media-type',
  'room-limit',
  'unavailable',
  // An upload's import stopped at its time budget or memory cap, every import slot was taken, or it broke.
  'import-time-limit',
  'import-memory-limit',
  'import-busy',
  'import-failed',
] as const;
export type RoomsApiError = (typeof ROOMS_API_ERRORS)[number];

/** One problem in an uploaded file, as the importer reports it. `line` is 1-based; 0 when it concerns the whole file. */
export interface UploadProblem {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** What the importer changed to read a real export (import/problems.ts): the import went on. `values` fill the console's own words for it. */
export interface UploadWarning {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

/**
 * `preview=true` with the files: the upload is imported and checked but neither kept nor started;
 * `200 { preview }` says what the presenter may edit (title, each speaker's name, sent back as
 * `title` and `speakerNames` with the files) and what the importer changed.
 */
export interface UploadPreview {
  readonly title: string;
  readonly languages: readonly string[];
  readonly speakers: readonly { readonly id: string; readonly name: string }[];
  readonly warnings: readonly UploadWarning[];
}

/** `201`: the room, and for an upload what the importer changed to read it. */
export interface CreatedBody {
  readonly code: string;
  readonly secret: string;
  readonly warnings: readonly UploadWarning[];
}

/** The answer to a preview: what to show, or the failure as for a room. */
export function readUploadPreview(status: number, body: unknown): { readonly ok: true; readonly preview: UploadPreview } | Extract<CreateRoomResponse, { ok: false }> {
  const preview = (typeof body === 'object' && body !== null ? (body as Record<string, unknown>).preview : undefined) as Partial<UploadPreview> | undefined;
  if (status === 200 && preview && typeof preview.title === 'string' && Array.isArray(preview.speakers) && Array.isArray(preview.languages)) {
    return {
      ok: true,
      preview: {
        title: preview.title,
        languages: preview.languages.filter((l): l is string => typeof l === 'string'),
        speakers: preview.speakers.filter((s): s is { id: string; name: string } => typeof s?.id === 'string' && typeof s?.name === 'string'),
        warnings: Array.isArray(preview.warnings) ? preview.warnings.filter(isProblem) : [],
      },
    };
  }
  const answer = readCreateRoomResponse(status === 200 ? 500 : status, body);
  return answer.ok ? { ok: false, status, error: 'invalid-request', message: '', problems: [] } : answer;
}

export type CreateRoomResponse =
  | { readonly ok: true; readonly code: string; readonly secret: string }
  | {
      readonly ok: false;
      readonly status: number;
      readonly error: RoomsApiError;
      readonly message: string;
      readonly problems: readonly UploadProblem[];
      /** The request field the server refused (`title`, `speakerNames.kirby`), when it named one. */
      readonly field?: string;
    };

export interface ErrorBody {
  readonly error: RoomsApiError;
  readonly message: string;
  readonly field?: string;
  readonly problems?: readonly UploadProblem[];
}

/** What the browser makes of the answer, whatever came back (a proxy's HTML error page included). */
export function readCreateRoomResponse(status: number, body: unknown): CreateRoomResponse {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (status === 201 && typeof record.code === 'string' && typeof record.secret === 'string') {
    return { ok: true, code: record.code, secret: record.secret };
  }
  const error = (ROOMS_API_ERRORS as readonly unknown[]).includes(record.error) ? (record.error as RoomsApiError) : fallbackError(status);
  const problems = Array.isArray(record.problems) ? record.problems.filter(isProblem) : [];
  const field = typeof record.field === 'string' ? { field: record.field } : {};
  return { ok: false, status, error, message: typeof record.message === 'string' ? record.message : '', problems, ...field };
}

function fallbackError(status: number): RoomsApiError {
  if (status === 413) return 'too-large';
  if (status === 429) return 'rate-limited';
  if (status === 403) return 'cross-origin';
  return 'invalid-request';
}

function isProblem(value: unknown): value is UploadProblem & UploadWarning {
  const p = value as Partial<UploadProblem> | null;
  return typeof p === 'object' && p !== null && typeof p.file === 'string' && typeof p.line === 'number' && typeof p.message === 'string';
}

/** `file:line: message`, the way compilers and the transcript CLI print problems. */
export function formatProblem(problem: UploadProblem): string {
  return problem.line > 0 ? `${problem.file}:${problem.line}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}
