// Docker Compose (SPEC 2.3): default files, overrides, extends, .env
// interpolation, depends_on, environment, env_file, healthcheck, build and
// the Dockerfile's HEALTHCHECK.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

// Finds compose.yaml / compose.yml / docker-compose.yml / docker-compose.yaml
// at the root (the first that exists), its override file, plus `extra_files`,
// and merges them as `docker compose` does. No Compose file: empty project.
ComposeProject load_compose(const FileSource& files, const std::vector<std::string>& extra_files,
                            Sink& findings);

// True for images of databases, caches and brokers (postgres, mysql, redis ...).
bool is_datastore_image(std::string_view image);

}  // namespace archgate
