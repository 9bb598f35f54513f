#!/usr/bin/env bash
# Prints the home of the newest JDK on this machine when it is a newer major version than the default `java`
# (e.g. Temurin's JDK 25 beside Debian's OpenJDK 17 under /usr/lib/jvm), and nothing otherwise. ZMTP_NEWEST_JDK
# names one instead of looking. scripts/test.sh runs the library modules' tests once more on it.
set -euo pipefail

major() { # JAVA_HOME -> major version, from its release file ("17.0.15" -> 17, "1.8.0" -> 8)
  local version
  version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$1/release" 2>/dev/null | sed -n 1p)
  version=${version#1.}
  echo "${version%%.*}"
}

default_home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
default_major=$(major "$default_home")

if [ -n "${ZMTP_NEWEST_JDK:-}" ]; then
  [ -x "$ZMTP_NEWEST_JDK/bin/java" ] || { echo "ZMTP_NEWEST_JDK=$ZMTP_NEWEST_JDK has no bin/java" >&2; exit 1; }
  echo "$ZMTP_NEWEST_JDK"
  exit 0
fi

best="" best_major="$default_major"
for home in /usr/lib/jvm/*/; do
  home=${home%/}
  [ -L "$home" ] && continue # Debian's alias of the same JDK
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
  m=$(major "$home")
  if [ -n "$m" ] && [ "$m" -gt "$best_major" ]; then
    best=$home best_major=$m
  fi
done
echo "$best"
