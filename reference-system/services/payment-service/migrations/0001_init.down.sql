-- Rolls back 0001_init: drops the payments table (its data is lost; see ROLLBACK.md).
DROP INDEX payments_by_order;
DROP TABLE payments;
