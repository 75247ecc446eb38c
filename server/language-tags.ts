/**
 * Languages are data: any BCP 47 tag (`en`, `ru`, `fr`, `ar`, `de`, `zh-Hans`, `pt-BR`, …) names a
 * language of a transcript, a booth or a caption file. Everything here is computed from the tag with
 * the ECMAScript Internationalization API (Unicode CLDR data), so no list of languages is kept by
 * hand and a new booth needs no code. Imports nothing and uses no Node API: the browser bundles it
 * too (the viewer, the console, the embed), like `protocol.ts`.
 */

/** RFC 5646 §4.4.1: implementations must accept tags of at least 35 characters; longer ones are refused. */
export const MAX_LANGUAGE_TAG_CHARS = 35;

export type TextDirection = 'ltr' | 'rtl';

/**
 * Scripts written right to left (ISO 15924 codes), as the Unicode bidi class of their letters says:
 * Arabic, Hebrew, Syriac, Thaana, N'Ko, Adlam, Hanifi Rohingya, Mandaic, Samaritan, Mende Kikakui,
 * Yezidi, Imperial Aramaic, Old South Arabian, Avestan, Nabataean, Palmyrene, Phoenician.
 */
const RTL_SCRIPTS: ReadonlySet<string> = new Set([
  'Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Mend', 'Yezi', 'Armi', 'Sarb', 'Avst', 'Nbat', 'Palm', 'Phnx',
]);

/**
 * The canonical form of a BCP 47 tag (`zh-hans` → `zh-Hans`, `EN-us` → `en-US`, `iw` → `he`), or
 * undefined when the input is not a well-formed tag (`en_US`, `english`, an empty string).
 */
export function canonicalLanguageTag(input: string): string | undefined {
  if (input.length === 0 || input.length > MAX_LANGUAGE_TAG_CHARS) return undefined;
  try {
    const [tag] = Intl.getCanonicalLocales(input);
    return tag;
  } catch {
    return undefined;
  }
}

/**
 * Which way the language's text runs: from the tag's script subtag, or the script CLDR's likely
 * subtags give its language and region (`ar` → Arab, `pa-PK` → Arab, `pa` → Guru, `az-Arab` → Arab).
 */
export function textDirection(tag: string): TextDirection {
  try {
    const script = new Intl.Locale(tag).maximize().script;
    return script !== undefined && RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/**
 * A language's name, in `inLanguage` (`languageName('ar', 'en')` → "Arabic"), or in itself when
 * `inLanguage` is left out (`languageName('ar')` → "العربية"), with its first letter capitalised as a
 * label starts ("français" → "Français"). Falls back to the tag itself.
 */
export function languageName(tag: string, inLanguage: string = tag): string {
  try {
    const name = new Intl.DisplayNames([inLanguage], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
    return name.charAt(0).toLocaleUpperCase(inLanguage) + name.slice(1);
  } catch {
    return tag;
  }
}

/** The primary language subtag of a tag, lower-cased (`pt-BR` → `pt`, `zh-Hans` → `zh`). */
export function primaryLanguage(tag: string): string {
  return tag.split('-')[0].toLowerCase();
}

/**
 * A per-language table's entry for a tag: the tag's own, else its primary language's (`pt-BR` →
 * `pt`), else undefined. One rule for every table (caption style, line-break words).
 */
export function languageEntry<T>(table: Readonly<Record<string, T>>, tag: string): T | undefined {
  return table[tag] ?? table[primaryLanguage(tag)];
}
