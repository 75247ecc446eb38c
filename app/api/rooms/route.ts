import { assertNever } from '../../../server/assert-never';
import { getServices } from '../../../server/services';
import { cleanLine } from '../../../server/transcript/import/clean-text';
import type { ImportRefusal } from '../../../server/transcript/worker/import-runner';
import {
  MAX_JSON_BYTES,
  MAX_MULTIPART_BYTES,
  MAX_UPLOAD_FILE_BYTES,
  MAX_UPLOAD_FILES,
  type CreatedBody,
  type ErrorBody,
  type RoomsApiError,
  type UploadPreview,
  type UploadWarning,
} from '../../lib/presenter/rooms-api';
import { importUploadedFiles, type UploadedFile } from './import-upload';
import { KeyedTokenBuckets } from '../../../server/rooms/keyed-token-buckets';
import { clientAddress, isSameOrigin, readBodyWithin } from './request-guard';
import { BundledRoomRequestSchema, firstIssue, UploadFieldsSchema } from './request-schema';

/** Requests of any outcome (a teacher fixing an upload tries several times): 60, then one every 10 s. */
const ATTEMPTS_BURST = 60;
const ATTEMPT_REFILL_MS = 10_000;

const attempts = new KeyedTokenBuckets(ATTEMPTS_BURST, ATTEMPT_REFILL_MS);

const NO_STORE = { 'cache-control': 'no-store' } as const;

/** `POST /api/rooms`: opens a room on a bundled or an uploaded transcript. The contract is in app/lib/presenter/rooms-api.ts. */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request.headers.get('origin'), request.headers.get('host'))) {
    return failure(403, 'cross-origin', 'rooms can only be created from this site');
  }
  const address = clientAddress(request.headers.get('x-forwarded-for'));
  // Rooms per address are counted by the server, for this route and the socket alike; asked here
  // first so that a refused upload is not imported for nothing.
  const quota = getServices().canCreateRoom(address);
  if (!attempts.take(address) || !quota.ok) {
    const waitMs = Math.max(attempts.retryAfterMs(address), quota.ok ? 0 : quota.retryAfterMs);
    return rateLimited(quota.ok ? 'too many attempts from this address; try again later' : quota.message, waitMs);
  }

  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  const result = type.startsWith('application/json')
    ? await fromJson(request)
    : type.startsWith('multipart/form-data')
      ? await fromUpload(request)
      : failure(415, 'unsupported-media-type', 'send application/json or multipart/form-data');
  if (result instanceof Response) return result;

  if ('preview' in result) return Response.json({ preview: result.preview }, { status: 200, headers: NO_STORE });
  const created = await getServices().createRoom(address, result.transcriptId, { loop: result.loop, autoplay: result.autoplay });
  if (created.ok) {
    const body: CreatedBody = { code: created.code, secret: created.secret, warnings: result.warnings ?? [] };
    return Response.json(body, { status: 201, headers: NO_STORE });
  }
  switch (created.code) {
    case 'unknown-transcript':
      return failure(404, 'unknown-transcript', `no transcript "${result.transcriptId}"`, { field: 'transcriptId' });
    case 'room-limit':
      return failure(503, 'room-limit', 'this server holds as many rooms as it can, all in use; try again later');
    case 'unavailable':
      return failure(503, 'unavailable', 'the server cannot save new rooms right now; try again later');
    case 'rate-limited':
      return rateLimited(created.message, created.retryAfterMs);
  }
}

function rateLimited(message: string, waitMs: number): Response {
  return failure(429, 'rate-limited', message, { headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) } });
}

type RoomRequest = { transcriptId: string; loop?: boolean; autoplay?: boolean; warnings?: readonly UploadWarning[] };
/** An upload checked, not kept: what the presenter may still edit, and what the importer changed. */
type PreviewRequest = { preview: UploadPreview };

