'use client';
import type { ReactNode } from 'react';
import type { ViewerText } from '../../lib/i18n/viewer';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { laneOrder, withLanes, type ViewerSettings } from '../../lib/viewer-settings';
import type { Lang } from '../../../server/protocol';
import { LangOrderPicker } from '../lang-order-picker';

function Choice<T extends string | number>({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: T;
  options: readonly (readonly [T, ReactNode])[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="mb-1 text-sm font-semibold">{legend}</legend>
      <div className="flex flex-wrap gap-2">
        {options.map(([option, label]) => (
          <label
            key={String(option)}
            className="flex cursor-pointer items-center gap-1.5 rounded border border-[var(--muted-fg)] px-2 py-1 text-sm has-[:checked]:bg-[var(--page-fg)] has-[:checked]:text-[var(--page-bg)] has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-[var(--page-fg)]"
          >
            <input type="radio" className="sr-only" name={name} checked={option === value} onChange={() => onChange(option)} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Every display setting, as ordinary form controls: keyboard and screen readers work as usual. */
export function SettingsPanel({
  settings,
  onChange,
  text,
  uiLang,
  languages,
}: {
  settings: ViewerSettings;
  onChange: (next: ViewerSettings) => void;
  text: ViewerText;
  uiLang: UiLang;
  /** The room's languages: a one-language room has no language or layout to choose. */
  languages: readonly Lang[];
}) {
  const set = <K extends keyof ViewerSettings>(key: K) => (value: ViewerSettings[K]) => onChange({ ...settings, [key]: value });
  return (
    // A named region: its controls sit in a landmark of their own, between the page's nav and main.
    <section aria-label={text.settings} className="grid gap-4 rounded-lg bg-[var(--panel-bg)] p-4 sm:grid-cols-2" data-testid="settings-panel">
      {languages.length > 1 ? (
        <>
          <LangOrderPicker
            legend={text.languages}
            languages={languages}
            chosen={laneOrder(settings, languages)}
            uiLang={uiLang}
            onChange={(lanes) => onChange(withLanes(settings, lanes))}
            testId="lang-picker"
          />
          <Choice legend={text.layout} name="layout" value={settings.layout} onChange={set('layout')} options={[['stacked', text.stacked], ['side', text.side]]} />
        </>
      ) : null}
      <Choice legend={text.rows} name="rows" value={settings.rows} onChange={set('rows')} options={[[2, '2'], [3, '3'], [4, '4']]} />
      <Choice legend={text.size} name="size" value={settings.size} onChange={set('size')} options={[['s', text.sizeS], ['m', text.sizeM], ['l', text.sizeL], ['xl', text.sizeXL]]} />
      <Choice legend={text.font} name="font" value={settings.font} onChange={set('font')} options={[['sans', text.fontSans], ['legible', <span key="l" className="font-legible">{text.fontLegible}</span>]]} />
      <Choice
        legend={text.theme}
        name="theme"
        value={settings.theme}
        onChange={set('theme')}
        options={[['dark', text.themeDark], ['light', text.themeLight], ['contrast', text.themeContrast], ['yellow', text.themeYellow]]}
      />
      <label className="flex flex-col gap-1 text-sm font-semibold">
        {text.background}: {settings.bg}%
        <input type="range" min={0} max={100} step={5} value={settings.bg} onChange={(e) => set('bg')(Number(e.target.value))} className="accent-[var(--page-fg)]" />
      </label>
      <label className="flex items-center gap-2 text-sm font-semibold">
        <input type="checkbox" checked={settings.labels} onChange={(e) => set('labels')(e.target.checked)} className="h-4 w-4 accent-[var(--page-fg)]" />
        {text.labels}
      </label>
    </section>
  );
}
