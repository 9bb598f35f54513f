#!/usr/bin/env bash
# Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
#
# End-to-end CLIENT/SERVER benchmarks of zmtp-netty beside JeroMQ 0.6.0 and libzmq 4.3.4 with drafts, the way
# shared/PERFORMANCE.md asks: two processes per measurement (local binds the SERVER, remote connects the CLIENT),
# peers interleaved (A B C A B C ...), >= 3 runs, one table with median, min-max and zmtp-netty / best peer.
# Raw runs are appended as JSON lines. Benchmarks never fail on a number: a failed run is recorded as failed.
#
# usage: run.sh [--quick] [--only zmtp[,jeromq,libzmq]] [--mechanism null[,curve]] [--runs N] [--counts-scale X]
#               [--lat-count N] [--fanin-count N] [--conns N] [--no-extra] [--no-pin] [--out FILE.jsonl] [--no-build]
#               [--strict] [--lat-reply-spin-us N|off] [--sizes LIST] [--no-lat] [--gc parallel|g1|serial] [--jvm-opts FLAGS]
#   --quick          every count x0.1 (latency 5 000 round trips), 3 runs, 1 000 idle connections, at most 12 s for
#                    a JeroMQ program (see pair()): < 3 min
#   --only LIST      implementations to run (default: zmtp,jeromq,libzmq); `--only zmtp` is the CI smoke
#   --mechanism LIST row sets to run (default: null,curve): null = every NULL row (throughput both ways, latency,
#                    fan-in, connections); curve = throughput over CURVE at 64 B (1 M messages) and 64 KiB (10 k)
#   --counts-scale X multiply every message count by X (e.g. 0.001 for a smoke test)
#   --no-extra       skip fan-in and idle-connection heap measurements
#   --strict         exit 1 if a program failed to produce a result (a crash, never a slow number): for CI
#   --lat-reply-spin-us N|off  also measure zmtp-netty's latency with replySpin = N µs on both sides, as rows of
#                    their own beside the same peers' default rows (default 0: the sockets park at once, which shows
#                    what the default spin of 20 µs saves; off = not measured)
#   --sizes LIST     only these throughput sizes in octets (e.g. 1,64; default: all four, and 64 for SERVER -> CLIENT)
#   --no-lat         skip the latency rows
#   --gc NAME        the garbage collector of every JVM, zmtp-netty's and JeroMQ's alike (default: parallel, the
#                    JVM's throughput collector; g1 is the JVM's default on this machine, see the README for both)
#   --jvm-opts FLAGS more flags for every JVM, zmtp-netty's and JeroMQ's alike (e.g. "-XX:InlineSmallCode=1000",
#                    see the README's JIT round); printed in the header and recorded with each run (jvm_opts)
# The JVMs are the `java` on PATH (e.g. PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH run.sh ...); each run of
# zmtp-netty and JeroMQ records its version (java).
# Steady state (4x the counts, for the JIT to finish compiling): run.sh --counts-scale 4 --sizes 1,64 --no-lat
#                    --no-extra --mechanism null
# Every JVM runs with Netty's leak detector off (-Dio.netty.leakDetection.level=disabled), as Netty's own
# benchmarks do (at its default level it costs zmtp-netty 10-20 % at 64 B), and with java.nio opened to Netty
# (-Dio.netty.tryReflectionSetAccessible=true and --add-opens), as the standalone jars do for themselves: new
# pooled chunks are then not zeroed by ByteBuffer.allocateDirect (+16 % at 64 KiB, about +10 % at 64 B).
# Extra JVM flags (e.g. JFR) for zmtp-netty processes only: ZMTP_BENCH_JVM_OPTS="-XX:StartFlightRecording=..."
set -Eeuo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR="$HERE/target/benchmarks.jar"
CACHE="${ZMTP_PEERS_CACHE:-$HOME/.cache/zmtp-peers}"
ZMQ_PREFIX="$CACHE/libzmq-4.3.4-draft"
ZMQ_PERF="$HERE/target/c/zmq_perf"

