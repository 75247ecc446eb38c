import Link from 'next/link';
import { MAX_ROOM_CODE_LENGTH, MIN_ROOM_CODE_LENGTH } from '../server/rooms/room-code';
import { COMMON } from './lib/i18n/common';
import { requestUiLang } from './lib/i18n/server';

export default async function NotFound() {
  const text = COMMON[await requestUiLang()];
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 px-4 py-16">
      <h1 className="text-2xl font-bold">{text.notFoundTitle}</h1>
      <p>{text.notFoundText.replace('{min}', String(MIN_ROOM_CODE_LENGTH)).replace('{max}', String(MAX_ROOM_CODE_LENGTH))}</p>
      <Link href="/" className="text-sky-300 underline">
        {text.backHome}
      </Link>
    </main>
  );
}
