/**
 * Who may frame `/embed/*`: `EMBED_FRAME_ANCESTORS` (space-separated origins), default any origin.
 * Every other page may not be framed at all (next.config.js).
 */
export function embedFrameAncestors(env: NodeJS.ProcessEnv = process.env): string {
  const configured = (env.EMBED_FRAME_ANCESTORS ?? '*')
    .split(/\s+/u)
    .filter((origin) => origin === '*' || origin === "'self'" || /^https?:\/\/[a-z0-9.-]+(:\d+)?$/iu.test(origin));
  return configured.length > 0 ? configured.join(' ') : "'none'";
}
