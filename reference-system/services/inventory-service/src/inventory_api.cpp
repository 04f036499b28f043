#include "inventory_api.h"

#include "common/json_http.h"
#include "inventory_requests.h"

namespace inventory {

namespace {

using refsys::send_error;
using refsys::send_json;

nlohmann::json level_json(const StockLevel& level) {
  return {{"sku", level.sku},
          {"onHand", level.on_hand},
          {"reserved", level.reserved},
          {"confirmed", level.confirmed},
          {"unitPriceCents", level.unit_price_cents}};
}

nlohmann::json reservation_json(const Reservation& reservation) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& line : reservation.lines) {
    items.push_back({{"sku", line.sku},
                     {"quantity", line.quantity},
                     {"unitPriceCents", line.unit_price_cents}});
  }
  return {{"reservationKey", reservation.key},
          {"status", to_string(reservation.status)},
          {"items", items}};
}

void answer_change(httplib::Response& res, const std::string& key, const ChangeOutcome& outcome,
                   std::string_view conflict_code, std::string_view conflict_message) {
  switch (outcome.result) {
    case ChangeResult::not_found:
      send_error(res, 404, "reservation_not_found", "no reservation has this key");
      return;
    case ChangeResult::conflict:
      send_error(res, 409, conflict_code, conflict_message);
      return;
    case ChangeResult::changed:
    case ChangeResult::unchanged:
      send_json(res, 200,
                outcome.reservation ? reservation_json(*outcome.reservation)
                                    : nlohmann::json{{"reservationKey", key},
                                                     {"status", "RELEASED"},
                                                     {"items", nlohmann::json::array()}});
      return;
  }
}

void reserve(refsys::HttpServer& http, StockStore& store, const refsys::Logger& logger,
             const httplib::Request& req, httplib::Response& res) {
  const auto body = refsys::parse_json_object(req, res);
  if (!body) {
    return;
  }
  const auto parsed = parse_reserve_request(*body);
  if (!parsed.value) {
    send_error(res, 400, "invalid_request", parsed.error);
    return;
  }
  const auto outcome = store.reserve(parsed.value->key, parsed.value->lines);
  const std::string request_id = http.request_id(req, res);
  switch (outcome.result) {
    case ReserveResult::created:
      logger.info("stock reserved", request_id, {{"reservation_key", parsed.value->key}});
      send_json(res, 201, reservation_json(outcome.reservation));
      return;
    case ReserveResult::replayed:
      send_json(res, 200, reservation_json(outcome.reservation));
      return;
    case ReserveResult::insufficient_stock:
      logger.info("reservation refused: insufficient stock", request_id,
                  {{"reservation_key", parsed.value->key}, {"sku", outcome.sku}});
      send_json(res, 409,
                {{"error", "insufficient_stock"},
                 {"message", "not enough stock for " + outcome.sku},
                 {"sku", outcome.sku},
                 {"available", outcome.available}});
      return;
    case ReserveResult::unknown_sku:
      send_json(res, 409,
                {{"error", "unknown_sku"},
                 {"message", "no stock is recorded for " + outcome.sku},
                 {"sku", outcome.sku}});
      return;
    case ReserveResult::already_released:
      send_error(res, 409, "reservation_released", "this reservation key was already released");
      return;
    case ReserveResult::key_reused:
      send_error(res, 422, "key_reused", "this reservation key was used with different items");
      return;
  }
}

}  // namespace

void add_inventory_routes(refsys::HttpServer& http, StockStore& store, const refsys::Logger& logger) {
  auto& routes = http.routes();

  routes.Get("/health", [&store](const httplib::Request&, httplib::Response& res) {
    if (store.healthy()) {
      send_json(res, 200, {{"status", "ok"}, {"service", "inventory-service"}});
    } else {
      send_json(res, 503, {{"status", "unavailable"}, {"service", "inventory-service"}});
    }
  });

  routes.Get(R"(/inventory/([^/]+))", [&store](const httplib::Request& req, httplib::Response& res) {
    const std::string sku = req.matches[1];
    if (!is_valid_sku(sku)) {
      send_error(res, 400, "invalid_sku", "a SKU is 1 to 64 characters from A-Z a-z 0-9 . _ : -");
      return;
    }
    if (const auto level = store.level(sku)) {
      send_json(res, 200, level_json(*level));
    } else {
      send_error(res, 404, "sku_not_found", "no stock is recorded for this SKU");
    }
  });

  routes.Put(R"(/inventory/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string sku = req.matches[1];
    if (!is_valid_sku(sku)) {
      send_error(res, 400, "invalid_sku", "a SKU is 1 to 64 characters from A-Z a-z 0-9 . _ : -");
      return;
    }
    const auto body = refsys::parse_json_object(req, res);
    if (!body) {
      return;
    }
    const auto parsed = parse_level_request(*body);
    if (!parsed.value) {
      send_error(res, 400, "invalid_request", parsed.error);
      return;
    }
    const auto level = store.set_level(sku, parsed.value->on_hand, parsed.value->unit_price_cents);
    logger.info("stock level set", http.request_id(req, res),
                {{"sku", sku}, {"on_hand", level.on_hand}});
    send_json(res, 200, level_json(level));
  });

  routes.Post("/reservations", [&](const httplib::Request& req, httplib::Response& res) {
    reserve(http, store, logger, req, res);
  });

  routes.Get(R"(/reservations/([^/]+))", [&store](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    if (!is_valid_key(key)) {
      send_error(res, 400, "invalid_key", "a reservation key is 1 to 128 characters from A-Z a-z 0-9 . _ : -");
      return;
    }
    if (const auto reservation = store.find(key)) {
      send_json(res, 200, reservation_json(*reservation));
    } else {
      send_error(res, 404, "reservation_not_found", "no reservation has this key");
    }
  });

  routes.Post(R"(/reservations/([^/]+)/confirm)", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    if (!is_valid_key(key)) {
      send_error(res, 400, "invalid_key", "a reservation key is 1 to 128 characters from A-Z a-z 0-9 . _ : -");
      return;
    }
    const auto outcome = store.confirm(key);
    if (outcome.result == ChangeResult::changed) {
      logger.info("reservation confirmed", http.request_id(req, res), {{"reservation_key", key}});
    }
    answer_change(res, key, outcome, "reservation_released", "a released reservation cannot be confirmed");
  });

  routes.Post(R"(/reservations/([^/]+)/release)", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    if (!is_valid_key(key)) {
      send_error(res, 400, "invalid_key", "a reservation key is 1 to 128 characters from A-Z a-z 0-9 . _ : -");
      return;
    }
    std::vector<ReservationLine> lines;
    if (!req.body.empty()) {
      const auto body = refsys::parse_json_object(req, res);
      if (!body) {
        return;
      }
      auto parsed = parse_release_request(*body);
      if (!parsed.value) {
        send_error(res, 400, "invalid_request", parsed.error);
        return;
      }
      lines = std::move(*parsed.value);
    }
    const auto outcome = store.release(key, lines);
    if (outcome.result == ChangeResult::changed) {
      logger.info("reservation released", http.request_id(req, res), {{"reservation_key", key}});
    }
    answer_change(res, key, outcome, "reservation_confirmed", "a confirmed reservation cannot be released");
  });
}

}  // namespace inventory
