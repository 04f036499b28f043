#!/usr/bin/env python3
"""Times `archgate verify` and Dredd on the same contracts and servers and
prints the figures (bench/verify/run.sh starts the servers and calls this).

Part 1: the running reference system (four services), clean.
Part 2: catalog-service on fixture_server with the faults of faults.md.

Each tool is run RUNS times, alternately; a row shows the best and the median
wall time (the clock around the whole command, process start included). The
request counts are what the tools report: archgate's JSON summary
("requests"), Dredd's transactions (total minus skipped). For part 2 the
server's own log counts the requests it saw as well.
"""
import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

REFSYS_SERVICES = ["gateway", "order-service", "inventory-service", "payment-service"]
TRANSACTION = re.compile(r"^(pass|fail|skip|error): ([A-Z]+) \((\d{3})\) (\S+)")
UNSUPPORTED = re.compile(r"'([^']+)' contains unsupported key '([^']+)'")
COMPLETE = re.compile(r"complete: (\d+) passing, (\d+) failing, (\d+) errors, (\d+) skipped, (\d+) total")


def run_timed(argv, out_path, merge=True):
    """Runs argv with its output in out_path (stderr too when merge, else in
    out_path.err, which is appended to the text only when it is not empty);
    returns (seconds, exit status, text)."""
    with open(out_path, "wb") as out, open(out_path + ".err", "wb") as err:
        start = time.perf_counter()
        status = subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT if merge else err,
                                stdin=subprocess.DEVNULL).returncode
        seconds = time.perf_counter() - start
    with open(out_path, encoding="utf-8", errors="replace") as f, \
            open(out_path + ".err", encoding="utf-8", errors="replace") as e:
        text, errors = f.read(), e.read()
    return seconds, status, text if not errors else text + "\n" + errors


def seconds_text(values):
    return f"{min(values):.3f}", f"{statistics.median(values):.3f}"


# ---------------------------------------------------------------- archgate

def archgate_argv(archgate, repo, services):
    argv = [archgate, "verify", repo, "--no-cache", "--format", "json", "--fail-on", "never"]
    for name, url in services:
        argv += ["--service", f"{name}={url}"]
    return argv


def archgate_report(text):
    """The JSON report; None when the output is not one (printed as an error).
    Whatever archgate wrote to stderr follows the report in `text`."""
    try:
        report, _ = json.JSONDecoder().raw_decode(text.lstrip())
        return report
    except json.JSONDecodeError:
        return None


# ---------------------------------------------------------------- Dredd

class DreddRun:
    """What one Dredd run printed: its transactions, the messages of the failed
    ones, its totals, or why it did not load the contract."""

    def __init__(self, text):
        self.text = text
        self.transactions = []  # (result, method, status, path), in order
        self.messages = {}      # (method, status, path) -> failure lines
        self.totals = None      # passing, failing, errors, skipped, total
        self.load_errors = []
        self.unsupported = {}   # "Schema Object" -> keys Dredd's OpenAPI 3 parser warned it ignores
        failed_section = False
        current = None
        collecting = False  # the failure lines of `current`: "fail: <first>", then lines up to a blank one
        for raw in text.splitlines():
            line = raw.rstrip()
            if line.startswith("info: Displaying failed tests"):
                failed_section = True
                continue
            if collecting and TRANSACTION.match(line):
                collecting = False
            if collecting:
                if not line:
                    collecting = False
                elif line.startswith("fail: "):
                    self.messages[current].append(line[len("fail: "):])
                else:
                    self.messages[current].append(line)
                if collecting:
                    continue
            m = COMPLETE.search(line)
            if m:
                self.totals = tuple(int(g) for g in m.groups())
                continue
            m = TRANSACTION.match(line)
            if m:
                key = (m.group(2), m.group(3), m.group(4))
                if failed_section:
                    current = key
                    self.messages.setdefault(key, [])
                    collecting = True
                else:
                    self.transactions.append((m.group(1),) + key)
                continue
            m = UNSUPPORTED.search(line)
            if m and line.startswith("warn: "):
                keys = self.unsupported.setdefault(m.group(1), [])
                if m.group(2) not in keys:
                    keys.append(m.group(2))
                continue
            if line.startswith("error: ") and not failed_section:
                self.load_errors.append(line[len("error: "):])

    @property
    def loaded(self):
        return self.totals is not None

    @property
    def requests(self):
        return self.totals[4] - self.totals[3] if self.totals else 0

    def failing(self):
        return [t for t in self.transactions if t[0] in ("fail", "error")]