IMPLS="zmtp,jeromq,libzmq"
MECHS="null,curve"
RUNS=3
SCALE=1
LAT_COUNT=50000
FANIN_COUNT=10000000
FANIN_CLIENTS=100
CONNS=10000
EXTRA=1
PIN=1
BUILD=1
OUT="$HERE/results/runs.jsonl"
QUICK=0
STRICT=0
LAT_REPLY_SPIN_US=0
SIZES=""
LAT=1
GC=parallel
JVM_OPTS=""

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1; SCALE=0.1; CONNS=1000 ;;
    --only) IMPLS="$2"; shift ;;
    --mechanism) MECHS="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    --counts-scale) SCALE="$2"; shift ;;
    --lat-count) LAT_COUNT="$2"; shift ;;
    --fanin-count) FANIN_COUNT="$2"; shift ;;
    --conns) CONNS="$2"; shift ;;
    --no-extra) EXTRA=0 ;;
    --no-pin) PIN=0 ;;
    --no-build) BUILD=0 ;;
    --out) OUT="$2"; shift ;;
    --strict) STRICT=1 ;;
    --lat-reply-spin-us) LAT_REPLY_SPIN_US="$2"; shift ;;
    --sizes) SIZES="$2"; shift ;;
    --no-lat) LAT=0 ;;
    --gc) GC="$2"; shift ;;
    --jvm-opts) JVM_OPTS="$2"; shift ;;
    -h|--help) sed -n '2,/^set -Eeuo/{/^#/p}' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
for mech in ${MECHS//,/ }; do
  [[ $mech == null || $mech == curve ]] || { echo "--mechanism $mech (expected: null, curve or null,curve)" >&2; exit 2; }
done
case "$GC" in
  parallel) GC_FLAG=-XX:+UseParallelGC ;;
  g1) GC_FLAG=-XX:+UseG1GC ;;
  serial) GC_FLAG=-XX:+UseSerialGC ;;
  *) echo "--gc $GC (expected: parallel, g1 or serial)" >&2; exit 2 ;;
esac
has_mech() { [[ ",$MECHS," == *",$1,"* ]]; }

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  [[ -n "${WORK:-}" && -d "${WORK:-}" ]] && rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

WORK="$(mktemp -d /tmp/zmtp-bench.XXXXXX)"
mkdir -p "$(dirname "$OUT")"
START_TIME=$(date +%s)

scaled() { # scaled COUNT -> max(100, COUNT * SCALE)
  python3 -c "import sys; print(max(100, int(float(sys.argv[1]) * float(sys.argv[2]))))" "$1" "$SCALE"
}

# ---------------------------------------------------------------------------------------------- build
if [[ $BUILD == 1 && ( ! -f "$JAR" || -n "$(find "$HERE/src" "$HERE/pom.xml" -newer "$JAR" 2>/dev/null | head -1)" ) ]]; then
  echo "building $JAR ..."
  if grep -q '<module>zmtp-benchmarks</module>' "$ROOT/pom.xml"; then
    BUILD_CMD=(mvn -B -q -f "$ROOT/pom.xml" -pl zmtp-benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true)
  else # not yet a module of the root build: the other modules must be installed in the local repository
    BUILD_CMD=(mvn -B -q -f "$HERE/pom.xml" package -DskipTests)
  fi
  "${BUILD_CMD[@]}" >"$WORK/mvn.log" 2>&1 || { cat "$WORK/mvn.log"; exit 1; }
fi
if [[ ",$IMPLS," == *",libzmq,"* ]]; then
  if [[ ! -e "$ZMQ_PREFIX/lib/libzmq.so" && -x "$ROOT/scripts/peers/build-libzmq-draft.sh" ]]; then
    echo "libzmq with drafts missing in $ZMQ_PREFIX: building it with scripts/peers/build-libzmq-draft.sh ..."
    "$ROOT/scripts/peers/build-libzmq-draft.sh" >/dev/null || true
  fi
  if [[ -e "$ZMQ_PREFIX/lib/libzmq.so" ]]; then
    if [[ ! -x "$ZMQ_PERF" || "$HERE/c/zmq_perf.c" -nt "$ZMQ_PERF" ]]; then
      mkdir -p "$(dirname "$ZMQ_PERF")"
      cc -O2 -Wall -DZMQ_BUILD_DRAFT_API -I"$ZMQ_PREFIX/include" "$HERE/c/zmq_perf.c" -o "$ZMQ_PERF" \
        -L"$ZMQ_PREFIX/lib" -Wl,-rpath,"$ZMQ_PREFIX/lib" -lzmq -lpthread
    fi
  else
    echo "NOTE: libzmq with drafts is not available ($ZMQ_PREFIX): libzmq is left out of this run"
    IMPLS="$(echo ",$IMPLS," | sed 's/,libzmq,/,/; s/^,//; s/,$//')"
  fi
