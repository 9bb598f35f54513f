#!/usr/bin/env bash
# Coverage-guided fuzzing of the codec with Jazzer: runs each @FuzzTest of zmtp-codec (io.zmtp.codec.fuzz) as a
# libFuzzer campaign, and prints per target the executions, the edge coverage and the crashes found.
#
#   scripts/fuzz.sh                          every target, 1 minute each
#   scripts/fuzz.sh --minutes 5 FrameDecoderFuzzTest#framesAfterHandshake
#   scripts/fuzz.sh --seconds 20 --jobs 2    every target, 20 s each, two at a time (what CI runs)
#   scripts/fuzz.sh --list                   the targets
#
# A target is Class#method, or Class for all its methods. Each campaign starts from the committed seeds
# (zmtp-codec/src/test/resources/io/zmtp/codec/fuzz/<Class>Inputs/<method>/) and from the corpus that earlier
# campaigns on this machine grew in zmtp-codec/.cifuzz-corpus/ (ignored by git). An input that fails the target, or
# runs longer than 1 s (-timeout=1), is written beside the seeds as crash-<sha1> or timeout-<sha1>: commit it once
# the bug is fixed, and every `mvn test` replays it. Regression mode (a plain `mvn test`) runs all those files.
# Generated inputs are at most 4 KiB (-max_len=4096), which keeps the targets' small limits within reach.
#
# Each fuzzing JVM runs with the same leak detection as the test JVMs (paranoid; leaks fail the target) and -Xmx1g.
# --jobs N runs N campaigns at once (default 1; each keeps a core busy). The output of each campaign is in
# zmtp-codec/target/fuzz/<Class>-<method>.log. Exits non-zero if any campaign found something or failed to run.
# Needs only Maven and a JDK: it compiles the codec's tests first (no install).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
jobs=1
selected=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --minutes) seconds=$(( $2 * 60 )); shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --list) list=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) selected+=("$1"); shift ;;
  esac
done

# Every target, as Class#method.
all_targets=(
  NullHandshakeFuzzTest#asServer
  NullHandshakeFuzzTest#asClient
  PlainHandshakeFuzzTest#asServer
  PlainHandshakeFuzzTest#asClient
  CurveHandshakeFuzzTest#asServer
  CurveHandshakeFuzzTest#asClient
  FrameDecoderFuzzTest#framesAfterHandshake
  CommandFuzzTest#commandBody
  CommandFuzzTest#metadata
  CurveMessageFuzzTest#messagesAfterHandshake
  Z85FuzzTest#decode
  Z85FuzzTest#encode
  EndpointFuzzTest#parse
)
if [ -n "${list:-}" ]; then
  printf '%s\n' "${all_targets[@]}"
  exit 0
fi

targets=()
if [ "${#selected[@]}" -eq 0 ]; then
  targets=("${all_targets[@]}")
else
  for want in "${selected[@]}"; do
    found=0
    for t in "${all_targets[@]}"; do
      if [ "$t" = "$want" ] || [ "${t%%#*}" = "$want" ]; then targets+=("$t"); found=1; fi
    done
    [ "$found" -eq 1 ] || { echo "fuzz.sh: no target $want (see --list)" >&2; exit 2; }
  done
fi

echo "=== fuzz.sh: compiling the codec's tests"
mvn -B -q -pl zmtp-codec -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt
cd zmtp-codec
classpath="target/test-classes:target/classes:$(cat target/fuzz-classpath.txt)"
inputs=src/test/resources/io/zmtp/codec/fuzz
mkdir -p target/fuzz

# Runs the fuzzing JVM on one target; further arguments go to libFuzzer. The cipher and the authenticator under
# CURVE's box are left uninstrumented: their code is branch-free, so coverage there tells the fuzzer nothing, and
# counting every arithmetic step only slows each CURVE input down.
jazzer() {
  local class=$1 method=$2
  shift 2
  JAZZER_FUZZ=1 java -Xmx1g \
      -Dio.netty.leakDetection.level=paranoid -Dio.netty.leakDetection.targetRecords=8 \
      -Djunit.jupiter.extensions.autodetection.enabled=true \
      -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
      --target_class="io.zmtp.codec.fuzz.$class" --target_method="$method" \
      --instrumentation_excludes=io.zmtp.codec.internal.curve.Salsa20:io.zmtp.codec.internal.curve.Poly1305 \
      -timeout=1 "$@"
}

