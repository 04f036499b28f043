// OpenAPI 3.0 / 3.1 and Swagger 2.0, YAML or JSON, with $ref across files
// (SPEC 2.2).
#pragma once

#include <string_view>

#include "base/diagnostic.h"
#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

// Loads the contract rooted at `path` and every file its $refs reach.
// Unreadable files are AG001; $refs that are missing, absolute, URLs or leave
// the root are AG002 (never read). $ref cycles terminate.
OpenApiDocument load_openapi(const FileSource& files, std::string_view path, Sink& findings);

// Frees the parsed trees of `doc.files` (keeping their paths) and clears the
// schema pointers into them. A one-sided run needs no tree after loading, and
// a thousand 50 KB contracts would otherwise hold hundreds of MiB.
void drop_trees(OpenApiDocument& doc);
bool has_trees(const OpenApiDocument& doc);

}  // namespace archgate
