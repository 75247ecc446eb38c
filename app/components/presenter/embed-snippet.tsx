'use client';
import { useId } from 'react';
import { PRESENTER } from '../../lib/i18n/presenter';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { CopyButton } from './copy-button';
import { FOCUS_RING } from './styles';

/** The embed snippet (app/lib/presenter/embed.ts), to read and copy. */
export function EmbedSnippet({ lang, snippet, onAnnounce }: { lang: UiLang; snippet: string; onAnnounce: (message: string) => void }) {
  const t = PRESENTER[lang];
  const id = useId();
  return (
    <div className="flex flex-col gap-2">
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
