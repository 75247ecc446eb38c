import { embedFrameAncestors } from './frame-ancestors';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/gu, (c) => ESCAPES[c]);

/*
 * Small enough to inline: themes, rows and the roll-up box. Speaker colours meet 4.5:1 on their ground.
 * Text is sized from the frame's height as well as its width: every lane's rows and its now-speaking
 * heading (`.n`) fit, so the newest line is always whole (app/api/oembed/embed-size.ts sizes the snippet).
 */
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

export const EMBED_CSS = `${FONT_CSS}*{box-sizing:border-box}html,body{margin:0;background:transparent}body{font:400 16px/1.45 'Noto Sans','Noto Sans Arabic',system-ui,sans-serif}
#bc{--s0:#fff;--s1:#ffe14d;--s2:#5ee7ff;--s3:#6cf27a;--s4:#ff9ad5;--s5:#ffb36b;--s6:#c7b3ff;--s7:#9ecbff;--bg:0 0 0;--fg:#fff;padding:4px;color:var(--fg)}
#bc[data-theme=light]{--s0:#111;--s1:#7a4f00;--s2:#005f6b;--s3:#1b5e20;--s4:#9c1458;--s5:#8a3c00;--s6:#4b2d99;--s7:#174e8c;--bg:255 255 255;--fg:#111}
#bc[data-theme=contrast]{--s1:#ff0;--s2:#0ff;--s3:#0f0}
#bc[data-theme=yellow]{--s0:#ff0;--s1:#ff0;--s2:#ff0;--s3:#ff0;--s4:#ff0;--s5:#ff0;--s6:#ff0;--s7:#ff0;--fg:#ff0}
#bc:not([data-transparent=true]){background:rgb(var(--bg))}#bc:has(section+section){--n:2}#bc:has(section+section+section){--n:3}
.lanes{display:grid;gap:6px}section{background:rgb(var(--bg)/var(--a,.85));border-radius:6px;padding:4px 10px;font-size:min(clamp(16px,4.5vw,30px)*var(--k,1),(100vh - 22px - 14px*var(--n,1))/(var(--n,1)*(var(--r,3) + 1)*1.45))}
.n{margin:0;height:1.45em;font-weight:700;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.c{height:calc(var(--r,3)*1.45em);overflow:hidden;display:flex;flex-direction:column;justify-content:flex-end}
.l,.st{margin:0}.st{font-size:12px}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}`;

/** The headers of an embed page (`/embed/<room>`, `/embed/transcript/<id>`): its own policy, framable by EMBED_FRAME_ANCESTORS. */
export function embedHeaders(): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ${embedFrameAncestors()}`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}
