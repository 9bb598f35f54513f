#!/usr/bin/env python3
# Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
"""Turns the interop records of the latest test run into the README's Interoperability table.

usage: scripts/interop-table.py [REPORT.jsonl] [--readme README.md]

REPORT defaults to integration-tests/target/interop-report.jsonl, written by the integration tests
(io.zmtp.it.report.InteropReport: one JSON line per matrix cell a test covers, with its result). The table has one
row per peer, version, role and mechanism; a row passes only when every test of it passed. Without --readme it is
printed; with it, it replaces what lies between the README's interop-table markers. Exit status 1 when a cell
failed or none was recorded, so a caller can tell.
"""
import json
import re
import sys
from collections import OrderedDict
from datetime import datetime, timezone
from pathlib import Path

BEGIN = "<!-- interop-table:begin (scripts/interop-table.py writes this table) -->"
END = "<!-- interop-table:end -->"


def load(path):
    rows = OrderedDict()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cell = json.loads(line)
        key = (cell["peer"], cell["version"], cell["role"], cell["mechanism"], cell["runs"])
        rows.setdefault(key, []).append(cell)
    return rows


def outcome(cells):
    failed = [c for c in cells if c["result"] == "failed"]
    skipped = [c for c in cells if c["result"] == "skipped"]
    if failed:
        return "**FAILED** (%d of %d tests)" % (len(failed), len(cells)), True
    if skipped and len(skipped) == len(cells):
        reason = (skipped[0].get("detail") or "").split("\n")[0]
        return "skipped: %s" % reason, False
    passed = len(cells) - len(skipped)
    text = "passed (%d test%s)" % (passed, "" if passed == 1 else "s")
    if skipped:
        text += ", %d skipped" % len(skipped)
    return text, False


def order(key):
    peer, version, role, mechanism, runs = key
    peers = {"libzmq": 0, "zeromq.js": 1, "JeroMQ": 2, "zmtp-netty": 3}
    mechanisms = {"NULL": 0, "PLAIN": 1, "CURVE": 2}
    return (peers.get(peer, 9), peer, mechanisms.get(mechanism, 9), "refused" in role or ":" in role, role)


def table(rows):
    out = ["| Peer | Version | Role (peer's socket → ours) | Mechanism | Runs as | Result |",
           "|---|---|---|---|---|---|"]
    any_failed = False
    for key in sorted(rows, key=order):
        peer, version, role, mechanism, runs = key
        text, failed = outcome(rows[key])
        any_failed |= failed
        out.append("| %s | %s | %s | %s | %s | %s |" % (peer, version, role.replace("|", "\\|"), mechanism, runs,
                                                       text))
    return "\n".join(out), any_failed


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    readme = None
    if "--readme" in argv:
        i = argv.index("--readme")
        readme = argv[i + 1]
        args = [a for a in args if a != readme]
    report = args[0] if args else "integration-tests/target/interop-report.jsonl"
    if not Path(report).exists():
        print("interop-table: %s does not exist: no interop test ran" % report, file=sys.stderr)
        return 1
    rows = load(report)
    if not rows:
        print("interop-table: %s holds no cells" % report, file=sys.stderr)
        return 1
    text, failed = table(rows)
    stamp = datetime.fromtimestamp(Path(report).stat().st_mtime, timezone.utc).strftime("%Y-%m-%d")
    text += "\n\n%d cells from %d test runs, generated from the test run of %s." % (
        len(rows), sum(len(c) for c in rows.values()), stamp)
    if readme is None:
        print(text)
    else:
        content = Path(readme).read_text(encoding="utf-8")
        pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
        if not pattern.search(content):
            print("interop-table: %s has no %s ... %s markers" % (readme, BEGIN, END), file=sys.stderr)
            return 1
        Path(readme).write_text(pattern.sub(lambda m: BEGIN + "\n" + text + "\n" + END, content), encoding="utf-8")
        print("interop-table: updated %s (%d cells)" % (readme, len(rows)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
