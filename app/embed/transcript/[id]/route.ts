import { textDirection } from '../../../../server/language-tags';
import { getServices } from '../../../../server/services';
import { pickUiLang, UI_LANG_COOKIE } from '../../../lib/i18n/ui-lang';
import { laneOrder, parseSettings, SIZE_SCALE } from '../../../lib/viewer-settings';
import { EMBED_CSS, embedHeaders, escapeHtml } from '../../embed-page';

export const dynamic = 'force-dynamic';

/**
 * `/embed/transcript/<id>`: a transcript's captions locked to a player on the host page, no room
 * needed. The page is the room embed's frame with empty lanes; its script
 * (app/embed/_client/transcript.ts) fetches the transcript over HTTP and shows the captions for the
 * media time the host posts (`boothcast:time`, sent by `/embed/host.js` or the host page itself).
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const transcript = await getServices().transcripts.get(id);
  const headers = embedHeaders();
  if (!transcript) return new Response('<!doctype html><title>Transcript not found</title><p>No such transcript.</p>', { status: 404, headers });

  const url = new URL(request.url);
  const settings = parseSettings(url.searchParams);
  const cookie = new RegExp(`(?:^|;\\s*)${UI_LANG_COOKIE}=([a-z]{2})`, 'u').exec(request.headers.get('cookie') ?? '')?.[1];
  const uiLang = pickUiLang(url.searchParams.get('ui') ?? cookie, request.headers.get('accept-language'));
  const languages = transcript.languages;
  const lanes = laneOrder(settings, languages)
    .map((lang) => `<section data-lane="${lang}" lang="${lang}" dir="${textDirection(lang)}"><p class="n"></p><div class="c"></div></section>`)
    .join('');
  const title = transcript.meta.titles?.[uiLang] ?? transcript.meta.title;
  const html = `<!doctype html><html lang="${uiLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${EMBED_CSS}</style><script src="/embed-transcript.js" defer></script></head><body><div id="bc" data-transcript="${transcript.id}" data-ui="${uiLang}" data-rtl="${languages.filter((l) => textDirection(l) === 'rtl').join(' ')}" data-theme="${settings.theme}" data-transparent="${settings.transparent}" style="--k:${SIZE_SCALE[settings.size]};--a:${settings.bg / 100};--r:${settings.rows}"><div class="lanes" aria-live="off">${lanes}</div><p class="st" role="status"></p><p class="sr" aria-live="polite"></p></div></body></html>`;
  return new Response(html, { status: 200, headers });
}
