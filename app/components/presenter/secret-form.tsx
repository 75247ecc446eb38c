'use client';
import { useId, type FormEvent } from 'react';
import { PRESENTER } from '../../lib/i18n/presenter';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { fill } from '../../lib/presenter/format';
import { storeSecret } from '../../lib/presenter/secret-store';
import { PRIMARY_BUTTON, TEXT_INPUT } from './styles';

/**
 * Shown when this tab holds no secret for the room (a new tab, another device) or the one it held
 * was refused. The secret goes to sessionStorage, never into the address.
 */
export function SecretForm({ lang, code, refused }: { lang: UiLang; code: string; refused: boolean }) {
  const t = PRESENTER[lang];
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const secret = String(new FormData(event.currentTarget).get('secret') ?? '').trim();
    if (secret) storeSecret(code, secret);
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" data-testid="secret-form">
      {refused ? (
        <p role="alert" className="rounded-md border border-amber-300 p-3 font-semibold text-amber-100">
          {fill(t.secretRefused, { code })}
        </p>
      ) : null}
      <p className="text-neutral-200">{fill(t.secretExplain, { code })}</p>
      <label htmlFor={id} className="font-semibold">
        {t.secretLabel}
      </label>
      <input
        id={id}
        name="secret"
        type="password"
        required
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-hint`}
        className={`${TEXT_INPUT} w-full max-w-md font-mono`}
      />
      <p id={`${id}-hint`} className="text-sm text-neutral-300">
        {t.secretHint}
      </p>
      <button type="submit" className={`${PRIMARY_BUTTON} self-start`}>
        {t.secretSubmit}
      </button>
    </form>
  );
}
