// Bundles the embed's client (app/embed/_client) with esbuild: plain DOM code, no React, minified,
// for a page that is a guest on someone else's site. public/embed.js (the room embed, with
// socket.io-client), public/embed-transcript.js (the transcript embed: HTTP only) and
// public/embed/host.js (the script a host page loads to bind its player). Fails when a script is
// over its gzipped size budget.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EMBED_BUNDLE = path.join(root, 'public', 'embed.js');
/** Each script, its entry in app/embed/_client, and its budget in gzipped bytes (gzip -9, as bench/page-weight.ts measures). */
export const EMBED_SCRIPTS = [
  { entry: 'main.ts', out: path.join('public', 'embed.js'), budget: 16_384 },
  { entry: 'transcript.ts', out: path.join('public', 'embed-transcript.js'), budget: 16_384 },
  { entry: 'host.ts', out: path.join('public', 'embed', 'host.js'), budget: 3_072 },
];
/** The embed's own copy of the bundled fonts (Noto Sans: Latin and Cyrillic; Noto Sans Arabic), served from /fonts/. */
const EMBED_FACES = [
  ...['latin-400', 'latin-700', 'cyrillic-400', 'cyrillic-700'].map((face) => ['noto-sans', `noto-sans-${face}-normal.woff2`]),
  ...['arabic-400', 'arabic-700'].map((face) => ['noto-sans-arabic', `noto-sans-arabic-${face}-normal.woff2`]),
];
export const EMBED_FONTS = EMBED_FACES.map(([, file]) => file);

export async function buildEmbed() {
  const fonts = path.join(root, 'public', 'fonts');
  mkdirSync(fonts, { recursive: true });
  // Loaded when building, not when `npm start` only checks that a build is there.
  const { build } = await import('esbuild');
  for (const [family, file] of EMBED_FACES) copyFileSync(path.join(root, 'node_modules', '@fontsource', family, 'files', file), path.join(fonts, file));
  const sizes = {};
  for (const { entry, out, budget } of EMBED_SCRIPTS) {
    await build({
      entryPoints: [path.join(root, 'app', 'embed', '_client', entry)],
      outfile: path.join(root, out),
      bundle: true,
      minify: true,
      format: 'iife',
      target: ['es2020'],
      platform: 'browser',
      legalComments: 'none',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'warning',
      plugins: [
        {
          // The embed never asks for WebTransport (transports: websocket, polling): leave it out.
          name: 'embed-transports',
          setup(pluginBuild) {
            pluginBuild.onResolve({ filter: /^\.\/webtransport\.js$/ }, (args) =>
              args.importer.includes('engine.io-client') ? { path: path.join(root, 'app', 'embed', '_client', 'no-webtransport.ts') } : undefined,
            );
            // Boothcast sends no binary: the same text packets without socket.io-parser's binary code (json-parser.ts).
            pluginBuild.onResolve({ filter: /^socket\.io-parser$/ }, (args) =>
              args.importer.includes('socket.io-client') ? { path: path.join(root, 'app', 'embed', '_client', 'json-parser.ts') } : undefined,
            );
          },
        },
      ],
    });
    const gzipped = gzipSync(readFileSync(path.join(root, out)), { level: 9 }).length;
    if (gzipped > budget) throw new Error(`${out} is ${gzipped} bytes gzipped, over its budget of ${budget}`);
    sizes[out] = gzipped;
  }
  return sizes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await buildEmbed());
