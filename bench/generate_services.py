#!/usr/bin/env python3
"""Writes a synthetic microservice repository of N services for benchmarks.

Each service has an OpenAPI file of about 20 paths sharing $ref schemas,
10 migrations (up and down), a Compose entry with a health check, a
Dockerfile, a rollback runbook, source files that call the next service, and
a test. The repository is clean: archgate reports nothing on it.

Usage: generate_services.py OUTPUT_DIR SERVICES
"""
import json
import os
import sys


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def openapi(name, table):
    lines = [
        "openapi: 3.0.3",
        "info:",
        f"  title: {name}",
        "  version: 1.0.0",
        "paths:",
        "  /health:",
        "    get:",
        "      responses:",
        "        '200':",
        "          description: healthy",
    ]
    for i in range(19):
        lines += [
            f"  /things{i}/{{id}}:",
            "    parameters:",
            "      - name: id",
            "        in: path",
            "        required: true",
            "        schema: {type: string}",
            "    get:",
            f"      summary: list things {i}",
            "      responses:",
            "        '200':",
            "          description: ok",
            "          content:",
            "            application/json:",
            "              schema:",
            "                $ref: '#/components/schemas/Thing'",
            "        '404':",
            "          $ref: '#/components/responses/NotFound'",
            "    put:",
            "      requestBody:",
            "        required: true",
            "        content:",
            "          application/json:",
            "            schema:",
            "              $ref: '#/components/schemas/ThingInput'",
            "      responses:",
            "        '200':",
            "          description: ok",
            "          content:",
            "            application/json:",
            "              schema:",
            "                $ref: '#/components/schemas/Thing'",
            "        '400':",
            "          $ref: '#/components/responses/Invalid'",
            "        '404':",
            "          $ref: '#/components/responses/NotFound'",
        ]
    lines += [
        "components:",
        "  responses:",
        "    NotFound:",
        "      description: not found",
        "      content:",
        "        application/json:",
        "          schema:",
        "            $ref: '#/components/schemas/Problem'",
        "    Invalid:",
        "      description: invalid",
        "      content:",
        "        application/json:",
        "          schema:",
        "            $ref: '#/components/schemas/Problem'",
        "  schemas:",
        "    Problem:",
        "      type: object",
        "      properties:",
        "        title: {type: string}",
        "        status: {type: integer}",
        "    ThingInput:",
        "      type: object",
        "      required: [label]",
        "      properties:",
        "        label: {type: string}",
        "        amount: {type: number}",
        "        tags:",
        "          type: array",
        "          items: {type: string}",
        "    Thing:",
        "      allOf:",
        "        - $ref: '#/components/schemas/ThingInput'",
        "        - type: object",
        "          properties:",
        "            id: {type: string}",
        "            state:",
        "              type: string",
        "              enum: [new, active, closed]",
    ]
    return "\n".join(lines) + "\n"


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    names = [f"svc-{i}" for i in range(count)]
    inventory = {"services": [], "releaseRules": []}
    compose = ["services:"]
    for i, name in enumerate(names):
        table = name.replace("-", "_")
        callee = names[(i + 1) % count] if i + 1 < count else None
        inventory["services"].append({
            "name": name,
            "owns": [f"{table}_orders", f"{table}_items"],
            "mayCall": [callee] if callee else [],
            "mustNot": [],
        })
        root = os.path.join(out, "services", name)
        write(os.path.join(root, "openapi.yaml"), openapi(name, table))
        for m in range(1, 11):
            up = (f"CREATE TABLE {table}_orders (id bigint PRIMARY KEY, label text);\n" if m == 1 else
                  f"CREATE TABLE {table}_items (id bigint PRIMARY KEY, order_id bigint REFERENCES {table}_orders(id));\n"
                  if m == 2 else
                  f"ALTER TABLE {table}_orders ADD COLUMN c{m} integer;\n"
                  f"UPDATE {table}_orders SET c{m} = 0 WHERE c{m} IS NULL;\n")
            down = (f"DROP TABLE {table}_orders;\n" if m == 1 else
                    f"DROP TABLE {table}_items;\n" if m == 2 else
                    f"ALTER TABLE {table}_orders DROP COLUMN c{m};\n")
            write(os.path.join(root, "migrations", f"{m:04d}_step{m}.up.sql"), up)
            write(os.path.join(root, "migrations", f"{m:04d}_step{m}.down.sql"), down)
        call = (f"  const res = await fetch(`http://{callee}:8080/things3/${{id}}`, "
                f"{{ headers: {{ 'x-request-id': req.headers['x-request-id'] }} }});\n" if callee else "  const res = null;\n")
        write(os.path.join(root, "src", "handlers.js"),
              "export async function show(req, id) {\n" + call +
              f"  const rows = await db.query('SELECT id, label FROM {table}_orders WHERE id = $1', [id]);\n"
              "  return { rows, res };\n}\n")
        write(os.path.join(root, "src", "app.js"),
              "import { show } from './handlers.js';\n"
              "export function routes(app) {\n"
              "  app.get('/health', (req, res) => res.send('ok'));\n"
              "  app.get('/things3/:id', (req, res) => show(req, req.params.id).then((r) => res.json(r)));\n"
              "}\n")
        write(os.path.join(root, "test", "app.test.js"),
              "import { routes } from '../src/app.js';\n"
              "test('routes', () => { expect(routes).toBeDefined(); });\n")
        write(os.path.join(root, "Dockerfile"),
              "FROM node:20-slim\nCOPY . /app\n"
              "HEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1\n"
              "CMD [\"node\", \"/app/src/app.js\"]\n")
        write(os.path.join(root, "ROLLBACK.md"), f"# Rolling back {name}\n\nRedeploy the previous image.\n")
        compose += [
            f"  {name}:",
            f"    build: ./services/{name}",
            "    environment:",
            f"      DATABASE_URL: postgres://app@{name}-db:5432/{table}",
            "    healthcheck:",
            "      test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/health\"]",
        ]
        if callee:
            compose += ["    depends_on:", f"      {callee}:", "        condition: service_healthy"]
    write(os.path.join(out, "service-inventory.json"), json.dumps(inventory, indent=2) + "\n")
    write(os.path.join(out, "compose.yaml"), "\n".join(compose) + "\n")


if __name__ == "__main__":
    main()
