#!/usr/bin/env python3
# Copyright 2026 The zmtp-netty authors. Licensed under the Apache License, Version 2.0.
"""Prints the benchmark table from the JSON lines run.sh writes.

usage: table.py RUNS.jsonl [SESSION]   (SESSION defaults to the last session in the file)

Per row: the median of each implementation with min-max and the number of runs, and the ratio
zmtp-netty / best peer. Throughput: higher is better, target ratio >= 1.25. Latency: lower is better,
target p50 ratio <= 0.8 (p99 and max are shown, without a target). The throughput rows measure a CLIENT
sending to a SERVER; the "SERVER → CLIENT" rows (kind "rthr") the other direction, without a target. CURVE throughput rows (runs with
"mechanism": "curve") follow the NULL rows, with the ratio but without a target. Runs recorded before
the mechanism field existed are NULL runs. Latency rows "zmtp replySpin N µs" (kind "latspin" with
"reply_spin_us") hold zmtp-netty's runs with that option on both sides beside the peers' default latency runs;
"zmtp receiveSpin N µs" (kind "latspin" with "receive_spin_us", before replySpin existed) likewise.
"""
import json
import statistics
import sys

IMPLS = ["zmtp", "jeromq", "libzmq"]
NAMES = {"zmtp": "zmtp-netty", "jeromq": "JeroMQ 0.6.0", "libzmq": "libzmq 4.3.4-draft"}


def human_size(size):
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size} B"


def fmt_rate(v):
    if v >= 1e6:
        return f"{v / 1e6:.2f} M"
    if v >= 1e3:
        return f"{v / 1e3:.1f} k"
    return f"{v:.0f}"


def mechanism(r):
    return r.get("mechanism", "null")


def fmt_us(v):
    return f"{v:.0f}" if v >= 100 else f"{v:.1f}"


