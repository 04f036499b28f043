// The HTTP operations of inventory-service (see openapi.yaml).
#pragma once

#include "common/http_server.h"
#include "common/log.h"
#include "stock_store.h"

namespace inventory {

void add_inventory_routes(refsys::HttpServer& http, StockStore& store, const refsys::Logger& logger);

}  // namespace inventory
