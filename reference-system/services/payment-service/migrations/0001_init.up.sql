-- payment-service: one row per payment key (the order saga derives the key
-- from the order id, so a retried charge finds the row instead of charging
-- twice). Written in the subset that SQLite and PostgreSQL both accept.

-- status: CHARGED, DECLINED, REFUNDED (charged, then given back) or VOIDED
-- (a refund arrived before any charge: a late charge with this key is refused).
CREATE TABLE payments (
  payment_key TEXT PRIMARY KEY,
  order_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  status TEXT NOT NULL CHECK (status IN ('CHARGED', 'DECLINED', 'REFUNDED', 'VOIDED')),
  decline_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE INDEX payments_by_order ON payments (order_id);
