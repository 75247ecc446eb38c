import { hasMalformedPath } from '../../../server/http/malformed-path';
import { publicOrigin } from '../../../server/http/public-origin';
import { roomCodeFromPath } from '../../../server/rooms/room-code';
import { getServices } from '../../../server/services';
import { embedSnippet } from '../../lib/embed-snippet';
import { titleIn } from '../../lib/i18n/room-title';
import { isUiLang, pickUiLang, UI_LANG_COOKIE } from '../../lib/i18n/ui-lang';
import { VIEWER } from '../../lib/i18n/viewer';
import { embedSize } from './embed-size';

export const dynamic = 'force-dynamic';

/**
 * How long a consumer or a shared cache may keep an answer (also oEmbed's `cache_age`). The answer
 * changes only when the room closes; five minutes of a stale iframe to a closed room costs little,
 * and sites that unfurl a link many times ask once.
 */
export const OEMBED_CACHE_SECONDS = 300;

const json = (body: unknown, status: number, headers: Record<string, string>) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers } });
/** An error may be fixed a moment later (the room opens): nobody keeps it. */
const failure = (error: string, status: number) => json({ error }, status, { 'cache-control': 'no-store' });

/**
 * oEmbed (https://oembed.com) for a room: `GET /api/oembed?url=<origin>/watch/<ROOM>` (or an
 * `/embed/<ROOM>` URL) answers a `rich` type with the iframe snippet, sized to maxwidth/maxheight.
 * `lang=en|ru` picks the language of the title (the transcript's own title there, when it has one)
 * and of the iframe's accessible name; without it, the visitor's interface language.
 */
export async function GET(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const target = params.get('url');
  if (!target) return failure('url is required', 400);
  if ((params.get('format') ?? 'json') !== 'json') return failure('only format=json is supported', 501);
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return failure('url is not a URL', 400);
  }
  if (hasMalformedPath(url.pathname)) return failure('url has a broken percent-encoding', 400);
  const { rooms, trustProxy, publicUrl } = getServices();
  const headers = request.headers;
  const origin = publicOrigin(
    { host: headers.get('host'), forwardedHost: headers.get('x-forwarded-host'), forwardedProto: headers.get('x-forwarded-proto'), requestUrl: request.url },
    trustProxy,
    publicUrl,
  );
  const match = /^\/(?:watch|embed)\/([^/]+)$/u.exec(url.pathname);
  const code = match ? roomCodeFromPath(match[1]) : undefined;
  const room = code ? await rooms.describe(code) : undefined;
  if (url.origin !== origin || !room) return failure('no room at that url', 404);
  const { width, height } = embedSize(params.get('maxwidth'), params.get('maxheight'));
  const asked = params.get('lang');
  if (asked !== null && !isUiLang(asked)) return failure('lang must be en or ru', 400);
  const cookie = new RegExp(`(?:^|;\\s*)${UI_LANG_COOKIE}=([^;]*)`, 'u').exec(headers.get('cookie') ?? '')?.[1];
  const uiLang = asked ?? pickUiLang(cookie, headers.get('accept-language'));
  const title = titleIn(room.info, uiLang, room.info.languages[0]).title;
  const body = {
    version: '1.0',
    type: 'rich',
    provider_name: 'Boothcast',
    provider_url: origin,
    title,
    cache_age: OEMBED_CACHE_SECONDS,
    width,
    height,
    html: embedSnippet(origin, room.code, { width, height, title: VIEWER[uiLang].embedTitle.replace('{title}', title) }),
  };
  const vary = [...(asked === null ? ['Cookie', 'Accept-Language'] : []), ...(trustProxy ? ['X-Forwarded-Host', 'X-Forwarded-Proto'] : [])];
  // The answer names our origin, which comes from the Host (part of every cache's key) and, behind
  // a trusted proxy, from X-Forwarded-Host/-Proto (part of no key): a shared cache must then keep
  // one answer per forwarded host, or it would hand one site's iframe to another's visitors. Without
  // `lang`, the answer follows the visitor's interface language (cookie, Accept-Language).
  return json(body, 200, {
    'cache-control': `public, max-age=${OEMBED_CACHE_SECONDS}`,
    ...(vary.length > 0 ? { vary: vary.join(', ') } : {}),
  });
}
