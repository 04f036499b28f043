#include "sources/git_source.h"

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "sources/git_test_support.h"

using archgate::ReadStatus;
using archgate::testing::TempGitRepo;

namespace {

std::vector<std::string> paths_of(const archgate::FileSource& source) {
  std::vector<std::string> out;
  for (const auto& e : source.files()) out.push_back(e.path);
  return out;
}

}  // namespace

TEST_CASE("the index source sees staged content, not the working tree", "[git]") {
  TempGitRepo repo;
  repo.write("a.yaml", "committed\n");
  repo.commit_all("one");
  repo.write("a.yaml", "staged\n");
  repo.git("add a.yaml");
  repo.write("a.yaml", "unstaged edit\n");
  repo.write("untracked.yaml", "never added\n");
  repo.write("intent.yaml", "intent to add\n");
  repo.git("add -N intent.yaml");

  auto opened = archgate::open_git_index(repo.path());
  REQUIRE(opened.error.empty());
  const auto& source = *opened.source;
  CHECK(paths_of(source) == std::vector<std::string>{"a.yaml"});
  auto read = source.read("a.yaml");
  REQUIRE(read.status == ReadStatus::ok);
  CHECK(read.content == "staged\n");
  CHECK(source.read("untracked.yaml").status == ReadStatus::not_found);
  CHECK(source.describe() == "index");
}

TEST_CASE("the tree source reads any revision from the object database", "[git]") {
  TempGitRepo repo;
  repo.write("services/a/openapi.yaml", "v1\n");
  repo.commit_all("one");
  repo.write("services/a/openapi.yaml", "v2\n");
  repo.write("services/b/openapi.yaml", "new\n");
  repo.commit_all("two");
  repo.write("services/a/openapi.yaml", "working tree\n");

  auto old = archgate::open_git_tree(repo.path(), "HEAD~1");
  REQUIRE(old.error.empty());
  CHECK(paths_of(*old.source) == std::vector<std::string>{"services/a/openapi.yaml"});
  CHECK(old.source->read("services/a/openapi.yaml").content == "v1\n");
  CHECK(old.source->is_directory("services/a"));

  auto head = archgate::open_git_tree(repo.path(), "main");
  REQUIRE(head.error.empty());
  CHECK(head.source->read("services/a/openapi.yaml").content == "v2\n");
  CHECK(head.source->describe().rfind("main (", 0) == 0);

  auto unknown = archgate::open_git_tree(repo.path(), "no-such-branch");
  CHECK(unknown.source == nullptr);
  CHECK(unknown.error.find("unknown revision \"no-such-branch\"") != std::string::npos);
}

TEST_CASE("a subfolder of the repository is the checked root", "[git]") {
  TempGitRepo repo;
  repo.write("platform/service-inventory.json", "{}\n");
  repo.write("platform/services/a/openapi.yaml", "a\n");
  repo.write("other/secret.yaml", "outside\n");
  repo.write("platform/node_modules/x/openapi.yaml", "skipped\n");
  repo.commit_all("one");
  std::string sub = (repo.root() / "platform").string();

  for (int index = 0; index < 2; ++index) {
    auto opened = index ? archgate::open_git_index(sub) : archgate::open_git_tree(sub, "HEAD");
    REQUIRE(opened.error.empty());
    CHECK(paths_of(*opened.source) ==
          std::vector<std::string>{"service-inventory.json", "services/a/openapi.yaml"});
    CHECK(opened.source->read("../other/secret.yaml").status == ReadStatus::outside_root);
    CHECK(opened.source->read("services/a/openapi.yaml").content == "a\n");
  }
}

TEST_CASE("symlinks are followed only inside the checked root", "[git]") {
  TempGitRepo repo;
  repo.write("shared/schemas.yaml", "shared\n");
  repo.write("top.yaml", "top\n");
  repo.commit_all("files");
  std::error_code ec;
  std::filesystem::create_directories(repo.root() / "svc", ec);
  std::filesystem::create_symlink("../shared/schemas.yaml", repo.root() / "svc/inside.yaml");
  std::filesystem::create_symlink("/etc/passwd", repo.root() / "svc/absolute.yaml");
  std::filesystem::create_symlink("../../../../etc/passwd", repo.root() / "svc/climbing.yaml");
  std::filesystem::create_symlink("../top.yaml", repo.root() / "svc/chain.yaml");
  std::filesystem::create_symlink("chain.yaml", repo.root() / "svc/to-chain.yaml");
  std::filesystem::create_symlink("missing.yaml", repo.root() / "svc/dangling.yaml");
  std::filesystem::create_symlink("../shared", repo.root() / "svc/folder");
  repo.commit_all("links");

  auto opened = archgate::open_git_tree(repo.path(), "HEAD");
  REQUIRE(opened.error.empty());
  const auto& source = *opened.source;
  CHECK(source.read("svc/inside.yaml").content == "shared\n");
  CHECK(source.read("svc/to-chain.yaml").content == "top\n");
  CHECK(source.read("svc/absolute.yaml").status == ReadStatus::outside_root);
  CHECK(source.read("svc/climbing.yaml").status == ReadStatus::outside_root);
  CHECK(source.read("svc/dangling.yaml").status == ReadStatus::not_found);
  CHECK(source.read("svc/folder").status == ReadStatus::not_a_file);
  bool listed_as_symlink = false;
  for (const auto& e : source.files()) {
    if (e.path == "svc/inside.yaml") listed_as_symlink = e.symlink;
  }
  CHECK(listed_as_symlink);

  // Checked from the subfolder, a link to its parent leaves the root.
  auto sub = archgate::open_git_index((repo.root() / "svc").string());
  REQUIRE(sub.error.empty());
  CHECK(sub.source->read("inside.yaml").status == ReadStatus::outside_root);
}

