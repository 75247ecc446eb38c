/**
 * Browsers ask for /favicon.ico on a page that names no icon (the embed's own HTML, a JSON answer
 * opened in a tab): send them to the site's icon (app/icon.svg) instead of a 404.
 */
export function GET(): Response {
  return new Response(null, { status: 308, headers: { location: '/icon.svg', 'cache-control': 'public, max-age=86400' } });
}
