// The official JSON Schema test suite (draft 7) through verify/schema_adapter:
// each test schema is given to the adapter as an OpenAPI 3.1 schema (that is,
// JSON Schema) in a one-file contract, compiled, and every test instance is
// validated and compared with the suite's "valid". It reports; it does not
// judge: the exit status is 0 unless it cannot run.
//
//   json_schema_suite [DIR] [--skip FILE[#GROUP]]... [--no-default-skips] [--verbose]
//
// DIR defaults to /usr/share/json-schema-test-suite/tests/draft7; its
// optional/ folder is not run. --verbose lists every failing test.
//
// Skipped by default, because the adapter does not support their keywords by
// design (kSkipped below; the output prints the same reasons). FILE skips a
// whole file, FILE#GROUP one group of tests (its "description"):
// - refRemote.json: its $refs name http://localhost:1234/... documents. The
//   adapter never fetches anything: a $ref is followed only into the files
//   of the contract that the loader read, and a URL leads nowhere (a note).
// - definitions.json#invalid definition, ref.json#remote ref, containing refs
//   itself: a $ref to the draft-07 metaschema by its URL, same reason.
// - ref.json#ref overrides any sibling keywords: in draft 7 the keywords
//   beside a $ref are ignored. The suite's schemas are given to the adapter
//   as OpenAPI 3.1 schemas, that is JSON Schema 2020-12, where they apply.
// - ref.json#Recursive references between schemas: resolves `$ref: node`
//   against an `$id` base URI. The adapter drops `$id`: $refs are file paths
//   and JSON pointers within the contract, as OpenAPI writes them.
// --no-default-skips runs them too.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "doc/node.h"
#include "model/model.h"
#include "rules/common/openapi_schema.h"
#include "verify/schema_adapter.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Skip {
  std::string file;
  std::string reason;
};

const Skip kSkipped[] = {
    {"refRemote.json",
     "remote $refs (http://localhost:1234/...): the adapter follows $refs only into the contract's loaded files "
     "and never fetches"},
    {"definitions.json#invalid definition", "a $ref to the draft-07 metaschema's URL: never fetched"},
    {"ref.json#remote ref, containing refs itself", "a $ref to the draft-07 metaschema's URL: never fetched"},
    {"ref.json#ref overrides any sibling keywords",
     "draft 7 ignores keywords beside a $ref; the adapter reads the schema as OpenAPI 3.1 (JSON Schema 2020-12), "
     "where they apply"},
    {"ref.json#Recursive references between schemas",
     "resolves a $ref against an $id base URI; the adapter drops $id ($refs are contract paths and JSON pointers)"},
};

struct FileResult {
  std::string name;
  int passed = 0;
  int total = 0;
  std::vector<std::string> failures;
  std::vector<std::pair<std::string, std::string>> skipped;  // group "(N tests)" -> reason
};

FileResult run_file(const fs::path& path, const std::map<std::string, std::string>& skips) {
  FileResult result;
  result.name = path.filename().string();
  std::ifstream in(path);
  json groups = json::parse(in);
  for (const auto& group : groups) {
    std::string description = group["description"].get<std::string>();
    if (auto it = skips.find(result.name + "#" + description); it != skips.end()) {
      result.skipped.emplace_back(description + " (" + std::to_string(group["tests"].size()) + " tests)", it->second);
      continue;
    }
    archgate::OpenApiDocument doc;
    doc.path = "schema.json";
    doc.version = "3.1.0";
    auto file = std::make_unique<archgate::OpenApiDocument::File>();
    file->path = archgate::SharedPath("schema.json");
    file->doc = archgate::read_json(group["schema"].dump());
    doc.files.push_back(std::move(file));
    doc.readable = true;
    archgate::SchemaResolver resolver(doc);
    std::vector<archgate::verify::SchemaNote> notes;
    archgate::SchemaAt at{resolver.file("schema.json"), &doc.files.front()->doc.root};
    auto schema = archgate::verify::compile_schema(doc, resolver, at, archgate::verify::Direction::response, notes);
    for (const auto& test : group["tests"]) {
      ++result.total;
      auto validation = archgate::verify::validate(*schema, test["data"]);
      bool expected = test["valid"].get<bool>();
      if (validation.valid() == expected) {
        ++result.passed;
        continue;
      }
      std::string line = description + " / " + test["description"].get<std::string>() + ": expected " +
                         (expected ? "valid" : "invalid") + ", got " + (validation.valid() ? "valid" : "invalid");
      if (!validation.violations.empty()) line += " (" + validation.violations.front().message + ")";
      for (const auto& note : notes) line += " [note: " + note.message + "]";
      result.failures.push_back(std::move(line));
    }
  }
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = "/usr/share/json-schema-test-suite/tests/draft7";
  std::map<std::string, std::string> skipped;
  bool defaults = true;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--skip" && i + 1 < argc) {
      skipped[argv[++i]] = "skipped on the command line";
    } else if (arg == "--no-default-skips") {
      defaults = false;
    } else if (arg == "--verbose") {
      verbose = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: json_schema_suite [DIR] [--skip FILE[#GROUP]]... [--no-default-skips] [--verbose]\n";
      return 0;
    } else {
      dir = arg;
    }
  }
  if (defaults) {
    for (const auto& s : kSkipped) skipped.emplace(s.file, s.reason);
  }
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec || files.empty()) {
    std::cerr << "json_schema_suite: no test files in " << dir << "\n";
    return 2;
  }
  std::sort(files.begin(), files.end());
  int passed = 0, total = 0;
  std::vector<std::pair<std::string, std::string>> skips;
  for (const auto& path : files) {
    std::string name = path.filename().string();
    if (auto it = skipped.find(name); it != skipped.end()) {
      skips.emplace_back(name, it->second);
      continue;
    }
    FileResult r;
    try {
      r = run_file(path, skipped);
    } catch (const std::exception& e) {
      std::cout << name << ": cannot run (" << e.what() << ")\n";
      continue;
    }
    passed += r.passed;
    total += r.total;
    std::cout << name << ": " << r.passed << "/" << r.total << "\n";
    for (const auto& [group, reason] : r.skipped) skips.emplace_back(name + "#" + group, reason);
    if (verbose) {
      for (const auto& f : r.failures) std::cout << "  FAIL " << f << "\n";
    }
  }
  for (const auto& [name, reason] : skips) std::cout << name << ": skipped: " << reason << "\n";
  double rate = total ? 100.0 * passed / total : 0.0;
  std::ostringstream pct;
  pct.precision(1);
  pct << std::fixed << rate;
  std::cout << passed << " passed, " << (total - passed) << " failed (" << pct.str() << "% of " << total << ")\n";
  return 0;
}
