import type { Transcript } from '../transcript/model';

/**
 * How an uploaded transcript is kept on disk: its JSON, indented, with the id the library gave
 * it first. The body (everything after the id) is built apart from the id, so that the import
 * worker can serialise and encode a transcript of megabytes before the id exists, and the event
 * loop that serves captions only puts a few dozen bytes in front of it.
 */
export function uploadFileBody(transcript: Transcript): Uint8Array {
  const { id: _id, ...rest } = transcript;
  // `{\n  "a": …\n}`: what follows the opening brace's line, ready to follow the id's line.
  return new TextEncoder().encode(`${JSON.stringify(rest, null, 2).slice(2)}\n`);
}

/** The whole file: the id's line, then the body `uploadFileBody` made. */
export function uploadFile(id: string, body: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`{\n  "id": ${JSON.stringify(id)},\n`);
  const file = new Uint8Array(head.byteLength + body.byteLength);
  file.set(head);
  file.set(body, head.byteLength);
  return file;
}
