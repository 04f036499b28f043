// A document node (doc/node.h) as a JSON value: examples written in a YAML or
// JSON contract become the request bodies and parameters `archgate verify`
// sends, and schemas become JSON Schema documents.
#pragma once

#include <nlohmann/json.hpp>

#include "doc/node.h"

namespace archgate::verify {

// YAML 1.2 core-schema typing of plain scalars: null, ~ and an empty plain
// scalar are null, true/false are booleans, integers and floats are numbers
// (integers beyond 64 bits, and 1e400, stay text); quoted scalars are
// strings. Nodes nested deeper than `max_depth` become null (the readers
// already bound depth; this keeps the copy bounded too).
nlohmann::json node_to_json(const Node& node, int max_depth = 128);

}  // namespace archgate::verify
