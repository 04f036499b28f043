// Runs the real archgate binary on one fixtures/ repository and compares its
// JSON output with the stored expected.json. UPDATE_SNAPSHOTS=1 rewrites the
// expectation instead (review the diff before committing it).
//
// Arguments: <archgate binary> <case folder>. The check runs with
// `--format json` plus the words of <case>/args.txt when present, otherwise
// `--select <ID>` when the case sits in a fixtures/<ID>-<name>/ folder.
//
// A case holding `base/` and `head/` folders is a change, not a repository
// (rules that compare two sides: AG308, AG404): the runner builds a temporary
// git repository, commits base/ in it, puts head/ in its working tree on top,
// and runs `archgate check <tmp> --base HEAD`. (The runner is test code and
// may run `git`; archgate itself never does.)
//
// A case holding `server.json` is a live verification (AG6xx): the runner
// starts the scripted test server (tests/verify/fixture_server.cpp, the third
// argument) on a free loopback port, runs `archgate verify <case>` with the
// words of args.txt, where `{url}` stands for the server's origin, and
// compares the report with the origin written back as `{url}`.
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <array>
#include <utility>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::vector<std::string> case_arguments(const fs::path& dir) {
  std::vector<std::string> args;
  std::ifstream in(dir / "args.txt");
  if (in) {
    std::string word;
    while (in >> word) args.push_back(word);
    return args;
  }
  std::string parent = dir.parent_path().filename().string();
  if (parent.size() > 5 && parent.rfind("AG", 0) == 0 && parent[5] == '-') {
    args = {"--select", parent.substr(0, 5)};
  }
  return args;
}

// Copies the contents of `from` into `to`.
bool copy_tree(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  if (ec) std::cerr << "cannot copy " << from << " to " << to << ": " << ec.message() << '\n';
  return !ec;
}

bool git(const fs::path& repo, const std::string& args) {
  std::string command = "cd " + quote(repo.string()) +
                        " && export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=fixture "
                        "GIT_AUTHOR_EMAIL=fixture@example.invalid GIT_COMMITTER_NAME=fixture "
                        "GIT_COMMITTER_EMAIL=fixture@example.invalid GIT_AUTHOR_DATE=2024-01-01T00:00:00Z "
                        "GIT_COMMITTER_DATE=2024-01-01T00:00:00Z && git " +
                        args + " >/dev/null 2>&1";
  if (std::system(command.c_str()) == 0) return true;
  std::cerr << "git " << args << " failed in " << repo << '\n';
  return false;
}

// base/ committed, head/ in the working tree on top; "" on failure.
std::string change_repository(const fs::path& dir) {
  std::string pattern = (fs::temp_directory_path() / "archgate-fixture-XXXXXX").string();
  if (!mkdtemp(pattern.data())) return {};
  fs::path repo = pattern;
  if (!copy_tree(dir / "base", repo) || !git(repo, "init -q -b main") || !git(repo, "add -A") ||
      !git(repo, "commit -q -m base")) {
    return {};
  }
  for (const auto& entry : fs::directory_iterator(repo)) {
    if (entry.path().filename() != ".git") fs::remove_all(entry.path());
  }
  if (!copy_tree(dir / "head", repo)) return {};
  return repo.string();
}

nlohmann::json normalised(nlohmann::json j) {
  if (j.contains("tool")) j["tool"]["version"] = "*";
  // The merge base of a change case is a fresh commit of the temporary repository.
  if (j.contains("summary") && j["summary"].contains("base")) j["summary"]["base"]["revision"] = "*";
  return j;
}

struct Cleanup {
  std::string path;
  ~Cleanup() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

// Runs `command`; its exit code and the JSON it printed (nullopt after a
// FAIL message when it printed none).
std::optional<std::pair<int, nlohmann::json>> run_archgate(const std::string& command, const fs::path& dir) {
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    std::cerr << "cannot run " << command << '\n';
    return std::nullopt;
  }
  std::string output;
  std::array<char, 65536> buffer{};
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  int status = pclose(pipe);
  int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  try {
    return std::make_pair(exit_code, nlohmann::json::parse(output));
  } catch (const std::exception& e) {
    std::cerr << "FAIL " << dir << ": archgate (exit " << exit_code << ") printed no JSON: " << e.what()
              << "\ncommand: " << command << "\noutput:\n" << output << '\n';
    return std::nullopt;
  }
}

