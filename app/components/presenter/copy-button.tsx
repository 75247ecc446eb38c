'use client';
import { useEffect, useState } from 'react';
import { copyText } from '../../lib/presenter/clipboard';
import { BUTTON } from './styles';

/** How long the button says "Copied" before it reads "Copy" again. */
const CONFIRM_MS = 2_000;

/** Copies `text`; says so on the button and, through `onCopied`, in the console's live region. */
export function CopyButton({
  text,
  label,
  copiedLabel,
  failedLabel,
  onResult,
  className = '',
}: {
  text: () => string;
  label: string;
  copiedLabel: string;
  failedLabel: string;
  onResult?: (message: string) => void;
  className?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    const ok = await copyText(text());
    setState(ok ? 'copied' : 'failed');
    onResult?.(ok ? copiedLabel : failedLabel);
  };
  return (
    <button type="button" className={`${BUTTON} ${className}`} onClick={() => void copy()}>
      {state === 'copied' ? copiedLabel : state === 'failed' ? failedLabel : label}
    </button>
  );
}
