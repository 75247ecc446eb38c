// Stops a script early, with what to do, when it runs on a Node.js that package.json's "engines"
// does not allow (^22.13.0 || >=24.0.0; Node.js 24 is the supported runtime). npm only warns
// about "engines"; an old Node.js would fail later and less clearly (Node.js 20 reached its end of
// life in April 2026).
export function supportedNode(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return (major === 22 && minor >= 13) || major >= 24;
}

export function requireSupportedNode(what) {
  if (supportedNode()) return;
  console.error(
    `${what} needs Node.js 24 (or 22.13 and newer); this is ${process.version}. ` +
      'Run `. scripts/ensure-node.sh` in this shell first: it puts Node.js 24 from the npm registry first on PATH.',
  );
  process.exit(1);
}
