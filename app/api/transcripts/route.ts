import { listResponse } from '../../../server/transcript/http/transcript-responses';

export const dynamic = 'force-dynamic';

/** The transcripts this server plays: id, title, languages, duration. */
export function GET(): Response {
  return listResponse();
}
