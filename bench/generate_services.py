#!/usr/bin/env python3
"""Writes a synthetic microservice repository of N services for benchmarks.

Each service svc-I has
  - an OpenAPI 3 contract of 21 paths (about 50 KB) whose operations share
    components (schemas, responses, parameters) through $ref,
  - 10 PostgreSQL migrations, each an up and a down script (tables, indexes,
    constraints, ALTER, UPDATE, a trigger function, a view),
  - a Compose entry with a health check and depends_on its callees and the
    shared postgres server (one database per service),
  - source files with SQL literals and calls to its callees' contracts,
    a test, a Dockerfile with a HEALTHCHECK and a ROLLBACK.md,
plus service-inventory.json and compose.yaml at the root.

A service's files depend only on the seed and its index (not on N, except
for the last services, which have fewer callees), so the same seed and N give
a byte-identical tree, and per-service cost is comparable across N.

Unless --clean is given, a fixed set of violations is planted in services
svc-1 .. svc-9, the same for every N >= 10 (see PLANTED below); --expected
FILE writes the findings archgate must report, one "RULE PATH LINE" a line,
sorted. Everything else is meant to be clean: any other finding is either a
flaw of this generator or a false positive of archgate.

Usage: generate_services.py OUTPUT_DIR SERVICES [--seed S] [--clean] [--expected FILE]
"""
import argparse
import json
import os
import random

# What is planted where (service index -> rule), each exactly once.
PLANTED = {
    1: "AG102",  # svc-1 migration 0007 alters a table svc-2 owns
    3: "AG402",  # svc-3 code calls svc-5, which is not in its mayCall
    4: "AG304",  # svc-4 migration 0006 has no down script
    6: "AG301",  # svc-6 has no health check (Compose nor Dockerfile)
    7: "AG105",  # svc-7 code reads a table svc-8 owns
    9: "AG406",  # svc-9 documents no 4xx response for one DELETE
}

RESOURCES = [
    "orders", "invoices", "shipments", "customers", "payments", "refunds", "carts", "products",
    "reviews", "coupons", "accounts", "subscriptions", "tickets", "messages", "devices", "sessions",
    "reports", "warehouses", "parcels", "vouchers", "bookings", "contracts", "deliveries", "claims",
    "quotes", "returns", "batches", "routes", "vehicles", "drivers", "tenants", "licenses",
]
SUBRESOURCES = ["notes", "events", "attachments", "lines", "comments", "history", "labels", "links"]
ACTIONS = ["approve", "cancel", "archive", "reopen", "confirm", "suspend", "retry", "close"]
# (property name, OpenAPI schema, SQL type)
FIELDS = [
    ("label", "{type: string, maxLength: 120}", "text NOT NULL DEFAULT ''"),
    ("reference", "{type: string, maxLength: 64, pattern: '^[A-Z0-9-]+$'}", "varchar(64)"),
    ("quantity", "{type: integer, format: int32, minimum: 0}", "integer NOT NULL DEFAULT 0"),
    ("weight", "{type: number, format: double, minimum: 0}", "numeric(12,3)"),
    ("priority", "{type: integer, minimum: 1, maximum: 5}", "smallint NOT NULL DEFAULT 3"),
    ("channel", "{type: string, enum: [web, mobile, partner, batch]}", "varchar(16)"),
    ("externalId", "{type: string, format: uuid}", "uuid"),
    ("dueDate", "{type: string, format: date}", "date"),
    ("notes", "{type: string, maxLength: 2000}", "text"),
    ("region", "{type: string, minLength: 2, maxLength: 8}", "varchar(8)"),
    ("score", "{type: number, format: float}", "real"),
    ("active", "{type: boolean}", "boolean NOT NULL DEFAULT true"),
    ("email", "{type: string, format: email}", "citext"),
    ("locale", "{type: string, example: en-GB}", "varchar(12)"),
    ("sequence", "{type: integer, format: int64}", "bigint"),
    ("origin", "{type: string, maxLength: 80}", "text"),
]
WORDS = (
    "the a resource record entry item value current previous latest pending stored requested client "
    "server caller owner partner account team region batch window limit state version change update "
    "history audit trail copy cached consistent eventually strictly ordered returned rejected accepted "
    "validated unique stable opaque cursor page token field filter sort order when unless after before"
).split()


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def title(word):
    return word[:1].upper() + word[1:]


