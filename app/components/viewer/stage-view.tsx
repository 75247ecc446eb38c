'use client';
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { Lang } from '../../../server/protocol';
import { languageStyle } from '../../../server/transcript/caption-style';
import type { ViewerText } from '../../lib/i18n/viewer';

/** The pointer counts as still after this long without moving: the cursor and the buttons go. */
export const STILL_AFTER_MS = 2_000;
/** Stage rows per language: two or three, as broadcast roll-up captions show. */
export const STAGE_MAX_ROWS = 3;
/** Caption text height as a share of the screen's: at least 5 % (54 px on a 1080p projector). */
const TEXT_VH = 5.6;
/**
 * Segments a stage lane lays out: enough that a long turn's lines are cut from its start (greedy
 * breaks depend on everything before them), so the rows on screen do not re-break when an old
 * segment leaves the window. A bound on the work per frame as well.
 */
export const STAGE_SEGMENTS = 32;
/** Room beside a line of `ch` characters: the box's padding (1.2em) and 0.8em for wide letters. */
const LINE_SLACK_EM = 2;
/** Stage line height, in em: tighter than the page's, as on television. */
export const STAGE_LINE_EM = 1.3;
/** Width of `0` in Noto Sans and Andika, in em: what `ch` measures. */
const CH_EM = 0.58;

/** A lane's line width: the language's characters per line, in `ch` (`ic` where one character is a full-width ideograph). */
export function stageLineWidth(lang: Lang): { css: string; em: number } {
  const { maxCharsPerLine, halfWidthCountsHalf } = languageStyle(lang);
  return halfWidthCountsHalf ? { css: `${maxCharsPerLine}ic`, em: maxCharsPerLine } : { css: `${maxCharsPerLine}ch`, em: maxCharsPerLine * CH_EM };
}

/** A lane box's widest: a full line of the language and LINE_SLACK_EM. */
export function stageBoxWidth(lang: Lang): string {
  return `calc(${stageLineWidth(lang).css} + ${LINE_SLACK_EM}em)`;
}

/**
 * The lanes' column: as wide as the widest lane's full line, centred; each lane starts at its
 * edge (the right one for a right-to-left lane), so a line grows without moving what is read.
 */
export function stageColumnWidth(lanes: readonly Lang[]): string {
  return `max(${lanes.map(stageBoxWidth).join(', ')})`;
}

/**
 * The caption size for a screen: TEXT_VH of its height times the viewer's size setting, but never so
 * large that the widest lane's line or all the lanes' rows (and their now-speaking rows) stop
 * fitting: then a line would wrap again or the newest row would leave the screen.
 */
export function stageFontSize(lanes: readonly Lang[], rows: number, scale: number): string {
  const widest = Math.max(...lanes.map((lang) => stageLineWidth(lang).em)) + LINE_SLACK_EM + 0.2;
  // Each lane: its rows, its now-speaking row, the box's padding (0.4em) and the gap between lanes (0.35em).
  const tall = lanes.length * ((rows + 1) * STAGE_LINE_EM + 0.75) + 1;
  return `min(${TEXT_VH * scale}vh, ${(96 / widest).toFixed(3)}vw, ${(94 / tall).toFixed(3)}vh)`;
}

/**
 * The stage face: captions only, for a projector or a second screen. Bottom-anchored unless `pos`
 * is top; no header, buttons or footer on screen. Moving the pointer or tabbing shows a small bar
 * (leave, full screen); it and the cursor hide again after STILL_AFTER_MS of stillness. Esc leaves
 * (in full screen the browser takes Esc to leave full screen first).
 */
export function StageView({
  pos,
  exitHref,
  text,
  fullscreen,
  onFullscreen,
  className,
  style,
  theme,
  children,
}: {
  pos: 'top' | 'bottom';
  exitHref: string;
  text: ViewerText;
  fullscreen: boolean;
  onFullscreen: (element: HTMLElement | null) => void;
  className: string;
  style: CSSProperties;
  theme: string;
  children: ReactNode;
}) {
  const root = useRef<HTMLDivElement>(null);
  const [still, setStill] = useState(false);

  useEffect(() => {
    let timer = setTimeout(() => setStill(true), STILL_AFTER_MS);
    const wake = () => {
      setStill(false);
      clearTimeout(timer);
      timer = setTimeout(() => setStill(true), STILL_AFTER_MS);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !document.fullscreenElement) window.location.assign(exitHref);
    };
    window.addEventListener('pointermove', wake);
    window.addEventListener('pointerdown', wake);
    window.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointermove', wake);
      window.removeEventListener('pointerdown', wake);
      window.removeEventListener('keydown', onKey);
    };
  }, [exitHref]);

  return (
    <div ref={root} className={`viewer stage ${className}`} data-theme={theme} data-pos={pos} data-still={still} style={style} data-testid="stage">
      <div className="stage-tools" role="toolbar" aria-label={text.stageView}>
        <a href={exitHref} className="stage-button">
          {text.exitStage}
        </a>
        <button type="button" className="stage-button" onClick={() => onFullscreen(root.current)}>
          {fullscreen ? text.exitFullscreen : text.fullscreen}
        </button>
      </div>
      {children}
    </div>
  );
}
