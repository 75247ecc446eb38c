/**
 * The presenter secret lives in this tab's sessionStorage only: never in a URL (it would reach
 * history, logs and Referer headers), never in server-rendered HTML. A tab closed is a secret
 * forgotten; the console can copy it for another device.
 */
const KEY_PREFIX = 'boothcast:presenter:';
/** Dispatched on `window` when this tab stores or forgets a secret (`storage` events only reach other tabs). */
const CHANGED = 'boothcast:presenter-secret';

export function secretKey(code: string): string {
  return `${KEY_PREFIX}${code}`;
}

export function readSecret(code: string): string | null {
  try {
    return window.sessionStorage.getItem(secretKey(code));
  } catch {
    return null;
  }
}

export function storeSecret(code: string, secret: string): void {
  window.sessionStorage.setItem(secretKey(code), secret);
  window.dispatchEvent(new Event(CHANGED));
}

export function forgetSecret(code: string): void {
  try {
    window.sessionStorage.removeItem(secretKey(code));
  } finally {
    window.dispatchEvent(new Event(CHANGED));
  }
}

/** For `useSyncExternalStore`. */
export function subscribeSecrets(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}