async function fromJson(request: Request): Promise<RoomRequest | Response> {
  const body = await readBodyWithin(request.body, MAX_JSON_BYTES);
  if (!body) return failure(413, 'too-large', `a JSON request is at most ${MAX_JSON_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return failure(400, 'invalid-request', 'the body is not JSON');
  }
  const parsed = BundledRoomRequestSchema.safeParse(json);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    return failure(400, 'invalid-request', message, { field });
  }
  return parsed.data;
}

async function fromUpload(request: Request): Promise<RoomRequest | PreviewRequest | Response> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > MAX_MULTIPART_BYTES) return tooLarge();
  const body = await readBodyWithin(request.body, MAX_MULTIPART_BYTES);
  if (!body) return tooLarge();
  // Parsed in the import worker: 40 to 90 ms for 2 MiB, too long for the loop that serves captions.
  const form = await getServices().readUploadForm(body, request.headers.get('content-type')!);
  if (!form.ok && 'refused' in form) return refusedImport(form.refused, form.message);
  if (!form.ok) return failure(400, 'invalid-request', 'the body is not valid multipart form data');

  const uploaded: UploadedFile[] = [];
  const fields: Record<string, string> = {};
  for (const entry of form.entries) {
    const { name } = entry;
    if (name === 'files' && 'file' in entry) {
      if (entry.file.content.byteLength > 0 || entry.file.name) uploaded.push({ name: safeFileName(entry.file.name), content: entry.file.content });
    } else if ('value' in entry && !Object.hasOwn(fields, name)) fields[name] = entry.value;
    else return failure(400, 'invalid-request', `unexpected field "${name.slice(0, 40)}"`, { field: name.slice(0, 40) });
  }
  const parsed = UploadFieldsSchema.safeParse(fields);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    return failure(400, 'invalid-request', message, { field });
  }
  if (uploaded.length < 1 || uploaded.length > MAX_UPLOAD_FILES) {
    return failure(400, 'invalid-request', `send one transcript file, or up to ${MAX_UPLOAD_FILES} timed files (one per language)`, { field: 'files' });
  }
  if (uploaded.some((file) => file.content.byteLength > MAX_UPLOAD_FILE_BYTES)) return tooLarge();

  const { sourceLang, title, speakerNames, preview } = parsed.data;
  const imported = await importUploadedFiles(uploaded, { sourceLang, title, speakerNames });
  if (!imported.ok && 'refused' in imported) return refusedImport(imported.refused, imported.message);
  if (!imported.ok) {
    return failure(400, 'invalid-transcript', `${imported.problems.length} problem(s) in the upload`, { problems: imported.problems });
  }
  if (preview) {
    const { transcript } = imported.upload;
    const floor = transcript.languages[0];
    return {
      preview: {
        title: transcript.meta.title,
        languages: transcript.languages,
        speakers: transcript.speakers.map((s) => ({ id: s.id, name: s.label[floor] ?? Object.values(s.label)[0] ?? s.id })),
        warnings: imported.warnings,
      },
    };
  }
  // On disk before any room plays it: a room on an upload that was never saved would not survive a restart.
  const stored = await getServices().addTranscript(imported.upload);
  if (!stored.ok) return failure(503, 'unavailable', 'the server cannot save uploads right now; try again later');
  return { transcriptId: stored.transcript.id, loop: parsed.data.loop, autoplay: parsed.data.autoplay, warnings: imported.warnings };
}

/** How long a presenter is told to wait when every import slot is taken: about one import. */
const IMPORT_RETRY_AFTER_S = 30;

/** An import stopped at a limit (which one is in the error code), or not started. Nothing was kept. */
function refusedImport(refused: ImportRefusal, message: string): Response {
  switch (refused) {
    case 'time':
      return failure(422, 'import-time-limit', `${message}; nothing was kept`);
    case 'memory':
      return failure(422, 'import-memory-limit', `${message}; nothing was kept`);
    case 'busy':
    case 'closed':
      return failure(503, 'import-busy', `the server is importing other uploads: ${message}`, { headers: { 'retry-after': String(IMPORT_RETRY_AFTER_S) } });
    case 'failed':
      return failure(500, 'import-failed', 'the import stopped unexpectedly; nothing was kept');
    default:
      return assertNever(refused);
  }
}

function tooLarge(): Response {
  return failure(413, 'too-large', `each file may be at most ${MAX_UPLOAD_FILE_BYTES / (1024 * 1024)} MiB`);
}

/** A file name as the problems will quote it: no directories, no control or bidi characters (clean-text.ts), not too long. */
function safeFileName(name: string): string {
  const base = name.split(/[\\/]/u).at(-1) ?? '';
  const clean = cleanLine(base).trim().slice(0, 120);
  return clean || 'upload.txt';
}

function failure(
  status: number,
  error: RoomsApiError,
  message: string,
  extra: { field?: string; problems?: ErrorBody['problems']; headers?: Record<string, string> } = {},
): Response {
  const body: ErrorBody = { error, message, ...(extra.field ? { field: extra.field } : {}), ...(extra.problems ? { problems: extra.problems } : {}) };
  return Response.json(body, { status, headers: { ...NO_STORE, ...extra.headers } });
}
