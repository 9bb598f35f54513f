#!/usr/bin/env bash
# The whole test suite, in one command: unit tests (surefire, *Test) and interop tests (failsafe, *IT), with
# Netty's leak detector at paranoid level in every test JVM. Arguments are passed on to `mvn -B verify`, e.g.
#   scripts/test.sh -pl integration-tests -Dit.test='io.zmtp.it.interop.*IT'   (after mvn install -DskipTests)
#
# Before Maven it sets up the real peers the interop tests run against (shared/PEERS.md), in a cache outside the
# clone (${ZMTP_PEERS_CACHE:-$HOME/.cache/zmtp-peers}), so a second run only checks that they are there:
#   - libzmq 4.3.4 with drafts, built from Debian's source, and our C peers (integration-tests/peers/*.c);
#   - zeromq.js 6.8.0 from npm (a prebuilt libzmq 4.3.5 with drafts), driven by integration-tests/peers/*.js;
#   - a Docker engine (the running one, or Debian's dockerd started on loopback and stopped on exit), a local
#     Debian base image, and the images of our server and of the libzmq-draft peer (scripts/docker/docker-env.sh),
#     for the Testcontainers tests (ZMTP_DOCKER_SETUP=skip leaves Docker out: those tests are then skipped).
# Their locations reach the test JVMs as system properties (failsafe passes -D user properties on). A plain
# `mvn verify` without them (or ZMTP_PEERS_SETUP=skip) skips the tests that need a peer, except under CI=true,
# where a missing peer is a failure. After Maven, the library modules' unit tests run once more on the newest JDK
# the machine has (see below).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=docker/docker-env.sh
source scripts/docker/docker-env.sh
trap docker_teardown EXIT

phase_name=""
phase_start=0
phase() {
  local now; now=$(date +%s)
  if [ -n "$phase_name" ]; then
    echo; echo "=== test.sh: phase '$phase_name' took $((now - phase_start)) s"
  fi
  phase_name="$1"; phase_start=$now
  if [ -n "$phase_name" ]; then echo "=== test.sh: phase '$phase_name'"; fi
}

peer_properties=()
if [ "${ZMTP_PEERS_SETUP:-}" = skip ]; then
  # Escape hatch for machines that cannot build the peers (no root, no apt): their tests are then skipped.
  echo "=== test.sh: ZMTP_PEERS_SETUP=skip: no real peers; the interop tests that need them will be skipped"
else
  phase "peer: libzmq 4.3.4 with drafts + C peers"
  libzmq_bin=$(scripts/peers/build-libzmq-draft.sh)
  peer_properties+=("-Dzmtp.peers.libzmq.bin=$libzmq_bin")

  phase "peer: zeromq.js 6.8.0"
  zeromqjs_dir=$(scripts/peers/install-zeromqjs.sh)
  peer_properties+=("-Dzmtp.peers.zeromqjs.dir=$zeromqjs_dir")

  if [ "${ZMTP_DOCKER_SETUP:-}" = skip ]; then
    echo "=== test.sh: ZMTP_DOCKER_SETUP=skip: no Docker; the container tests will be skipped"
  else
    phase "docker: engine, base image, server and libzmq-draft peer images"
    version=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | sed -n 1p)
    if docker_setup "$version" "$libzmq_bin"; then
      peer_properties+=("${DOCKER_PROPERTIES[@]}")
    elif [ "${CI:-}" = true ]; then
      echo "=== test.sh: Docker set-up failed (CI=true: the container tests must run)" >&2
      exit 1
    else
      echo "=== test.sh: Docker set-up failed; the container tests will be skipped"
    fi
  fi
fi

phase "mvn -B verify $*"
status=0
mvn -B verify ${peer_properties[@]+"${peer_properties[@]}"} "$@" || status=$?

# The library modules' unit tests once more on the newest JDK the machine has, when it is newer than the default
# one (scripts/newest-jdk.sh): from JDK 24 on Netty 4.2 leaves sun.misc.Unsafe off unless told otherwise, and code
# that only works with it has to fail here, not in a user's service. Only with the whole suite (no arguments);
# ZMTP_NEWEST_JDK=skip leaves it out, ZMTP_NEWEST_JDK=/path/to/jdk picks the JDK.
if [ "$status" -eq 0 ] && [ "$#" -eq 0 ] && [ "${ZMTP_NEWEST_JDK:-}" != skip ]; then
  newest_jdk=$(scripts/newest-jdk.sh)
  if [ -n "$newest_jdk" ]; then
    phase "library unit tests on $("$newest_jdk/bin/java" -version 2>&1 | sed -n 1p)"
    JAVA_HOME="$newest_jdk" mvn -B test -pl zmtp-test-support,zmtp-codec,zmtp-socket,zmtp-client,zmtp-server || status=$?
  elif [ "${CI:-}" = true ]; then
    echo "=== test.sh: no JDK newer than the default one under /usr/lib/jvm (CI=true: the lane must run)" >&2
    status=1
  else
    echo "=== test.sh: no JDK newer than the default one under /usr/lib/jvm; the library tests ran on it alone"
  fi
fi

# The interoperability matrix as it ran (the README's table: scripts/interop-table.py --readme README.md).
if [ -f integration-tests/target/interop-report.jsonl ]; then
  phase "interoperability table"
  python3 scripts/interop-table.py integration-tests/target/interop-report.jsonl \
    | tee integration-tests/target/interop-table.md || true
fi
phase ""
exit "$status"
