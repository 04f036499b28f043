#include "order_store.h"

#include <nlohmann/json.hpp>

#include "common/log.h"
#include "common/request_id.h"

namespace orders {

namespace {

using refsys::Connection;

constexpr const char* kOrderColumns =
    "SELECT id, idempotency_key, request_fingerprint, customer_id, status, saga_step, total_cents, "
    "cancel_reason, charge_attempted, attempts, deadline_at_ms, request_id, created_at, updated_at "
    "FROM orders ";

std::optional<Order> load_where(const Connection& c, const std::string& condition,
                                const std::string& value) {
  auto row = c.prepare(std::string(kOrderColumns) + condition);
  row.bind_all(value);
  if (!row.step()) {
    return std::nullopt;
  }
  Order order;
  order.id = row.text(0);
  order.idempotency_key = row.optional_text(1);
  order.request_fingerprint = row.text(2);
  order.customer_id = row.text(3);
  order.status = order_status_from(row.text(4));
  order.step = saga_step_from(row.text(5));
  order.total_cents = row.optional_integer(6);
  order.cancel_reason = row.optional_text(7);
  order.charge_attempted = row.integer(8) != 0;
  order.attempts = row.integer(9);
  order.deadline_at_ms = row.integer(10);
  order.request_id = row.text(11);
  order.created_at = row.text(12);
  order.updated_at = row.text(13);

  auto items = c.prepare(
      "SELECT sku, quantity, unit_price_cents FROM order_items WHERE order_id = ? ORDER BY sku");
  items.bind_all(order.id);
  while (items.step()) {
    order.items.push_back({items.text(0), items.integer(1), items.optional_integer(2)});
  }
  return order;
}

void add_event(const Connection& c, const std::string& order_id, const std::string& type,
               const nlohmann::json& payload) {
  auto next = c.prepare("SELECT COALESCE(MAX(sequence), 0) + 1 FROM outbox_events WHERE order_id = ?");
  next.bind_all(order_id);
  next.step();
  const std::int64_t sequence = next.integer(0);
  c.prepare(
       "INSERT INTO outbox_events (id, order_id, sequence, event_type, payload, created_at) "
       "VALUES (?, ?, ?, ?, ?, ?)")
      .bind_all(refsys::new_random_id(), order_id, sequence, type, payload.dump(),
                refsys::utc_timestamp())
      .run();
}

void update_order(const Connection& c, const std::string& id, const std::string& assignments,
                  const std::vector<refsys::DbValue>& values) {
  auto statement = c.prepare("UPDATE orders SET " + assignments + ", updated_at = ? WHERE id = ?");
  int index = 0;
  for (const auto& value : values) {
    statement.bind(++index, value);
  }
  statement.bind(++index, refsys::utc_timestamp());
  statement.bind(++index, id);
  statement.run();
}

nlohmann::json items_json(const std::vector<OrderItem>& items) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& item : items) {
    list.push_back({{"sku", item.sku}, {"quantity", item.quantity}});
  }
  return list;
}

}  // namespace

CreateOutcome OrderStore::create(const NewOrder& request,
                                 const std::optional<std::string>& idempotency_key,
                                 const std::string& request_id, const CreateTimes& times) {
  const std::string print = fingerprint(request);
  return db_.transaction([&](const Connection& c) {
    if (idempotency_key) {
      if (auto existing = load_where(c, "WHERE idempotency_key = ?", *idempotency_key)) {
        const bool reused = existing->request_fingerprint != print;
        return CreateOutcome{std::move(*existing), false, reused};
      }
    }
    const std::string id = refsys::new_random_id();
    const std::string now = refsys::utc_timestamp();
    c.prepare(
         "INSERT INTO orders (id, idempotency_key, request_fingerprint, customer_id, status, "
         "saga_step, next_attempt_at_ms, deadline_at_ms, request_id, created_at, updated_at) "
         "VALUES (?, ?, ?, ?, 'PENDING', 'RESERVE', ?, ?, ?, ?, ?)")
        .bind(1, id)
        .bind(2, idempotency_key ? refsys::DbValue(*idempotency_key) : refsys::DbValue(nullptr))
        .bind(3, print)
        .bind(4, request.customer_id)
        .bind(5, times.first_retry_at_ms)
        .bind(6, times.deadline_at_ms)
        .bind(7, request_id)
        .bind(8, now)
        .bind(9, now)
        .run();
    for (const auto& item : request.items) {
      c.prepare("INSERT INTO order_items (order_id, sku, quantity) VALUES (?, ?, ?)")
          .bind_all(id, item.sku, item.quantity)
          .run();
    }
    add_event(c, id, "OrderPlaced",
              {{"orderId", id}, {"customerId", request.customer_id}, {"items", items_json(request.items)}});
    return CreateOutcome{*load_where(c, "WHERE id = ?", id), true, false};
  });
}

std::optional<Order> OrderStore::find(const std::string& id) {
  return db_.read([&](const Connection& c) { return load_where(c, "WHERE id = ?", id); });
}

