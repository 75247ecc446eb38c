import type { Lang } from '../../../server/protocol';
import { embedFrameHeightPx } from '../../api/oembed/embed-size';
import { MAX_LANES } from '../viewer-settings';

/**
 * The HTML that puts a room's captions on another page: an iframe of the /embed face, three rows,
 * dark. Without `lanes`, the room's languages in its order (`lang=both`); with them, those lanes in
 * that order (`lang=ar,en`), as the viewer's URL takes them; `roomLanguages` (how many the room
 * has) sizes the frame for `both`. `title` is the frame's accessible name, in the interface
 * language (VIEWER `embedFrameTitle`).
 */
export function embedSnippet(origin: string, code: string, lanes?: readonly Lang[], roomLanguages = 2, title = 'Live captions'): string {
  const lang = lanes && lanes.length > 0 ? lanes.map(encodeURIComponent).join(',') : 'both';
  // Tall enough for every lane's three rows and now-speaking heading at 24 px text (embed-size.ts).
  const height = embedFrameHeightPx(Math.min(MAX_LANES, lanes && lanes.length > 0 ? lanes.length : roomLanguages));
  return `<iframe src="${origin}/embed/${code}?lang=${lang}&rows=3&theme=dark" title="${title.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`)}" width="640" height="${height}" style="border:0" allow="fullscreen"></iframe>`;
}