fi
IFS=',' read -r -a IMPL_LIST <<<"$IMPLS"

# ---------------------------------------------------------------------------------------------- machine
CORES=$(nproc)
CPU=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
if [[ $PIN == 1 ]] && command -v taskset >/dev/null && [[ $CORES -ge 2 ]]; then
  PIN_LOCAL=(taskset -c 0); PIN_REMOTE=(taskset -c 1)
  PIN_NOTE="pinned with taskset: local (SERVER) on core 0, remote (CLIENT) on core 1"
else
  PIN_LOCAL=(); PIN_REMOTE=(); PIN_NOTE="NOT pinned (taskset unavailable, fewer than 2 cores, or --no-pin)"
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FD_LIMIT=$(ulimit -n)
if [[ $EXTRA == 1 && $((CONNS + 200)) -gt $FD_LIMIT ]]; then
  echo "NOTE: file-descriptor limit $FD_LIMIT: idle connections reduced from $CONNS to $((FD_LIMIT - 200))"
  CONNS=$((FD_LIMIT - 200))
fi
SESSION="$(date -u +%Y%m%dT%H%M%SZ)-$$"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
JAVA_VERSION="$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | sed -n 1p)"
JVM=(java -Xms1g -Xmx2g "$GC_FLAG" -Dio.netty.leakDetection.level=disabled
     -Dio.netty.tryReflectionSetAccessible=true --add-opens=java.base/java.nio=ALL-UNNAMED
     --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED)
if [[ -n $JVM_OPTS ]]; then
  read -ra EXTRA_JVM_OPTS <<<"$JVM_OPTS"
  JVM+=("${EXTRA_JVM_OPTS[@]}")
fi

echo "zmtp-benchmarks session $SESSION (commit $COMMIT$( [[ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | head -1)" ]] && echo ", dirty tree"))"
echo "machine: $CORES cores, $CPU; $(java -version 2>&1 | head -1); fd limit $FD_LIMIT"
echo "JVMs (zmtp-netty and JeroMQ): -Xms1g -Xmx2g $GC_FLAG${JVM_OPTS:+ $JVM_OPTS}, leak detector off, java.nio opened to Netty"
echo "$PIN_NOTE"
echo "implementations: ${IMPL_LIST[*]}; mechanisms: $MECHS; $RUNS runs each, interleaved; counts x$SCALE; 10 % untimed warm-up"
[[ $LAT_REPLY_SPIN_US != off ]] && echo "latency also with zmtp-netty's replySpin = $LAT_REPLY_SPIN_US µs on both sides (rows of their own)"
echo "raw runs -> $OUT"
echo

command_of() { # command_of MECH IMPL MODE ENDPOINT SIZE COUNT [EXTRA]
  local mech=$1 impl=$2; shift 2
  if [[ $mech == curve ]]; then set -- "$@" --mechanism curve; fi
  case "$impl" in
    zmtp) echo "${JVM[*]} ${ZMTP_BENCH_JVM_OPTS:-} -cp $JAR io.zmtp.bench.Perf $*" ;;
    jeromq) echo "${JVM[*]} -cp $JAR io.zmtp.bench.JeroMqPerf $*" ;;
    libzmq) echo "$ZMQ_PERF $*" ;;
  esac
}

