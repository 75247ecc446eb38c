/**
 * The HTML that puts a room's captions on another page: an iframe of the /embed face, both
 * languages, three rows, dark. The attributes are the embed face's documented defaults.
 */
export function embedSnippet(origin: string, code: string): string {
  return `<iframe src="${origin}/embed/${code}?lang=both&rows=3&theme=dark" title="Live captions" width="640" height="240" style="border:0" allow="fullscreen"></iframe>`;
}
