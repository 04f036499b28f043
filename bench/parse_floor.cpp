// archgate_parse_floor: what the parsers alone need for a repository's files.
//
// Finds every .yaml/.yml and .sql file under REPO (skipping .git and
// .archgate-cache), and on J threads reads each file once and parses it with
// the cheapest full parse the two libraries offer:
//   YAML  yaml-cpp's event API (YAML::Parser + an EventHandler that does
//         nothing), every document of the file; no tree is built.
//   SQL   libpg_query on the whole file at once (no split into statements).
//         pg_query_parse (JSON output) is used: on the 9,999 migrations of a
//         500-service corpus it was busy about 65 ms on one core, against
//         about 175 ms for pg_query_parse_protobuf (--sql-api protobuf
//         measures that one again).
// This is the floor a full check is compared with (SPEC §10): it excludes
// everything archgate adds (positions, document trees, statement splitting,
// source scanning, JSON, model, rules, output).
//
// Usage: archgate_parse_floor [--jobs J] [--sql-api json|protobuf] REPO
// Prints one machine-readable line of key=value pairs starting with "floor",
// then a line for people.
#include <pg_query.h>
#include <sys/resource.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "base/text.h"  // ViewStreamBuf only (header-only): nothing of archgate is linked

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <istream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

enum class Kind { yaml, sql };

struct Input {
  fs::path path;
  Kind kind;
  std::uintmax_t size;
};

enum class SqlApi { json, protobuf };

// Per thread; summed at the end.
struct Tally {
  double read_ms = 0;
  double yaml_ms = 0;
  double sql_ms = 0;
  std::size_t bytes = 0;
  std::size_t errors = 0;
};

class Ignore final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double cpu_ms() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3; };
  return ms(u.ru_utime) + ms(u.ru_stime);
}

std::vector<Input> find_inputs(const fs::path& root) {
  std::vector<Input> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& e = *it;
    std::string name = e.path().filename().string();
    if (e.is_directory(ec) && !e.is_symlink(ec)) {
      if (name == ".git" || name == ".archgate-cache") it.disable_recursion_pending();
      continue;
    }
    if (!e.is_regular_file(ec) || e.is_symlink(ec)) continue;
    std::string ext = e.path().extension().string();
    if (ext == ".yaml" || ext == ".yml") {
      out.push_back({e.path(), Kind::yaml, e.file_size(ec)});
    } else if (ext == ".sql") {
      out.push_back({e.path(), Kind::sql, e.file_size(ec)});
    }
  }
  // Largest first, so no thread is left with a big file at the end.
  std::sort(out.begin(), out.end(), [](const Input& a, const Input& b) {
    return a.size != b.size ? a.size > b.size : a.path < b.path;
  });
  return out;
}

bool read_file(const fs::path& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) return false;
  text.resize(static_cast<std::size_t>(size));
  in.seekg(0);
  in.read(text.data(), size);
  text.resize(static_cast<std::size_t>(in.gcount()));
  return true;
}

bool parse_yaml(std::string& text) {
  archgate::ViewStreamBuf buffer(text);  // read in place, as archgate's YAML reader does
  std::istream in(&buffer);
  Ignore ignore;
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(ignore)) {
    }
  } catch (const YAML::Exception&) {
    return false;
  }
  return true;
}

bool parse_sql(const std::string& text, SqlApi api) {
  if (api == SqlApi::protobuf) {
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(text.c_str());
    bool ok = r.error == nullptr;
    pg_query_free_protobuf_parse_result(r);
    return ok;
  }
  PgQueryParseResult r = pg_query_parse(text.c_str());
  bool ok = r.error == nullptr;
  pg_query_free_parse_result(r);
  return ok;
}

void work(const std::vector<Input>& inputs, std::atomic<std::size_t>& next, SqlApi api, Tally& tally) {
  std::string text;
  for (std::size_t i; (i = next.fetch_add(1)) < inputs.size();) {
    const Input& input = inputs[i];
    auto start = Clock::now();
    bool ok = read_file(input.path, text);
    tally.read_ms += ms_since(start);
    if (!ok) {
      ++tally.errors;
      continue;
    }
    tally.bytes += text.size();
    start = Clock::now();
    ok = input.kind == Kind::yaml ? parse_yaml(text) : parse_sql(text, api);
    (input.kind == Kind::yaml ? tally.yaml_ms : tally.sql_ms) += ms_since(start);
    if (!ok) ++tally.errors;
  }
  // (no pg_query_exit(): it is not safe while other threads parse)
}

int usage() {
  std::cerr << "usage: archgate_parse_floor [--jobs J] [--sql-api json|protobuf] REPO\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  auto start = Clock::now();
  double cpu_start = cpu_ms();
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  SqlApi api = SqlApi::json;
  fs::path root;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if ((arg == "--jobs" || arg == "-j") && i + 1 < argc) {
      jobs = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    } else if (arg == "--sql-api" && i + 1 < argc) {
      std::string_view v = argv[++i];
      if (v == "protobuf") {
        api = SqlApi::protobuf;
      } else if (v != "json") {
        return usage();
      }
    } else if (!arg.empty() && arg[0] != '-' && root.empty()) {
      root = arg;
    } else {
      return usage();
    }
  }
  if (root.empty()) return usage();
  if (!fs::is_directory(root)) {
    std::cerr << "archgate_parse_floor: " << root << " is not a directory\n";
    return 2;
  }

  std::vector<Input> inputs = find_inputs(root);
  double find_ms = ms_since(start);
  std::size_t yaml_files = 0, sql_files = 0;
  for (const auto& in : inputs) (in.kind == Kind::yaml ? yaml_files : sql_files) += 1;

  auto parse_start = Clock::now();
  std::atomic<std::size_t> next{0};
  unsigned threads = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(inputs.size())));
  std::vector<Tally> tallies(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, std::cref(inputs), std::ref(next), api, std::ref(tallies[t]));
  work(inputs, next, api, tallies[0]);
  for (auto& t : pool) t.join();
  double parse_wall_ms = ms_since(parse_start);

  Tally sum;
  for (const auto& t : tallies) {
    sum.read_ms += t.read_ms;
    sum.yaml_ms += t.yaml_ms;
    sum.sql_ms += t.sql_ms;
    sum.bytes += t.bytes;
    sum.errors += t.errors;
  }
  double wall_ms = ms_since(start);
  double cpu = cpu_ms() - cpu_start;
  std::printf(
      "floor wall_ms=%.1f cpu_ms=%.1f find_ms=%.1f read_parse_wall_ms=%.1f jobs=%u files=%zu bytes=%zu "
      "yaml_files=%zu sql_files=%zu read_busy_ms=%.1f yaml_busy_ms=%.1f sql_busy_ms=%.1f errors=%zu sql_api=%s\n",
      wall_ms, cpu, find_ms, parse_wall_ms, threads, inputs.size(), sum.bytes, yaml_files, sql_files, sum.read_ms,
      sum.yaml_ms, sum.sql_ms, sum.errors, api == SqlApi::protobuf ? "protobuf" : "json");
  std::printf(
      "parse floor: %zu files (%.1f MiB: %zu YAML, %zu SQL) in %.1f ms wall, %.1f ms CPU on %u threads; "
      "busy: read %.1f ms, yaml-cpp %.1f ms, libpg_query %.1f ms; %zu unparsable\n",
      inputs.size(), static_cast<double>(sum.bytes) / (1024.0 * 1024.0), yaml_files, sql_files, wall_ms, cpu, threads,
      sum.read_ms, sum.yaml_ms, sum.sql_ms, sum.errors);
  return 0;
}