def failure_text(run, method, status, path, limit):
    """The failure lines of a transaction, the status first."""
    lines = sorted(run.messages.get((method, status, path), []), key=lambda m: not m.startswith("statusCode"))
    return short("; ".join(lines), limit) if lines else "(no message)"


def unsupported_text(run):
    return "; ".join(f"{obj}: {', '.join(keys)}" for obj, keys in run.unsupported.items())


def dredd_argv(dredd, contract, url, extra=()):
    return [dredd, contract, url, "--color=false", *extra]


# ---------------------------------------------------------------- faults.md

def read_faults(path):
    faults = []
    row = re.compile(r"^\|\s*(F\d+)\s*\|(.*?)\|\s*`([^`]+)`[^|]*\|\s*(AG\d{3})\s*\|(.*)\|\s*$")
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = row.match(line)
            if m:
                faults.append({"id": m.group(1), "what": m.group(2).strip(), "operation": m.group(3).strip(),
                               "rule": m.group(4)})
    return faults


def label_pattern(operation):
    """`GET /widgets/{id}` in a message, not as the start of `GET /widgets/{id}/price`."""
    return re.compile(re.escape(operation) + r"(?=[\s:,)]|$)")


def path_pattern(operation):
    """The concrete path Dredd prints for `GET /widgets/{id}`: `GET` and /widgets/<anything>."""
    method, template = operation.split(" ", 1)
    parts = [("[^/]+" if p.startswith("{") and p.endswith("}") else re.escape(p)) for p in template.split("/")]
    return method, re.compile("^" + "/".join(parts) + r"(\?.*)?$")


def archgate_found(report, faults):
    found, matched = {}, set()
    for fault in faults:
        pattern = None if fault["operation"] == "*" else label_pattern(fault["operation"])
        for i, finding in enumerate(report["findings"]):
            if finding["rule"] != fault["rule"]:
                continue
            if pattern is None or pattern.search(finding["message"]):
                found.setdefault(fault["id"], []).append(finding)
                matched.add(i)
    others = [f for i, f in enumerate(report["findings"]) if i not in matched]
    return found, others


def dredd_found(run, faults):
    found, matched = {}, set()
    for fault in faults:
        for t in run.failing():
            result, method, status, path = t
            if fault["operation"] == "*":
                text = " ".join(run.messages.get((method, status, path), []))
                hit = "x-request-id" in text.lower()
            else:
                want_method, pattern = path_pattern(fault["operation"])
                hit = method == want_method and status.startswith("2") and pattern.match(path) is not None
            if hit:
                found.setdefault(fault["id"], []).append(t)
                matched.add(t)
    failing_2xx = [t for t in run.failing() if t[2].startswith("2")]
    others_2xx = [t for t in failing_2xx if t not in matched]
    failing_other = [t for t in run.failing() if not t[2].startswith("2")]
    return found, others_2xx, failing_other


# ---------------------------------------------------------------- output

