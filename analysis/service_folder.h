// What a service's folder holds besides the artifacts the loaders parse: its
// rollback runbook (AG305) and its test files in any language (AG306).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

// `folder` is the service's source root ("" for the repository root);
// `paths` are the files below it that belong to this service (sorted; views
// into the listing); `nearby_tests` the files of its test folders outside it
// (NearbyTestFolders). Reads at most the README candidates, and only when
// there is no ROLLBACK.md.
ServiceFolder inspect_service_folder(const FileSource& files, std::string_view folder,
                                     const std::vector<std::string_view>& paths,
                                     const std::vector<std::string_view>& nearby_tests = {});

// Folders that hold a service's tests outside its own folder, found in the
// listing by name: a folder named after the service with test words, beside it
// or in a folder above it (Basket.API -> Basket.UnitTests,
// Basket.FunctionalTests; order-service -> order-service-tests), or a folder
// named after it inside a test/ or tests/ folder of the root or of a folder
// above it (tests/Basket.UnitTests, test/order-service). The service is known
// by its folder's name and by its inventory name, without the words api,
// service, svc, app, web, server.
class NearbyTestFolders {
 public:
  explicit NearbyTestFolders(const std::vector<FileEntry>& listing);
  std::vector<std::string> of(std::string_view service_folder, std::string_view service_name) const;

 private:
  std::unordered_map<std::string, std::vector<std::string>> by_place_;  // "above\nstem" -> folders
};

// Whether Markdown (or reStructuredText) text has a heading that mentions
// rollback: an ATX heading (`## Rollback`) or a setext heading (a line
// underlined with `===` or `---`). Lines inside fenced code blocks do not count.
bool has_rollback_heading(std::string_view text);

}  // namespace archgate
