'use client';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { languageName, MAX_LANGUAGE_TAG_CHARS } from '../../../server/language-tags';
import type { Lang } from '../../../server/protocol';
import { PRESENTER } from '../../lib/i18n/presenter';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { fill, formatClock } from '../../lib/presenter/format';
import {
  formatProblem,
  MAX_SPEAKER_NAME_CHARS,
  MAX_TITLE_CHARS,
  MAX_UPLOAD_FILE_BYTES,
  MAX_UPLOAD_FILES,
  readCreateRoomResponse,
  readUploadPreview,
  ROOMS_API_PATH,
  UPLOAD_EXTENSIONS,
  type RoomsApiError,
  type UploadPreview,
  type UploadProblem,
  type UploadWarning,
} from '../../lib/presenter/rooms-api';
import { storeSecret } from '../../lib/presenter/secret-store';
import { FOCUS_RING, PRIMARY_BUTTON } from './styles';

export interface TranscriptChoice {
  readonly id: string;
  readonly title: string;
  /** Language of `title`, so it can be marked when it differs from the page's. */
  readonly titleLang: Lang;
  readonly durationMs: number;
}

const UPLOAD = '__upload__';
const ACCEPT = [...UPLOAD_EXTENSIONS, 'text/plain', 'text/markdown', 'text/vtt', 'application/x-subrip'].join(',');

/**
 * "Start a room": a bundled transcript or an upload, loop and start-paused options. An upload is
 * checked first (imported, not kept): the presenter sees what the importer changed, and may edit
 * the title and each speaker's name; starting sends the files again with those. On success the
 * secret goes to this tab's sessionStorage and the browser opens the console; it never enters a URL.
 */
/**
 * Offered as the presenter types: the six official languages of the United Nations first, then
 * other widely interpreted ones. Any other BCP 47 tag can be typed; the server checks it.
 */
const SUGGESTED_SOURCE_LANGS: readonly Lang[] = ['en', 'fr', 'es', 'ru', 'zh-Hans', 'ar', 'de', 'it', 'pt', 'pt-BR', 'ja', 'ko', 'hi', 'tr', 'uk', 'pl', 'nl', 'he', 'fa'];

