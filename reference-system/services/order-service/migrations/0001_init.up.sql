-- order-service: orders, their items, and the outbox of order events.
-- Written in the subset that SQLite and PostgreSQL both accept.

-- status: PENDING while the saga runs, then CONFIRMED or CANCELLED.
-- saga_step: the next thing the saga does (RESERVE, CHARGE, CONFIRM,
-- COMPENSATE) or DONE. Times in *_ms columns are milliseconds since the epoch.
CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  idempotency_key TEXT UNIQUE,
  request_fingerprint TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED')),
  saga_step TEXT NOT NULL CHECK (saga_step IN ('RESERVE', 'CHARGE', 'CONFIRM', 'COMPENSATE', 'DONE')),
  total_cents INTEGER,
  cancel_reason TEXT,
  charge_attempted INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_ms INTEGER NOT NULL,
  deadline_at_ms INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE INDEX orders_by_status_next_attempt ON orders (status, next_attempt_at_ms);

CREATE TABLE order_items (
  order_id TEXT NOT NULL REFERENCES orders (id),
  sku TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER,
  PRIMARY KEY (order_id, sku)
);

-- Written in the same transaction as the order change it reports; the relay
-- publishes it (to the log) and sets published_at.
CREATE TABLE outbox_events (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders (id),
  sequence INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  published_at TEXT,
  UNIQUE (order_id, sequence)
);

CREATE INDEX outbox_events_by_published ON outbox_events (published_at, created_at);
