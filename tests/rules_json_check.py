"""`archgate rules --format json`: an array of every rule, in the order of
`archgate rules`, each with id, name, severity, family, summary,
releaseSentence (a string or null) and page (docs/rules/<ID>.md, which exists).
    rules_json_check.py <archgate binary> <source dir>"""
import json
import os
import re
import subprocess
import sys

archgate, source = sys.argv[1], sys.argv[2]
rules = json.loads(subprocess.run([archgate, "rules", "--format", "json"], check=True, capture_output=True,
                                  text=True).stdout)
text = subprocess.run([archgate, "rules"], check=True, capture_output=True, text=True).stdout
listed = re.findall(r"^(AG\d{3}) ", text, re.M)
problems = []
if [r.get("id") for r in rules] != listed:
    problems.append(f"ids {[r.get('id') for r in rules]} are not those of `archgate rules`: {listed}")
for rule in rules:
    keys = ["id", "name", "severity", "family", "summary", "releaseSentence", "page"]
    if list(rule) != keys:
        problems.append(f"{rule.get('id')}: keys {list(rule)}, expected {keys}")
        continue
    if rule["severity"] not in ("error", "warning", "note"):
        problems.append(f"{rule['id']}: severity {rule['severity']!r}")
    if not all(isinstance(rule[k], str) and rule[k] for k in ("name", "family", "summary")):
        problems.append(f"{rule['id']}: an empty name, family or summary")
    if rule["releaseSentence"] is not None and not (isinstance(rule["releaseSentence"], str) and rule["releaseSentence"]):
        problems.append(f"{rule['id']}: releaseSentence {rule['releaseSentence']!r} (a sentence or null)")
    if rule["page"] != f"docs/rules/{rule['id']}.md" or not os.path.isfile(os.path.join(source, rule["page"])):
        problems.append(f"{rule['id']}: page {rule['page']!r}")
if not any(r["releaseSentence"] for r in rules) or not any(r["releaseSentence"] is None for r in rules):
    problems.append("expected rules with and without a release sentence")
for p in problems:
    print("FAIL:", p)
print(f"{len(rules)} rules, {len(problems)} problems")
sys.exit(1 if problems else 0)
