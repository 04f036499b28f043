// The format table: names unique and found, and each format documented in
// docs/output-formats.md.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "emitters/formats.h"

using archgate::output_formats;

TEST_CASE("output formats are unique, complete and found by name") {
  std::set<std::string_view> names;
  for (const auto& f : output_formats()) {
    INFO(f.name);
    CHECK(names.insert(f.name).second);
    CHECK(!f.description.empty());
    CHECK(f.emit != nullptr);
    CHECK(archgate::find_format(f.name) == &f);
  }
  CHECK(output_formats().front().name == "text");  // the default
  CHECK(archgate::find_format("xml") == nullptr);
  CHECK(archgate::format_names("|") == "text|json|sarif|github|junit|codeclimate");
}

TEST_CASE("every output format has a section in docs/output-formats.md") {
  std::ifstream in(std::filesystem::path(ARCHGATE_SOURCE_DIR) / "docs" / "output-formats.md", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  for (const auto& f : output_formats()) {
    INFO(f.name << " has no '## " << f.name << "' section");
    CHECK(text.str().find("\n## " + std::string(f.name) + "\n") != std::string::npos);
  }
}
