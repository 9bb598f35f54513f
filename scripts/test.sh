#!/usr/bin/env bash
# The whole test suite: unit tests (surefire, *Test) and interop tests (failsafe, *IT),
# with Netty's leak detector at paranoid level in every test JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B verify "$@"
