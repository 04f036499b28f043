-- inventory-service: stock levels and the reservations held against them.
-- Written in the subset that SQLite and PostgreSQL both accept.

CREATE TABLE stock (
  sku TEXT PRIMARY KEY,
  on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  updated_at TEXT NOT NULL
);

-- One row per SKU of a reservation. All rows of one reservation_key share a
-- status: RESERVED (taken from on_hand), CONFIRMED (sold) or RELEASED (given back).
CREATE TABLE reservations (
  reservation_key TEXT NOT NULL,
  sku TEXT NOT NULL REFERENCES stock (sku),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  status TEXT NOT NULL CHECK (status IN ('RESERVED', 'CONFIRMED', 'RELEASED')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (reservation_key, sku)
);

CREATE INDEX reservations_by_sku_status ON reservations (sku, status);
