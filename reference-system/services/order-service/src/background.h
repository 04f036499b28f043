// The two background loops of order-service:
//  - the saga worker resumes PENDING sagas whose retry is due (and, at
//    start-up, every PENDING saga: a crash never strands an order);
//  - the outbox relay publishes unpublished outbox events, oldest first, and
//    marks them published. The sink is the log: one JSON line per event with
//    msg "outbox event published" (delivery is at least once: a crash between
//    the log line and the mark publishes the event again; consumers de-duplicate
//    by event_id).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/log.h"
#include "order_store.h"
#include "saga.h"

namespace orders {

// A thread that runs `tick` every `interval` until stop().
class Ticker {
 public:
  Ticker() = default;
  ~Ticker() { stop(); }
  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;

  template <typename Tick>
  void start(std::chrono::milliseconds interval, Tick tick) {
    thread_ = std::thread([this, interval, tick]() mutable {
      std::unique_lock<std::mutex> lock(mutex_);
      while (!stopping_) {
        lock.unlock();
        tick();
        lock.lock();
        wake_.wait_for(lock, interval, [this] { return stopping_; });
      }
    });
  }

  void stop();

 private:
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

// Resumes due sagas, one at a time.
void resume_due_sagas(OrderStore& store, SagaRunner& saga, const refsys::Logger& logger);

// Publishes up to one batch of outbox events to the log.
void relay_outbox(OrderStore& store, const refsys::Logger& logger);

}  // namespace orders
