-- Rolls back 0001_init: drops the inventory tables (their data is lost; see ROLLBACK.md).
DROP INDEX reservations_by_sku_status;
DROP TABLE reservations;
DROP TABLE stock;