FAILED=0
# pair MECH IMPL KIND LOCAL_MODE REMOTE_MODE SIZE COUNT RUN [EXTRA]: runs one measurement, appends its JSON line.
pair() {
  local mech=$1 impl=$2 kind=$3 lmode=$4 rmode=$5 size=$6 count=$7 run=$8 extra=${9:-}
  local - # the endpoint below holds a '*' that must reach the program as it is
  set -f
  local ep lout="$WORK/local.out" rout="$WORK/remote.out"
  local limit=$((60 + count / 100000))
  # CURVE: room for the slowest implementation at 20 MB/s
  if [[ $mech == curve ]]; then limit=$((limit + count * size / 20000000)); fi
  # JeroMQ 0.6.0 now and then loses a connection it has just opened, which stalls the pair until the CLIENT's
  # handshake interval (1 s in JeroMqPerf, 30 s by JeroMQ's default) drops it; as a bound on the wall time, --quick
  # gives JeroMQ programs 12 s, several times what any of them needs at its counts, and records one that overruns as
  # failed.
  if [[ $QUICK == 1 && $impl == jeromq ]]; then limit=12; fi
  # shellcheck disable=SC2046
  # the local side binds a port of the system's choosing and prints "BOUND tcp://127.0.0.1:PORT" once it listens
  timeout "$limit" "${PIN_LOCAL[@]}" $(command_of "$mech" "$impl" "$lmode" 'tcp://127.0.0.1:*' "$size" "$count" $extra) \
    >"$lout" 2>&1 &
  local lpid=$!; PIDS+=("$lpid")
  ep=
  for _ in $(seq 1 300); do
    ep=$(sed -n 's/^BOUND //p' "$lout" | head -n 1)
    [[ -n $ep ]] && break
    kill -0 "$lpid" 2>/dev/null || break
    sleep 0.1
  done
  local rpid=
  if [[ -n $ep ]]; then
    # shellcheck disable=SC2046
    timeout "$limit" "${PIN_REMOTE[@]}" $(command_of "$mech" "$impl" "$rmode" "$ep" "$size" "$count" $extra) >"$rout" 2>&1 &
    rpid=$!; PIDS+=("$rpid")
  else
    echo "no BOUND line from the local side within 30 s" >"$rout"
    kill "$lpid" 2>/dev/null || true
  fi
  local lrc=0 rrc=0
  wait "$lpid" || lrc=$?
  if [[ -n $rpid ]]; then
    if [[ $kind == conns ]]; then kill "$rpid" 2>/dev/null || true; fi
    # the remote side should be done once the local one is; give it a few seconds to close
    for _ in $(seq 1 50); do kill -0 "$rpid" 2>/dev/null || break; sleep 0.1; done
    kill "$rpid" 2>/dev/null || true
    wait "$rpid" 2>/dev/null || rrc=$?
  fi
  local result
  # the receiving side times throughput: the remote CLIENT in rthr (the SERVER sends), as it times latency
  if [[ $kind == lat* || $kind == rthr ]]; then result=$(grep -h '^RESULT' "$rout" || true); else result=$(grep -h '^RESULT' "$lout" || true); fi
  python3 - "$SESSION" "$COMMIT" "$mech" "$impl" "$kind" "$size" "$count" "$run" "$lrc" "$PIN" "${extra:-0}" "$GC" \
    "$JVM_OPTS" "$JAVA_VERSION" "$result" >>"$OUT" <<'PY'
import json, sys, time
session, commit, mech, impl, kind, size, count, run, lrc, pin, extra, gc, jvm_opts, java, result = sys.argv[1:]
r = {"session": session, "commit": commit, "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
     "impl": impl, "mechanism": mech, "kind": kind, "size": int(size), "count": int(count), "run": int(run),
     "pinned": pin == "1", "ok": bool(result)}
if impl != "libzmq":
    r["jvm_gc"] = gc
    r["java"] = java
    if jvm_opts:
        r["jvm_opts"] = jvm_opts
if kind == "fanin":
    r["clients"] = int(extra)
if kind == "latspin":
    r["reply_spin_us"] = int(extra.split()[-1])
for kv in result.split()[1:]:
    k, v = kv.split("=", 1)
    if k in ("kind", "impl", "size", "count"):
        continue
    try:
        r[k] = float(v) if "." in v else int(v)
    except ValueError:
        r[k] = v
if not result:
    r["exit_code"] = int(lrc)
print(json.dumps(r))
PY
  local label="$impl $kind"
  [[ $mech == curve ]] && label="$label CURVE"
  if [[ -z "$result" ]]; then
    FAILED=$((FAILED + 1))
    echo "  $label $size B run $run FAILED (exit $lrc); local said: $(tail -3 "$lout" | tr '\n' ' ')"
  else
    echo "  $label ${size} B run $run: $(echo "$result" | sed 's/^RESULT //')"
  fi
}

