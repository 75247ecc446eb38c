import { describe, expect, it } from 'vitest';
import { hasMalformedPath } from '../../../server/http/malformed-path';

describe('a request path with a broken percent-encoding', () => {
  it.each(['/watch/%E0%A4%A', '/embed/%', '/transcript/%zz', '/api/oembed/%E0%A4', '/watch/%C0%AF', '/%ED%A0%80'])('is found in %s', (url) => {
    expect(hasMalformedPath(url)).toBe(true);
  });

  it.each(['/watch/PRESS', '/watch/%E0%A4%A4', '/embed/PR%45SS?x=%', '/api/oembed?url=http://h/watch/%E0%A4%A', '/transcript/a%2Fb', '/'])('is not found in %s', (url) => {
    expect(hasMalformedPath(url)).toBe(false);
  });
});
