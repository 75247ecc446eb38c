'use client';
import { useRef } from 'react';
import { PRESENTER } from '../../lib/i18n/presenter';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { fill } from '../../lib/presenter/format';
import { CopyButton } from './copy-button';
import type { ConsoleProps } from './presenter-console';
import { BUTTON, LINK } from './styles';

/**
 * How students get in: the room code big enough to read from the back of a classroom, the join
 * address, and a QR code of it (rendered on the server, no outside service). "Full screen" shows
 * code and QR code over everything, for a projector.
 */
export function RoomShare({
  lang,
  code,
  joinUrl,
  qrSvg,
  viewers,
  reach,
  onAnnounce,
}: {
  lang: UiLang;
  code: string;
  joinUrl: string;
  qrSvg: string;
  viewers: number | undefined;
  reach: ConsoleProps['reach'];
  onAnnounce: (message: string) => void;
}) {
  const t = PRESENTER[lang];
  const dialogRef = useRef<HTMLDialogElement>(null);
  return (
    <div className="flex flex-col items-start gap-4">
      <p className="flex flex-col">
        <span className="text-sm font-semibold text-neutral-300">{t.roomCode}</span>
        <span
          className="font-mono text-[clamp(3rem,16vw,6rem)] leading-none font-bold tracking-[0.12em] break-all text-white"
          data-testid="room-code"
        >
          {code}
        </span>
      </p>
      <QrCode svg={qrSvg} label={fill(t.qrLabel, { url: joinUrl })} className="w-80 max-w-full" />
      <p className="flex max-w-full flex-col gap-1">
        <span className="text-sm font-semibold text-neutral-300">{t.joinAddress}</span>
        <a href={joinUrl} className={`font-mono text-lg [overflow-wrap:anywhere] ${LINK}`} data-testid="join-url">
          {/* Break before the path rather than inside the code, when the address does not fit. */}
          {joinUrl.slice(0, joinUrl.lastIndexOf('/watch/'))}
          <wbr />
          {joinUrl.slice(joinUrl.lastIndexOf('/watch/'))}
        </a>
      </p>
      <JoinReach t={t} reach={reach} />
      <div className="flex flex-wrap gap-2">
        <CopyButton
          text={() => joinUrl}
          label={t.copyAddress}
          copiedLabel={t.copied}
          failedLabel={t.copyFailed}
          onResult={onAnnounce}
        />
        <button type="button" className={BUTTON} onClick={() => dialogRef.current?.showModal()} aria-haspopup="dialog">
          {t.fullScreen}
        </button>
        {/* The captions alone, for the projector or a second screen: opens in a window of its own. */}
        <a href={`${joinUrl}?view=stage`} target="_blank" rel="noopener" className={BUTTON} data-testid="stage-link">
          {t.stageView}
        </a>
      </div>
      <p className="text-base" data-testid="viewers">
        <span className="font-semibold text-neutral-300">{t.viewers}: </span>
        <span className="text-2xl font-bold tabular-nums">{viewers ?? '–'}</span>
      </p>

      <dialog
        ref={dialogRef}
        aria-labelledby="share-dialog-title"
        className="m-0 h-dvh max-h-none w-dvw max-w-none overflow-auto bg-neutral-950 p-4 text-neutral-100 backdrop:bg-neutral-950"
      >
        <form method="dialog" className="absolute top-4 right-4">
          <button type="submit" className={BUTTON} autoFocus>
            {t.closeFullScreen}
          </button>
        </form>
        {/* min-h-full rather than h-full: content taller than the screen scrolls instead of being cut off at the top. */}
        <div className="flex min-h-full flex-col items-center justify-center gap-4 pt-14">
          <h2 id="share-dialog-title" className="text-center text-xl font-semibold">
            {t.fullScreenTitle}
          </h2>
          <p className="font-mono text-[clamp(3rem,min(14vw,18dvh),12rem)] leading-none font-bold tracking-[0.12em] break-all text-white">{code}</p>
          <QrCode svg={qrSvg} label={fill(t.qrLabel, { url: joinUrl })} className="w-[min(55dvh,90vw)]" testId="qr-code-full" />
          <p className="text-center font-mono text-[clamp(1rem,2.5vw,2rem)] break-all">{joinUrl}</p>
        </div>
      </dialog>
    </div>
  );
}

/** What the presenter must know when the address they opened is not one students can use. */
function JoinReach({ t, reach }: { t: (typeof PRESENTER)[UiLang]; reach: ConsoleProps['reach'] }) {
  if (reach.kind === 'public') return null;
  if (reach.kind !== 'lan') {
    return (
      <p className="rounded-md border border-yellow-300 bg-neutral-950 px-3 py-2 text-sm font-semibold text-yellow-200" data-testid="join-reach">
        {t.reachLocalOnly}
      </p>
    );
  }
  return (
    <div className="flex max-w-full flex-col gap-1 text-sm text-neutral-200" data-testid="join-reach">
      <p>{t.reachLan}</p>
      {reach.others.length > 0 ? (
        <>
          <p className="font-semibold text-neutral-300">{t.reachLanOthers}</p>
          <ul className="flex flex-col gap-0.5 font-mono [overflow-wrap:anywhere]">
            {reach.others.map((url) => (
              <li key={url}>{url}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function QrCode({ svg, label, className, testId = 'qr-code' }: { svg: string; label: string; className: string; testId?: string }) {
  return (
    <div
      role="img"
      aria-label={label}
      data-testid={testId}
      className={`aspect-square rounded-lg bg-white p-2 [&>svg]:block [&>svg]:h-full [&>svg]:w-full ${className}`}
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
