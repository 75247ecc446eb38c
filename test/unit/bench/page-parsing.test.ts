import { describe, expect, it } from 'vitest';
import { firstCaptionPaintMs, scriptUrls, stylesheetUrls, woff2Urls } from '../../../bench/page-weight';

describe('page-weight helpers', () => {
  const html =
    '<link rel="stylesheet" href="/_next/a.css" data-precedence="next"/><link rel="preload" as="script" fetchPriority="low" href="/_next/late.js"/>' +
    '<link rel="preload" as="font" href="/f.woff2"/><script src="/_next/a.js" async=""></script><script src="/_next/poly.js" noModule=""></script>' +
    '<script>inline()</script><script src="/embed.js?v=1&amp;x=2" defer></script><style>@font-face{src:url(/fonts/x.woff2) format("woff2")}</style>';

  it('finds every script a module browser loads, and the nomodule ones apart', () => {
    expect(scriptUrls(html)).toEqual({ scripts: ['/_next/a.js', '/embed.js?v=1&x=2', '/_next/late.js'], nomodule: ['/_next/poly.js'] });
  });

  it('finds stylesheets and the woff2 fonts CSS references', () => {
    expect(stylesheetUrls(html)).toEqual(['/_next/a.css']);
    expect(woff2Urls(html)).toEqual(['/fonts/x.woff2']);
    expect(woff2Urls("src:url('../media/a.woff2') format('woff2'),url(../media/a.woff) format('woff');src:url(\"b.woff2\")")).toEqual(['../media/a.woff2', 'b.woff2']);
  });

  it('takes the first contentful paint when the caption was there before it, else the next frame', () => {
    expect(firstCaptionPaintMs({ exists: 40, raf: 45, fcp: 60 })).toBe(60);
    expect(firstCaptionPaintMs({ exists: 90, raf: 101, fcp: 60 })).toBe(101);
    expect(firstCaptionPaintMs({ exists: 90, raf: -1, fcp: 60 })).toBeNull();
    expect(firstCaptionPaintMs({ exists: -1, raf: -1, fcp: 60 })).toBeNull();
  });
});
