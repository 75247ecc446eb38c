/** A piece of an attribution: plain text, or a web address shown as its short host name. */
export type AttributionPart = { readonly text: string } | { readonly href: string; readonly host: string };

/** Longest attribution shown: a line of credits, not a document. */
const MAX_ATTRIBUTION_CHARS = 500;

/**
 * Splits a transcript's attribution ("Transcript by …, UPA (https://www.uspa24.com/bericht-…)")
 * into its words and its web addresses, each address to be shown as a short linked source
 * ("uspa24.com") rather than a raw 100-character URL. Only http and https addresses become links;
 * brackets left empty around a link are dropped.
 */
export function attributionParts(attribution: string): AttributionPart[] {
  const text = attribution.slice(0, MAX_ATTRIBUTION_CHARS);
  const parts: AttributionPart[] = [];
  let last = 0;
  for (const match of text.matchAll(/\(?\bhttps?:\/\/[^\s()<>]+\)?/giu)) {
    // A sentence's full stop or comma after an address is not part of it.
    const found = match[0].replace(/[.,;:!?]+$/u, '');
    const raw = found.replace(/^\(|\)$/gu, '');
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    const before = text.slice(last, match.index).trimEnd();
    if (before) parts.push({ text: before });
    parts.push({ href: url.href, host: url.hostname.replace(/^www\./u, '') });
    last = match.index + found.length;
  }
  const rest = text.slice(last).trim();
  if (rest) parts.push({ text: rest });
  return parts;
}

/** The attribution as a line of text with its sources as short links. */
export function Attribution({ text, sourceLabel, linkClass = 'underline' }: { text: string; sourceLabel: string; linkClass?: string }) {
  return (
    <>
      {attributionParts(text).map((part, i) =>
        'href' in part ? (
          <span key={i}>
            {i > 0 ? ' · ' : ''}
            {sourceLabel}:{' '}
            <a href={part.href} className={linkClass} rel="noopener noreferrer" target="_blank">
              {part.host}
            </a>
          </span>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
