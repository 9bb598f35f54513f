#!/usr/bin/env bash
# Builds libzmq 4.3.4 WITH draft APIs (CLIENT/SERVER sockets) from Debian's source package, and our small C
# peer programs in integration-tests/peers/ against it. Debian's binary libzmq5 is built without drafts: a
# CLIENT/SERVER handshake aborts inside it (see shared/PEERS.md §1), so the interop tests need their own build.
#
# Both results live in a cache OUTSIDE the clone, so a fresh clone or a second run reuses them:
#   $ZMTP_PEERS_CACHE/libzmq-4.3.4-draft/            the library (skipped when its stamp file is there)
#   $ZMTP_PEERS_CACHE/libzmq-4.3.4-draft-peers/<hash>/   the C peers, keyed by a hash of their sources,
#                                                    the compiler flags and the library stamp, so edits rebuild
# ZMTP_PEERS_CACHE defaults to $HOME/.cache/zmtp-peers.
#
# Progress goes to stderr; the only line on stdout is the directory holding the peer binaries, so a caller
# can write  bin_dir=$(scripts/peers/build-libzmq-draft.sh).
# Runs as root on Debian (apt-get is used only when a package or the source is missing).
set -Eeuo pipefail

readonly LIBZMQ_VERSION=4.3.4
readonly SOURCE_PACKAGE=zeromq3
readonly CACHE="${ZMTP_PEERS_CACHE:-$HOME/.cache/zmtp-peers}"
readonly PREFIX="$CACHE/libzmq-$LIBZMQ_VERSION-draft"
readonly STAMP="$PREFIX/.zmtp-peers-complete"
readonly PEERS_SRC="$(cd "$(dirname "$0")/../../integration-tests/peers" && pwd)"
readonly PEER_PROGRAMS=(zmtp_client_peer zmtp_server_peer)
# The packages the build needs; dpkg-dev provides dpkg-source, which `apt-get source` uses to unpack.
readonly BUILD_PACKAGES=(cmake ninja-build libsodium-dev pkg-config g++ dpkg-dev)
# Our own deb-src entry (see ensure_deb_src); a file of its own so we never edit the machine's entries.
readonly DEB_SRC_FILE=/etc/apt/sources.list.d/zmtp-peers-deb-src.sources

# Pipelines below use `grep >/dev/null`, never `grep -q`: under pipefail, grep -q quits at the first match and the
# producer (nm, ldd, apt-cache) can die of SIGPIPE, failing a check that matched.
log() { echo "[build-libzmq-draft] $*" >&2; }
die() { echo "[build-libzmq-draft] ERROR: $*" >&2; exit 1; }
trap 'die "failed at line $LINENO (exit $?): $BASH_COMMAND"' ERR

started=$(date +%s)
mkdir -p "$CACHE"
# Two test runs at once must not build into the same prefix together.
exec 9>"$CACHE/.libzmq-$LIBZMQ_VERSION-draft.lock"
flock 9

apt_updated=false
apt_update_once() {
  if [ "$apt_updated" = false ]; then
    log "apt-get update"
    apt-get update -qq >&2
    apt_updated=true
  fi
}

