import { PRESENTER } from '../../lib/i18n/presenter';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { SHORTCUTS } from '../../lib/presenter/shortcuts';

/** The console's keyboard shortcuts, always listed (not hidden behind "?"), from the same table the handler uses. */
export function ShortcutHelp({ lang }: { lang: UiLang }) {
  const t = PRESENTER[lang];
  return (
    <div className="flex flex-col gap-2">
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.id} className="contents">
            <dt className="flex flex-wrap gap-1">
              {shortcut.keys.map((key, i) => (
                <span key={key} className="flex items-center gap-1">
                  {i > 0 ? <span className="text-neutral-300">{t.or}</span> : null}
                  <kbd className="rounded border border-neutral-500 bg-neutral-800 px-1.5 py-0.5 font-mono text-xs">
                    {key === 'Space' ? t.keySpace : key}
                  </kbd>
                </span>
              ))}
            </dt>
            <dd className="text-neutral-200">{t[`shortcut_${shortcut.id}`]}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-neutral-300">{t.shortcutsNote}</p>
    </div>
  );
}
