-- Rolls back 0001_init: drops the order tables (their data is lost; see ROLLBACK.md).
DROP INDEX outbox_events_by_published;
DROP TABLE outbox_events;
DROP TABLE order_items;
DROP INDEX orders_by_status_next_attempt;
DROP TABLE orders;
