import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { secretMatches } from '../rooms/presenter-secret';
import { normaliseRoomCode } from '../rooms/room-code';
import type { Room } from '../rooms/room-registry';
import { OutputError, type OutputView } from './manager';
import { NewOutputSchema, type NewOutput } from './outputs';

/** What the API manages outputs through: `Connectors` alone (a file), `ClusterConnectors` on a cluster (Redis). */
export interface OutputsApi {
  list(room: string): OutputView[] | Promise<OutputView[]>;
  add(room: string, input: NewOutput): OutputView | Promise<OutputView>;
  remove(room: string, id: string): Promise<void>;
  setStopped(room: string, id: string, stopped: boolean): Promise<OutputView>;
}

/** Largest request body the outputs API reads (an output's settings are well under 4 KiB). */
export const MAX_BODY_BYTES = 16 * 1024;

const PATH = /^\/api\/rooms\/([^/?#]+)\/outputs(?:\/([0-9a-f-]{36})(?:\/(stop|start))?)?\/?$/u;

const StateSchema = z.strictObject({});

/** Whether a request is for the outputs API (`/api/rooms/<code>/outputs…`). */
export function isOutputsRequest(url: string | undefined): boolean {
  try {
    return PATH.test(new URL(url ?? '/', 'http://x').pathname);
  } catch {
    return false;
  }
}

type Reply = { status: number; body?: unknown };

const problem = (status: number, code: string, message: string, field?: string): Reply => ({
  status,
  body: { error: { code, message, ...(field ? { field } : {}) } },
});

/**
 * The presenter's outputs API. The room's presenter secret goes in `Authorization: Bearer …`
 * (never in the URL; the logger redacts that header). docs/protocol.md, "Caption outputs".
 * Any node of a cluster answers for any room: the outputs live in Redis.
 */
export async function answerOutputsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { connectors: OutputsApi; room: (code: string) => Room | undefined | Promise<Room | undefined> },
): Promise<void> {
  let reply: Reply;
  try {
    reply = await route(req, deps);
  } catch (error) {
    reply = problem(500, 'internal', error instanceof Error ? 'the outputs could not be saved; try again' : 'internal error');
  }
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
}

async function route(req: IncomingMessage, deps: Parameters<typeof answerOutputsRequest>[2]): Promise<Reply> {
  const match = PATH.exec(new URL(req.url ?? '/', 'http://x').pathname)!;
  const code = normaliseRoomCode(decodeURIComponent(match[1]));
  const id = match[2];
  const action = match[3];
  const room = code ? await deps.room(code) : undefined;
  const header = req.headers.authorization;
  const secret = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
  if (!room || room.secretHash === null || !secretMatches(room.secretHash, secret)) {
    return problem(403, 'forbidden', 'only the presenter of this room can manage its outputs (send its secret as Authorization: Bearer <secret>)');
  }
  const connectors = deps.connectors;
  try {
    if (!id && req.method === 'GET') return { status: 200, body: { outputs: await connectors.list(room.code) } };
    if (!id && req.method === 'POST') {
      const body = await readJson(req);
      if (!body.ok) return problem(body.status, 'invalid-payload', body.message);
      const parsed = NewOutputSchema.safeParse(body.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue.path.join('.') || undefined;
        return problem(400, 'invalid-payload', `${field ?? 'body'}: ${issue.message}`, field);
      }
      return { status: 201, body: { output: await connectors.add(room.code, parsed.data) } };
    }
    if (id && !action && req.method === 'DELETE') {
      await connectors.remove(room.code, id);
      return { status: 204 };
    }
    if (id && action && req.method === 'POST') {
      const body = await readJson(req, true);
      if (!body.ok) return problem(body.status, 'invalid-payload', body.message);
      if (!StateSchema.safeParse(body.value).success) return problem(400, 'invalid-payload', 'body: send an empty JSON object');
      return { status: 200, body: { output: await connectors.setStopped(room.code, id, action === 'stop') } };
    }
  } catch (error) {
    if (error instanceof OutputError) {
      const status = error.code === 'not-found' ? 404 : error.code === 'limit' ? 409 : 400;
      return problem(status, error.code === 'invalid' ? 'invalid-payload' : error.code, error.message, error.field);
    }
    throw error;
  }
  return problem(405, 'method-not-allowed', `${req.method ?? ''} is not allowed here`);
}

async function readJson(req: IncomingMessage, emptyIsObject = false): Promise<{ ok: true; value: unknown } | { ok: false; status: number; message: string }> {
  const type = req.headers['content-type'] ?? '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { ok: false, status: 413, message: `body: at most ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '' && emptyIsObject) return { ok: true, value: {} };
  if (!/^application\/json\b/u.test(type)) return { ok: false, status: 415, message: 'body: send JSON (Content-Type: application/json)' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, status: 400, message: `body: not JSON (${error instanceof Error ? error.message : 'unreadable'})` };
  }
}
