'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { languageName, textDirection } from '../../server/language-tags';
import type { Lang } from '../../server/protocol';
import { LANG_PICKER } from '../lib/i18n/lang-picker';
import type { UiLang } from '../lib/i18n/ui-lang';
import { MAX_LANES } from '../lib/viewer-settings';

type Move = { lang: Lang; by: -1 | 1 };

const BUTTON =
  'rounded border border-[var(--muted-fg,#a3a3a3)] px-2 py-0.5 text-sm disabled:opacity-40 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[var(--page-fg,#38bdf8)]';

/**
 * Which of the room's languages to show (one to MAX_LANES) and in what order: a checkbox per
 * language, named in the interface language with its own name beside it, and buttons that move a
 * chosen one up or down. Keyboard focus stays on the moved language's button.
 */
export function LangOrderPicker({
  legend,
  languages,
  chosen,
  uiLang,
  onChange,
  testId,
}: {
  legend: string;
  /** The room's languages, in the room's order. */
  languages: readonly Lang[];
  /** The lanes shown now, in order (a non-empty subset of `languages`). */
  chosen: readonly Lang[];
  uiLang: UiLang;
  onChange: (lanes: Lang[]) => void;
  testId?: string;
}) {
  const t = LANG_PICKER[uiLang];
  const hintId = useId();
  const list = useRef<HTMLOListElement>(null);
  const [moved, setMoved] = useState<Move | undefined>();
  const rows = [...chosen, ...languages.filter((lang) => !chosen.includes(lang))];

  useEffect(() => {
    if (!moved) return;
    // After a move the row sits elsewhere and one of its buttons may now be disabled (top or bottom):
    // focus the same button if it still works, else its pair.
    const same = list.current?.querySelector<HTMLButtonElement>(`[data-move="${moved.lang}:${moved.by}"]`);
    const other = list.current?.querySelector<HTMLButtonElement>(`[data-move="${moved.lang}:${-moved.by}"]`);
    (same && !same.disabled ? same : other)?.focus();
  }, [moved]);

  const move = (lang: Lang, by: -1 | 1) => {
    const at = chosen.indexOf(lang);
    const next = [...chosen];
    [next[at], next[at + by]] = [next[at + by], next[at]];
    onChange(next);
    setMoved({ lang, by });
  };
  const toggle = (lang: Lang, on: boolean) => onChange(on ? [...chosen, lang] : chosen.filter((l) => l !== lang));

  return (
    <fieldset className="flex flex-col gap-1" aria-describedby={hintId} data-testid={testId}>
      <legend className="mb-1 text-sm font-semibold">{legend}</legend>
      <p id={hintId} className="text-xs text-[var(--muted-fg,#d4d4d4)]">
        {t.hint}
      </p>
      <ol ref={list} className="flex flex-col gap-1">
        {rows.map((lang) => {
          const at = chosen.indexOf(lang);
          const on = at >= 0;
          const name = languageName(lang, uiLang);
          const own = languageName(lang);
          return (
            <li key={lang} className="flex flex-wrap items-center gap-2" data-lang={lang}>
              <label className="flex min-w-0 grow cursor-pointer items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="h-4 w-4 accent-[var(--page-fg,#0ea5e9)]"
                  checked={on}
                  // One language always stays, and no more than MAX_LANES fit on a phone.
                  disabled={on ? chosen.length === 1 : chosen.length >= MAX_LANES}
                  onChange={(e) => toggle(lang, e.target.checked)}
                />
                <span>{name}</span>
                {own !== name ? (
                  <span lang={lang} dir={textDirection(lang)} className="text-[var(--muted-fg,#d4d4d4)]">
                    {own}
                  </span>
                ) : null}
              </label>
              {on && chosen.length > 1 ? (
                <span className="flex gap-1">
                  <button type="button" className={BUTTON} data-move={`${lang}:-1`} disabled={at === 0} aria-label={t.moveUp.replace('{lang}', name)} onClick={() => move(lang, -1)}>
                    ↑
                  </button>
                  <button
                    type="button"
                    className={BUTTON}
                    data-move={`${lang}:1`}
                    disabled={at === chosen.length - 1}
                    aria-label={t.moveDown.replace('{lang}', name)}
                    onClick={() => move(lang, 1)}
                  >
                    ↓
                  </button>
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}