TEST_CASE("submodules are not files and big blobs are refused before reading", "[git]") {
  TempGitRepo repo;
  repo.write("big.sql", std::string(5000, 'x'));
  repo.commit_all("one");
  // A gitlink entry, as a submodule leaves it.
  repo.git("update-index --add --cacheinfo 160000,1111111111111111111111111111111111111111,vendor/lib");
  repo.git("commit -q -m submodule");

  for (int index = 0; index < 2; ++index) {
    auto opened = index ? archgate::open_git_index(repo.path()) : archgate::open_git_tree(repo.path(), "HEAD");
    REQUIRE(opened.error.empty());
    CHECK(paths_of(*opened.source) == std::vector<std::string>{"big.sql"});
    CHECK(opened.source->read("vendor/lib").status == ReadStatus::not_found);
    opened.source->set_max_file_size(1000);
    auto big = opened.source->read("big.sql");
    CHECK(big.status == ReadStatus::too_large);
    CHECK(big.size == 5000);
    CHECK(big.content.empty());
  }
}

TEST_CASE("git sources can be read from several threads at once", "[git]") {
  TempGitRepo repo;
  for (int i = 0; i < 20; ++i) repo.write("f" + std::to_string(i) + ".txt", "content " + std::to_string(i));
  repo.commit_all("many");
  auto opened = archgate::open_git_tree(repo.path(), "HEAD");
  REQUIRE(opened.error.empty());
  const auto& source = *opened.source;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 25; ++round) {
        for (int i = 0; i < 20; ++i) {
          auto r = source.read("f" + std::to_string(i) + ".txt");
          if (r.status != ReadStatus::ok || r.content != "content " + std::to_string(i)) ++wrong;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wrong == 0);
}

TEST_CASE("repository discovery, merge bases and the hooks folder", "[git]") {
  TempGitRepo repo;
  repo.write("a.txt", "1");
  repo.commit_all("one");
  repo.git("checkout -q -b feature");
  repo.write("b.txt", "2");
  repo.commit_all("two");
  repo.git("checkout -q main");
  repo.write("c.txt", "3");
  repo.commit_all("three");

  auto opened = archgate::GitRepository::discover(repo.path());
  REQUIRE(opened.repository);
  const auto& git = *opened.repository;
  std::string error;
  auto main = git.resolve_commit("main", error);
  auto feature = git.resolve_commit("feature", error);
  auto first = git.resolve_commit("main~1", error);
  REQUIRE(main);
  REQUIRE(feature);
  CHECK(git.merge_base(*main, *feature, error) == first);
  CHECK_FALSE(git.resolve_commit("nope", error));
  CHECK(error.find("unknown revision \"nope\"") != std::string::npos);

  // An orphan branch shares no history.
  repo.git("checkout -q --orphan lonely");
  repo.commit_all("alone");
  auto lonely = git.resolve_commit("lonely", error);
  REQUIRE(lonely);
  CHECK_FALSE(git.merge_base(*main, *lonely, error));
  CHECK(error == "no common history");

  // A linked worktree runs the hooks of the main repository.
  std::string linked = repo.path() + "-linked";
  repo.git("worktree add -q '" + linked + "' feature");
  auto from_worktree = archgate::GitRepository::discover(linked);
  REQUIRE(from_worktree.repository);
  auto hooks = from_worktree.repository->hooks_dir(error);
  REQUIRE(hooks);
  CHECK(std::filesystem::weakly_canonical(*hooks) == std::filesystem::weakly_canonical(repo.root() / ".git/hooks"));
  repo.git("worktree remove --force '" + linked + "'");

  auto outside = archgate::GitRepository::discover("/");
  CHECK_FALSE(outside.repository);
  CHECK(outside.error.find("not inside a git repository") != std::string::npos);
}
