import { describe, expect, it } from 'vitest';
import { EMBED_SIZE, embedSize } from '../../../app/api/oembed/embed-size';

describe('the oEmbed iframe size', () => {
  it.each<[string | null, string | null, number, number]>([
    [null, null, EMBED_SIZE.defaultWidthPx, EMBED_SIZE.defaultHeightPx],
    ['500', '200', 500, 200],
    ['1000', '600', 1000, 600],
    ['-640', '-1', EMBED_SIZE.minWidthPx, EMBED_SIZE.minHeightPx],
    ['0', '0', EMBED_SIZE.minWidthPx, EMBED_SIZE.minHeightPx],
    ['99999999', '1e308', EMBED_SIZE.maxWidthPx, EMBED_SIZE.maxHeightPx],
    ['Infinity', '-Infinity', EMBED_SIZE.defaultWidthPx, EMBED_SIZE.defaultHeightPx],
    ['wide', '', EMBED_SIZE.defaultWidthPx, EMBED_SIZE.defaultHeightPx],
    ['480.9', '239.5', 480, 239],
  ])('maxwidth=%s maxheight=%s gives %i × %i', (maxwidth, maxheight, width, height) => {
    expect(embedSize(maxwidth, maxheight)).toEqual({ width, height });
  });
});