def table(rows, header):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    def line(r):
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def short(text, limit=150):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def log_lines(path):
    try:
        with open(path, "rb") as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def reseed(inventory_url):
    """Puts the demo stock back (reference-system/run.sh seeds it at start):
    every order the tools place takes stock, and the runs must all see the same
    system. Not timed."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for sku, body in (("apple", {"onHand": 100, "unitPriceCents": 120}), ("pear", {"onHand": 50, "unitPriceCents": 80})):
        request = urllib.request.Request(f"{inventory_url}/inventory/{sku}", data=json.dumps(body).encode(), method="PUT",
                                         headers={"Content-Type": "application/json"})
        opener.open(request, timeout=5).read()


# ---------------------------------------------------------------- part 1

def part_reference(args):
    repo_refsys = os.path.join(args.repo, "reference-system")
    urls = {s: f"http://127.0.0.1:{open(os.path.join(args.refsys_dir, s + '.port')).read().strip()}"
            for s in REFSYS_SERVICES}
    print("== 1. The reference system, clean: four services on loopback, the same contracts for both tools")
    for s in REFSYS_SERVICES:
        print(f"   {s:<18} {urls[s]}   contract reference-system/services/{s}/openapi.yaml")
    print()

    all_services = [(s, urls[s]) for s in REFSYS_SERVICES]
    ag_times, ag_reports = [], []
    ag3_times, ag3_reports = [], []
    dredd_times, dredd_runs = [], []
    dredd_loaded = None  # the services whose contract Dredd loads, from the first run
    for r in range(args.runs):
        reseed(urls["inventory-service"])
        seconds, status, text = run_timed(archgate_argv(args.archgate, repo_refsys, all_services),
                                          os.path.join(args.work, f"refsys-archgate-{r}.json"), merge=False)
        ag_times.append(seconds)
        ag_reports.append((status, archgate_report(text), text))

        reseed(urls["inventory-service"])
        total, runs = 0.0, {}
        for s in REFSYS_SERVICES:
            contract = os.path.join(repo_refsys, "services", s, "openapi.yaml")
            seconds, status, text = run_timed(dredd_argv(args.dredd, contract, urls[s]),
                                              os.path.join(args.work, f"refsys-dredd-{s}-{r}.txt"))
            total += seconds
            runs[s] = (seconds, status, DreddRun(text))
        dredd_times.append(total)
        dredd_runs.append(runs)
        if dredd_loaded is None:
            dredd_loaded = [s for s in REFSYS_SERVICES if runs[s][2].loaded]

        # archgate on the services whose contract Dredd loads: the same operations.
        if dredd_loaded != REFSYS_SERVICES:
            reseed(urls["inventory-service"])
            seconds, status, text = run_timed(
                archgate_argv(args.archgate, repo_refsys, [(s, urls[s]) for s in dredd_loaded]),
                os.path.join(args.work, f"refsys-archgate3-{r}.json"), merge=False)
            ag3_times.append(seconds)
            ag3_reports.append((status, archgate_report(text), text))

    rows = []
    def archgate_row(name, times, reports):
        status, report, text = reports[0]
        if report is None:
            rows.append((name, *seconds_text(times), "?", "no JSON report (exit %d)" % status))
            return
        summary = report["summary"]
        findings = len(report["findings"])
        rows.append((name, *seconds_text(times), summary.get("requests", "?"),
                     f"{findings} finding{'s' if findings != 1 else ''}"))
    archgate_row(f"archgate verify, {len(REFSYS_SERVICES)} services in one run", ag_times, ag_reports)
    if ag3_times:
        archgate_row(f"archgate verify, the {len(dredd_loaded)} services Dredd loads", ag3_times, ag3_reports)
    first = dredd_runs[0]
    requests = sum(first[s][2].requests for s in REFSYS_SERVICES)
    failing = sum(first[s][2].totals[1] + first[s][2].totals[2] for s in dredd_loaded)
    transactions = sum(first[s][2].totals[4] for s in dredd_loaded)
    failing_2xx = sum(1 for s in dredd_loaded for t in first[s][2].failing() if t[2].startswith("2"))
    not_loaded = [s for s in REFSYS_SERVICES if s not in dredd_loaded]
    rows.append((f"dredd, one run per contract, one after another ({len(dredd_loaded)} loaded)",
                 *seconds_text(dredd_times), requests,
                 f"{failing} of {transactions} transactions failing ({failing_2xx} expecting a 2xx)"
                 + (f"; {len(not_loaded)} contract{'s' if len(not_loaded) != 1 else ''} not loaded" if not_loaded else "")))
    table(rows, ("tool", f"best s ({args.runs})", "median s", "requests", "reported"))
    print()

    print("-- what archgate reported (first run):")
    for name, reports in ((f"{len(REFSYS_SERVICES)} services", ag_reports), ("Dredd's services", ag3_reports)):
        if not reports:
            continue
        status, report, text = reports[0]
        if report is None:
            print(f"   {name}: exit {status}, output: {short(text, 300)}")
            continue
        print(f"   {name}: exit {status}, summary {json.dumps(report['summary'], sort_keys=True)}")
        for f in report["findings"]:
            loc = f["location"]
            print(f"     {f['rule']} {loc['path']}:{loc['line']}: {short(f['message'])}")
    differing = [i + 1 for i, (_, rep, _) in enumerate(ag_reports) if rep and ag_reports[0][1]
                 and len(rep["findings"]) != len(ag_reports[0][1]["findings"])]
    if differing:
        print(f"   (runs {differing} reported a different number of findings)")
    print()

    print("-- what Dredd reported (first run), per contract:")
    for s in REFSYS_SERVICES:
        seconds, status, run = first[s]
        if not run.loaded:
            print(f"   {s}: NOT LOADED, no request sent (exit {status}); Dredd said:")
            for e in dict.fromkeys(run.load_errors[:4]):
                print(f"     error: {short(e.replace(args.repo + '/', ''), 330)}")
            continue
        p, f, e, sk, total = run.totals
        print(f"   {s}: {p} passing, {f} failing, {e} errors, {sk} skipped, {total} total ({seconds:.3f} s)")
        if run.unsupported:
            print(f"     parser warnings, keys it does not support (ignored): {unsupported_text(run)}")
        fails = run.failing()
        ok2 = [t for t in fails if t[2].startswith("2")]
        other = [t for t in fails if not t[2].startswith("2")]
        if other:
            print(f"     {len(other)} failing transactions expect a non-2xx status (Dredd sends the same example "
                  f"request for every documented status): {', '.join(f'{m} ({st}) {pa}' for _, m, st, pa in other)}")
        for t in ok2:
            _, m, st, pa = t
            print(f"     expects 2xx: {m} ({st}) {pa}: {failure_text(run, m, st, pa, 200)}")
    print()


# ---------------------------------------------------------------- part 2

def part_faults(args):
    faults = read_faults(args.faults_md)
    url = f"http://127.0.0.1:{args.faults_port}"
    contract_repo = os.path.join(args.here, "contract")
    contract = os.path.join(contract_repo, "services", "catalog-service", "openapi.yaml")
    dredd_extra = ["--header=Connection: close"]
    print(f"== 2. Planted faults: catalog-service on fixture_server ({url}, script bench/verify/faults.json), "
          f"{len(faults)} faults (bench/verify/faults.md)")
    print("   Dredd runs with --header 'Connection: close': fixture_server does not set TCP_NODELAY, so on a")
    print("   kept-alive connection (Node 20's default) each answer waits ~40 ms for the client's delayed ACK;")
    print("   the reference system's services set TCP_NODELAY and need no such header.")
    print()
    ag_times, ag_runs, dredd_times, dredd_runs = [], [], [], []
    for r in range(args.runs):
        before = log_lines(args.faults_log)
        seconds, status, text = run_timed(archgate_argv(args.archgate, contract_repo, [("catalog-service", url)]),
                                          os.path.join(args.work, f"faults-archgate-{r}.json"), merge=False)
        ag_times.append(seconds)
        ag_runs.append((status, archgate_report(text), text, log_lines(args.faults_log) - before))
        before = log_lines(args.faults_log)
        seconds, status, text = run_timed(dredd_argv(args.dredd, contract, url, dredd_extra),
                                          os.path.join(args.work, f"faults-dredd-{r}.txt"))
        dredd_times.append(seconds)
        dredd_runs.append((status, DreddRun(text), log_lines(args.faults_log) - before))

    # Once without the header, to show what the server's missing TCP_NODELAY costs Dredd.
    keepalive_seconds, _, _ = run_timed(dredd_argv(args.dredd, contract, url),
                                        os.path.join(args.work, "faults-dredd-keepalive.txt"))

    status, report, text, seen = ag_runs[0]
    if report is None:
        print(f"archgate printed no JSON report (exit {status}): {short(text, 400)}")
        return
    ag_found, ag_others = archgate_found(report, faults)
    _, drun, dseen = dredd_runs[0]
    d_found, d_others, d_non2xx = dredd_found(drun, faults) if drun.loaded else ({}, [], [])

    n = len(faults)
    rows = [
        ("archgate verify", *seconds_text(ag_times), report["summary"].get("requests", "?"), seen,
         f"{len(ag_found)} of {n}", len(ag_others)),
        ("dredd", *seconds_text(dredd_times), drun.requests if drun.loaded else "not loaded", dseen,
         f"{len(d_found)} of {n}", len(d_others)),
    ]
    table(rows, ("tool", f"best s ({args.runs})", "median s", "requests", "server saw", "faults found",
                 "other failures"))
    print(f"   (dredd without --header 'Connection: close', one run: {keepalive_seconds:.3f} s)")
    print()
    print("   fault  rule   operation                 archgate  dredd   planted fault")
    for fault in faults:
        a = "found" if fault["id"] in ag_found else "MISSED"
        d = "found" if fault["id"] in d_found else "MISSED"
        print(f"   {fault['id']:<6} {fault['rule']:<6} {fault['operation']:<25} {a:<9} {d:<7} {short(fault['what'], 70)}")
    print()
    for name, found in (("archgate", ag_found), ("dredd", d_found)):
        missed = [f["id"] for f in faults if f["id"] not in found]
        print(f"   missed by {name}: {', '.join(missed) if missed else 'none'}")
    print()

    print("-- archgate (first run): exit %d, summary %s" % (status, json.dumps(report["summary"], sort_keys=True)))
    for fault in faults:
        for f in ag_found.get(fault["id"], [])[:1]:
            more = len(ag_found[fault["id"]]) - 1
            print(f"   {fault['id']}: {f['rule']} line {f['location']['line']}: {short(f['message'], 170)}"
                  + (f" (+{more} more)" if more else ""))
    for f in ag_others:
        print(f"   not a planted fault: {f['rule']} line {f['location']['line']}: {short(f['message'], 170)}")
    differing = [i + 1 for i, run in enumerate(ag_runs) if run[1] and archgate_found(run[1], faults)[0].keys() != ag_found.keys()]
    if differing:
        print(f"   (runs {differing} found different faults)")
    print()

    print("-- Dredd (first run): exit %d" % dredd_runs[0][0])
    if not drun.loaded:
        print("   contract NOT LOADED:")
        for e in dict.fromkeys(drun.load_errors[:4]):
            print(f"     error: {short(e.replace(args.repo + '/', ''), 330)}")
        return
    p, f, e, sk, total = drun.totals
    print(f"   {p} passing, {f} failing, {e} errors, {sk} skipped, {total} total")
    if drun.unsupported:
        print(f"   parser warnings, keys it does not support (ignored): {unsupported_text(drun)}")
    for fault in faults:
        for t in d_found.get(fault["id"], [])[:1]:
            _, m, st, pa = t
            print(f"   {fault['id']}: {m} ({st}) {pa}: {failure_text(drun, m, st, pa, 170)}")
    for t in d_others:
        _, m, st, pa = t
        print(f"   not a planted fault, expects 2xx: {m} ({st}) {pa}: {failure_text(drun, m, st, pa, 170)}")
    print(f"   {len(d_non2xx)} failing transactions expect a non-2xx status, on faulty and clean operations alike "
          f"(not counted): {', '.join(f'{m} ({st}) {pa}' for _, m, st, pa in d_non2xx)}")
    differing = [i + 1 for i, run in enumerate(dredd_runs) if run[1].loaded and dredd_found(run[1], faults)[0].keys() != d_found.keys()]
    if differing:
        print(f"   (runs {differing} found different faults)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--archgate", required=True)
    parser.add_argument("--dredd", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--here", required=True)
    parser.add_argument("--refsys-dir", required=True, help="reference-system/run.sh's folder (ports)")
    parser.add_argument("--faults-port", required=True)
    parser.add_argument("--faults-log", required=True)
    parser.add_argument("--faults-md", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--part", choices=["all", "reference", "faults"], default="all")
    args = parser.parse_args()
    if args.part in ("all", "reference"):
        part_reference(args)
    if args.part in ("all", "faults"):
        part_faults(args)


def stop(signum, frame):
    # subprocess.run kills the running tool when an exception leaves it.
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
