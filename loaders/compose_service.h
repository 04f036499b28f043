// Turns one merged, extended service definition into the Model's
// ComposeService: environment (with env_file), depends_on, healthcheck,
// build and its Dockerfile's HEALTHCHECK.
#pragma once

#include <string>

#include "loaders/compose_context.h"
#include "loaders/compose_tree.h"
#include "model/model.h"

namespace archgate::compose {

ComposeService build_service(Context& ctx, const Value::Key& key, const Value& definition);

}  // namespace archgate::compose
