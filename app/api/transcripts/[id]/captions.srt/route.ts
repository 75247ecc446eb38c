import { captionResponse } from '../../../../../server/transcript/http/transcript-responses';

export const dynamic = 'force-dynamic';

/** SRT captions: `?lang=en` or `ru`. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return captionResponse((await params).id, 'srt', request.url);
}
