#!/usr/bin/env bash
# Installs zeromq.js 6.8.0 from the npm registry into a cache directory OUTSIDE the clone:
#   ${ZMTP_PEERS_CACHE:-$HOME/.cache/zmtp-peers}/zeromqjs-6.8.0/node_modules/zeromq
# Its npm tarball carries a prebuilt libzmq 4.3.5 with drafts and CURVE (shared/PEERS.md §3), which gives the
# interop tests a second, independently built libzmq version behind require("zeromq/draft").
# Skipped when that version is already installed and loads.
#
# Progress goes to stderr; the only line on stdout is the install directory (pass it to node as
# NODE_PATH=<dir>/node_modules), so a caller can write  js_dir=$(scripts/peers/install-zeromqjs.sh).
set -Eeuo pipefail

readonly ZEROMQJS_VERSION=6.8.0
readonly CACHE="${ZMTP_PEERS_CACHE:-$HOME/.cache/zmtp-peers}"
readonly DIR="$CACHE/zeromqjs-$ZEROMQJS_VERSION"
readonly STAMP="$DIR/.zmtp-peers-complete"

log() { echo "[install-zeromqjs] $*" >&2; }
die() { echo "[install-zeromqjs] ERROR: $*" >&2; exit 1; }
trap 'die "failed at line $LINENO (exit $?): $BASH_COMMAND"' ERR

command -v node >/dev/null || die "node is not installed (zeromq.js needs Node.js >= 18)"
command -v npm >/dev/null || die "npm is not installed"

started=$(date +%s)
mkdir -p "$CACHE"
exec 9>"$CACHE/.zeromqjs-$ZEROMQJS_VERSION.lock"
flock 9

# Loading the draft entry point proves the native addon matches this Node and has CLIENT/SERVER.
loads() {
  NODE_PATH="$DIR/node_modules" NODE_NO_WARNINGS=1 node -e '
    const zmq = require("zeromq");
    const draft = require("zeromq/draft");
    if (typeof draft.Client !== "function" || typeof draft.Server !== "function") {
      throw new Error("zeromq/draft has no Client/Server");
    }
    const pkg = require("zeromq/package.json");
    if (pkg.version !== process.argv[1]) throw new Error("zeromq " + pkg.version + " installed, not " + process.argv[1]);
    console.error("[install-zeromqjs] zeromq.js " + pkg.version + " (libzmq " + zmq.version + ") loads on node " + process.version);
  ' "$ZEROMQJS_VERSION"
}

if [ -f "$STAMP" ] && loads; then
  log "reusing $DIR"
else
  log "npm install zeromq@$ZEROMQJS_VERSION into $DIR (node $(node --version), npm $(npm --version))"
  rm -rf "$DIR"
  mkdir -p "$DIR"
  # A package.json of its own keeps npm from walking up to some parent project.
  printf '{ "name": "zmtp-peers-zeromqjs", "private": true }\n' >"$DIR/package.json"
  npm install --prefix "$DIR" --no-audit --no-fund --no-save --loglevel=error "zeromq@$ZEROMQJS_VERSION" >&2
  loads || die "zeromq.js $ZEROMQJS_VERSION was installed into $DIR but does not load"
  touch "$STAMP"
fi

log "done in $(( $(date +%s) - started )) s"
echo "$DIR"
