import { EMBED_SIZE } from '../api/oembed/embed-size';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const attr = (text: string) => text.replace(/[&<>"']/gu, (c) => ESCAPES[c]);

/** The iframe a host page pastes to show a room's captions (also the oEmbed `html`). */
export function embedSnippet(
  origin: string,
  code: string,
  options: { width?: number; height?: number; title?: string; query?: string } = {},
): string {
  const src = `${origin}/embed/${encodeURIComponent(code)}${options.query ? `?${options.query}` : '?lang=both&rows=3&theme=dark'}`;
  return `<iframe src="${attr(src)}" title="${attr(options.title ?? 'Live captions')}" width="${options.width ?? EMBED_SIZE.defaultWidthPx}" height="${options.height ?? EMBED_SIZE.defaultHeightPx}" style="border:0" allow="fullscreen"></iframe>`;
}
