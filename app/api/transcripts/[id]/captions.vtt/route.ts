import { captionResponse } from '../../../../../server/transcript/http/transcript-responses';

export const dynamic = 'force-dynamic';

/** WebVTT captions: `?lang=en`, `ru` or `both`. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return captionResponse((await params).id, 'vtt', request.url);
}