THR_SIZES=(1 64 1024 65536)
declare -A THR_COUNT=([1]=10000000 [64]=10000000 [1024]=2000000 [65536]=100000)
# the other direction: the SERVER sends to one CLIENT (rthr-local / rthr-remote), timed by the CLIENT
RTHR_SIZES=(64)
LAT_SIZES=(1 1024)
LATN=$(scaled "$LAT_COUNT")
# CURVE encrypts every message (XSalsa20-Poly1305): counts sized so the slowest implementation (JeroMQ's pure-Java
# CURVE, ~150 k msg/s at 64 B and ~40 MB/s at 64 KiB here) takes about 10-20 s per run
CURVE_SIZES=(64 65536)
declare -A CURVE_COUNT=([64]=1000000 [65536]=10000)

if [[ -n $SIZES ]]; then # keep the sizes asked for, in the usual order
  keep() { local size out=(); for size in "$@"; do [[ ",$SIZES," == *",$size,"* ]] && out+=("$size"); done; echo "${out[@]:-}"; }
  read -r -a THR_SIZES <<<"$(keep "${THR_SIZES[@]}")"
  read -r -a RTHR_SIZES <<<"$(keep "${RTHR_SIZES[@]}")"
fi
[[ $LAT == 1 ]] || LAT_SIZES=()

for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS"
  if has_mech null; then
    for size in "${THR_SIZES[@]}"; do
      n=$(scaled "${THR_COUNT[$size]}")
      for impl in "${IMPL_LIST[@]}"; do pair null "$impl" thr thr-local thr-remote "$size" "$n" "$run"; done
    done
    for size in "${RTHR_SIZES[@]}"; do
      n=$(scaled "${THR_COUNT[$size]}")
      for impl in "${IMPL_LIST[@]}"; do pair null "$impl" rthr rthr-local rthr-remote "$size" "$n" "$run"; done
    done
    for size in "${LAT_SIZES[@]}"; do
      for impl in "${IMPL_LIST[@]}"; do pair null "$impl" lat lat-local lat-remote "$size" "$LATN" "$run"; done
      if [[ $LAT_REPLY_SPIN_US != off && ",$IMPLS," == *",zmtp,"* ]]; then
        pair null zmtp latspin lat-local lat-remote "$size" "$LATN" "$run" "--reply-spin-us $LAT_REPLY_SPIN_US"
      fi
    done
  fi
  if has_mech curve; then
    for size in "${CURVE_SIZES[@]}"; do
      n=$(scaled "${CURVE_COUNT[$size]}")
      for impl in "${IMPL_LIST[@]}"; do pair curve "$impl" thr thr-local thr-remote "$size" "$n" "$run"; done
    done
  fi
done

if [[ $EXTRA == 1 ]] && has_mech null; then
  echo "fan-in: $FANIN_CLIENTS clients -> one SERVER, 64 B"
  FN=$(scaled "$FANIN_COUNT")
  for run in $(seq 1 "$RUNS"); do
    for impl in "${IMPL_LIST[@]}"; do
      pair null "$impl" fanin thr-local fanin-remote 64 "$FN" "$run" "$FANIN_CLIENTS"
    done
  done
  if [[ ",$IMPLS," == *",zmtp,"* ]]; then
    echo "idle handshaken connections: $CONNS clients -> one zmtp-netty SERVER"
    pair null zmtp conns conns-local conns-remote 0 "$CONNS" 1
  fi
fi

echo
echo "== zmtp-benchmarks $SESSION: $CORES cores, $CPU; $PIN_NOTE; JVMs with $GC_FLAG${JVM_OPTS:+ $JVM_OPTS}; warmed (10 % untimed warm-up) =="
python3 "$HERE/table.py" "$OUT" "$SESSION"
echo
echo "elapsed: $(( $(date +%s) - START_TIME )) s"
if [[ $FAILED -gt 0 ]]; then
  echo "$FAILED run(s) produced no result (see the FAILED lines above)"
  [[ $STRICT == 1 ]] && exit 1
fi
exit 0
