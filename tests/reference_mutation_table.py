"""The mutations of tests/reference_mutations.py.

Each entry: a name, optionally "pull_request": True (checked with --base
against the unchanged system), the edits ("replace", path, old, new) / ("write", path,
text) / ("delete", path), and the findings that must result: (rule, path,
marker), where marker is a text on the expected line of the mutated file
(None: line 1). Exactly these findings, nothing else.
"""

INV = "service-inventory.json"
COMPOSE = "compose.yaml"
ORDER = "services/order-service"
INVENTORY = "services/inventory-service"
PAYMENT = "services/payment-service"
GATEWAY = "services/gateway"

MUTATIONS = [
    # --- integrity
    {"name": "contract with a YAML syntax error",
     "edits": [("replace", f"{PAYMENT}/openapi.yaml", "  title: payment-service\n", "  title: [payment-service\n")],
     "expect": [("AG001", f"{PAYMENT}/openapi.yaml", "version: 1.0.0")]},
    {"name": "$ref to a schema file that does not exist",
     "edits": [("replace", f"{PAYMENT}/openapi.yaml", "$ref: '#/components/schemas/ChargeRequest'",
                "$ref: './schemas/charge.yaml#/ChargeRequest'")],
     "expect": [("AG002", f"{PAYMENT}/openapi.yaml", "./schemas/charge.yaml")]},
    {"name": "suppression without a reason",
     "edits": [("replace", f"{ORDER}/migrations/0001_init.up.sql", "CREATE TABLE orders (",
                "-- archgate-ignore AG102\nALTER TABLE stock ADD COLUMN reserved_for TEXT;\nCREATE TABLE orders (")],
     "expect": [("AG003", f"{ORDER}/migrations/0001_init.up.sql", "archgate-ignore AG102")]},
    {"name": "suppression that suppresses nothing",
     "edits": [("replace", f"{ORDER}/migrations/0001_init.up.sql", "CREATE TABLE orders (",
                "-- archgate-ignore AG102: left over from an old backfill\nCREATE TABLE orders (")],
     "expect": [("AG004", f"{ORDER}/migrations/0001_init.up.sql", "archgate-ignore AG102")]},
    # --- ownership
    {"name": "payment-service also claims orders",
     "edits": [("replace", INV, '"owns": ["payments"]', '"owns": ["payments", "orders"]')],
     "expect": [("AG101", INV, '"owns": ["payments", "orders"]')]},
    {"name": "order-service migration alters stock",
     "edits": [("replace", f"{ORDER}/migrations/0001_init.up.sql", "CREATE TABLE orders (",
                "ALTER TABLE stock ADD COLUMN reserved_for TEXT;\nCREATE TABLE orders (")],
     "expect": [("AG102", f"{ORDER}/migrations/0001_init.up.sql", "ALTER TABLE stock")]},
    {"name": "order-service migration creates a table nobody owns",
     "edits": [("replace", f"{ORDER}/migrations/0001_init.up.sql", "CREATE TABLE orders (",
                "CREATE TABLE audit_log (id TEXT PRIMARY KEY);\nCREATE TABLE orders (")],
     "expect": [("AG103", f"{ORDER}/migrations/0001_init.up.sql", "CREATE TABLE audit_log")]},
    {"name": "order_items gets a foreign key to stock",
     "edits": [("replace", f"{ORDER}/migrations/0001_init.up.sql", "  sku TEXT NOT NULL,\n",
                "  sku TEXT NOT NULL REFERENCES stock (sku),\n")],
     "expect": [("AG104", f"{ORDER}/migrations/0001_init.up.sql", "REFERENCES stock")]},
    {"name": "order-service code reads the stock table",
     "edits": [("write", f"{ORDER}/src/stock_peek.cpp",
                '// A shortcut that skips inventory-service.\n'
                'const char* kStockQuery = "SELECT on_hand FROM stock WHERE sku = ?";\n')],
     "expect": [("AG105", f"{ORDER}/src/stock_peek.cpp", "FROM stock")]},
    {"name": "two services share one database",
     "edits": [("replace", COMPOSE, "      DB_PATH: /var/lib/order-service/order-service.db\n",
                "      DB_PATH: /var/lib/order-service/order-service.db\n"
                "      DATABASE_URL: postgres://app@shared-db:5432/shop\n"),
               ("replace", COMPOSE, "      DB_PATH: /var/lib/payment-service/payment-service.db\n",
                "      DB_PATH: /var/lib/payment-service/payment-service.db\n"
                "      DATABASE_URL: postgres://app@shared-db:5432/shop\n")],
     "expect": [("AG106", COMPOSE, "postgres://app@shared-db:5432/shop\n      CHARGE_LIMIT")]},
    # --- gateway
    {"name": "the gateway owns a table",
     "edits": [("replace", INV, '"name": "gateway",\n      "owns": []', '"name": "gateway",\n      "owns": ["sessions"]')],
     "expect": [("AG201", INV, '"owns": ["sessions"]')]},
    {"name": "the gateway computes a discount",
     "edits": [("write", f"{GATEWAY}/src/pricing.cpp",
                "// Applies the spring promotion before forwarding.\n"
                "long discounted(long price_cents) {\n"
                "  const long discount = price_cents / 10;\n"
                "  return price_cents - discount;\n"
                "}\n")],
     "expect": [("AG202", f"{GATEWAY}/src/pricing.cpp", "const long discount"),
                ("AG202", f"{GATEWAY}/src/pricing.cpp", "return price_cents - discount")]},
    {"name": "the gateway's contract offers an operation no backend has",
     "edits": [("replace", f"{GATEWAY}/openapi.yaml", "\npaths:\n",
                "\npaths:\n  /orders/{id}/cancel:\n    post:\n      operationId: cancelOrder\n"
                "      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n"
                "      responses:\n        '202': {description: accepted}\n        '404': {description: no such order}\n")],
     "expect": [("AG203", f"{GATEWAY}/openapi.yaml", "    post:\n      operationId: cancelOrder")]},
    # --- operations
    {"name": "payment-service loses its health check",
     "edits": [("replace", COMPOSE, '      test: ["CMD", "/usr/local/bin/payment-service", "--probe"]\n',
                '      disable: true\n')],
     "expect": [("AG301", COMPOSE, "  payment-service:\n    build")]},
    {"name": "a depends_on loses its condition",
     "edits": [("replace", COMPOSE, "      payment-service:\n        condition: service_healthy\n",
                "      payment-service:\n        condition: service_started\n")],
     "expect": [("AG302", COMPOSE, "      payment-service:\n        condition: service_started")]},
    {"name": "payment-service's contract drops /health",
     "edits": [("replace", f"{PAYMENT}/openapi.yaml", "  /health:\n", "  /status:\n")],
     "expect": [("AG303", f"{PAYMENT}/openapi.yaml", "paths:")]},
    {"name": "a down migration is deleted",
     "edits": [("delete", f"{PAYMENT}/migrations/0001_init.down.sql")],
     "expect": [("AG304", f"{PAYMENT}/migrations/0001_init.up.sql", None)]},
    {"name": "payment-service's rollback runbook is deleted",
     "edits": [("delete", f"{PAYMENT}/ROLLBACK.md"),
               ("replace", f"{PAYMENT}/README.md", "## Rollback", "## Operations")],
     "expect": [("AG305", INV, '"name": "payment-service"')]},
    {"name": "payment-service's tests are deleted",
     "edits": [("delete", f"{PAYMENT}/tests")],
     "expect": [("AG306", INV, '"name": "payment-service"')]},
    {"name": "payment-service stops reading x-request-id",
     "edits": [("replace", f"{PAYMENT}/src/main.cpp", 'read_server_options(*settings, "x-request-id")',
                'read_server_options(*settings, "x-trace")')],
     "expect": [("AG307", INV, '"name": "payment-service"')]},
    # --- contracts
    {"name": "a public schema spells an internal table",
     "edits": [("replace", f"{ORDER}/openapi.yaml", "\n  schemas:\n",
                "\n  schemas:\n    order_items:\n      type: object\n      properties:\n        sku: {type: string}\n")],
     "expect": [("AG401", f"{ORDER}/openapi.yaml", "    order_items:")]},
    {"name": "the gateway gets payment-service's URL",
     "edits": [("replace", COMPOSE, "      INVENTORY_URL: http://inventory-service:8080\n    ports:",
                "      INVENTORY_URL: http://inventory-service:8080\n      PAYMENT_URL: http://payment-service:8080\n    ports:")],
     "expect": [("AG402", COMPOSE, "      PAYMENT_URL: http://payment-service:8080\n    ports:")]},
    {"name": "order-service calls an inventory path that does not exist",
     "edits": [("write", f"{ORDER}/src/stock_check.cpp",
                '// Asks inventory-service for a stock level before reserving.\n'
                'const char* kStockLevelUrl = "http://inventory-service:8080/stock-levels/{sku}";\n')],
     "expect": [("AG403", f"{ORDER}/src/stock_check.cpp", "/stock-levels/")]},
    {"name": "payment-service's contract is deleted",
     "edits": [("delete", f"{PAYMENT}/openapi.yaml")],
     "expect": [("AG405", INV, '"name": "payment-service"')]},
    {"name": "an operation with a body documents no 4xx",
     "edits": [("replace", f"{PAYMENT}/openapi.yaml",
                "        '400':\n          $ref: '#/components/responses/BadRequest'\n        '404':\n",
                "        '503':\n          $ref: '#/components/responses/BadRequest'\n        '500':\n")],
     "expect": [("AG406", f"{PAYMENT}/openapi.yaml", "    get:\n      operationId: getPayment")]},
    # --- inventory
    {"name": "mayCall names a service that does not exist",
     "edits": [("replace", INV, '"mayCall": ["inventory-service", "payment-service"]',
                '"mayCall": ["inventory-service", "payment-service", "shipping-service"]')],
     "expect": [("AG501", INV, '"shipping-service"')]},
    {"name": "a Compose service missing from the inventory",
     "edits": [("replace", COMPOSE, "\nvolumes:", "\n  shipping-service:\n    image: example/shipping-service:1\n"
                "    healthcheck:\n      test: [\"CMD\", \"true\"]\n\nvolumes:")],
     "expect": [("AG502", COMPOSE, "  shipping-service:")]},
    {"name": "inventory-service may call order-service back",
     "edits": [("replace", INV, '"owns": ["stock", "reservations"],\n      "mayCall": []',
                '"owns": ["stock", "reservations"],\n      "mayCall": ["order-service"]')],
     "expect": [("AG503", INV, '"mayCall": ["order-service"]')]},
    {"name": "a release rule no rule checks",
     "edits": [("replace", INV, '"releaseRules": [\n', '"releaseRules": [\n    "every service exports Prometheus metrics",\n')],
     "expect": [("AG504", INV, "Prometheus metrics")]},
    # --- pull requests (checked with --base against the unchanged system)
    {"name": "an applied migration is edited",
     "pull_request": True,
     "edits": [("replace", f"{PAYMENT}/migrations/0001_init.up.sql", "CREATE TABLE payments (",
                "CREATE TABLE payments (\n  currency TEXT,")],
     "expect": [("AG308", f"{PAYMENT}/migrations/0001_init.up.sql", None)]},
    {"name": "a response property is removed from the contract",
     "pull_request": True,
     "edits": [("replace", f"{PAYMENT}/openapi.yaml", "        declineReason:\n", "        declineCode:\n")],
     # One finding per operation whose response uses the Payment schema, at
     # the schema's head properties (the removal's enclosing element).
     "expect": [("AG404", f"{PAYMENT}/openapi.yaml", "      properties:\n        paymentKey:\n          type: string\n        orderId:\n"
                                                 "          type: string\n        customerId:")] * 4},
]
