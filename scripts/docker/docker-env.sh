# shellcheck shell=bash
# Docker for the container interop tests (shared/PEERS.md §4), sourced by scripts/test.sh:
#   docker_setup      uses a running engine, or installs Debian's docker.io and starts one on loopback; makes the
#                     local Debian base image (debootstrap, cached as a tarball outside the clone); builds the
#                     server image (zmtp-server/Dockerfile) and the libzmq-draft peer image
#                     (integration-tests/peers/Dockerfile). Sets DOCKER_PROPERTIES (-D options for Maven).
#   docker_teardown   removes the test containers and stops the engine if docker_setup started it.
# No registry is needed: the base image is made here, and the tests never pull (a missing image fails fast).

readonly DOCKER_CACHE="${ZMTP_PEERS_CACHE:-$HOME/.cache/zmtp-peers}/docker"
readonly DOCKER_BASE_IMAGE=local/bookworm-minbase:12
readonly DOCKER_PEER_IMAGE=zmtp-libzmq-peer:4.3.4-draft
DOCKER_PROPERTIES=()
docker_started_pid=""

docker_log() { echo "[docker] $*" >&2; }

# The first URIs: of the machine's Debian entries: the mirror debootstrap and the images' apt-get use.
docker_debian_mirror() {
  local uri
  uri=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | grep -v security | sed -n 1p || true)
  if [ -z "$uri" ]; then
    uri=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\).*/\2/p' /etc/apt/sources.list \
          2>/dev/null | grep -v security | sed -n 1p || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

docker_engine() {
  if docker version >/dev/null 2>&1; then
    docker_log "using the running Docker engine ($(docker version --format '{{.Server.Version}}'))"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    docker_log "installing docker.io and debootstrap"
    apt-get install -y --no-install-recommends docker.io debootstrap >"$DOCKER_CACHE/apt.log" 2>&1 \
      || { apt-get update >>"$DOCKER_CACHE/apt.log" 2>&1 \
           && apt-get install -y --no-install-recommends docker.io debootstrap >>"$DOCKER_CACHE/apt.log" 2>&1; } \
      || { docker_log "cannot install docker.io (see $DOCKER_CACHE/apt.log)"; return 1; }
  fi
  # Published ports bind to loopback only: tests never open ports beyond 127.0.0.1.
  dockerd --ip=127.0.0.1 >"$DOCKER_CACHE/dockerd.log" 2>&1 &
  docker_started_pid=$!
  local i
  for i in $(seq 1 60); do
    if docker version >/dev/null 2>&1; then
      docker_log "started dockerd (pid $docker_started_pid, log $DOCKER_CACHE/dockerd.log)"
      return 0
    fi
    if ! kill -0 "$docker_started_pid" 2>/dev/null; then
      docker_log "dockerd exited; its log:"; tail -20 "$DOCKER_CACHE/dockerd.log" >&2
      docker_started_pid=""; return 1
    fi
    sleep 0.5
  done
  docker_log "dockerd did not answer within 30 s"; return 1
}

docker_base_image() {
  if docker image inspect "$DOCKER_BASE_IMAGE" >/dev/null 2>&1; then
    return 0
  fi
  local tarball="$DOCKER_CACHE/bookworm-minbase.tar"
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null 2>&1 \
      || apt-get install -y --no-install-recommends debootstrap >>"$DOCKER_CACHE/apt.log" 2>&1 \
      || { docker_log "cannot install debootstrap"; return 1; }
    local rootfs="$DOCKER_CACHE/rootfs.tmp" mirror
    mirror=$(docker_debian_mirror)
    docker_log "debootstrap bookworm from $mirror"
    rm -rf "$rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$DOCKER_CACHE/debootstrap.log" 2>&1 \
      || { docker_log "debootstrap failed (see $DOCKER_CACHE/debootstrap.log)"; return 1; }
    # The image's apt-get must reach the same mirror as this machine's.
    echo "deb $mirror bookworm main" >"$rootfs/etc/apt/sources.list"
    tar -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
  fi
  docker import - "$DOCKER_BASE_IMAGE" <"$tarball" >/dev/null
  docker_log "imported $DOCKER_BASE_IMAGE from $tarball"
}

# docker_images VERSION LIBZMQ_PEERS_BIN: builds zmtp-server:VERSION and the libzmq-draft peer image.
docker_images() {
  local version="$1" peers_bin="$2" jar
  jar="zmtp-server/target/zmtp-server-$version-standalone.jar"
  docker_log "packaging $jar"
  mvn -B -q package -pl zmtp-server -am -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    >"$DOCKER_CACHE/package.log" 2>&1 || { cat "$DOCKER_CACHE/package.log" >&2; return 1; }
  DOCKER_BUILDKIT=0 docker build -q --build-arg BASE_IMAGE="$DOCKER_BASE_IMAGE" \
    --build-arg JAR="target/zmtp-server-$version-standalone.jar" \
    -f zmtp-server/Dockerfile -t "zmtp-server:$version" zmtp-server >"$DOCKER_CACHE/build-server.log" 2>&1 \
    || { cat "$DOCKER_CACHE/build-server.log" >&2; return 1; }
  docker_log "built zmtp-server:$version"

  local context="$DOCKER_CACHE/peer-context"
  rm -rf "$context" && mkdir -p "$context/libzmq" "$context/bin"
  cp -a "$peers_bin/../../libzmq-4.3.4-draft/lib" "$context/libzmq/"
  cp -a "$peers_bin"/zmtp_client_peer "$peers_bin"/zmtp_server_peer "$context/bin/"
  DOCKER_BUILDKIT=0 docker build -q --build-arg BASE_IMAGE="$DOCKER_BASE_IMAGE" \
    -f integration-tests/peers/Dockerfile -t "$DOCKER_PEER_IMAGE" "$context" >"$DOCKER_CACHE/build-peer.log" 2>&1 \
    || { cat "$DOCKER_CACHE/build-peer.log" >&2; return 1; }
  docker_log "built $DOCKER_PEER_IMAGE"
  docker image prune -f >/dev/null 2>&1 || true  # the images these builds replaced
  DOCKER_PROPERTIES=("-Dzmtp.docker.serverImage=zmtp-server:$version" "-Dzmtp.docker.peerImage=$DOCKER_PEER_IMAGE")
}

# docker_setup VERSION LIBZMQ_PEERS_BIN
docker_setup() {
  mkdir -p "$DOCKER_CACHE"
  docker_engine && docker_base_image && docker_images "$1" "$2" || return 1
  # Testcontainers reads these only from the environment: no reaper container (it would be pulled from a
  # registry), and the engine's published ports are reached on localhost (they bind to 127.0.0.1 only).
  export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost
}

docker_teardown() {
  if docker version >/dev/null 2>&1; then
    local left
    left=$(docker ps -aq --filter label=org.testcontainers=true 2>/dev/null || true)
    if [ -n "$left" ]; then
      # shellcheck disable=SC2086
      docker rm -f $left >/dev/null 2>&1 || true
    fi
  fi
  if [ -n "$docker_started_pid" ]; then
    kill "$docker_started_pid" 2>/dev/null || true
    local i
    for i in $(seq 1 40); do
      kill -0 "$docker_started_pid" 2>/dev/null || break
      sleep 0.25
    done
    umount /run/docker/netns/default 2>/dev/null || true
    docker_log "stopped dockerd (pid $docker_started_pid)"
    docker_started_pid=""
  fi
}
