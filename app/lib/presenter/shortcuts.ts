import { SEEK_STEP_MS, type PresenterIntent } from './commands';

/** The part of a keydown event the mapping needs, so it can be tested without a DOM. */
export interface KeyPress {
  readonly key: string;
  /** Physical key (`KeyK`), used when the layout types a non-Latin letter (a Russian layout types `л` on K). */
  readonly code?: string;
  readonly ctrlKey?: boolean;
  readonly metaKey?: boolean;
  readonly altKey?: boolean;
  readonly target?: KeyTarget;
}

export interface KeyTarget {
  /** Lower-case tag name. */
  readonly tag: string;
  readonly type?: string;
  readonly role?: string;
  readonly editable?: boolean;
}

export type ShortcutId = 'toggle' | 'back' | 'forward' | 'previous' | 'next' | 'slower' | 'faster' | 'restart';

/** Each shortcut, the keys that trigger it (as listed in the help), and what it asks for. */
export const SHORTCUTS: readonly { readonly id: ShortcutId; readonly keys: readonly string[]; readonly intent: PresenterIntent }[] = [
  { id: 'toggle', keys: ['Space', 'K'], intent: { type: 'toggle' } },
  { id: 'back', keys: ['J'], intent: { type: 'seek-by', deltaMs: -SEEK_STEP_MS } },
  { id: 'forward', keys: ['L'], intent: { type: 'seek-by', deltaMs: SEEK_STEP_MS } },
  { id: 'previous', keys: ['←'], intent: { type: 'previous-segment' } },
  { id: 'next', keys: ['→'], intent: { type: 'next-segment' } },
  { id: 'slower', keys: ['['], intent: { type: 'slower' } },
  { id: 'faster', keys: [']'], intent: { type: 'faster' } },
  { id: 'restart', keys: ['R'], intent: { type: 'restart' } },
];

const BY_KEY: Readonly<Record<string, ShortcutId>> = {
  ' ': 'toggle',
  k: 'toggle',
  j: 'back',
  l: 'forward',
  ArrowLeft: 'previous',
  ArrowRight: 'next',
  '[': 'slower',
  ']': 'faster',
  r: 'restart',
};

const BY_CODE: Readonly<Record<string, ShortcutId>> = {
  KeyK: 'toggle',
  KeyJ: 'back',
  KeyL: 'forward',
  BracketLeft: 'slower',
  BracketRight: 'faster',
  KeyR: 'restart',
};

/** Inputs that take typed text: every shortcut is off while one has focus. */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week']);
/** Where arrow keys already move something (a slider, a radio group, a list box). */
const ARROW_ROLES = new Set(['slider', 'radio', 'radiogroup', 'listbox', 'option', 'tab', 'tablist', 'menu', 'menuitem', 'spinbutton']);

export function shortcutFor(press: KeyPress): ShortcutId | undefined {
  if (press.ctrlKey || press.metaKey || press.altKey) return undefined;
  const id = BY_KEY[press.key.length === 1 ? press.key.toLowerCase() : press.key] ?? nonLatinFallback(press);
  if (!id) return undefined;
  const target = press.target;
  if (!target) return id;
  if (isTextField(target)) return undefined;
  // Space toggles playback even on a focused button (YouTube does the same): after a click on
  // "+10 s", Space must pause the room, not jump the whole class another ten seconds. The handler
  // stops the button's own activation (spaceWouldPress).
  if ((id === 'previous' || id === 'next') && (ARROW_ROLES.has(target.role ?? '') || target.type === 'range' || target.type === 'radio')) {
    return undefined;
  }
  return id;
}

export function intentFor(id: ShortcutId): PresenterIntent {
  return SHORTCUTS.find((s) => s.id === id)!.intent;
}

function nonLatinFallback(press: KeyPress): ShortcutId | undefined {
  // Only when the layout typed something else than ASCII: on QWERTY, `code` and `key` agree anyway,
  // and on AZERTY or Dvorak the letter printed on the key is what the help promises.
  if (!press.code || press.key.length !== 1 || /[\u0020-\u007e]/u.test(press.key)) return undefined;
  return BY_CODE[press.code];
}

function isTextField(target: KeyTarget): boolean {
  if (target.editable || target.tag === 'textarea' || target.tag === 'select') return true;
  if (target.role === 'textbox' || target.role === 'combobox' || target.role === 'searchbox') return true;
  return target.tag === 'input' && TEXT_INPUT_TYPES.has(target.type ?? 'text');
}

/**
 * Whether this keyup is the Space of a toggle: a focused button (or checkbox) activates on the
 * keyup of Space, which some browsers do even when the keydown was cancelled, so it is cancelled too.
 */
export function spaceWouldPress(press: KeyPress): boolean {
  return press.key === ' ' && shortcutFor(press) === 'toggle';
}

/** The keydown target as the mapping sees it. */
export function keyTargetOf(element: EventTarget | null): KeyTarget | undefined {
  if (!element || typeof (element as Element).tagName !== 'string') return undefined;
  const el = element as HTMLElement;
  return {
    tag: el.tagName.toLowerCase(),
    type: el.getAttribute('type')?.toLowerCase() ?? undefined,
    role: el.getAttribute('role') ?? undefined,
    editable: el.isContentEditable,
  };
}
