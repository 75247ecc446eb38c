'use client';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { Lang } from '../../../server/protocol';
import type { OutputView } from '../../../server/connectors/manager';
import { languageName } from '../../../server/language-tags';
import { PRESENTER } from '../../lib/i18n/presenter';
import type { UiLang } from '../../lib/i18n/ui-lang';
import { fill } from '../../lib/presenter/format';
import { readSecret } from '../../lib/presenter/secret-store';
import { BUTTON, PRIMARY_BUTTON, TEXT_INPUT } from './styles';

const TYPES = ['zoom', 'youtube', 'teams', 'obs', 'webhook'] as const;
type OutputType = (typeof TYPES)[number];
/** How often the panel asks for the outputs' state while it is open. */
const REFRESH_MS = 2_000;

type Problem = { code: string; message: string; field?: string };

/**
 * The room's caption outputs (docs/integrations.md): each with its state (sending, failing with
 * the platform's answer, stopped), last `seq`, counts and latency, and a form to add one. Speaks
 * the HTTP API of docs/protocol.md, "Caption outputs", with the secret from this tab's
 * sessionStorage in the Authorization header; the server never sends a token back.
 */
export function OutputsPanel({ lang, code, languages, onAnnounce }: { lang: UiLang; code: string; languages: readonly Lang[]; onAnnounce: (text: string) => void }) {
  const t = PRESENTER[lang];
  const [outputs, setOutputs] = useState<OutputView[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [type, setType] = useState<OutputType>('zoom');
  const [outputLang, setOutputLang] = useState<Lang>(languages[0]);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [formError, setFormError] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  const call = useCallback(
    async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
      const presenterSecret = readSecret(code) ?? '';
      const response = await fetch(`/api/rooms/${encodeURIComponent(code)}/outputs${path}`, {
        method,
        cache: 'no-store',
        headers: { authorization: `Bearer ${presenterSecret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
    },
    [code],
  );

  const refresh = useCallback(async () => {
    try {
      const { status, json } = await call('GET', '');
      if (status !== 200) return setProblem((json as { error?: Problem } | undefined)?.error?.message ?? String(status));
      setProblem(undefined);
      setOutputs((json as { outputs: OutputView[] }).outputs);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }, [call]);

  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refresh]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFormError(undefined);
    const body: Record<string, string> = { type, lang: outputLang, url: url.trim() };
    if (type === 'obs' && secret) body.password = secret;
    if (type === 'webhook') body.secret = secret;
    try {
      const { status, json } = await call('POST', '', body);
      if (status === 201) {
        setUrl('');
        setSecret('');
        onAnnounce(t.outputAdded);
        await refresh();
      } else {
        setFormError((json as { error?: Problem } | undefined)?.error ?? { code: String(status), message: String(status) });
      }
    } finally {
      setBusy(false);
    }
  };

  const act = async (output: OutputView, method: string, path: string, announce?: string) => {
    const { status, json } = await call(method, `/${output.id}${path}`, method === 'POST' ? {} : undefined);
    if (status >= 400) onAnnounce((json as { error?: Problem } | undefined)?.error?.message ?? String(status));
    else if (announce) onAnnounce(announce);
    await refresh();
  };

  const needsSecret = type === 'obs' || type === 'webhook';
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-neutral-300">{t.outputsIntro}</p>
      {problem ? (
        <p role="alert" className="text-sm text-red-300">
          {fill(t.outputsLoadFailed, { error: problem })}
        </p>
      ) : null}
      {outputs && outputs.length === 0 ? <p className="text-sm text-neutral-300">{t.outputsNone}</p> : null}
      {outputs && outputs.length > 0 ? (
        <ul className="flex flex-col gap-3" data-testid="outputs">
          {outputs.map((output) => (
            <li key={output.id} className="rounded-md border border-neutral-700 p-3">
              <p className="flex flex-wrap items-baseline gap-x-3">
                <span className="font-semibold">{t[`outputType_${output.type}`]}</span>
                <span lang={output.lang}>{languageName(output.lang, lang)}</span>
                <span className="text-sm break-all text-neutral-300">{output.target}</span>
                <span
                  className={`text-sm font-semibold ${output.state === 'failing' ? 'text-red-300' : output.state === 'sending' ? 'text-green-300' : 'text-neutral-300'}`}
                  data-testid="output-state"
                >
                  {t[`outputState_${output.state}`]}
                </span>
              </p>
              {output.error ? <p className="text-sm break-words text-red-300">{output.error}</p> : null}
              <p className="text-sm text-neutral-300 tabular-nums">
                {fill(t.outputStats, { seq: output.lastSeq, delivered: output.delivered, retries: output.retries })}
                {output.latency ? ` · ${fill(t.outputLatency, { median: Math.round(output.latency.medianMs), p99: Math.round(output.latency.p99Ms) })}` : ''}
                {output.uncertain > 0 ? ` · ${fill(t.outputUncertain, { count: output.uncertain })}` : ''}
                {output.dropped > 0 ? ` · ${fill(t.outputDropped, { count: output.dropped })}` : ''}
              </p>
              <div className="mt-2 flex flex-wrap gap-2">
                {output.state === 'stopped' ? (
                  <button type="button" className={BUTTON} onClick={() => void act(output, 'POST', '/start')}>
                    {t.outputStart}
                  </button>
                ) : (
                  <button type="button" className={BUTTON} onClick={() => void act(output, 'POST', '/stop')}>
                    {t.outputStop}
                  </button>
                )}
                <button type="button" className={BUTTON} onClick={() => void act(output, 'DELETE', '', t.outputRemoved)}>
                  {t.outputRemove}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="flex flex-col gap-3" onSubmit={(event) => void add(event)} noValidate>
        <div className="flex flex-wrap gap-3">
          <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-type`}>
            {t.outputType}
            <select id={`${id}-type`} className={TEXT_INPUT} value={type} onChange={(e) => setType(e.target.value as OutputType)}>
              {TYPES.map((value) => (
                <option key={value} value={value}>
                  {t[`outputType_${value}`]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-lang`}>
            {t.outputLang}
            <select id={`${id}-lang`} className={TEXT_INPUT} value={outputLang} onChange={(e) => setOutputLang(e.target.value)}>
              {languages.map((value) => (
                <option key={value} value={value} lang={value}>
                  {languageName(value, lang)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-url`}>
          {t[`outputUrl_${type}`]}
          <input
            id={`${id}-url`}
            className={TEXT_INPUT}
            type="url"
            autoComplete="off"
            spellCheck={false}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            aria-invalid={formError?.field === 'url' || undefined}
            aria-describedby={formError ? `${id}-error` : undefined}
          />
        </label>
        {needsSecret ? (
          <label className="flex flex-col gap-1 text-sm" htmlFor={`${id}-secret`}>
            {type === 'obs' ? t.outputPassword : t.outputSecret}
            <input
              id={`${id}-secret`}
              className={TEXT_INPUT}
              type="password"
              autoComplete="new-password"
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              aria-invalid={formError?.field === 'secret' || formError?.field === 'password' || undefined}
            />
          </label>
        ) : null}
        {formError ? (
          <p id={`${id}-error`} role="alert" className="text-sm text-red-300">
            {formError.field ? fill(t.outputFieldError, { field: formError.field, message: formError.message }) : formError.message}
          </p>
        ) : null}
        <div>
          <button type="submit" className={PRIMARY_BUTTON} disabled={busy || url.trim() === ''}>
            {t.outputAdd}
          </button>
        </div>
      </form>
    </div>
  );
}
