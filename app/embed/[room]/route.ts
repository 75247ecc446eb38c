import { textDirection } from '../../../server/language-tags';
import { roomCodeFromPath } from '../../../server/rooms/room-code';
import { positionAt } from '../../../server/replay/clock';
import { getServices } from '../../../server/services';
import { pickUiLang, UI_LANG_COOKIE } from '../../lib/i18n/ui-lang';
import { numberRuns } from '../../lib/bidi-runs';
import { rollingTurns } from '../../lib/rolling-lines';
import { speakerLabel } from '../../lib/speaker-label';
import { laneOrder, parseSettings, SIZE_SCALE } from '../../lib/viewer-settings';
import { firstWords } from '../../lib/word-reveal';
import { interpretedMark } from '../_client/embed-text';
import { EMBED_CSS as CSS, embedHeaders, escapeHtml } from '../embed-page';

export const dynamic = 'force-dynamic';

/** Caption text as the embed's script renders it (app/embed/_client/render.ts): sound labels and numbers isolated. */
const isolatedHtml = (text: string, sound: boolean) =>
  sound ? `<bdi>${escapeHtml(text)}</bdi>` : numberRuns(text).map((run, i) => (i % 2 === 1 ? `<bdi>${escapeHtml(run)}</bdi>` : escapeHtml(run))).join('');

/**
 * `/embed/<room>`: captions only, for an iframe on someone else's page. Plain HTML and one small
 * script, no React: the page is a guest. Rendered with the captions on screen now.
 */
export async function GET(request: Request, { params }: { params: Promise<{ room: string }> }): Promise<Response> {
  const { room: raw } = await params;
  const services = getServices();
  const code = roomCodeFromPath(raw);
  const room = code ? await services.rooms.describe(code) : undefined;
  const headers = embedHeaders();
  if (!room) return new Response('<!doctype html><title>Room not found</title><p>No such room.</p>', { status: 404, headers });

  const url = new URL(request.url);
  const settings = parseSettings(url.searchParams);
  const cookie = new RegExp(`(?:^|;\\s*)${UI_LANG_COOKIE}=([a-z]{2})`, 'u').exec(request.headers.get('cookie') ?? '')?.[1];
  const uiLang = pickUiLang(url.searchParams.get('ui') ?? cookie, request.headers.get('accept-language'));
  const snapshot = room.snapshot();
  const position = positionAt(snapshot.clock, snapshot.serverNowMs);
  const speakers = new Map(room.info.speakers.map((s) => [s.id, s]));
  const languages = room.info.languages;
  const lanes = laneOrder(settings, languages)
    .map((lang) => {
      const dir = textDirection(lang);
      const turns = rollingTurns(snapshot.segments, lang, position);
      const rows = turns
        .map((turn) => {
          const speaker = speakers.get(turn.speakerId);
          const name = speakerLabel(speaker, lang, languages, turn.speakerId);
          const nameLang = name.lang && name.lang !== lang ? ` lang="${name.lang}"` : '';
          const label = settings.labels ? `<bdi${nameLang}>${escapeHtml(name.text)}</bdi>${turn.interpreted ? ` (${interpretedMark(lang)})` : ''}: ` : '';
          const words = turn.parts.map((p) => isolatedHtml(p.complete ? p.text : firstWords(p.text, p.words), p.kind === 'sound')).join(' ');
          return `<p class="l" lang="${lang}" dir="${dir}" style="color:var(--s${(speaker?.colour ?? 0) % 8})"><b><span dir="${dir}">&gt;&gt;</span> ${label}</b>${words}</p>`;
        })
        .join('');
      // Who is speaking now, as the script keeps it (render.ts): the newest turn's label in its colour.
      const now = turns.at(-1);
      const nowName = now && settings.labels ? speakerLabel(speakers.get(now.speakerId), lang, languages, now.speakerId) : undefined;
      const heading =
        now && nowName
        ? `<p class="n" style="color:var(--s${(speakers.get(now.speakerId)?.colour ?? 0) % 8})"><bdi${nowName.lang ? ` lang="${nowName.lang}"` : ''}>${escapeHtml(nowName.text)}</bdi></p>`
        : '<p class="n"></p>';
      return `<section data-lane="${lang}" lang="${lang}" dir="${dir}">${heading}<div class="c">${rows}</div></section>`;
    })
    .join('');
  const html = `<!doctype html><html lang="${uiLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(room.info.title)}</title><style>${CSS}</style><script src="/embed.js" defer></script></head><body><div id="bc" data-room="${room.code}" data-ui="${uiLang}" data-rtl="${languages.filter((l) => textDirection(l) === 'rtl').join(' ')}" data-now="${services.now()}" data-theme="${settings.theme}" data-transparent="${settings.transparent}" style="--k:${SIZE_SCALE[settings.size]};--a:${settings.bg / 100};--r:${settings.rows}"><div class="lanes" aria-live="off">${lanes}</div><p class="st" role="status"></p><p class="sr" aria-live="polite"></p></div></body></html>`;
  return new Response(html, { status: 200, headers });
}
