// The HTTP operations of order-service (see openapi.yaml).
#pragma once

#include "common/http_server.h"
#include "common/log.h"
#include "crash_hook.h"
#include "order_store.h"
#include "saga.h"

namespace orders {

void add_order_routes(refsys::HttpServer& http, OrderStore& store, SagaRunner& saga,
                      const CrashHook& crash_hook, const refsys::Logger& logger);

// The answer to POST /orders for an order in this state:
// 201 CONFIRMED, 202 PENDING, 402 CANCELLED because the payment was declined,
// 409 CANCELLED for any other reason.
int status_code_for(const Order& order);

nlohmann::json order_json(const Order& order);

}  // namespace orders