// The scripted test server of a verification case, stopped when it goes.
struct TestServer {
  pid_t pid = -1;
  std::string url;
  ~TestServer() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
};

bool start_server(const fs::path& server_binary, const fs::path& script, const std::string& work, TestServer& server) {
  std::string port_file = work + "/port";
  server.pid = fork();
  if (server.pid == 0) {
    execl(server_binary.c_str(), server_binary.c_str(), script.c_str(), "--port-file", port_file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  if (server.pid < 0) return false;
  for (int tries = 0; tries < 200; ++tries) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      server.url = "http://127.0.0.1:" + std::to_string(port);
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  std::cerr << "the test server " << server_binary << " did not start\n";
  return false;
}

// Every occurrence of `from` in the strings of `j` replaced by `to`.
nlohmann::json replaced(const nlohmann::json& j, const std::string& from, const std::string& to) {
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
  }
  if (j.is_array() || j.is_object()) {
    nlohmann::json out = j;
    for (auto it = out.begin(); it != out.end(); ++it) it.value() = replaced(it.value(), from, to);
    return out;
  }
  return j;
}

// "cache  7 of 9 tasks reused from ..." in --timings output: (7, 9).
std::optional<std::pair<long, long>> cache_reuse(const std::string& timings_file) {
  std::ifstream in(timings_file);
  std::string line;
  while (std::getline(in, line)) {
    long reused = 0, total = 0;
    if (std::sscanf(line.c_str(), " cache %ld of %ld tasks reused", &reused, &total) == 2) return std::make_pair(reused, total);
  }
  return std::nullopt;
}

// Compares a report with the case's expected.json (or rewrites it under
// UPDATE_SNAPSHOTS=1). 0 when they agree.
int compare_with_expected(const fs::path& dir, const nlohmann::json& actual, const std::string& command) {
  fs::path expected_path = dir / "expected.json";
  const char* update = std::getenv("UPDATE_SNAPSHOTS");
  if (update && std::string(update) == "1") {
    std::ofstream out(expected_path, std::ios::binary);
    out << normalised(actual).dump(2) << '\n';
    std::cout << "updated " << expected_path << '\n';
    return 0;
  }
  std::ifstream in(expected_path);
  if (!in) {
    std::cerr << "FAIL " << dir << ": no expected.json (run with UPDATE_SNAPSHOTS=1 and review it)\n";
    return 1;
  }
  nlohmann::json expected;
  try {
    expected = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    std::cerr << "FAIL " << expected_path << " is not JSON: " << e.what() << '\n';
    return 1;
  }
  if (normalised(expected) != normalised(actual)) {
    std::cerr << "FAIL " << dir << ": output differs from expected.json\ncommand: " << command
              << "\n--- expected\n" << normalised(expected).dump(2) << "\n--- actual\n"
              << normalised(actual).dump(2) << '\n'
              << "(if the new output is right: UPDATE_SNAPSHOTS=1 ctest -R fixture, then review the diff)\n";
    return 1;
  }
  std::cout << "ok " << dir << " (" << actual["findings"].size() << " findings)\n";
  return 0;
}

int run_live_case(const fs::path& binary, const fs::path& dir, const fs::path& server_binary) {
  std::string pattern = (fs::temp_directory_path() / "archgate-fixture-live-XXXXXX").string();
  std::string work = mkdtemp(pattern.data()) ? pattern : std::string();
  Cleanup work_cleanup{work};
  TestServer server;
  if (work.empty() || !start_server(server_binary, dir / "server.json", work, server)) {
    std::cerr << "FAIL " << dir << ": cannot start the test server\n";
    return 1;
  }
  std::string command = quote(binary.string()) + " verify " + quote(dir.string()) + " --format json --no-cache";
  std::ifstream in(dir / "args.txt");
  std::string word;
  while (in >> word) {
    for (auto at = word.find("{url}"); at != std::string::npos; at = word.find("{url}")) word.replace(at, 5, server.url);
    command += " " + quote(word);
  }
  auto run = run_archgate(command, dir);
  if (!run) return 1;
  nlohmann::json actual = replaced(run->second, server.url, "{url}");
  int expected_exit = actual["summary"]["errors"].get<int>() > 0 ? 1 : 0;
  if (run->first != expected_exit) {
    std::cerr << "FAIL " << dir << ": exit code " << run->first << ", expected " << expected_exit
              << " for this output\ncommand: " << command << '\n';
    return 1;
  }
  return compare_with_expected(dir, actual, command);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: fixture_runner <archgate> <case folder> [<fixture_server>]\n";
    return 2;
  }
  fs::path binary = argv[1];
  fs::path dir = argv[2];
  if (fs::exists(dir / "server.json")) {
    if (argc != 4) {
      std::cerr << "FAIL " << dir << ": a verification case needs the fixture_server binary as third argument\n";
      return 2;
    }
    return run_live_case(binary, dir, argv[3]);
  }
  fs::path checked = dir;
  std::string temporary;
  bool change = fs::is_directory(dir / "base") && fs::is_directory(dir / "head");
  if (change) {
    temporary = change_repository(dir);
    if (temporary.empty()) {
      std::cerr << "FAIL " << dir << ": cannot build the git repository for base/ and head/\n";
      return 1;
    }
    checked = temporary;
  }
  Cleanup cleanup{temporary};
  std::string command = quote(binary.string()) + " check " + quote(checked.string()) + " --format json --no-color";
  if (change) command += " --base HEAD";
  for (const auto& a : case_arguments(dir)) command += " " + quote(a);

  // The case runs three times: without the cache, then twice with a fresh
  // one (filled, then used). All three must print the same report, and the
  // last must have reused every loader task.
  std::string pattern = (fs::temp_directory_path() / "archgate-fixture-cache-XXXXXX").string();
  std::string cache_dir = mkdtemp(pattern.data()) ? pattern : std::string();
  Cleanup cache_cleanup{cache_dir};
  if (cache_dir.empty()) {
    std::cerr << "FAIL " << dir << ": cannot make a temporary cache folder\n";
    return 1;
  }
  std::string timings = cache_dir + "/timings.txt";
  const std::string no_cache = command + " --no-cache";
  const std::string with_cache = command + " --cache-dir " + quote(cache_dir + "/cache");
  auto uncached = run_archgate(no_cache, dir);
  if (!uncached) return 1;
  auto [exit_code, actual] = *uncached;
  for (int round = 0; round < 2; ++round) {
    std::string cached_command = with_cache + (round == 1 ? " --timings 2>" + quote(timings) : std::string());
    auto cached = run_archgate(cached_command, dir);
    if (!cached) return 1;
    if (cached->first != exit_code || normalised(cached->second) != normalised(actual)) {
      std::cerr << "FAIL " << dir << ": the report " << (round == 0 ? "while filling" : "from") << " the cache differs\n"
                << "command: " << cached_command << "\n--- without cache\n" << normalised(actual).dump(2)
                << "\n--- with cache\n" << normalised(cached->second).dump(2) << '\n';
      return 1;
    }
  }
  if (auto reuse = cache_reuse(timings); reuse && (reuse->first != reuse->second || reuse->second == 0)) {
    std::cerr << "FAIL " << dir << ": the second cached run reused " << reuse->first << " of " << reuse->second
              << " tasks\ncommand: " << with_cache << " --timings\n";
    return 1;
  }

  int expected_exit = actual["summary"]["errors"].get<int>() > 0 ? 1 : 0;
  if (exit_code != expected_exit) {
    std::cerr << "FAIL " << dir << ": exit code " << exit_code << ", expected " << expected_exit
              << " for this output\ncommand: " << no_cache << '\n';
    return 1;
  }

  return compare_with_expected(dir, actual, no_cache);
}
