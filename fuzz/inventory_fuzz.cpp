// service-inventory.json (loaders/inventory.cpp): the parse and type checks,
// then the defaults resolved against a small repository.
#include "fuzz/fuzz_support.h"

#include "loaders/inventory.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const archgate::MemoryFileSource* files = [] {
    auto* f = new archgate::MemoryFileSource();
    f->add("compose.yaml", "services: {}\n");
    f->add("services/orders/openapi.yaml", "openapi: 3.0.3\n");
    f->add("services/orders/migrations/V1__init.sql", "CREATE TABLE orders (id int);\n");
    f->add("services/orders/src/main.py", "print('x')\n");
    return f;
  }();
  archgate::InventoryLoad load = archgate::parse_inventory(archgate::kInventoryFile, archgate::fuzz::text(data, size));
  if (load.error) return 0;
  archgate::VectorSink findings;
  archgate::resolve_inventory_defaults(load.inventory, *files, findings);
  return 0;
}
