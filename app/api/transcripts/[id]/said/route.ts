import { saidResponse } from '../../said-response';

export const dynamic = 'force-dynamic';

/** The transcript from its start up to `?untilMs=<media position>`: a late joiner's scrollback. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return saidResponse((await params).id, request.url);
}
