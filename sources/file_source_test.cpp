#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "sources/file_source.h"

namespace fs = std::filesystem;
using archgate::ReadStatus;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("archgate-fs-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& rel, const std::string& content) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel, std::ios::binary) << content;
  }
};
}  // namespace

TEST_CASE("the working tree lists files sorted and skips .git") {
  TempDir root;
  root.write("b.txt", "b");
  root.write("a/x.yaml", "x: 1");
  root.write(".git/config", "secret");
  root.write("node_modules/p/index.js", "");
  auto src = archgate::open_working_tree(root.path.string());
  REQUIRE(src->files().size() == 2);
  CHECK(src->files()[0].path == "a/x.yaml");
  CHECK(src->files()[1].path == "b.txt");
  CHECK(src->exists("a/x.yaml"));
  CHECK(src->is_directory("a"));
  CHECK_FALSE(src->is_directory("b.txt"));
  CHECK(src->read("a/x.yaml").content == "x: 1");
}

TEST_CASE("the working tree never reads outside its root") {
  TempDir outside;
  outside.write("secret.txt", "password");
  TempDir root;
  root.write("in.txt", "inside");
  fs::create_symlink(outside.path / "secret.txt", root.path / "link.yaml");
  fs::create_symlink(root.path / "in.txt", root.path / "inner-link.txt");
  auto src = archgate::open_working_tree(root.path.string());
  CHECK(src->read("link.yaml").status == ReadStatus::outside_root);
  CHECK(src->read("link.yaml").content.empty());
  CHECK(src->read("inner-link.txt").status == ReadStatus::ok);
  CHECK(src->read("../" + outside.path.filename().string() + "/secret.txt").status == ReadStatus::outside_root);
  CHECK(src->read("/etc/passwd").status == ReadStatus::outside_root);
}

TEST_CASE("a file over the size limit is not read") {
  TempDir root;
  root.write("big.yaml", std::string(2000, 'x'));
  auto src = archgate::open_working_tree(root.path.string());
  src->set_max_file_size(1000);
  auto r = src->read("big.yaml");
  CHECK(r.status == ReadStatus::too_large);
  CHECK(r.size == 2000);
  CHECK(r.content.empty());
}

TEST_CASE("memory sources serve unit tests") {
  archgate::MemoryFileSource m;
  m.add("z.txt", "z");
  m.add("a/b.txt", "b");
  CHECK(m.files().front().path == "a/b.txt");
  CHECK(m.read("z.txt").content == "z");
  CHECK(m.read("nope").status == ReadStatus::not_found);
  CHECK(m.files_under("a").size() == 1);
}
