/**
 * Speaker labels as press-office transcripts write them: a name or role in capitals followed by a
 * colon, sometimes in markdown bold (`**SECRETARY KERRY:**`), sometimes behind a news agency's
 * prefix (`**USPA NEWS - SECRETARY KERRY:**`).
 */
export interface SpeakerLabel {
  /** The label as written, capitals and all, without bold markers: `SECRETARY KERRY`. */
  readonly raw: string;
  /** A news agency prefix (`USPA NEWS`) when the label carried one. */
  readonly agency?: string;
  /** The text after the colon. */
  readonly rest: string;
}

// Capital letters (Latin or Cyrillic), spaces, dots, apostrophes and hyphens; at least two letters.
const LABEL = /^(?:\*\*)?\s*([A-ZА-ЯЁ][A-ZА-ЯЁ.'’\- ]*[A-ZА-ЯЁ.])\s*(?::\s*\*\*|\*\*\s*:|:)\s*(.*)$/u;
const AGENCY_PREFIX = /^(.+?\bNEWS)\s+-\s+(.+)$/u;

export function parseSpeakerLabel(paragraph: string): SpeakerLabel | undefined {
  const match = LABEL.exec(paragraph);
  if (!match) return undefined;
  const label = match[1].trim().replace(/\s+/gu, ' ');
  const rest = (match[2] ?? '').trim();
  if (label.replace(/[^A-ZА-ЯЁ]/gu, '').length < 2) return undefined;
  const agency = AGENCY_PREFIX.exec(label);
  if (agency) return { raw: agency[2], agency: agency[1], rest };
  return { raw: label, rest };
}

/** Forms of address and titles that precede a name, in the order they are stripped. */
const TITLES = [
  'SECRETARY OF STATE',
  'SECRETARY GENERAL',
  'FOREIGN MINISTER',
  'PRIME MINISTER',
  'UNDER SECRETARY',
  'SPECIAL ENVOY',
  'AMBASSADOR',
  'SECRETARY',
  'PRESIDENT',
  'MINISTER',
  'SENATOR',
  'GENERAL',
  'ADMIRAL',
  'MRS.',
  'MRS',
  'MR.',
  'MR',
  'MS.',
  'MS',
  'DR.',
  'DR',
];

/** Lower-case name particles: `DE MISTURA` → `de Mistura`. */
const PARTICLES = new Set(['DE', 'DA', 'DI', 'VAN', 'VON', 'DER', 'LA', 'LE', 'DU', 'DEL', 'BIN', 'AL']);

/** The name part of a label: `FOREIGN MINISTER LAVROV` → `LAVROV`. */
export function nameOfLabel(raw: string): string {
  let name = raw;
  for (const title of TITLES) {
    if (name.startsWith(`${title} `)) {
      name = name.slice(title.length + 1);
      break;
    }
  }
  return name.trim();
}

/** Stable id from a label: `MR DE MISTURA` → `de-mistura`. */
export function speakerIdOfLabel(raw: string): string {
  return nameOfLabel(raw)
    .toLowerCase()
    .replace(/[^a-zа-яё0-9]+/gu, '-')
    .replace(/^-|-$/gu, '');
}

/** Readable form of a label: `FOREIGN MINISTER LAVROV` → `Foreign Minister Lavrov`. */
export function titleCaseLabel(raw: string): string {
  return raw
    .split(' ')
    .map((word, i) => {
      if (i > 0 && PARTICLES.has(word)) return word.toLowerCase();
      return word
        .split('-')
        .map((part) => part.charAt(0) + part.slice(1).toLowerCase())
        .join('-');
    })
    .join(' ');
}
