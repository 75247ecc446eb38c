'use client';
import { useRouter } from 'next/navigation';
import { COMMON } from '../lib/i18n/common';
import { rememberUiLang, type UiLang } from '../lib/i18n/ui-lang';

/** Switches the interface language for this browser (a cookie for a year) and re-renders the page. */
export function UiLangSwitch({ lang }: { lang: UiLang }) {
  const router = useRouter();
  const text = COMMON[lang];
  const choose = (next: UiLang) => {
    rememberUiLang(next);
    router.refresh();
  };
  return (
    <div role="group" aria-label={text.language} className="inline-flex overflow-hidden rounded-md border border-neutral-600 text-sm">
      {(['en', 'ru'] as const).map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={option === lang}
          onClick={() => choose(option)}
          className={`px-2.5 py-1 focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-sky-300 ${
            option === lang ? 'bg-neutral-100 text-neutral-900' : 'bg-transparent text-neutral-100 hover:bg-neutral-800'
          }`}
        >
          {option === 'en' ? COMMON.en.english : COMMON.ru.russian}
        </button>
      ))}
    </div>
  );
}
