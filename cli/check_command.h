#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace archgate {

enum class ExitCode : int { clean = 0, findings = 1, cannot_judge = 2 };

struct CheckOptions {
  std::string path = ".";
  std::vector<std::string> formats;  // "text", "json", "json=out.json"
  std::string output;
  std::string baseline_file;  // --baseline
  bool staged = false;        // --staged: the git index, compared with HEAD
  std::string base_rev;       // --base REV: PR mode
  std::string config_file;  // --config; default archgate.yaml / .archgate.yaml in the root
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::string fail_on = "error";
  unsigned jobs = 0;  // 0 = all cores
  std::uint64_t max_file_size = 0;  // 0 = the default limit
  bool no_color = false;
  bool quiet = false;
  bool timings = false;  // print where the time went, on standard error
  bool no_cache = false;   // --no-cache: neither read nor write the cache
  std::string cache_dir;   // --cache-dir; default PATH/.archgate-cache
};

ExitCode run_check(const CheckOptions& options);
// `archgate baseline PATH`: records the current findings in `output`
// (default PATH/archgate-baseline.json).
ExitCode run_baseline(const CheckOptions& options, const std::string& output);
// `archgate cache clear PATH`: removes the cache of PATH (or `cache_dir`).
ExitCode run_cache_clear(const std::string& path, const std::string& cache_dir);

}  // namespace archgate
