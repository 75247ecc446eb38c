'use client';
import { useId, useState } from 'react';
import type { Lang } from '../../../server/protocol';
import { PRESENTER } from '../../lib/i18n/presenter';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { VIEWER } from '../../lib/i18n/viewer';
import { embedSnippet } from '../../lib/presenter/embed';
import { DEFAULT_SETTINGS, laneOrder } from '../../lib/viewer-settings';
import { LangOrderPicker } from '../lang-order-picker';
import { CopyButton } from './copy-button';
import { FOCUS_RING } from './styles';

/**
 * The embed snippet (app/lib/presenter/embed.ts), to read and copy, with the room's languages to
 * pick and order as a viewer does; a one-language room has nothing to pick.
 */
export function EmbedSnippet({
  lang,
  origin,
  code,
  languages,
  onAnnounce,
}: {
  lang: UiLang;
  origin: string;
  code: string;
  languages: readonly Lang[];
  onAnnounce: (message: string) => void;
}) {
  const t = PRESENTER[lang];
  const id = useId();
  const [lanes, setLanes] = useState<readonly Lang[] | undefined>(undefined);
  const snippet = embedSnippet(origin, code, lanes, languages.length, VIEWER[lang].embedFrameTitle);
  return (
    <div className="flex flex-col gap-2">
      {languages.length > 1 ? (
        <LangOrderPicker
          legend={t.embedLanguages}
          languages={languages}
          chosen={lanes ?? laneOrder(DEFAULT_SETTINGS, languages)}
          uiLang={lang}
          onChange={setLanes}
          testId="embed-lang-picker"
        />
      ) : null}
      <label htmlFor={id} className="text-sm text-neutral-200">
        {t.embedLabel}
      </label>
      <textarea
        id={id}
        readOnly
        rows={4}
        value={snippet}
        lang="en"
        spellCheck={false}
        onFocus={(event) => event.currentTarget.select()}
        className={`w-full resize-none rounded-md border border-neutral-600 bg-neutral-950 p-2 font-mono text-xs break-all text-neutral-100 ${FOCUS_RING}`}
        data-testid="embed-snippet"
      />
      <CopyButton text={() => snippet} label={t.copyEmbed} copiedLabel={t.copied} failedLabel={t.copyFailed} onResult={onAnnounce} className="self-start" />
    </div>
  );
}
