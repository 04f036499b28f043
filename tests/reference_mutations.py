#!/usr/bin/python3
"""Mutation tests of the reference system.

The reference system must check clean. Each mutation below is one small,
realistic edit to a temporary copy of it; archgate must then report exactly
the finding of the rule the edit targets, at the edited line, and nothing
else. Every rule has at least one mutation (the test fails otherwise). The
rules that compare with a base (AG308, AG404) get their mutation as a pull
request: the unchanged system is committed to a git repository, the edit is
made on top, and archgate runs with --base HEAD.

Usage: reference_mutations.py <archgate binary> <reference-system dir> [name-filter]
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_mutation_table import MUTATIONS  # noqa: E402

archgate, reference = sys.argv[1], sys.argv[2]
only = sys.argv[3] if len(sys.argv) > 3 else ""


def check(root, extra=()):
    run = subprocess.run([archgate, "check", root, "--format", "json", "--fail-on", "never", *extra],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"archgate exited {run.returncode}: {run.stderr}")
    return json.loads(run.stdout)["findings"]


def line_of(root, path, marker):
    """The line where `marker` (which may span lines) starts in the file."""
    if marker is None:
        return 1
    with open(os.path.join(root, path), encoding="utf-8") as f:
        text = f.read()
    at = text.find(marker)
    if at < 0:
        raise RuntimeError(f"marker {marker!r} not found in {path} after the edit")
    return text.count("\n", 0, at) + 1


def apply(root, edit):
    kind, path = edit[0], os.path.join(root, edit[1])
    if kind == "replace":
        with open(path, encoding="utf-8") as f:
            text = f.read()
        old, new = edit[2], edit[3]
        if text.count(old) != 1:
            raise RuntimeError(f"{edit[1]}: expected exactly one {old!r}, found {text.count(old)}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new))
    elif kind == "write":
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(edit[2])
    elif kind == "delete":
        if os.path.isdir(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    else:
        raise RuntimeError(f"unknown edit {kind}")


def ignore_build_output(directory, names):
    return [n for n in names if n.startswith("build") or n.endswith((".db", ".sqlite", "-wal", "-shm"))]


failures = []
covered = set()
passed = 0
baseline = check(reference)
if baseline:
    failures.append("the reference system is not clean:\n" + "\n".join(
        f"  {f['rule']} {f['location']['path']}:{f['location']['line']} {f['message']}" for f in baseline))

for mutation in MUTATIONS:
    name = mutation["name"]
    if only and only not in name:
        continue
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "reference-system")
        shutil.copytree(reference, root, ignore=ignore_build_output, symlinks=True)
        try:
            extra = ()
            if mutation.get("pull_request"):
                # The unchanged system is the base commit; the edit is the
                # pull request, checked with --base (AG308, AG404).
                git = ["git", "-C", root, "-c", "user.name=archgate", "-c", "user.email=archgate@localhost"]
                subprocess.run(git + ["init", "-q"], check=True)
                subprocess.run(git + ["add", "-A"], check=True)
                subprocess.run(git + ["commit", "-q", "-m", "base"], check=True)
                extra = ("--base", "HEAD")
            for edit in mutation["edits"]:
                apply(root, edit)
            expected = sorted((rule, path, line_of(root, path, marker)) for rule, path, marker in mutation["expect"])
            findings = check(root, extra)
        except RuntimeError as e:
            failures.append(f"{name}: {e}")
            continue
        actual = sorted((f["rule"], f["location"]["path"], f["location"]["line"]) for f in findings)
        if actual != expected:
            shown = "\n".join(f"    {f['rule']} {f['location']['path']}:{f['location']['line']}: {f['message']}"
                              for f in findings) or "    (nothing)"
            failures.append(f"{name}: expected {expected}\n  got:\n{shown}")
        else:
            covered.update(rule for rule, _, _ in expected)
            passed += 1
            print(f"ok {name}: {', '.join(f'{r} {p}:{l}' for r, p, l in expected)}")

if not only:
    rules = subprocess.run([archgate, "rules"], capture_output=True, text=True).stdout.split("\n")[1:]
    # The live rules (AG6xx) judge running services, not files: the AG6xx
    # fixtures (scripted test servers) and tests/verify/ prove each of them.
    ids = {line.split()[0] for line in rules if line.startswith("AG") and not line.startswith("AG6")}
    missing = sorted(ids - covered)
    if missing:
        failures.append("rules without a passing mutation: " + ", ".join(missing))

for f in failures:
    print("FAIL", f)
print(f"{passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
