'use client';
import { useRouter } from 'next/navigation';
import { COMMON } from '../lib/i18n/common';
import { rememberUiLang, type UiLang } from '../lib/i18n/ui-lang';

/**
 * Switches the interface language for this browser (a cookie for a year) and re-renders the page.
 * Coloured from the viewer theme's variables (light, contrast, yellow), and from the dark pages'
 * colours where there is no theme (home, console, transcript): the chosen language inverted.
 */
export function UiLangSwitch({ lang }: { lang: UiLang }) {
  const router = useRouter();
  const text = COMMON[lang];
  const choose = (next: UiLang) => {
    rememberUiLang(next);
    router.refresh();
  };
  return (
    <div role="group" aria-label={text.language} className="inline-flex overflow-hidden rounded-md border border-[var(--muted-fg,#737373)] text-sm">
      {(['en', 'ru'] as const).map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={option === lang}
          onClick={() => choose(option)}
          className={`px-2.5 py-1 focus-visible:outline-2 focus-visible:outline-offset-[-3px] focus-visible:outline-current ${
            option === lang
              ? 'bg-[var(--page-fg,#f5f5f5)] text-[var(--page-bg,#171717)]'
              : 'bg-transparent text-[var(--page-fg,#f5f5f5)] underline-offset-4 hover:underline'
          }`}
        >
          {option === 'en' ? COMMON.en.english : COMMON.ru.russian}
        </button>
      ))}
    </div>
  );
}
