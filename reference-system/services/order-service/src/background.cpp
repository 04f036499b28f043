#include "background.h"

#include <nlohmann/json.hpp>

namespace orders {

void Ticker::stop() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void resume_due_sagas(OrderStore& store, SagaRunner& saga, const refsys::Logger& logger) {
  try {
    for (const auto& id : store.due_pending(now_ms(), 100)) {
      const auto order = saga.advance(id);
      if (order && order->status != OrderStatus::pending) {
        logger.info("saga resumed and finished", order->request_id,
                    {{"order_id", id}, {"status", to_string(order->status)}});
      }
    }
  } catch (const std::exception& e) {
    logger.error("saga worker failed; will try again", {}, {{"error", e.what()}});
  }
}

void relay_outbox(OrderStore& store, const refsys::Logger& logger) {
  try {
    const auto events = store.unpublished_events(200);
    if (events.empty()) {
      return;
    }
    std::vector<std::string> published;
    for (const auto& event : events) {
      logger.info("outbox event published", event.request_id,
                  {{"event_id", event.id},
                   {"event_type", event.type},
                   {"order_id", event.order_id},
                   {"sequence", event.sequence},
                   {"occurred_at", event.created_at},
                   {"payload", nlohmann::json::parse(event.payload, nullptr, false)}});
      published.push_back(event.id);
    }
    store.mark_published(published);
  } catch (const std::exception& e) {
    logger.error("outbox relay failed; will try again", {}, {{"error", e.what()}});
  }
}

}  // namespace orders
