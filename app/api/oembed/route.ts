import { normaliseRoomCode } from '../../../server/rooms/room-code';
import { getServices } from '../../../server/services';
import { embedSnippet } from '../../lib/embed-snippet';

export const dynamic = 'force-dynamic';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' } });

/**
 * oEmbed (https://oembed.com) for a room: `GET /api/oembed?url=<origin>/watch/<ROOM>` (or an
 * `/embed/<ROOM>` URL) answers a `rich` type with the iframe snippet, sized to maxwidth/maxheight.
 */
export async function GET(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const target = params.get('url');
  if (!target) return json({ error: 'url is required' }, 400);
  if ((params.get('format') ?? 'json') !== 'json') return json({ error: 'only format=json is supported' }, 501);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return json({ error: 'url is not a URL' }, 400);
  }
  // Behind a proxy request.url may not show the public host: the Host header (and proto) does.
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host;
  const proto = request.headers.get('x-forwarded-proto') ?? new URL(request.url).protocol.replace(':', '');
  const origin = `${proto}://${host}`;
  const match = /^\/(?:watch|embed)\/([^/]+)$/u.exec(url.pathname);
  const code = match ? normaliseRoomCode(decodeURIComponent(match[1])) : undefined;
  const room = code ? getServices().registry.get(code) : undefined;
  if (url.origin !== origin || !room) return json({ error: 'no room at that url' }, 404);
  const width = Math.min(Number(params.get('maxwidth')) || 640, 1920);
  const height = Math.min(Number(params.get('maxheight')) || 240, 1080);
  return json({
    version: '1.0',
    type: 'rich',
    provider_name: 'Boothcast',
    provider_url: origin,
    title: room.info.title,
    width,
    height,
    html: embedSnippet(origin, room.code, { width, height, title: room.info.title }),
  });
}