export function StartRoomForm({ lang, transcripts }: { lang: UiLang; transcripts: readonly TranscriptChoice[] }) {
  const t = PRESENTER[lang];
  const router = useRouter();
  const id = useId();
  const [source, setSource] = useState(transcripts[0]?.id ?? UPLOAD);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState('');
  const [problems, setProblems] = useState<readonly UploadProblem[]>([]);
  /** The checked upload: its warnings, and the title and names the presenter is editing. */
  const [preview, setPreview] = useState<UploadPreview | null>(null);
  const [title, setTitle] = useState('');
  const [names, setNames] = useState<Record<string, string>>({});
  const forgetPreview = () => setPreview(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const loop = form.get('loop') === 'on';
    const autoplay = form.get('paused') !== 'on';
    let init: RequestInit;
    const checking = source === UPLOAD && preview === null;
    if (source === UPLOAD) {
      const files = [...form.getAll('primary'), ...form.getAll('secondary')].filter((value): value is File => value instanceof File && value.size > 0);
      if (files.length === 0) return report(t.uploadMissing);
      if (files.length > MAX_UPLOAD_FILES) return report(fill(t.uploadTooMany, { count: String(MAX_UPLOAD_FILES) }));
      const tooBig = files.find((file) => file.size > MAX_UPLOAD_FILE_BYTES);
      if (tooBig) return report(fill(t.errorTooLargeFile, { file: tooBig.name }));
      const body = new FormData();
      for (const file of files) body.append('files', file, file.name);
      body.set('loop', String(loop));
      body.set('autoplay', String(autoplay));
      body.set('sourceLang', String(form.get('sourceLang') ?? ''));
      if (checking) body.set('preview', 'true');
      else {
        body.set('title', title);
        body.set('speakerNames', JSON.stringify(names));
      }
      init = { method: 'POST', body };
    } else {
      init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ transcriptId: source, loop, autoplay }) };
    }

    setPending(true);
    setProblems([]);
    setStatus(checking ? t.uploadChecking : t.starting);
    let answer;
    try {
      const response = await fetch(ROOMS_API_PATH, { ...init, credentials: 'same-origin', cache: 'no-store' });
      const body: unknown = await response.json().catch(() => undefined);
      if (checking) {
        const checked = readUploadPreview(response.status, body);
        setPending(false);
        if (checked.ok) {
          setPreview(checked.preview);
          setTitle(checked.preview.title);
          setNames(Object.fromEntries(checked.preview.speakers.map((s) => [s.id, s.name])));
          return report(t.uploadChecked);
        }
        setProblems(checked.problems);
        return report(failureText(checked));
      }
      answer = readCreateRoomResponse(response.status, body);
    } catch {
      setPending(false);
      return report(t.errorNetwork);
    }
    if (answer.ok) {
      storeSecret(answer.code, answer.secret);
      setStatus(fill(t.started, { code: answer.code }));
      router.push(`/present/${answer.code}`);
      return;
    }
    setPending(false);
    setProblems(answer.problems);
    report(failureText(answer));
  };

  function report(message: string) {
    setStatus(message);
  }

  /** The failure in the interface language; a field the server named (a title too long) is quoted. */
  function failureText(answer: { error: RoomsApiError; message: string; field?: string }): string {
    const text = t[`error_${answer.error}`];
    return answer.field && answer.error === 'invalid-request' ? `${t.errorField} ${answer.message}` : text;
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="flex flex-col gap-5" aria-busy={pending}>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 font-semibold">{t.transcriptLegend}</legend>
        {transcripts.map((choice) => (
          <label key={choice.id} className="flex cursor-pointer items-start gap-3 rounded-md border border-neutral-700 p-3 has-[:checked]:border-sky-300">
            <input
              type="radio"
              name="source"
              value={choice.id}
              checked={source === choice.id}
              onChange={() => setSource(choice.id)}
              className={`mt-1 size-4 accent-sky-300 ${FOCUS_RING}`}
            />
            <span className="flex min-w-0 flex-col">
              <span className="font-semibold break-words" lang={choice.titleLang === lang ? undefined : choice.titleLang}>
                {choice.title}
              </span>
              <span className="text-sm text-neutral-300">{fill(t.duration, { time: formatClock(choice.durationMs) })}</span>
            </span>
          </label>
        ))}
        <label className="flex cursor-pointer items-start gap-3 rounded-md border border-neutral-700 p-3 has-[:checked]:border-sky-300">
          <input
            type="radio"
            name="source"
            value={UPLOAD}
            checked={source === UPLOAD}
            onChange={() => setSource(UPLOAD)}
            className={`mt-1 size-4 accent-sky-300 ${FOCUS_RING}`}
          />
          <span className="flex flex-col">
            <span className="font-semibold">{t.uploadChoice}</span>
            <span className="text-sm text-neutral-300">{t.uploadChoiceHint}</span>
          </span>
        </label>
      </fieldset>

      {source === UPLOAD ? (
        <fieldset className="flex flex-col gap-4 rounded-md border border-neutral-700 p-3">
          <legend className="px-1 font-semibold">{t.uploadLegend}</legend>
          <FileField id={`${id}-primary`} name="primary" label={t.uploadPrimary} hint={t.uploadPrimaryHint} required onChange={forgetPreview} />
          <FileField id={`${id}-secondary`} name="secondary" label={t.uploadSecondary} hint={t.uploadSecondaryHint} multiple onChange={forgetPreview} />
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-lang`} className="font-semibold">
              {t.sourceLang}
            </label>
            <p id={`${id}-lang-hint`} className="text-sm text-neutral-300">
              {t.sourceLangHint}
            </p>
            <input
              id={`${id}-lang`}
              name="sourceLang"
              type="text"
              list={`${id}-lang-list`}
              autoComplete="off"
              spellCheck={false}
              maxLength={MAX_LANGUAGE_TAG_CHARS}
              aria-describedby={`${id}-lang-hint`}
              onChange={forgetPreview}
              defaultValue=""
              placeholder={t.sourceLangAuto}
              className={`w-full max-w-xs rounded-md border border-neutral-500 bg-neutral-900 px-3 py-2 ${FOCUS_RING}`}
            />
            <datalist id={`${id}-lang-list`}>
              {SUGGESTED_SOURCE_LANGS.map((tag) => (
                <option key={tag} value={tag}>
                  {languageName(tag, lang)} — {languageName(tag)}
                </option>
              ))}
            </datalist>
          </div>
        </fieldset>
      ) : null}

      {source === UPLOAD && preview ? (
        <fieldset className="flex flex-col gap-4 rounded-md border border-neutral-700 p-3" data-testid="upload-preview">
          <legend className="px-1 font-semibold">{t.uploadEditLegend}</legend>
          {preview.warnings.length > 0 ? (
            <div className="flex flex-col gap-1">
              <p className="font-semibold">{fill(t.warningsHeading, { count: String(preview.warnings.length) })}</p>
              <ul className="flex flex-col gap-1 rounded-md border border-sky-300/50 p-3 font-mono text-sm break-words" data-testid="upload-warnings">
                {preview.warnings.map((warning, i) => (
                  <li key={i}>{warningText(t, warning)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-title`} className="font-semibold">
              {t.uploadTitle}
            </label>
            <input
              id={`${id}-title`}
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              required
              maxLength={MAX_TITLE_CHARS}
              className={`w-full rounded-md border border-neutral-500 bg-neutral-900 px-3 py-2 ${FOCUS_RING}`}
            />
          </div>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 font-semibold">{t.uploadSpeakers}</legend>
            {preview.speakers.map((speaker) => (
              <label key={speaker.id} className="flex flex-col gap-1 text-sm">
                <span className="font-mono text-neutral-300">{speaker.id}</span>
                <input
                  value={names[speaker.id] ?? ''}
                  onChange={(event) => setNames((current) => ({ ...current, [speaker.id]: event.target.value }))}
                  required
                  maxLength={MAX_SPEAKER_NAME_CHARS}
                  aria-label={fill(t.uploadSpeakerName, { id: speaker.id })}
                  className={`w-full rounded-md border border-neutral-500 bg-neutral-900 px-3 py-2 text-base ${FOCUS_RING}`}
                />
              </label>
            ))}
          </fieldset>
        </fieldset>
      ) : null}

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 font-semibold">{t.optionsLegend}</legend>
        <label className="flex items-center gap-3">
          <input type="checkbox" name="loop" className={`size-4 accent-sky-300 ${FOCUS_RING}`} />
          {t.optionLoop}
        </label>
        <label className="flex items-center gap-3">
          <input type="checkbox" name="paused" className={`size-4 accent-sky-300 ${FOCUS_RING}`} />
          {t.optionPaused}
        </label>
      </fieldset>

      <div className="flex flex-col gap-3">
        <button type="submit" disabled={pending} className={`${PRIMARY_BUTTON} self-start`}>
          {pending ? (source === UPLOAD && !preview ? t.uploadChecking : t.starting) : source === UPLOAD && !preview ? t.uploadCheck : t.startSubmit}
        </button>
        <div role="status" className="flex flex-col gap-2" data-testid="start-status">
          {status ? <p className="font-semibold text-amber-100">{status}</p> : null}
          {problems.length > 0 ? (
            <ul className="flex flex-col gap-1 rounded-md border border-amber-300/60 p-3 font-mono text-sm break-words text-amber-100">
              {problems.map((problem, i) => (
                <li key={i}>{formatProblem(problem)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </form>
  );
}

/** `file:line: …` with the importer's change in the interface language (its English message when the console has no words for it). */
function warningText(t: (typeof PRESENTER)[UiLang], warning: UploadWarning): string {
  const key = `warning_${warning.code}`;
  const template: unknown = Object.hasOwn(t, key) ? t[key as keyof typeof t] : undefined;
  const values = Object.fromEntries(Object.entries(warning.values ?? {}).map(([k, v]) => [k, String(v)]));
  const text = typeof template === 'string' ? fill(template, values) : warning.message;
  return formatProblem({ ...warning, message: text });
}

function FileField({
  id,
  name,
  label,
  hint,
  required,
  multiple,
  onChange,
}: {
  id: string;
  name: string;
  label: string;
  hint: string;
  required?: boolean;
  multiple?: boolean;
  onChange?: () => void;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-semibold">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="file"
        accept={ACCEPT}
        required={required}
        multiple={multiple}
        onChange={onChange}
        aria-describedby={`${id}-hint`}
        className={`max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-neutral-500 file:bg-neutral-800 file:px-3 file:py-2 file:text-neutral-100 ${FOCUS_RING}`}
      />
      <p id={`${id}-hint`} className="text-sm text-neutral-300">
        {hint}
      </p>
    </div>
  );
}
