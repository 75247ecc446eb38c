import { deploymentId } from './scripts/deployment-id.mjs';

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // One id for every node of a release (scripts/deployment-id.mjs): assets carry `?dpl=<id>`, the
  // build id is the same on every node, and a page from an older release reloads on navigation.
  deploymentId: deploymentId(),
  poweredByHeader: false,
  async headers() {
    const common = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    ];
    return [
      // Only /embed/* may be framed (its route sets frame-ancestors from EMBED_FRAME_ANCESTORS).
      {
        source: '/((?!embed/).*)',
        // proxy.ts sets the full policy with a nonce on pages; this covers everything else.
        headers: [...common, { key: 'X-Frame-Options', value: 'DENY' }, { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" }],
      },
      { source: '/embed/:path*', headers: common },
    ];
  },
};

export default nextConfig;