def singular(word):
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ches") or word.endswith("sses"):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


class Files:
    """Collects the files of the repository, then writes them."""

    def __init__(self, root):
        self.root = root
        self.files = {}

    def add(self, rel, text):
        self.files[rel] = text

    def write(self):
        for rel in sorted(self.files):
            path = os.path.join(self.root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(self.files[rel])


class Lines:
    """A text built line by line that remembers where marked lines are."""

    def __init__(self):
        self.lines = []
        self.marks = {}

    def add(self, *lines, mark=None):
        if mark is not None:
            self.marks[mark] = len(self.lines) + 1
        self.lines.extend(lines)

    def text(self):
        return "\n".join(self.lines) + "\n"


class Service:
    def __init__(self, seed, index, count, clean):
        self.index = index
        self.name = f"svc-{index}"
        self.table_prefix = f"svc_{index}"
        self.rng = random.Random(f"archgate-bench:{seed}:{index}")
        self.plant = None if clean else PLANTED.get(index)
        rng = self.rng
        self.resources = rng.sample(RESOURCES, 5)
        self.subs = [rng.choice(SUBRESOURCES) for _ in self.resources]
        self.actions = [rng.choice(ACTIONS) for _ in self.resources]
        self.fields = [rng.sample(FIELDS, rng.randint(7, 10)) for _ in self.resources]
        self.tables = [f"{self.table_prefix}_{r}" for r in self.resources]
        # Calls go to higher indexes only: the call graph has no cycle.
        self.callees = [f"svc-{j}" for j in (index + 1, index + 2) if j < count and (j == index + 1 or rng.random() < 0.4)]

    def sentence(self, n=None):
        n = n or self.rng.randint(6, 12)
        words = [self.rng.choice(WORDS) for _ in range(n)]
        return title(" ".join(words)) + "."


def openapi(svc, expected):
    rng = svc.rng
    y = Lines()
    y.add("openapi: 3.0.3", "info:", f"  title: {svc.name}", "  version: 1.4.0",
          f"  description: {svc.sentence()} {svc.sentence()}",
          "servers:", f"  - url: http://{svc.name}:8080",
          "tags:")
    for r in svc.resources:
        y.add(f"  - name: {r}", f"    description: {svc.sentence()}")
    y.add("paths:",
          "  /health:", "    get:", "      operationId: health", "      summary: Liveness and readiness",
          "      security: []", "      responses:", "        '200':", "          description: healthy",
          "          content:", "            application/json:", "              schema:",
          "                $ref: '#/components/schemas/Health'")
    for k, r in enumerate(svc.resources):
        one = title(singular(r))
        sub, action = svc.subs[k], svc.actions[k]
        op = f"{singular(r)}"
        y.add(f"  /{r}:",
              "    get:", f"      operationId: list{title(r)}", f"      summary: List {r}",
              f"      description: {svc.sentence()} {svc.sentence()}", f"      tags: [{r}]",
              "      parameters:",
              "        - $ref: '#/components/parameters/PageSize'",
              "        - $ref: '#/components/parameters/PageToken'",
              "        - $ref: '#/components/parameters/RequestId'",
              "        - name: status", "          in: query", "          required: false",
              f"          description: {svc.sentence()}",
              f"          schema: {{$ref: '#/components/schemas/{one}Status'}}",
              "      responses:", "        '200':", f"          description: a page of {r}",
              "          content:", "            application/json:", "              schema:",
              f"                $ref: '#/components/schemas/{one}Page'",
              "        '400':", "          $ref: '#/components/responses/Invalid'",
              "        '401':", "          $ref: '#/components/responses/Unauthorized'",
              "    post:", f"      operationId: create{one}", f"      summary: Create a {op}",
              f"      description: {svc.sentence()} {svc.sentence()}", f"      tags: [{r}]",
              "      parameters:", "        - $ref: '#/components/parameters/RequestId'",
              "        - $ref: '#/components/parameters/IdempotencyKey'",
              "      requestBody:", "        required: true", "        content:", "          application/json:",
              "            schema:", f"              $ref: '#/components/schemas/{one}Input'",
              "      responses:", "        '201':", f"          description: the new {op}",
              "          headers:", "            Location:", "              schema: {type: string}",
              "          content:", "            application/json:", "              schema:",
              f"                $ref: '#/components/schemas/{one}'",
              "        '400':", "          $ref: '#/components/responses/Invalid'",
              "        '401':", "          $ref: '#/components/responses/Unauthorized'",
              "        '409':", "          $ref: '#/components/responses/Conflict'")
        y.add(f"  /{r}/{{id}}:",
              "    parameters:", "      - $ref: '#/components/parameters/Id'",
              "      - $ref: '#/components/parameters/RequestId'",
              "    get:", f"      operationId: get{one}", f"      summary: Read one {op}",
              f"      description: {svc.sentence()}", f"      tags: [{r}]",
              "      responses:", "        '200':", f"          description: the {op}",
              "          headers:", "            ETag:", "              schema: {type: string}",
              "          content:", "            application/json:", "              schema:",
              f"                $ref: '#/components/schemas/{one}'",
              "        '404':", "          $ref: '#/components/responses/NotFound'",
              "    put:", f"      operationId: replace{one}", f"      summary: Replace a {op}",
              f"      description: {svc.sentence()} {svc.sentence()}", f"      tags: [{r}]",
              "      parameters:", "        - $ref: '#/components/parameters/IfMatch'",
              "      requestBody:", "        required: true", "        content:", "          application/json:",
              "            schema:", f"              $ref: '#/components/schemas/{one}Input'",
              "      responses:", "        '200':", f"          description: the replaced {op}",
              "          content:", "            application/json:", "              schema:",
              f"                $ref: '#/components/schemas/{one}'",
              "        '400':", "          $ref: '#/components/responses/Invalid'",
              "        '404':", "          $ref: '#/components/responses/NotFound'",
              "        '409':", "          $ref: '#/components/responses/Conflict'",
              "        '412':", "          $ref: '#/components/responses/PreconditionFailed'")
        if svc.plant == "AG406" and k == 2:
            y.add("    delete:", mark="AG406")
            y.add(f"      operationId: delete{one}", f"      summary: Delete a {op}",
                  f"      description: {svc.sentence()}", f"      tags: [{r}]",
                  "      responses:", "        '204':", "          description: deleted",
                  "        default:", "          $ref: '#/components/responses/Unexpected'")
        else:
            y.add("    delete:", f"      operationId: delete{one}", f"      summary: Delete a {op}",
                  f"      description: {svc.sentence()}", f"      tags: [{r}]",
                  "      responses:", "        '204':", "          description: deleted",
                  "        '404':", "          $ref: '#/components/responses/NotFound'",
                  "        '409':", "          $ref: '#/components/responses/Conflict'")
        y.add(f"  /{r}/{{id}}/{sub}:",
              "    get:", f"      operationId: list{one}{title(sub)}", f"      summary: The {sub} of a {op}",
              f"      description: {svc.sentence()}", f"      tags: [{r}]",
              "      parameters:", "        - $ref: '#/components/parameters/Id'",
              "        - $ref: '#/components/parameters/PageSize'",
              "        - $ref: '#/components/parameters/PageToken'",
              "      responses:", "        '200':", f"          description: {sub} of the {op}",
              "          content:", "            application/json:", "              schema:",
              "                type: object", "                properties:", "                  items:",
              "                    type: array", "                    items:",
              f"                      $ref: '#/components/schemas/{one}{title(sub)}'",
              "                  nextPageToken: {type: string}",
              "        '404':", "          $ref: '#/components/responses/NotFound'")
        y.add(f"  /{r}/{{id}}/actions/{action}:",
              "    post:", f"      operationId: {action}{one}", f"      summary: {title(action)} a {op}",
              f"      description: {svc.sentence()} {svc.sentence()}", f"      tags: [{r}]",
              "      parameters:", "        - $ref: '#/components/parameters/Id'",
              "        - $ref: '#/components/parameters/RequestId'",
              "      requestBody:", "        required: false", "        content:", "          application/json:",
              "            schema:", "              $ref: '#/components/schemas/ActionReason'",
              "      responses:", "        '202':", "          description: accepted",
              "          content:", "            application/json:", "              schema:",
              f"                $ref: '#/components/schemas/{one}'",
              "        '404':", "          $ref: '#/components/responses/NotFound'",
              "        '409':", "          $ref: '#/components/responses/Conflict'")

    y.add("components:", "  parameters:",
          "    Id:", "      name: id", "      in: path", "      required: true",
          f"      description: {svc.sentence()}", "      schema: {type: string, format: uuid}",
          "    PageSize:", "      name: pageSize", "      in: query", "      required: false",
          f"      description: {svc.sentence()}",
          f"      schema: {{type: integer, minimum: 1, maximum: {rng.choice([50, 100, 200, 500])}, default: 20}}",
          "    PageToken:", "      name: pageToken", "      in: query", "      required: false",
          f"      description: {svc.sentence()}", "      schema: {type: string}",
          "    RequestId:", "      name: x-request-id", "      in: header", "      required: false",
          "      description: Correlation id, forwarded to every downstream call.",
          "      schema: {type: string, maxLength: 128}",
          "    IdempotencyKey:", "      name: Idempotency-Key", "      in: header", "      required: false",
          f"      description: {svc.sentence()}", "      schema: {type: string, maxLength: 64}",
          "    IfMatch:", "      name: If-Match", "      in: header", "      required: true",
          f"      description: {svc.sentence()}", "      schema: {type: string}",
          "  responses:")
    for resp, text in [("NotFound", "no such resource"), ("Invalid", "the request is invalid"),
                       ("Unauthorized", "missing or bad credentials"), ("Conflict", "the state does not allow this"),
                       ("PreconditionFailed", "the ETag does not match"), ("Unexpected", "an unexpected error")]:
        y.add(f"    {resp}:", f"      description: {text}", "      content:", "        application/problem+json:",
              "          schema:", "            $ref: '#/components/schemas/Problem'")
    y.add("  schemas:",
          "    Health:", "      type: object", "      required: [status]", "      properties:",
          "        status: {type: string, enum: [ok, degraded]}", "        version: {type: string}",
          "    Problem:", "      type: object", "      required: [type, title, status]", "      properties:",
          "        type: {type: string, format: uri}", "        title: {type: string}",
          "        status: {type: integer, minimum: 400, maximum: 599}", "        detail: {type: string}",
          "        instance: {type: string}", "        errors:", "          type: array", "          items:",
          "            type: object", "            properties:", "              field: {type: string}",
          "              message: {type: string}",
          "    ActionReason:", "      type: object", "      properties:", "        reason: {type: string, maxLength: 500}",
          "        notify: {type: boolean, default: false}",
          "    Money:", "      type: object", "      required: [amount, currency]", "      properties:",
          "        amount: {type: string, pattern: '^-?[0-9]+(\\.[0-9]{1,4})?$'}",
          "        currency: {type: string, minLength: 3, maxLength: 3}",
          "    Address:", "      type: object", "      properties:", "        line1: {type: string}",
          "        line2: {type: string}", "        city: {type: string}", "        postcode: {type: string}",
          "        country: {type: string, minLength: 2, maxLength: 2}",
          "    Audit:", "      type: object", "      readOnly: true", "      properties:",
          "        createdAt: {type: string, format: date-time}", "        createdBy: {type: string}",
          "        updatedAt: {type: string, format: date-time}", "        updatedBy: {type: string}",
          "        version: {type: integer, format: int64}")
    for k, r in enumerate(svc.resources):
        one = title(singular(r))
        sub = svc.subs[k]
        y.add(f"    {one}Status:", "      type: string",
              f"      enum: [draft, {rng.choice(['open', 'active', 'pending'])}, {svc.actions[k]}d, closed]",
              f"    {one}Input:", "      type: object", f"      description: {svc.sentence()}",
              f"      required: [{svc.fields[k][0][0]}]", "      properties:")
        for field, schema, _ in svc.fields[k]:
            y.add(f"        {field}:", f"          description: {svc.sentence()} {svc.sentence(7)}",
                  f"          allOf: [{schema}]")
        y.add("        total:", "          $ref: '#/components/schemas/Money'",
              "        address:", "          $ref: '#/components/schemas/Address'",
              f"    {one}:", f"      description: {svc.sentence()}", "      allOf:",
              f"        - $ref: '#/components/schemas/{one}Input'", "        - type: object",
              "          required: [id, status]", "          properties:",
              "            id: {type: string, format: uuid, readOnly: true}",
              "            status:", f"              $ref: '#/components/schemas/{one}Status'",
              "            audit:", "              $ref: '#/components/schemas/Audit'",
              f"    {one}Page:", "      type: object", "      required: [items]", "      properties:",
              "        items:", "          type: array", "          items:",
              f"            $ref: '#/components/schemas/{one}'",
              "        nextPageToken: {type: string}", "        total: {type: integer}",
              f"    {one}{title(sub)}:", "      type: object", f"      description: {svc.sentence()}",
              "      properties:", "        id: {type: string, format: uuid}",
              "        body: {type: string, maxLength: 4000}", "        author: {type: string}",
              "        audit:", "          $ref: '#/components/schemas/Audit'")
    path = f"services/{svc.name}/openapi.yaml"
    if "AG406" in y.marks:
        expected.append(("AG406", path, y.marks["AG406"]))
    return y.text()


def columns(fields):
    return [f"    {snake(f)} {sql}" for f, _, sql in fields]


def migrations(svc, services, files, expected):
    """Ten numbered golang-migrate style migrations, up and down."""
    t = svc.tables
    f = svc.fields
    steps = []
    # 1-3: the first three tables, with indexes.
    steps.append((
        "create_" + svc.resources[0],
        f"CREATE TABLE {t[0]} (\n    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n    status varchar(16) NOT NULL DEFAULT 'draft',\n"
        + ",\n".join(columns(f[0])) + ",\n    created_at timestamptz NOT NULL DEFAULT now(),\n    updated_at timestamptz NOT NULL DEFAULT now()\n);\n"
        f"CREATE INDEX {t[0]}_status_idx ON {t[0]} (status, created_at DESC);\n",
        f"DROP TABLE {t[0]};\n"))
    steps.append((
        "create_" + svc.resources[1],
        f"CREATE TABLE {t[1]} (\n    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n    parent_id uuid NOT NULL REFERENCES {t[0]} (id) ON DELETE CASCADE,\n"
        + ",\n".join(columns(f[1])) + ",\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n"
        f"CREATE INDEX {t[1]}_parent_idx ON {t[1]} (parent_id);\n",
        f"DROP INDEX IF EXISTS {t[1]}_parent_idx;\nDROP TABLE {t[1]};\n"))
    steps.append((
        "create_" + svc.resources[2],
        f"CREATE TABLE {t[2]} (\n    id bigserial PRIMARY KEY,\n" + ",\n".join(columns(f[2]))
        + f",\n    payload jsonb NOT NULL DEFAULT '{{}}'::jsonb,\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n"
        f"CREATE INDEX {t[2]}_payload_idx ON {t[2]} USING gin (payload);\n",
        f"DROP TABLE {t[2]};\n"))
    # 4: new columns and a partial index.
    steps.append((
        f"{svc.resources[0]}_archival",
        f"ALTER TABLE {t[0]}\n    ADD COLUMN archived_at timestamptz,\n    ADD COLUMN archived_by text;\n"
        f"CREATE INDEX {t[0]}_live_idx ON {t[0]} (updated_at) WHERE archived_at IS NULL;\n",
        f"DROP INDEX {t[0]}_live_idx;\nALTER TABLE {t[0]} DROP COLUMN archived_by, DROP COLUMN archived_at;\n"))
    # 5: a backfill and a NOT NULL.
    steps.append((
        f"{svc.resources[1]}_position",
        f"ALTER TABLE {t[1]} ADD COLUMN position integer;\n"
        f"UPDATE {t[1]} AS c\n   SET position = sub.rn\n  FROM (SELECT id, row_number() OVER (PARTITION BY parent_id ORDER BY created_at) AS rn\n          FROM {t[1]}) AS sub\n WHERE sub.id = c.id AND c.position IS NULL;\n"
        f"ALTER TABLE {t[1]} ALTER COLUMN position SET NOT NULL;\n",
        f"ALTER TABLE {t[1]} DROP COLUMN position;\n"))
    # 6: two more tables.
    steps.append((
        "create_" + svc.resources[3] + "_and_" + svc.resources[4],
        f"CREATE TABLE {t[3]} (\n    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n" + ",\n".join(columns(f[3]))
        + ",\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n"
        f"CREATE TABLE {t[4]} (\n    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n    owner_id uuid REFERENCES {t[3]} (id),\n"
        + ",\n".join(columns(f[4])) + ",\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n"
        f"CREATE UNIQUE INDEX {t[4]}_owner_uidx ON {t[4]} (owner_id, created_at);\n",
        f"DROP TABLE {t[4]};\nDROP TABLE {t[3]};\n"))
    # 7: a check constraint.
    steps.append((
        f"{svc.resources[0]}_status_check",
        f"ALTER TABLE {t[0]} ADD CONSTRAINT {t[0]}_status_chk\n    CHECK (status IN ('draft', 'open', 'active', 'pending', 'closed', '{svc.actions[0]}d'));\n",
        f"ALTER TABLE {t[0]} DROP CONSTRAINT {t[0]}_status_chk;\n"))
    # 8: a trigger keeping updated_at.
    steps.append((
        "touch_updated_at",
        f"CREATE FUNCTION {svc.table_prefix}_touch() RETURNS trigger\n    LANGUAGE plpgsql AS $$\nBEGIN\n    NEW.updated_at := now();\n    RETURN NEW;\nEND;\n$$;\n"
        f"CREATE TRIGGER {t[0]}_touch BEFORE UPDATE ON {t[0]}\n    FOR EACH ROW EXECUTE FUNCTION {svc.table_prefix}_touch();\n",
        f"DROP TRIGGER {t[0]}_touch ON {t[0]};\nDROP FUNCTION {svc.table_prefix}_touch();\n"))
    # 9: seed rows.
    steps.append((
        f"seed_{svc.resources[2]}",
        f"INSERT INTO {t[2]} (payload) VALUES\n" + ",\n".join(
            f"    ('{{\"seed\": {n}, \"kind\": \"{svc.rng.choice(WORDS)}\"}}')" for n in range(svc.rng.randint(3, 8)))
        + "\nON CONFLICT DO NOTHING;\n",
        f"DELETE FROM {t[2]} WHERE payload ? 'seed';\n"))
    # 10: a view over its own tables.
    steps.append((
        f"{svc.resources[0]}_summary_view",
        f"CREATE VIEW {svc.table_prefix}_summary AS\n    SELECT p.id, p.status, count(c.id) AS children, max(c.created_at) AS last_child\n"
        f"      FROM {t[0]} p\n      LEFT JOIN {t[1]} c ON c.parent_id = p.id\n     WHERE p.archived_at IS NULL\n     GROUP BY p.id, p.status;\n",
        f"DROP VIEW {svc.table_prefix}_summary;\n"))

    folder = f"services/{svc.name}/migrations"
    for n, (name, up, down) in enumerate(steps, start=1):
        stem = f"{folder}/{n:04d}_{name}"
        header = f"-- {svc.name} migration {n}: {name.replace('_', ' ')}\n"
        if svc.plant == "AG102" and n == 7:
            # A column added to a table the next service owns.
            other = services[svc.index + 1].tables[0]
            up += f"ALTER TABLE {other} ADD COLUMN {svc.table_prefix}_ref uuid;\n"
            down += f"ALTER TABLE {other} DROP COLUMN {svc.table_prefix}_ref;\n"
            expected.append(("AG102", f"{stem}.up.sql", (header + up).count("\n")))
        files.add(f"{stem}.up.sql", header + up)
        if svc.plant == "AG304" and n == 6:
            expected.append(("AG304", f"{stem}.up.sql", 1))
            continue
        files.add(f"{stem}.down.sql", header + down)


def sources(svc, services, files, expected):
    root = f"services/{svc.name}"
    t, r0 = svc.tables, svc.resources[0]
    one = singular(r0)
    app = Lines()
    app.add("import express from 'express';",
            "import { listPage, readOne, createOne } from './repository.js';",
            "import { describeRemote } from './clients.js';",
            "",
            "export function routes(app) {",
            "  app.get('/health', (req, res) => res.json({ status: 'ok' }));",
            f"  app.get('/{r0}', async (req, res) => res.json(await listPage(req.query.pageSize, req.query.pageToken)));",
            f"  app.post('/{r0}', async (req, res) => res.status(201).json(await createOne(req.body)));",
            f"  app.get('/{r0}/:id', async (req, res) => {{",
            "    const row = await readOne(req.params.id);",
            "    if (!row) return res.status(404).json({ title: 'not found', status: 404 });",
            "    const remote = await describeRemote(req.params.id, req.get('x-request-id'));",
            "    return res.json({ ...row, remote });",
            "  });",
            "}",
            "",
            "export const server = express();",
            "routes(server);")
    files.add(f"{root}/src/app.js", app.text())

    repo = Lines()
    repo.add("import pg from 'pg';", "", "const db = new pg.Pool({ connectionString: process.env.DATABASE_URL });", "",
             "export async function listPage(size = 20, token = null) {",
             "  const { rows } = await db.query(",
             f"    `SELECT p.id, p.status, p.created_at, count(c.id) AS children",
             f"       FROM {t[0]} p LEFT JOIN {t[1]} c ON c.parent_id = p.id",
             "      WHERE ($2::timestamptz IS NULL OR p.created_at < $2) AND p.archived_at IS NULL",
             "      GROUP BY p.id ORDER BY p.created_at DESC LIMIT $1`,",
             "    [size, token]);",
             "  return rows;",
             "}", "",
             "export async function readOne(id) {",
             f"  const {{ rows }} = await db.query('SELECT * FROM {t[0]} WHERE id = $1', [id]);",
             "  return rows[0];",
             "}", "",
             "export async function createOne(body) {",
             "  const { rows } = await db.query(",
             f"    'INSERT INTO {t[0]} (status, label) VALUES ($1, $2) RETURNING id, created_at',",
             "    ['draft', body.label]);",
             f"  await db.query('INSERT INTO {t[2]} (payload) VALUES ($1)', [JSON.stringify(body)]);",
             "  return rows[0];",
             "}", "",
             "export async function archive(id, who) {",
             f"  await db.query('UPDATE {t[0]} SET archived_at = now(), archived_by = $2 WHERE id = $1', [id, who]);",
             f"  await db.query('DELETE FROM {t[4]} WHERE owner_id IN (SELECT id FROM {t[3]} WHERE label = $1)', [id]);",
             "}")
    if svc.plant == "AG105":
        other = services[svc.index + 1].tables[0]
        repo.add("", "export async function peek(id) {",
                 "  // a shortcut around the owner's API")
        repo.add(f"  const {{ rows }} = await db.query('SELECT id, status FROM {other} WHERE id = $1', [id]);", mark="AG105")
        repo.add("  return rows;", "}")
        expected.append(("AG105", f"{root}/src/repository.js", repo.marks["AG105"]))
    files.add(f"{root}/src/repository.js", repo.text())

    cl = Lines()
    cl.add("// Calls to the services this one may call; every call forwards x-request-id.", "")
    cl.add("export async function describeRemote(id, requestId) {",
           "  const headers = { 'x-request-id': requestId ?? crypto.randomUUID() };",
           "  const out = {};")
    for callee in svc.callees:
        c = services[int(callee.split("-")[1])]
        var = callee.upper().replace("-", "_") + "_URL"
        k = svc.rng.randrange(len(c.resources))
        key = callee.replace("-", "_")
        cl.add(f"  out.{key} = await fetch(`${{process.env.{var}}}/{c.resources[k]}/${{id}}`, {{ headers }}).then((r) => r.json());",
               f"  await fetch(`http://{callee}:8080/{c.resources[k]}/${{id}}/actions/{c.actions[k]}`, {{ method: 'POST', headers }});")
    if svc.plant == "AG402":
        target = services[svc.index + 2]
        assert target.name not in svc.callees
        cl.add("  // not in mayCall")
        cl.add(f"  out.extra = await fetch(`http://{target.name}:8080/{target.resources[0]}/${{id}}`, {{ headers }});",
               mark="AG402")
        expected.append(("AG402", f"{root}/src/clients.js", cl.marks["AG402"]))
    cl.add("  return out;", "}")
    files.add(f"{root}/src/clients.js", cl.text())

    py = Lines()
    py.add('"""Nightly job: archives old rows and reports the counts."""', "import os", "", "import psycopg", "", "",
           "def run(days=90):",
           '    with psycopg.connect(os.environ["DATABASE_URL"]) as conn, conn.cursor() as cur:',
           "        cur.execute(",
           f'            "UPDATE {t[0]} SET archived_at = now() "',
           '            "WHERE archived_at IS NULL AND updated_at < now() - make_interval(days => %s)",',
           "            (days,))",
           f'        cur.execute("SELECT status, count(*) FROM {t[0]} GROUP BY status")',
           "        for status, n in cur.fetchall():",
           "            print(status, n)", "",
           "",
           'if __name__ == "__main__":',
           "    run()")
    files.add(f"{root}/src/jobs/archive.py", py.text())

    files.add(f"{root}/test/app.test.js",
              "import request from 'supertest';\nimport { server } from '../src/app.js';\n\n"
              f"test('GET /{r0}/:id answers 404 for an unknown {one}', async () => {{\n"
              f"  const res = await request(server).get('/{r0}/00000000-0000-0000-0000-000000000000');\n"
              "  expect(res.status).toBe(404);\n});\n")
    healthcheck = "" if svc.plant == "AG301" else \
        "HEALTHCHECK --interval=10s --timeout=2s CMD wget -qO- http://localhost:8080/health || exit 1\n"
    files.add(f"{root}/Dockerfile",
              "FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\n"
              f"COPY src ./src\nEXPOSE 8080\n{healthcheck}USER node\nCMD [\"node\", \"src/app.js\"]\n")
    files.add(f"{root}/ROLLBACK.md",
              f"# Rolling back {svc.name}\n\n1. Redeploy the previous image tag.\n"
              "2. Run the down migrations newer than that release, newest first.\n"
              f"3. Check `/health` and the `{t[0]}` row counts.\n")


def compose_entry(svc, c, expected, services):
    c.add(f"  {svc.name}:", mark=svc.name)
    c.add(f"    build: ./services/{svc.name}",
          "    environment:",
          f"      DATABASE_URL: postgres://{svc.table_prefix}:secret@postgres:5432/{svc.table_prefix}",
          "      PORT: '8080'")
    for callee in svc.callees:
        c.add(f"      {callee.upper().replace('-', '_')}_URL: http://{callee}:8080")
    if svc.plant == "AG301":
        expected.append(("AG301", "compose.yaml", c.marks[svc.name]))
    else:
        c.add("    healthcheck:",
              "      test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/health\"]",
              "      interval: 10s", "      timeout: 2s", "      retries: 5")
    c.add("    depends_on:", "      postgres:", "        condition: service_healthy")
    for callee in svc.callees:
        target = services[int(callee.split("-")[1])]
        cond = "service_started" if target.plant == "AG301" else "service_healthy"
        c.add(f"      {callee}:", f"        condition: {cond}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("services", type=int)
    parser.add_argument("--seed", type=int, default=1, help="same seed and N: same tree (default 1)")
    parser.add_argument("--clean", action="store_true", help="plant no violations")
    parser.add_argument("--expected", help="write the planted findings here: RULE PATH LINE")
    args = parser.parse_args()
    count = args.services
    if count < 1:
        parser.error("SERVICES must be at least 1")

    services = [Service(args.seed, i, count, args.clean) for i in range(count)]
    files = Files(args.output)
    expected = []
    inventory = {"services": [], "releaseRules": [
        "no shared database tables",
        "public APIs hide internal table names",
        "every service has healthcheck, logs, tests, and rollback notes",
    ]}
    compose = Lines()
    compose.add("name: bench", "services:",
                "  postgres:", "    image: postgres:16",
                "    environment:", "      POSTGRES_PASSWORD: secret",
                "    healthcheck:", "      test: [\"CMD\", \"pg_isready\", \"-U\", \"postgres\"]",
                "      interval: 5s", "      retries: 10")
    for s in services:
        # A plant whose partner service does not exist is left out (small N).
        if s.plant in ("AG102", "AG105") and s.index + 1 >= count:
            s.plant = None
        if s.plant == "AG402" and s.index + 2 >= count:
            s.plant = None
        if s.plant == "AG402" and f"svc-{s.index + 2}" in s.callees:
            s.callees.remove(f"svc-{s.index + 2}")
    for s in services:
        inventory["services"].append({"name": s.name, "owns": s.tables, "mayCall": s.callees, "mustNot": []})
        files.add(f"services/{s.name}/openapi.yaml", openapi(s, expected))
        migrations(s, services, files, expected)
        sources(s, services, files, expected)
        compose_entry(s, compose, expected, services)
    inventory["services"].append({"name": "postgres", "kind": "datastore"})
    files.add("service-inventory.json", json.dumps(inventory, indent=2) + "\n")
    files.add("compose.yaml", compose.text())
    files.write()
    if args.expected:
        with open(args.expected, "w", encoding="utf-8") as f:
            for rule, path, line in sorted(expected):
                f.write(f"{rule} {path} {line}\n")


if __name__ == "__main__":
    main()
