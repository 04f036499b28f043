#!/usr/bin/env python3
"""Compare archgate's findings with the expected findings written by hand.

Called by run.sh; python3 stdlib only. For each repository it reads
results/<name>.json (archgate check --format json) and <inventory>/expected.tsv,
and prints what was missed, the false alarms, the noise and the findings
nobody has judged yet, then one table for all repositories. It asserts
nothing and always exits 0.

expected.tsv columns (tab-separated, '#' comments):
  rule     rule id (AG301)
  file     path relative to the check root; fnmatch wildcards allowed
  line     line number, or * for any line of the file
  service  the finding's service (for findings about an inventory entry), or empty
  verdict  real   - a violation a careful reviewer calls real
           false  - not a violation: a finding here is a false alarm
           noise  - the same problem reported again (a finding here is noise)
  class    the class of issue 17 (1-11) a miss or false alarm belongs to, or -
  why      the reason, in words
"""
import argparse
import fnmatch
import json
import os
import sys

BOUNDARY_PREFIXES = ("AG1", "AG2", "AG401", "AG402", "AG403", "AG501", "AG502", "AG503")


def read_manifest(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if cols[0] == "name":
                continue
            name, repo, commit, root, inv = cols[:5]
            rows[name] = dict(name=name, repo=repo, commit=commit, root=root, inv=inv)
    return rows


def read_expected(path):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if cols[0] == "rule":
                continue
            cols += [""] * (7 - len(cols))
            rule, file, ln, service, verdict, klass, why = cols[:7]
            rows.append(dict(rule=rule.strip(), file=file.strip(), line=ln.strip(),
                             service=service.strip(), verdict=verdict.strip(),
                             klass=klass.strip() or "-", why=why.strip(), src=n, hits=0))
    return rows


def matches(row, f):
    if row["rule"] != f["rule"]:
        return False
    path = f["location"]["path"]
    if row["file"] != path and not ("*" in row["file"] and fnmatch.fnmatchcase(path, row["file"])):
        return False
    if row["line"] != "*" and str(f["location"]["line"]) != row["line"]:
        return False
    if row["service"] and row["service"] != f.get("service", ""):
        return False
    return True


def specificity(row):
    return ((row["line"] != "*") * 4 + bool(row["service"]) * 2 + ("*" not in row["file"]))


def where(f):
    loc = f["location"]
    return "%s:%s" % (loc["path"], loc["line"])


def short(msg, n=150):
    return msg if len(msg) <= n else msg[:n - 3] + "..."


def grouped(pairs):
    order, by = [], {}
    for f, row in pairs:
        k = (row["rule"], row["klass"], row["why"])
        if k not in by:
            by[k] = (row, [])
            order.append(k)
        by[k][1].append(f)
    return [by[k] for k in order]


def is_boundary(rule):
    return rule.startswith(BOUNDARY_PREFIXES)


def pct(a, b):
    return "%d%%" % (100 * a // b) if b else "-"  # rounded down: 100% only when nothing is missed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(args.manifest))
    manifest = read_manifest(args.manifest)
    verbose = os.environ.get("ACCURACY_VERBOSE") == "1"
    table = []
    by_class = {}  # class -> [missed, false alarms, noise]

    def count(klass, idx, n=1):
        by_class.setdefault(klass, [0, 0, 0])[idx] += n
    for name in args.names or list(manifest):
        m = manifest[name]
        expected = read_expected(os.path.join(here, m["inv"], "expected.tsv"))
        base = os.path.join(args.results, name)
        print("== %s  %s@%s  root %s" % (name, m["repo"], m["commit"][:12], m["root"]))
        try:
            with open(base + ".json", encoding="utf-8") as f:
                report = json.load(f)
            rc = open(base + ".rc").read().strip()
        except (OSError, ValueError) as e:
            err = ""
            if os.path.exists(base + ".stderr"):
                err = open(base + ".stderr", encoding="utf-8", errors="replace").read().strip()
            print("  no report: %s\n" % (err[:500] or e.__class__.__name__))
            table.append((name, None))
            continue
        findings = report.get("findings", [])
        stderr = open(base + ".stderr", encoding="utf-8", errors="replace").read().strip()
        if stderr:
            print("  stderr: " + stderr.replace("\n", "\n          ")[:1500])
        seen = set()
        real_hit, false_hit, noise_hit, unjudged, notes = [], [], [], [], []
        for f in findings:
            loc = f["location"]
            key = (f["rule"], loc["path"], loc["line"], loc.get("column"), f.get("message"))
            if key in seen:
                noise_hit.append((f, None, "the same finding twice at one place (class 9)"))
                continue
            seen.add(key)
            cands = [r for r in expected if matches(r, f)]
            if not cands:
                unjudged.append(f)
                continue
            row = max(cands, key=specificity)
            if f.get("severity") == "note" and row["verdict"] != "real":
                notes.append((f, row))  # a note is not an alarm: shown, not counted
                continue
            row["hits"] += 1
            if row["verdict"] == "real":
                real_hit.append((f, row))
            elif row["verdict"] == "noise":
                noise_hit.append((f, row, row["why"]))
            else:
                false_hit.append((f, row))
        reals = [r for r in expected if r["verdict"] == "real"]
        missed = [r for r in reals if r["hits"] == 0]
        for r in missed:
            count(r["klass"], 0)
        for f, r in false_hit:
            count(r["klass"], 1)
        for f, r, why in noise_hit:
            count(r["klass"] if r else "9", 2)
        found = len(reals) - len(missed)
        b_reals = [r for r in reals if is_boundary(r["rule"])]
        b_found = sum(1 for r in b_reals if r["hits"])
        print("  archgate exit %s, %d findings; expected %d real, found %d, missed %d"
              % (rc, len(findings), len(reals), found, len(missed)))
        if missed:
            print("  missed (%d):" % len(missed))
            for r in missed:
                print("    %s:%s %s%s [class %s] %s" % (r["file"], r["line"], r["rule"],
                      (" (" + r["service"] + ")") if r["service"] else "", r["klass"], r["why"]))
        if false_hit:
            print("  false alarms (%d):" % len(false_hit))
            for row, group in grouped(false_hit):
                print("    [class %s] %s: %s" % (row["klass"], row["rule"], row["why"]))
                for f in group:
                    print("      %s %s" % (where(f), short(f.get("message", ""))))
        if noise_hit:
            print("  noise (%d):" % len(noise_hit))
            by = {}
            for f, r, why in noise_hit:
                by.setdefault((f["rule"], f["location"]["path"], why), []).append(f["location"]["line"])
            for (rule, path, why), lines in by.items():
                print("    %s %s x%d (lines %s)\n      %s" % (path, rule, len(lines),
                      ",".join(str(l) for l in lines[:12]) + (",..." if len(lines) > 12 else ""), why))
        if notes:
            print("  notes where a false alarm or noise was expected (%d, not counted):" % len(notes))
            for f, r in notes:
                print("    %s %s %s" % (where(f), f["rule"], short(f.get("message", ""))))
        if unjudged:
            print("  unjudged (%d) - in neither list, for a person to classify:" % len(unjudged))
            for f in unjudged:
                print("    %s %s %s" % (where(f), f["rule"], short(f.get("message", ""))))
        if verbose:
            print("  found (%d):" % len(real_hit))
            for f, r in real_hit:
                print("    %s %s %s" % (where(f), f["rule"], f.get("message", "")[:140]))
        print()
        table.append((name, dict(expected=len(reals), found=found, missed=len(missed),
                                 b_expected=len(b_reals), b_found=b_found,
                                 false=len(false_hit), noise=len(noise_hit),
                                 unjudged=len(unjudged), findings=len(findings))))
    head = ("repository", "findings", "expected", "found", "missed", "recall",
            "boundary recall", "false alarms", "noise", "unjudged")
    lines = []
    tot = dict(expected=0, found=0, missed=0, b_expected=0, b_found=0, false=0, noise=0,
               unjudged=0, findings=0)
    for name, t in table:
        if t is None:
            lines.append((name, "no report", "", "", "", "", "", "", "", ""))
            continue
        for k in tot:
            tot[k] += t[k]
        lines.append((name, str(t["findings"]), str(t["expected"]), str(t["found"]),
                      str(t["missed"]), pct(t["found"], t["expected"]),
                      "%d/%d" % (t["b_found"], t["b_expected"]),
                      str(t["false"]), str(t["noise"]), str(t["unjudged"])))
    lines.append(("total", str(tot["findings"]), str(tot["expected"]), str(tot["found"]),
                  str(tot["missed"]), pct(tot["found"], tot["expected"]),
                  "%d/%d" % (tot["b_found"], tot["b_expected"]),
                  str(tot["false"]), str(tot["noise"]), str(tot["unjudged"])))
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|")
    for l in lines:
        print("| " + " | ".join(l) + " |")
    print("\nrecall: real violations found / expected; boundary recall: the same for "
          "ownership, gateway, call and inventory rules (AG1xx, AG2xx, AG401-403, AG501-503)")
    if by_class:
        print("\n| class of issue 17 | missed | false alarms | noise |")
        print("|---|---:|---:|---:|")
        key = lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k)
        for k in sorted(by_class, key=key):
            m, fa, nz = by_class[k]
            print("| %s | %d | %d | %d |" % (k if k != "-" else "outside 1-11", m, fa, nz))
    return 0


if __name__ == "__main__":
    sys.exit(main())
