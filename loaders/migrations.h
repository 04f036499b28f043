// Migration folders in every layout of SPEC 2.4, with their rollback
// counterparts and notes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

// Every migration below `dir` (a service's migration folder). Down/undo/revert
// files are returned too (direction down) so rules can pair them.
// Unparseable statements are AG001 findings; the rest of the file is kept.
std::vector<MigrationFile> load_migrations(const FileSource& files, std::string_view service,
                                           std::string_view dir, std::string_view dialect, Sink& findings);

// True when `up` has a rollback: a down file with the same version, a down
// section, or a rollback note.
bool has_rollback(const MigrationFile& up, const std::vector<MigrationFile>& all);

}  // namespace archgate
