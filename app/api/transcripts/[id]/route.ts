import { transcriptResponse } from '../../../../server/transcript/http/transcript-responses';

export const dynamic = 'force-dynamic';

/** The compiled transcript, as the server replays it; `?lang=<tag>` (one of its languages) for that language of it. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return transcriptResponse((await params).id, undefined, request.url);
}
