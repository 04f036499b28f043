// Suppression comments: `archgate-ignore AG102: reason` on the line of a
// finding or the line above, in any file archgate reads (SQL `--`, YAML `#`,
// code `//` `/* */` `#`, Markdown `<!-- -->`).
#pragma once

#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "model/model.h"

namespace archgate {

// Every suppression comment in one file's text. Cheap when the file has
// none (one substring search).
std::vector<Suppression> find_suppressions(std::string_view path, std::string_view text);

// Removes the findings a suppression covers. Returns, per suppression of
// `suppressions`, whether it suppressed something.
std::vector<bool> apply_suppressions(std::vector<Diagnostic>& diagnostics, const std::vector<Suppression>& suppressions);

}  // namespace archgate
