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
import { embedFrameAncestors } from '../frame-ancestors';

export const dynamic = 'force-dynamic';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/gu, (c) => ESCAPES[c]);
/** Caption text as the embed's script renders it (app/embed/_client/render.ts): sound labels and numbers isolated. */
const isolatedHtml = (text: string, sound: boolean) =>
  sound ? `<bdi>${escapeHtml(text)}</bdi>` : numberRuns(text).map((run, i) => (i % 2 === 1 ? `<bdi>${escapeHtml(run)}</bdi>` : escapeHtml(run))).join('');

/* Small enough to inline: themes, rows and the roll-up box. Speaker colours meet 4.5:1 on their ground. */
const FACES = [
  ['latin', 400, 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD'],
  ['latin', 700, 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD'],
  ['cyrillic', 400, 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116'],
  ['cyrillic', 700, 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116'],
] as const;
/** Noto Sans Arabic's Arabic subset, for Arabic booths: the Arabic blocks, presentation forms and joiners. */
const ARABIC_RANGE = 'U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC';
const FONT_CSS =
  FACES.map(
    ([subset, weight, range]) =>
      `@font-face{font-family:'Noto Sans';font-style:normal;font-display:swap;font-weight:${weight};src:url(/fonts/noto-sans-${subset}-${weight}-normal.woff2) format('woff2');unicode-range:${range}}`,
  ).join('') +
  [400, 700]
    .map(
      (weight) =>
        `@font-face{font-family:'Noto Sans Arabic';font-style:normal;font-display:swap;font-weight:${weight};src:url(/fonts/noto-sans-arabic-arabic-${weight}-normal.woff2) format('woff2');unicode-range:${ARABIC_RANGE}}`,
    )
    .join('');

const CSS = `${FONT_CSS}*{box-sizing:border-box}html,body{margin:0;background:transparent}body{font:400 16px/1.45 'Noto Sans','Noto Sans Arabic',system-ui,sans-serif}
#bc{--s0:#fff;--s1:#ffe14d;--s2:#5ee7ff;--s3:#6cf27a;--s4:#ff9ad5;--s5:#ffb36b;--s6:#c7b3ff;--s7:#9ecbff;--bg:0 0 0;--fg:#fff;padding:4px;color:var(--fg)}
#bc[data-theme=light]{--s0:#111;--s1:#7a4f00;--s2:#005f6b;--s3:#1b5e20;--s4:#9c1458;--s5:#8a3c00;--s6:#4b2d99;--s7:#174e8c;--bg:255 255 255;--fg:#111}
#bc[data-theme=contrast]{--s1:#ff0;--s2:#0ff;--s3:#0f0}
#bc[data-theme=yellow]{--s0:#ff0;--s1:#ff0;--s2:#ff0;--s3:#ff0;--s4:#ff0;--s5:#ff0;--s6:#ff0;--s7:#ff0;--fg:#ff0}
#bc:not([data-transparent=true]){background:rgb(var(--bg))}
.lanes{display:grid;gap:6px}section{background:rgb(var(--bg)/var(--a,.85));border-radius:6px;padding:4px 10px}
.c{height:calc(var(--r,3)*1.45em);overflow:hidden;display:flex;flex-direction:column;justify-content:flex-end;font-size:calc(clamp(16px,4.5vw,30px)*var(--k,1))}
.l{margin:0}.st{font-size:12px;min-height:0}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}`;

/**
 * `/embed/<room>`: captions only, for an iframe on someone else's page. Plain HTML and one small
 * script, no React: the page is a guest. Rendered with the captions on screen now.
 */
export async function GET(request: Request, { params }: { params: Promise<{ room: string }> }): Promise<Response> {
  const { room: raw } = await params;
  const services = getServices();
  const code = roomCodeFromPath(raw);
  const room = code ? await services.rooms.describe(code) : undefined;
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ${embedFrameAncestors()}`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
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
      const rows = rollingTurns(snapshot.segments, lang, position)
        .map((turn) => {
          const speaker = speakers.get(turn.speakerId);
          const name = speakerLabel(speaker, lang, languages, turn.speakerId);
          const nameLang = name.lang && name.lang !== lang ? ` lang="${name.lang}"` : '';
          const label = settings.labels ? `<bdi${nameLang}>${escapeHtml(name.text)}</bdi>${turn.interpreted ? ` (${interpretedMark(lang)})` : ''}: ` : '';
          const words = turn.parts.map((p) => isolatedHtml(p.complete ? p.text : firstWords(p.text, p.words), p.kind === 'sound')).join(' ');
          return `<p class="l" lang="${lang}" dir="${dir}" style="color:var(--s${(speaker?.colour ?? 0) % 8})"><b><span dir="${dir}">&gt;&gt;</span> ${label}</b>${words}</p>`;
        })
        .join('');
      return `<section data-lane="${lang}" lang="${lang}" dir="${dir}"><div class="c">${rows}</div></section>`;
    })
    .join('');
  const html = `<!doctype html><html lang="${uiLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(room.info.title)}</title><style>${CSS}</style><script src="/embed.js" defer></script></head><body><div id="bc" data-room="${room.code}" data-ui="${uiLang}" data-rtl="${languages.filter((l) => textDirection(l) === 'rtl').join(' ')}" data-now="${services.now()}" data-theme="${settings.theme}" data-transparent="${settings.transparent}" style="--k:${SIZE_SCALE[settings.size]};--a:${settings.bg / 100};--r:${settings.rows}"><div class="lanes" aria-live="off">${lanes}</div><p class="st" role="status"></p><p class="sr" aria-live="polite"></p></div></body></html>`;
  return new Response(html, { status: 200, headers });
}
