#!/usr/bin/python3
"""Validates archgate's outputs and schemas with real validators.

- every service-inventory.json archgate accepts (fixtures, reference system)
  is valid against docs/inventory.schema.json, and the inventories archgate
  rejects for a type error are invalid against it;
- SARIF output validates against the SARIF 2.1.0 JSON Schema (shipped in the
  npm package @microsoft/jest-sarif), JUnit output against the Jenkins JUnit
  XSD (shipped in the npm package junit-processor), checked with xmllint;
- the configuration example in docs/configuration.md validates against
  docs/config.schema.json.

Usage: validate_formats.py <archgate binary> <source dir> <validators dir>
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import yaml

archgate, source, validators = sys.argv[1:4]
failures = []


def fail(message):
    failures.append(message)
    print("FAIL", message)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# 1. The inventory schema agrees with archgate.
inventory_schema = load(os.path.join(source, "docs", "inventory.schema.json"))
jsonschema.Draft7Validator.check_schema(inventory_schema)
inventory_validator = jsonschema.Draft7Validator(inventory_schema)
inventories = glob.glob(os.path.join(source, "fixtures", "**", "service-inventory.json"), recursive=True)
inventories += glob.glob(os.path.join(source, "reference-system", "service-inventory.json"))
checked = 0
for path in sorted(inventories):
    try:
        document = load(path)
    except (ValueError, UnicodeDecodeError):
        continue  # fixtures of unreadable inventories
    run = subprocess.run([archgate, "check", os.path.dirname(path), "--format", "json", "--fail-on", "never"],
                         capture_output=True, text=True)
    accepted = run.returncode == 0
    errors = list(inventory_validator.iter_errors(document))
    if accepted and errors:
        fail(f"{path}: archgate accepts it, the schema does not: {errors[0].message}")
    checked += 1
for rejected in ["invalid-inventory"]:
    document = load(os.path.join(source, "tests", "data", rejected, "service-inventory.json"))
    if inventory_validator.is_valid(document):
        fail(f"tests/data/{rejected}: archgate rejects it, the schema accepts it")
print(f"ok inventory schema: {checked} inventories")

# 2. SARIF and JUnit from fixtures that have findings of many rules.
sarif_schema = load(os.path.join(validators, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas",
                                 "sarif-2.1.0-rtm.5.json"))
sarif_validator = jsonschema.Draft4Validator(sarif_schema)
junit_xsd = os.path.join(validators, "node_modules", "junit-processor", "schemas", "jenkins-junit.xsd")
cases = sorted(glob.glob(os.path.join(source, "fixtures", "AG*", "fires-*")))
# A change case (base/ and head/, see tests/fixture_runner.cpp): its head is a repository.
cases = [os.path.join(c, "head") if os.path.isdir(os.path.join(c, "head")) else c for c in cases]
cases.append(os.path.join(source, "fixtures", "seed-example"))
with tempfile.TemporaryDirectory() as tmp:
    sarif_path = os.path.join(tmp, "out.sarif")
    junit_path = os.path.join(tmp, "out.xml")
    results = 0
    for case in cases:
        run = subprocess.run([archgate, "check", case, "--format", f"sarif={sarif_path}", "--format",
                              f"junit={junit_path}", "--fail-on", "never"], capture_output=True, text=True)
        if run.returncode != 0:
            fail(f"{case}: archgate exited {run.returncode}: {run.stderr}")
            continue
        sarif = load(sarif_path)
        for error in sarif_validator.iter_errors(sarif):
            fail(f"{case}: SARIF: {error.message} at {list(error.absolute_path)}")
            break
        results += len(sarif["runs"][0]["results"])
        lint = subprocess.run(["xmllint", "--noout", "--schema", junit_xsd, junit_path], capture_output=True,
                              text=True)
        if lint.returncode != 0:
            fail(f"{case}: JUnit: {lint.stderr.strip()}")
    print(f"ok sarif and junit: {len(cases)} repositories, {results} results")
    if results == 0:
        fail("no SARIF results were validated")

# 3. The documented configuration example is valid.
config_schema = load(os.path.join(source, "docs", "config.schema.json"))
jsonschema.Draft7Validator.check_schema(config_schema)
with open(os.path.join(source, "docs", "configuration.md"), encoding="utf-8") as f:
    blocks = re.findall(r"```yaml\n(.*?)```", f.read(), re.S)
if not blocks:
    fail("docs/configuration.md has no yaml example")
for block in blocks:
    for error in jsonschema.Draft7Validator(config_schema).iter_errors(yaml.safe_load(block)):
        fail(f"docs/configuration.md example: {error.message}")
print(f"ok configuration schema: {len(blocks)} examples")


sys.exit(1 if failures else 0)
