import { captionResponse } from '../../../../../server/transcript/http/transcript-responses';

export const dynamic = 'force-dynamic';

/** SRT captions: `?lang=<tag>`, one of the transcript's languages (an SRT file holds one). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return captionResponse((await params).id, 'srt', request.url);
}
