#!/usr/bin/env bash
# Coverage-guided fuzzing of the codec with Jazzer: runs each @FuzzTest of zmtp-codec (io.zmtp.codec.fuzz) as a
# libFuzzer campaign, one target after the other, and prints per target the executions, the edge coverage and the
# crashes found.
#
#   scripts/fuzz.sh                          every target, 1 minute each
#   scripts/fuzz.sh --minutes 5 FrameDecoderFuzzTest#framesAfterHandshake
#   scripts/fuzz.sh --seconds 25             every target, 25 s each (what CI runs)
#   scripts/fuzz.sh --list                   the targets
#
# A target is Class#method, or Class for all its methods. Each campaign starts from the committed seeds
# (zmtp-codec/src/test/resources/io/zmtp/codec/fuzz/<Class>Inputs/<method>/) and from the corpus that earlier
# campaigns on this machine grew in zmtp-codec/.cifuzz-corpus/ (ignored by git). An input that fails the target, or
# runs longer than 1 s (-timeout=1), is written beside the seeds as crash-<sha1> or timeout-<sha1>: commit it once
# the bug is fixed, and every `mvn test` replays it. Regression mode (a plain `mvn test`) runs all those files.
#
# The fuzzing JVM runs with the same leak detection as the test JVMs (paranoid, leaks fail the target) and
# -Xmx1g. Output of each campaign: zmtp-codec/target/fuzz/<target>.log. Exits non-zero if any campaign found
# something or failed to run. Needs only Maven and a JDK; it compiles the codec's tests first (no install).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
selected=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --minutes) seconds=$(( $2 * 60 )); shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
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

findings() {  # the crash, timeout and leak inputs Jazzer has written beside the seeds
  find "$inputs" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort
}

status=0
summary=()
for target in "${targets[@]}"; do
  class=${target%%#*}
  method=${target#*#}
  log="target/fuzz/$class-$method.log"
  before=$(findings)
  echo "=== fuzz.sh: $target for ${seconds} s"
  rc=0
  JAZZER_FUZZ=1 java -Xmx1g \
      -Dio.netty.leakDetection.level=paranoid -Dio.netty.leakDetection.targetRecords=8 \
      -Djunit.jupiter.extensions.autodetection.enabled=true \
      -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
      --target_class="io.zmtp.codec.fuzz.$class" --target_method="$method" \
      -max_total_time="$seconds" -timeout=1 -print_final_stats=1 >"$log" 2>&1 || rc=$?
  # libFuzzer's closing line: "#<executions> DONE cov: <edges> ft: <features> corp: <n>/<size> ..."
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
  executions=$(sed -nE 's/^#([0-9]+)[[:space:]]+DONE.*/\1/p' <<<"$done_line")
  edges=$(sed -nE 's/.* cov: ([0-9]+) .*/\1/p' <<<"$done_line")
  if [ -z "$executions" ]; then  # stopped by a finding: the last progress line
    last=$(grep -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|INITED)' "$log" | tail -1 || true)
    executions=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
    edges=$(sed -nE 's/.* cov: ([0-9]+) .*/\1/p' <<<"$last")
  fi
  new=$(comm -13 <(echo "$before") <(findings) | grep -c . || true)
  if [ "$rc" -ne 0 ] || [ "$new" -gt 0 ]; then
    status=1
    echo "=== fuzz.sh: $target FAILED (exit $rc, $new new finding(s)); see zmtp-codec/$log"
    grep -E 'Exception|Error|ERROR|Test unit written' "$log" | grep -v '^INFO' | head -20 || true
  fi
  summary+=("$(printf '%-44s %12s %8s %8s' "$target" "${executions:-?}" "${edges:-?}" "$new")")
done

echo
echo "=== fuzz.sh: ${seconds} s per target"
printf '%-44s %12s %8s %8s\n' target executions edges crashes
printf '%s\n' "${summary[@]}"
if [ "$status" -ne 0 ]; then
  echo "=== fuzz.sh: findings (commit them as regression inputs once fixed):"
  findings | sed 's/^/  zmtp-codec\//'
fi
exit "$status"
