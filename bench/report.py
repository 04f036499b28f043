#!/usr/bin/env python3
"""The checking and printing half of bench/run.sh.

  report.py verify EXPECTED CHECK_JSON
      exit 1 (printing the difference) unless the findings of the JSON report
      are exactly the "RULE PATH LINE" lines of EXPECTED.
  report.py table RESULT_DIR...
      one row per directory (one N), as written by run.sh: meta, check.json,
      check.err (--timings), check.time and floor.time ("wall_s user_s sys_s
      maxrss_kib"), floor.out (archgate_parse_floor).
"""
import json
import os
import re
import sys
from collections import Counter


def findings(path):
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    return sorted(f"{d['rule']} {d['location']['path']} {d['location']['line']}" for d in report["findings"])


def verify(expected_path, check_json):
    with open(expected_path, encoding="utf-8") as f:
        expected = sorted(line.strip() for line in f if line.strip())
    got = findings(check_json)
    if got == expected:
        return 0
    print(f"bench: the findings differ from the planted ones ({expected_path}):", file=sys.stderr)
    for line in sorted((Counter(expected) - Counter(got)).elements()):
        print(f"  missing     {line}", file=sys.stderr)
    for line in sorted((Counter(got) - Counter(expected)).elements()):
        print(f"  unexpected  {line}", file=sys.stderr)
    return 1


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def gnu_time(path):
    """wall s, CPU s (user + sys), peak RSS MiB from a line "wall_s user_s sys_s maxrss_kib"."""
    wall, user, sys_, rss_kib = read(path).split()[-4:]
    return float(wall), float(user) + float(sys_), int(rss_kib) / 1024


def timings(text):
    """Phases from `archgate check --timings`: {name: ms}, {kind: busy ms}."""
    phases, kinds = {}, {}
    for line in text.splitlines():
        m = re.match(r"^    (\S.*?)\s+([0-9.]+) ms busy in", line)
        if m:
            kinds[m.group(1)] = float(m.group(2))
            continue
        m = re.match(r"^  (\S.*?)\s+([0-9.]+) ms$", line)
        if m:
            phases[m.group(1)] = float(m.group(2))
    return phases, kinds


def reuse(text):
    """"4990/5000" from the cache line of `--timings`."""
    m = re.search(r"cache\s+(\d+) of (\d+) tasks reused", text)
    return f"{m.group(1)}/{m.group(2)}" if m else "off"


def floor_line(text):
    for line in text.splitlines():
        if line.startswith("floor "):
            return {k: v for k, v in (kv.split("=", 1) for kv in line.split()[1:])}
    raise SystemExit("bench: archgate_parse_floor printed no 'floor' line")


def table(dirs):
    rows = []
    for d in dirs:
        meta = dict(line.split("=", 1) for line in read(os.path.join(d, "meta")).split())
        wall, cpu, rss = gnu_time(os.path.join(d, "check.time"))
        fwall, fcpu, frss = gnu_time(os.path.join(d, "floor.time"))
        with open(os.path.join(d, "check.json"), encoding="utf-8") as f:
            summary = json.load(f)["summary"]
        phases, kinds = timings(read(os.path.join(d, "check.err")))
        rows.append(dict(n=int(meta["services"]), runs=meta["runs"], mib=int(meta["bytes"]) / 2**20,
                         files=summary["files"], wall=wall, cpu=cpu, rss=rss, fwall=fwall, fcpu=fcpu, frss=frss,
                         phases=phases, kinds=kinds, floor=floor_line(read(os.path.join(d, "floor.out"))), dir=d))

    print(f"{'N':>5} {'files':>6} {'MiB':>6} {'runs':>4} | {'wall s':>7} {'CPU s':>7} {'peak MiB':>8} {'files/s':>8}"
          f" | {'floor wall s':>12} {'floor CPU s':>11} {'floor MiB':>9} | {'wall/floor':>10} {'CPU/floor':>9}")
    for r in rows:
        print(f"{r['n']:>5} {r['files']:>6} {r['mib']:>6.1f} {r['runs']:>4} | {r['wall']:>7.3f} {r['cpu']:>7.2f}"
              f" {r['rss']:>8.1f} {r['files'] / max(r['wall'], 0.005):>8.0f} | {r['fwall']:>12.3f} {r['fcpu']:>11.2f}"
              f" {r['frss']:>9.1f} | {r['wall'] / max(r['fwall'], 0.005):>9.2f}x {r['cpu'] / max(r['fcpu'], 0.005):>8.2f}x")

    kinds = []
    for r in rows:
        kinds += [k for k in r["kinds"] if k not in kinds]
    print()
    print("phases of that check, ms (wall; the artifact kinds are busy time summed over the workers):")
    head = ["inventory", "read + parse"] + [f"{k}" for k in kinds] + ["model", "rules", "output", "total"]
    print(f"{'N':>5} " + " ".join(f"{h:>{max(9, len(h))}}" for h in head))
    for r in rows:
        cells = [r["phases"].get("inventory", 0), r["phases"].get("read + parse", 0)]
        cells += [r["kinds"].get(k, 0) for k in kinds]
        cells += [r["phases"].get(p, 0) for p in ("model", "rules", "output", "total")]
        print(f"{r['n']:>5} " + " ".join(f"{c:>{max(9, len(h))}.1f}" for h, c in zip(head, cells)))
    print()
    print("parse floor, ms (read + parse wall; busy summed over its threads):")
    print(f"{'N':>5} {'YAML files':>10} {'SQL files':>9} {'read+parse':>10} {'read':>9} {'yaml-cpp':>9} {'libpg_query':>11}")
    for r in rows:
        f = r["floor"]
        print(f"{r['n']:>5} {f['yaml_files']:>10} {f['sql_files']:>9} {float(f['read_parse_wall_ms']):>10.1f}"
              f" {float(f['read_busy_ms']):>9.1f} {float(f['yaml_busy_ms']):>9.1f} {float(f['sql_busy_ms']):>11.1f}")

    print()
    print("repeated runs with the cache (.archgate-cache), against the cold check above:")
    print(f"{'N':>5} {'cold s':>8} | {'unchanged s':>11} {'share':>6} {'reused':>13} | {'--staged, 3 files s':>19} {'share':>6} {'reused':>13}")
    for r in rows:
        d = r["dir"]
        warm, _, _ = gnu_time(os.path.join(d, "warm.time"))
        staged, _, _ = gnu_time(os.path.join(d, "staged.time"))
        print(f"{r['n']:>5} {r['wall']:>8.3f} | {warm:>11.3f} {100 * warm / r['wall']:>5.1f}% {reuse(read(os.path.join(d, 'warm.err'))):>13}"
              f" | {staged:>19.3f} {100 * staged / r['wall']:>5.1f}% {reuse(read(os.path.join(d, 'staged.err'))):>13}")

    by_n = {r["n"]: r for r in rows}
    if 100 in by_n and 1000 in by_n:
        a, b = by_n[100], by_n[1000]
        print()
        print("cost per service, N=100 -> N=1000 (1.00 = linear):"
              f" wall {b['wall'] / 1000 / (a['wall'] / 100):.2f}x,"
              f" CPU {b['cpu'] / 1000 / (a['cpu'] / 100):.2f}x,"
              f" peak memory {b['rss'] / 1000 / (a['rss'] / 100):.2f}x")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "verify":
        return verify(sys.argv[2], sys.argv[3])
    if len(sys.argv) >= 3 and sys.argv[1] == "table":
        table(sys.argv[2:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
