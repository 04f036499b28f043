// What a service's folder holds besides the artifacts the loaders parse: its
// rollback runbook (AG305) and its test files in any language (AG306).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

// `folder` is the service's source root ("" for the repository root);
// `paths` are the files below it that belong to this service (sorted; views
// into the listing). Reads
// at most the README candidates, and only when there is no ROLLBACK.md.
ServiceFolder inspect_service_folder(const FileSource& files, std::string_view folder,
                                     const std::vector<std::string_view>& paths);

// Whether Markdown (or reStructuredText) text has a heading that mentions
// rollback: an ATX heading (`## Rollback`) or a setext heading (a line
// underlined with `===` or `---`). Lines inside fenced code blocks do not count.
bool has_rollback_heading(std::string_view text);

}  // namespace archgate
