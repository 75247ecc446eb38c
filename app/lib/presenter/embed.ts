import type { Lang } from '../../../server/protocol';

/** The iframe's height for up to two lanes of three rows; a third lane adds half again. */
const HEIGHT_PX = 240;
const HEIGHT_THREE_LANES_PX = 360;

/**
 * The HTML that puts a room's captions on another page: an iframe of the /embed face, three rows,
 * dark. Without `lanes`, the room's languages in its order (`lang=both`); with them, those lanes in
 * that order (`lang=ar,en`), as the viewer's URL takes them. `title` is the frame's accessible
 * name, in the interface language (VIEWER `embedFrameTitle`).
 */
export function embedSnippet(origin: string, code: string, lanes?: readonly Lang[], title = 'Live captions'): string {
  const lang = lanes && lanes.length > 0 ? lanes.map(encodeURIComponent).join(',') : 'both';
  const height = (lanes?.length ?? 0) > 2 ? HEIGHT_THREE_LANES_PX : HEIGHT_PX;
  return `<iframe src="${origin}/embed/${code}?lang=${lang}&rows=3&theme=dark" title="${title.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`)}" width="640" height="${height}" style="border:0" allow="fullscreen"></iframe>`;
}