ensure_packages() {
  local missing=() p
  for p in "$@"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt_update_once
    log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

# `apt-get source` needs deb-src entries. Derive them from the machine's own Debian entries (same URIs,
# Suites, Components, keyring) so the source comes from the same mirror and snapshot as the binaries.
ensure_deb_src() {
  if apt-cache showsrc "$SOURCE_PACKAGE" 2>/dev/null | grep "^Package: $SOURCE_PACKAGE\$" >/dev/null; then
    return
  fi
  if [ ! -f "$DEB_SRC_FILE" ]; then
    local entries
    # deb822 stanzas of the enabled *.sources files that serve Debian's own archive, with Types rewritten.
    entries=$(for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && [ "$f" != "$DEB_SRC_FILE" ] && { cat "$f"; echo; }
      done | awk -v RS= -v ORS='\n\n' '
        /(^|\n)Types:([^\n]* )?deb( |\n|$)/ && /(^|\n)URIs:[^\n]*debian/ && !/(^|\n)Enabled: *no/ {
          out = ""
          n = split($0, lines, "\n")
          for (i = 1; i <= n; i++) {
            if (lines[i] ~ /^#/) continue
            if (lines[i] ~ /^Types:/) lines[i] = "Types: deb-src"
            out = out lines[i] "\n"
          }
          printf "%s", out; printf "\n"
        }')
    # One-line sources.list format, for machines configured the old way.
    if [ -z "$entries" ] && [ -f /etc/apt/sources.list ]; then
      local lines
      lines=$(grep -E '^deb\s' /etc/apt/sources.list | grep debian | sed -E 's/^deb(\s)/deb-src\1/' || true)
      [ -n "$lines" ] || die "no Debian 'deb' entry found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
      log "adding deb-src entries to /etc/apt/sources.list.d/zmtp-peers-deb-src.list"
      printf '# Added by zmtp-netty scripts/peers/build-libzmq-draft.sh for `apt-get source %s`.\n%s\n' \
        "$SOURCE_PACKAGE" "$lines" >/etc/apt/sources.list.d/zmtp-peers-deb-src.list
    else
      [ -n "$entries" ] || die "no Debian 'deb' entry found in /etc/apt/sources.list.d/*.sources"
      log "adding deb-src entries to $DEB_SRC_FILE"
      printf '# Added by zmtp-netty scripts/peers/build-libzmq-draft.sh for `apt-get source %s`.\n%s' \
        "$SOURCE_PACKAGE" "$entries" >"$DEB_SRC_FILE"
    fi
  fi
  apt_updated=false
  apt_update_once
  apt-cache showsrc "$SOURCE_PACKAGE" 2>/dev/null | grep "^Package: $SOURCE_PACKAGE\$" >/dev/null \
    || die "apt knows no source package $SOURCE_PACKAGE even after adding deb-src entries"
}

build_libzmq() {
  local work
  # A failed build leaves its work directory for inspection; the next build (we hold the lock) clears it.
  rm -rf "$CACHE"/.build-libzmq.*
  work=$(mktemp -d "$CACHE/.build-libzmq.XXXXXX")
  # A half-installed prefix is worse than none: it has no stamp, so the next run starts over.
  rm -rf "$PREFIX"
  ensure_packages "${BUILD_PACKAGES[@]}"
  ensure_deb_src
  log "apt-get source $SOURCE_PACKAGE (into $work)"
  (cd "$work" && apt-get source -q "$SOURCE_PACKAGE" >&2)
  local src="$work/$SOURCE_PACKAGE-$LIBZMQ_VERSION"
  [ -f "$src/CMakeLists.txt" ] || die "expected $src/CMakeLists.txt: the source package is not libzmq $LIBZMQ_VERSION ($(ls "$work"))"

  log "cmake configure (drafts, libsodium CURVE, -fvisibility=hidden) -> $PREFIX"
  # -fvisibility=hidden: without it this CMake build is 20-35 % slower for small messages than Debian's own
  # autotools build (shared/PEERS.md §1), which would make it an unfair performance anchor.
  cmake -G Ninja "$src" -B "$work/build" -Wno-dev -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$PREFIX" -DENABLE_DRAFTS=ON -DWITH_LIBSODIUM=ON -DENABLE_CURVE=ON \
    -DBUILD_TESTS=OFF -DBUILD_STATIC=OFF -DWITH_PERF_TOOL=ON -DWITH_DOCS=OFF \
    "-DCMAKE_CXX_FLAGS=-fvisibility=hidden -fvisibility-inlines-hidden" "-DCMAKE_C_FLAGS=-fvisibility=hidden" \
    >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log" >&2; die "cmake configure failed"; }
  log "ninja build + install ($(nproc) jobs)"
  ninja -C "$work/build" -j"$(nproc)" install >"$work/ninja.log" 2>&1 \
    || { tail -50 "$work/ninja.log" >&2; die "ninja build failed (log above)"; }
  # Proves the drafts are really on: zmq_msg_routing_id is exported only by a draft build.
  nm -D --defined-only "$PREFIX/lib/libzmq.so" | grep ' zmq_msg_routing_id$' >/dev/null \
    || die "$PREFIX/lib/libzmq.so does not export zmq_msg_routing_id: not a draft build"
  echo "libzmq $LIBZMQ_VERSION drafts=ON curve=libsodium built $(date -u +%FT%TZ)" >"$STAMP"
  rm -rf "$work"
}

if [ -f "$STAMP" ] && [ -e "$PREFIX/lib/libzmq.so" ] && [ -f "$PREFIX/include/zmq.h" ]; then
  log "reusing $PREFIX ($(cat "$STAMP"))"
else
  log "building libzmq $LIBZMQ_VERSION with drafts into $PREFIX"
  build_libzmq
  log "libzmq built in $(( $(date +%s) - started )) s"
fi

# ---------------------------------------------------------------- our C peers
readonly CFLAGS_PEERS=(-O2 -std=c11 -Wall -Wextra -Werror -DZMQ_BUILD_DRAFT_API "-I$PREFIX/include")
# The rpath picks the draft build at run time: its soname equals Debian's non-draft libzmq5.
readonly LDFLAGS_PEERS=("-L$PREFIX/lib" "-Wl,-rpath,$PREFIX/lib" -lzmq)
peers_hash=$( {
    for program in "${PEER_PROGRAMS[@]}"; do cat "$PEERS_SRC/$program.c"; done
    cat "$PEERS_SRC"/*.h 2>/dev/null || true
    echo "${CFLAGS_PEERS[*]} ${LDFLAGS_PEERS[*]}"
    cat "$STAMP"
  } | sha256sum | cut -c1-16)
readonly PEERS_BIN="$CACHE/libzmq-$LIBZMQ_VERSION-draft-peers/$peers_hash"

if [ -f "$PEERS_BIN/.complete" ]; then
  log "reusing C peers in $PEERS_BIN"
else
  peers_started=$(date +%s)
  ensure_packages gcc
  rm -rf "$PEERS_BIN"
  mkdir -p "$PEERS_BIN"
  for program in "${PEER_PROGRAMS[@]}"; do
    log "cc $program.c"
    cc "${CFLAGS_PEERS[@]}" -o "$PEERS_BIN/$program" "$PEERS_SRC/$program.c" "${LDFLAGS_PEERS[@]}"
  done
  # The binaries must resolve libzmq to the draft build, never to a system libzmq5.
  ldd "$PEERS_BIN/zmtp_client_peer" | grep "$PREFIX/lib/libzmq" >/dev/null \
    || die "zmtp_client_peer does not link $PREFIX/lib/libzmq: $(ldd "$PEERS_BIN/zmtp_client_peer" | grep zmq)"
  touch "$PEERS_BIN/.complete"
  # Builds of older sources are dead weight; another clone that still needs one rebuilds it in a second.
  find "$(dirname "$PEERS_BIN")" -mindepth 1 -maxdepth 1 -type d ! -name "$peers_hash" -exec rm -rf {} +
  log "C peers built in $(( $(date +%s) - peers_started )) s"
fi

log "done in $(( $(date +%s) - started )) s"
echo "$PEERS_BIN"