void OrderStore::record_reserved(const std::string& id,
                                 const std::map<std::string, std::int64_t>& unit_prices) {
  db_.transaction([&](const Connection& c) {
    std::int64_t total = 0;
    auto items = c.prepare("SELECT sku, quantity FROM order_items WHERE order_id = ?");
    items.bind_all(id);
    std::vector<std::pair<std::string, std::int64_t>> lines;
    while (items.step()) {
      lines.emplace_back(items.text(0), items.integer(1));
    }
    for (const auto& [sku, quantity] : lines) {
      const auto price = unit_prices.find(sku);
      if (price == unit_prices.end()) {
        throw refsys::DbError("the reservation has no price for " + sku);
      }
      total += quantity * price->second;
      c.prepare("UPDATE order_items SET unit_price_cents = ? WHERE order_id = ? AND sku = ?")
          .bind_all(price->second, id, sku)
          .run();
    }
    update_order(c, id, "saga_step = 'CHARGE', total_cents = ?, attempts = 0", {total});
  });
}

void OrderStore::mark_charge_attempted(const std::string& id) {
  db_.transaction([&](const Connection& c) { update_order(c, id, "charge_attempted = 1", {}); });
}

void OrderStore::record_charged(const std::string& id) {
  db_.transaction([&](const Connection& c) {
    update_order(c, id, "saga_step = 'CONFIRM', attempts = 0", {});
  });
}

void OrderStore::start_compensation(const std::string& id, const std::string& reason) {
  db_.transaction([&](const Connection& c) {
    update_order(c, id, "saga_step = 'COMPENSATE', cancel_reason = ?, attempts = 0", {reason});
  });
}

void OrderStore::finish_confirmed(const std::string& id) {
  db_.transaction([&](const Connection& c) {
    update_order(c, id, "status = 'CONFIRMED', saga_step = 'DONE'", {});
    const auto order = load_where(c, "WHERE id = ?", id);
    add_event(c, id, "OrderConfirmed",
              {{"orderId", id}, {"totalCents", order->total_cents.value_or(0)}});
  });
}

void OrderStore::finish_cancelled(const std::string& id) {
  db_.transaction([&](const Connection& c) {
    update_order(c, id, "status = 'CANCELLED', saga_step = 'DONE'", {});
    const auto order = load_where(c, "WHERE id = ?", id);
    add_event(c, id, "OrderCancelled",
              {{"orderId", id}, {"reason", order->cancel_reason.value_or("unknown")}});
  });
}

void OrderStore::schedule_retry(const std::string& id, std::int64_t next_attempt_at_ms) {
  db_.transaction([&](const Connection& c) {
    update_order(c, id, "attempts = attempts + 1, next_attempt_at_ms = ?", {next_attempt_at_ms});
  });
}

std::vector<std::string> OrderStore::due_pending(std::int64_t now_ms, int limit) {
  return db_.read([&](const Connection& c) {
    auto rows = c.prepare(
        "SELECT id FROM orders WHERE status = 'PENDING' AND next_attempt_at_ms <= ? "
        "ORDER BY next_attempt_at_ms LIMIT ?");
    rows.bind_all(now_ms, static_cast<std::int64_t>(limit));
    std::vector<std::string> ids;
    while (rows.step()) {
      ids.push_back(rows.text(0));
    }
    return ids;
  });
}

int OrderStore::make_pending_due(std::int64_t now_ms) {
  return db_.transaction([&](const Connection& c) {
    c.prepare("UPDATE orders SET next_attempt_at_ms = ? WHERE status = 'PENDING'")
        .bind_all(now_ms)
        .run();
    return c.changes();
  });
}

std::vector<OutboxEvent> OrderStore::unpublished_events(int limit) {
  return db_.read([&](const Connection& c) {
    auto rows = c.prepare(
        "SELECT e.id, e.order_id, e.sequence, e.event_type, e.payload, e.created_at, o.request_id "
        "FROM outbox_events e JOIN orders o ON o.id = e.order_id "
        "WHERE e.published_at IS NULL ORDER BY e.created_at, e.order_id, e.sequence LIMIT ?");
    rows.bind_all(static_cast<std::int64_t>(limit));
    std::vector<OutboxEvent> events;
    while (rows.step()) {
      events.push_back({rows.text(0), rows.text(1), rows.integer(2), rows.text(3), rows.text(4),
                        rows.text(5), rows.text(6)});
    }
    return events;
  });
}

void OrderStore::mark_published(const std::vector<std::string>& event_ids) {
  db_.transaction([&](const Connection& c) {
    const std::string now = refsys::utc_timestamp();
    for (const auto& id : event_ids) {
      c.prepare("UPDATE outbox_events SET published_at = ? WHERE id = ?").bind_all(now, id).run();
    }
  });
}

bool OrderStore::healthy() {
  try {
    return db_.read([](const Connection& c) { return c.prepare("SELECT 1").step(); });
  } catch (const refsys::DbError&) {
    return false;
  }
}

}  // namespace orders
