# Puts a supported Node.js first on PATH. Source it, so the PATH it sets stays for the commands
# that follow:   . scripts/ensure-node.sh && npm ci && npm start
#
# Node.js 24 is the supported runtime and 22 also works (package.json "engines"). A machine whose
# `node` is older (Node.js 20 reached its end of life in April 2026) gets Node.js 24 from the npm
# registry, which serves official builds as packages (`node-<platform>-<arch>`), into .node/ in the
# project: no other download, no root, nothing outside the project changed. POSIX sh, so it can be
# sourced from sh, bash or zsh. Run it from the project's folder.

# The build CI and a fresh machine use: one exact version, so every run measures the same runtime.
BOOTHCAST_NODE_VERSION=24.22.3

# 1 when the `node` on PATH satisfies package.json's "engines" (^22.13.0 || >=24.0.0: the floor of
# the dependencies' own; vitest leaves out 23), else 0 (also when there is no node at all).
boothcast_node_supported() {
  node -p 'const [a, b] = process.versions.node.split(".").map(Number); Number((a === 22 && b >= 13) || a >= 24)' 2>/dev/null || echo 0
}

if [ "$(boothcast_node_supported)" != 1 ]; then
  # Sourced from the project's folder (a sourced script cannot know its own path in POSIX sh).
  boothcast_root=$(pwd)
  boothcast_platform=$(uname -s | tr '[:upper:]' '[:lower:]')
  case "$(uname -m)" in
    x86_64 | amd64) boothcast_arch=x64 ;;
    aarch64 | arm64) boothcast_arch=arm64 ;;
    *) boothcast_arch=$(uname -m) ;;
  esac
  boothcast_package="node-$boothcast_platform-$boothcast_arch"
  boothcast_bin="$boothcast_root/.node/node_modules/$boothcast_package/bin"
  if [ ! -x "$boothcast_bin/node" ] || [ "$("$boothcast_bin/node" -v)" != "v$BOOTHCAST_NODE_VERSION" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "ensure-node: Node.js 22.13 or 24 or newer is needed and npm is missing to fetch it; install Node.js 24" >&2
      return 1 2>/dev/null || exit 1
    fi
    echo "ensure-node: $(node -v 2>/dev/null || echo 'no node') is not supported here (package.json "engines"); installing Node.js $BOOTHCAST_NODE_VERSION into .node/" >&2
    if ! npm install --prefix "$boothcast_root/.node" --no-save --no-audit --no-fund --loglevel=error "$boothcast_package@$BOOTHCAST_NODE_VERSION" >&2; then
      echo "ensure-node: npm could not install $boothcast_package@$BOOTHCAST_NODE_VERSION; install Node.js 24 by hand" >&2
      return 1 2>/dev/null || exit 1
    fi
  fi
  PATH="$boothcast_bin:$PATH"
  export PATH
  echo "ensure-node: using Node.js $(node -v) from .node/" >&2
fi
