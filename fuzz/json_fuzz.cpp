// The JSON document builder (doc/json_reader.cpp): nlohmann's SAX parser with
// positions counted by the lexer's iterator, depth bounded while parsing.
#include "fuzz/fuzz_support.h"

#include "doc/node.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  archgate::read_json(archgate::fuzz::text(data, size));
  return 0;
}
