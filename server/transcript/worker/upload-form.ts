/**
 * A multipart request body, as the rooms API received it, to be parsed in the import worker.
 * Its buffer moves to the worker (it is unusable afterwards): it must be the body's own.
 */
export interface FormJob {
  readonly kind: 'form';
  readonly body: Uint8Array;
  readonly contentType: string;
}

/** One part of the form: a text field, or a file with its name and bytes. */
export type FormEntry =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly file: { readonly name: string; readonly content: Uint8Array } };

export type FormJobResult = { readonly ok: true; readonly entries: readonly FormEntry[] } | { readonly ok: false; readonly invalid: 'multipart' };

/**
 * Parses a multipart body with the platform's own parser (the fetch API's `formData()`), in the
 * worker: for 2 MiB it took 40 to 90 ms, on the event loop that serves captions until it moved.
 * The route checks the entries (which fields, how many files, how large).
 */
export async function readForm(job: FormJob): Promise<FormJobResult> {
  let form: FormData;
  try {
    form = await new Response(job.body as BodyInit, { headers: { 'content-type': job.contentType } }).formData();
  } catch {
    return { ok: false, invalid: 'multipart' };
  }
  const entries: FormEntry[] = [];
  for (const [name, value] of form.entries()) {
    entries.push(typeof value === 'string' ? { name, value } : { name, file: { name: value.name, content: new Uint8Array(await value.arrayBuffer()) } });
  }
  return { ok: true, entries };
}

/** The file bytes, handed back to the server without a copy. */
export function formTransfer(result: FormJobResult): ArrayBuffer[] {
  return result.ok ? result.entries.flatMap((entry) => ('file' in entry ? [entry.file.content.buffer as ArrayBuffer] : [])) : [];
}
