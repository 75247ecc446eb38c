import { captionResponse } from '../../../../../server/transcript/http/transcript-responses';

export const dynamic = 'force-dynamic';

/** WebVTT captions: `?lang=<tag>` for one of the transcript's languages, `en,ar` for several, `both` for all. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return captionResponse((await params).id, 'vtt', request.url);
}