def main():
    path = sys.argv[1]
    records = [json.loads(line) for line in open(path) if line.strip()]
    if not records:
        print("no runs recorded")
        return
    session = sys.argv[2] if len(sys.argv) > 2 else records[-1]["session"]
    records = [r for r in records if r["session"] == session]
    impls = [i for i in IMPLS if any(r["impl"] == i for r in records)]
    def sizes(kind, mech="null"):
        return sorted({r["size"] for r in records if r["kind"] == kind and mechanism(r) == mech})

    rows = []  # (label, metric, mechanism, kind, size, higher_is_better, target)
    for size in sizes("thr"):
        rows.append((f"throughput {human_size(size)} msg/s", "msg_per_s", "null", "thr", size, True, 1.25))
    for size in sizes("rthr"):
        rows.append((f"SERVER → CLIENT {human_size(size)} msg/s", "msg_per_s", "null", "rthr", size, True, None))
    for size in sizes("lat"):
        rows.append((f"latency {human_size(size)} RTT p50 µs", "p50_us", "null", "lat", size, False, 0.8))
        rows.append((f"latency {human_size(size)} RTT p99 µs", "p99_us", "null", "lat", size, False, None))
    # zmtp-netty with a spin option of its own (kind "latspin"), beside the peers' default latency runs
    for size in sizes("latspin"):
        spun = next(r for r in records if r["kind"] == "latspin")
        option = "replySpin" if "reply_spin_us" in spun else "receiveSpin"
        spin = f"zmtp {option} {spun.get('reply_spin_us', spun.get('receive_spin_us'))} µs"
        rows.append((f"latency {human_size(size)} RTT p50 µs, {spin}", "p50_us", "null",
                     "latspin", size, False, 0.8))
        rows.append((f"latency {human_size(size)} RTT p99 µs, {spin}", "p99_us", "null",
                     "latspin", size, False, None))
    for size in sizes("fanin"):
        rows.append((f"fan-in {records[0].get('clients', 100)} clients {human_size(size)} msg/s", "msg_per_s",
                     "null", "fanin", size, True, None))
    for size in sizes("thr", "curve"):
        rows.append((f"CURVE throughput {human_size(size)} msg/s", "msg_per_s", "curve", "thr", size, True, None))

    header = ["row"] + [NAMES[i] + " median [min–max] (n)" for i in impls] + ["zmtp / best peer", "target"]
    lines = []
    mb = {}
    for label, metric, mech, kind, size, higher, target in rows:
        cells = [label]
        medians = {}
        for impl in impls:
            # a latspin row: zmtp-netty's spinning runs, the peers' default ones
            k = "lat" if kind == "latspin" and impl != "zmtp" else kind
            same = [r for r in records
                    if r["impl"] == impl and mechanism(r) == mech and r["kind"] == k and r["size"] == size]
            vals = [r[metric] for r in same if r.get("ok") and metric in r]
            fails = sum(1 for r in same if not r.get("ok"))
            if not vals:
                cells.append("–" if not fails else f"failed ({fails})")
                continue
            med = statistics.median(vals)
            medians[impl] = med
            f = fmt_rate if higher else fmt_us
            extra = f", {fails} failed" if fails else ""
            cells.append(f"{f(med)} [{f(min(vals))}–{f(max(vals))}] ({len(vals)}{extra})")
            if kind == "thr":
                mb.setdefault((mech, size), {})[impl] = statistics.median(
                    [r["mb_per_s"] for r in same if r.get("ok")])
        peers = [v for k, v in medians.items() if k != "zmtp"]
        if "zmtp" in medians and peers:
            best = max(peers) if higher else min(peers)
            ratio = medians["zmtp"] / best if best else float("nan")
            cells.append(f"{ratio:.2f}×")
            if target is None:
                cells.append("–")
            elif (higher and ratio >= target) or (not higher and ratio <= target):
                cells.append(f"met (≥ {target})" if higher else f"met (≤ {target})")
            else:
                cells.append(f"UNDER (≥ {target})" if higher else f"UNDER (≤ {target})")
        else:
            cells += ["–", "–"]
        lines.append(cells)

    widths = [max(len(str(row[c])) for row in [header] + lines) for c in range(len(header))]
    def out(row):
        print("| " + " | ".join(str(v).ljust(widths[c]) for c, v in enumerate(row)) + " |")
    out(header)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in lines:
        out(row)
    if mb:
        print()
        print("throughput medians in MB/s: " + "; ".join(
            ("CURVE " if m == "curve" else "") + f"{human_size(s)}: "
            + ", ".join(f"{NAMES[i]} {v:.1f}" for i, v in d.items())
            for (m, s), d in sorted(mb.items(), key=lambda item: (item[0][0] == "curve", item[0][1]))))
    conns = [r for r in records if r["kind"] == "conns" and r.get("ok")]
    for r in conns:
        print(f"idle handshaken connections ({NAMES[r['impl']]} SERVER): {r['connections']} connections, "
              f"{r['heap_per_conn'] / 1024:.1f} KiB heap per connection, "
              f"{r['direct_per_conn'] / 1024:.1f} KiB pooled direct memory per connection")
    fanin = [r for r in records if r["kind"] == "fanin" and r.get("ok")]
    if fanin:
        for impl in impls:
            f_vals = [r["msg_per_s"] for r in fanin if r["impl"] == impl]
            single = [r["msg_per_s"] for r in records
                      if r["impl"] == impl and mechanism(r) == "null" and r["kind"] == "thr"
                      and r["size"] == fanin[0]["size"] and r.get("ok")]
            if f_vals and single:
                print(f"fan-in {NAMES[impl]}: aggregate {fmt_rate(statistics.median(f_vals))} msg/s with "
                      f"{fanin[0].get('clients')} clients = {statistics.median(f_vals) / statistics.median(single):.2f}× "
                      f"its single-client {human_size(fanin[0]['size'])} median")


if __name__ == "__main__":
    main()
