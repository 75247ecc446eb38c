'use client';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { PRESENTER } from '../../lib/i18n/presenter';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { roomCodeFromInput } from '../../lib/presenter/room-code-input';
import { PRIMARY_BUTTON, TEXT_INPUT } from './styles';

/** "Join a room": a student types the code from the board, in any case, and lands on the viewer. */
export function JoinRoomForm({ lang }: { lang: UiLang }) {
  const t = PRESENTER[lang];
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState('');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = String(new FormData(event.currentTarget).get('code') ?? '');
    const code = roomCodeFromInput(typed);
    if (!code) {
      setError(typed.trim() ? t.joinInvalid : t.joinEmpty);
      return;
    }
    setError('');
    router.push(`/watch/${code}`);
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-2">
      <label htmlFor={`${id}-code`} className="font-semibold">
        {t.joinLabel}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={`${id}-code`}
          name="code"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={12}
          placeholder="PRESS"
          aria-describedby={`${id}-hint ${id}-error`}
          aria-invalid={error ? true : undefined}
          className={`${TEXT_INPUT} w-40 min-w-0 grow font-mono text-xl uppercase tracking-widest sm:grow-0`}
        />
        <button type="submit" className={PRIMARY_BUTTON}>
          {t.joinSubmit}
        </button>
      </div>
      <p id={`${id}-hint`} className="text-sm text-neutral-300">
        {t.joinHint}
      </p>
      <p id={`${id}-error`} role="status" className="min-h-5 text-sm font-semibold text-amber-200">
        {error}
      </p>
    </form>
  );
}