# Runs one campaign and writes its figures to target/fuzz/<Class>-<method>.result. A timeout must come back when its
# input runs again: one that does not was the machine stalling the JVM (a collector pause, a busy neighbour; most
# often while the first inputs run), not the input. It is dropped and the campaign goes on for the time left, from
# the corpus it has grown so far.
campaign() {
  local target=$1 class=${1%%#*} method=${1#*#}
  local log="target/fuzz/$class-$method.log" dir="$inputs/${class}Inputs/$method"
  local before after rc stalls input attempt last executions=0 edges='?' deadline left
  before=$(findings_in "$dir")
  deadline=$(( $(date +%s) + seconds ))
  : >"$log"
  for attempt in 1 2 3 4 5; do
    left=$(( deadline - $(date +%s) ))
    [ "$attempt" -eq 1 ] || [ "$left" -ge 5 ] || break
    touch "$log.start"
    rc=0
    jazzer "$class" "$method" -max_total_time="$(( left > 1 ? left : 1 ))" -max_len=4096 -print_final_stats=1 \
      >"$log.attempt" 2>&1 || rc=$?
    cat "$log.attempt" >>"$log"
    # libFuzzer's closing line: "#<executions> DONE cov: <edges> ..."; after a finding, its last progress line.
    last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|NEW|REDUCE|pulse|INITED)' "$log.attempt" | tail -1 || true)
    executions=$(( executions + $(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last" | grep . || echo 0) ))
    edges=$(sed -nE 's/.* cov: ([0-9]+) .*/\1/p' <<<"$last" | grep . || echo "$edges")
    [ "$rc" -ne 0 ] || break
    stalls=0
    for input in $(find "$dir" -name 'timeout-*' -newer "$log.start" 2>/dev/null); do
      if jazzer "$class" "$method" "$input" >>"$log" 2>&1; then
        echo "=== fuzz.sh: $target: $(basename "$input") ran within 1 s when run again: a stall, dropped"
        rm -f "$input"
        stalls=$(( stalls + 1 ))
      fi
    done
    [ "$stalls" -gt 0 ] && [ "$(findings_in "$dir")" -eq "$before" ] || break
    rc=0
  done
  rm -f "$log.start" "$log.attempt"
  after=$(findings_in "$dir")
  printf '%-44s %12s %8s %8s %5s\n' "$target" "$executions" "$edges" "$(( after - before ))" "$rc" \
    >"target/fuzz/$class-$method.result"
  if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ]; then
    echo "=== fuzz.sh: $target FAILED (exit $rc); see zmtp-codec/$log"
    grep -E 'Exception|Error|ERROR|Test unit written' "$log" | grep -v '^INFO' | head -20 || true
  else
    echo "=== fuzz.sh: $target done: $executions executions, $edges edges"
  fi
}

findings_in() {  # how many crash, timeout and leak inputs Jazzer has written beside the seeds of one target
  find "$1" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) 2>/dev/null \
    | grep -c . || true
}

echo "=== fuzz.sh: ${#targets[@]} target(s), ${seconds} s each, $jobs at a time"
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$(( running - 1 ))
  fi
  campaign "$target" &
  running=$(( running + 1 ))
done
wait

status=0
summary=()
for target in "${targets[@]}"; do
  result="target/fuzz/${target%%#*}-${target#*#}.result"
  line=$(cat "$result" 2>/dev/null || printf '%-44s %12s %8s %8s %5s' "$target" '?' '?' '?' 'none')
  summary+=("$line")
  read -r _ _ _ crashes rc <<<"$line"
  if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then status=1; fi
done

echo
echo "=== fuzz.sh: ${seconds} s per target"
printf '%-44s %12s %8s %8s %5s\n' target executions edges crashes exit
printf '%s\n' "${summary[@]}"
if [ "$status" -ne 0 ]; then
  echo "=== fuzz.sh: findings (commit them as regression inputs once fixed):"
  find "$inputs" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) \
    | sed 's/^/  zmtp-codec\//'
fi
exit "$status"
