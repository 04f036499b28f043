#include "cache/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>

namespace archgate {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[4] = {'A', 'G', 'C', '1'};
constexpr std::size_t kHeader = sizeof kMagic + 20 + 8 + 8;
constexpr std::uint64_t kMaxEntry = 256ull * 1024 * 1024;

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
std::uint64_t get_u64(std::string_view in) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(in[static_cast<std::size_t>(i)]);
  return v;
}
std::uint64_t checksum(std::string_view payload) { return std::hash<std::string_view>{}(payload); }

// The whole of a regular file, opened without following symlinks and without
// blocking on a FIFO; nullopt for anything else or over `limit` bytes.
std::optional<std::string> read_regular(const std::string& path, std::uint64_t limit) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct ::stat st;
  std::optional<std::string> out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) <= limit) {
    std::string data(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t got = 0;
    while (got < data.size()) {
      ssize_t n = ::read(fd, data.data() + got, data.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got == data.size()) out = std::move(data);
  }
  ::close(fd);
  return out;
}

// Writes `data` to `path` through a temporary file and a rename.
bool write_atomically(const std::string& path, std::string_view data) {
  static std::atomic<unsigned> counter{0};
  std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  bool ok = ::close(fd) == 0 && done == data.size();
  if (ok) ok = ::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) ::unlink(tmp.c_str());
  return ok;
}

// A folder of ours: created when missing, never a symlink.
bool own_folder(const std::string& dir, std::string& why_not) {
  struct ::stat st;
  if (::lstat(dir.c_str(), &st) != 0) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (::lstat(dir.c_str(), &st) != 0) {
      why_not = "cannot create " + dir;
      return false;
    }
  }
  if (!S_ISDIR(st.st_mode)) {
    why_not = dir + " is not a folder";
    return false;
  }
  if (st.st_uid != ::geteuid()) {
    why_not = dir + " belongs to another user";
    return false;
  }
  return true;
}

void write_if_missing(const std::string& path, std::string_view text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t n = ::write(fd, text.data(), text.size());
  (void)n;
  ::close(fd);
}

// The secret that salts every key, kept in the user's cache folder.
std::optional<std::string> user_secret(std::string& why_not) {
  std::string base;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home == '/') {
    base = std::string(home) + "/.cache";
  } else {
    why_not = "neither XDG_CACHE_HOME nor HOME is set, so no cache secret can be kept";
    return std::nullopt;
  }
  std::string dir = base + "/archgate";
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string path = dir + "/secret";
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (auto text = read_regular(path, 4096); text && text->size() >= 32) return text;
    // Made once: a random secret written aside and linked into place, so two
    // first runs at the same time agree on one secret.
    std::random_device random;
    std::string secret;
    static constexpr char kDigits[] = "0123456789abcdef";
    for (int i = 0; i < 64; ++i) secret += kDigits[random() & 15];
    std::string tmp = path + ".tmp." + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) break;
    bool written = ::write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size());
    ::close(fd);
    if (written) {
      if (::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST) written = false;
    }
    ::unlink(tmp.c_str());
    if (!written) break;
  }
  if (auto text = read_regular(path, 4096); text && text->size() >= 32) return text;
  why_not = "cannot keep a cache secret in " + dir;
  return std::nullopt;
}

// Removes the entry folders below `v1` other than `keep` that nothing wrote
// to for a week.
void prune_generations(const std::string& v1, const std::string& keep) {
  constexpr auto kUnused = std::chrono::hours(24 * 7);
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(v1, ec)) {
    if (e.path().filename() == keep) continue;
    struct ::stat st;
    if (::lstat(e.path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    std::error_code tec;
    auto written = fs::last_write_time(e.path(), tec);
    if (tec || now - written < kUnused) continue;
    for (const auto& entry : fs::directory_iterator(e.path(), tec)) {
      struct ::stat est;
      if (::lstat(entry.path().c_str(), &est) == 0 && S_ISREG(est.st_mode)) fs::remove(entry.path(), tec);
    }
    fs::remove(e.path(), tec);
  }
}

}  // namespace

std::unique_ptr<CacheStore> CacheStore::open(const std::string& dir, std::string_view generation,
                                             std::string& why_not) {
  auto secret = user_secret(why_not);
  if (!secret) return nullptr;
  std::string v1 = dir + "/v1";
  std::string entries = v1 + "/" + content_id_of(generation).hex().substr(0, 16);
  struct ::stat st;
  bool new_generation = ::lstat(entries.c_str(), &st) != 0;
  if (!own_folder(dir, why_not) || !own_folder(v1, why_not) || !own_folder(entries, why_not)) return nullptr;
  write_if_missing(dir + "/CACHEDIR.TAG",
                   "Signature: 8a477f597d28d172789f06886806bc55\n"
                   "# This folder holds archgate's cache; `archgate cache clear` removes it.\n");
  write_if_missing(dir + "/.gitignore", "# archgate's cache: never commit it\n*\n");
  if (new_generation) prune_generations(v1, fs::path(entries).filename().string());
  return std::unique_ptr<CacheStore>(new CacheStore(dir, std::move(entries), std::move(*secret)));
}

CacheKey CacheStore::key(std::string_view material) const {
  std::string salted = secret_;
  salted += '\n';
  salted += material;
  return content_id_of(salted);
}

std::string CacheStore::entry_path(const CacheKey& key) const { return entries_ + "/" + key.hex(); }

std::optional<std::string> CacheStore::get(const CacheKey& key) const {
  auto data = read_regular(entry_path(key), kMaxEntry + kHeader);
  if (!data || data->size() < kHeader) return std::nullopt;
  std::string_view in(*data);
  if (in.substr(0, sizeof kMagic) != std::string_view(kMagic, sizeof kMagic)) return std::nullopt;
  if (std::memcmp(in.data() + sizeof kMagic, key.bytes.data(), key.bytes.size()) != 0) return std::nullopt;
  std::uint64_t size = get_u64(in.substr(sizeof kMagic + 20, 8));
  std::uint64_t sum = get_u64(in.substr(sizeof kMagic + 28, 8));
  if (size != in.size() - kHeader) return std::nullopt;
  std::string_view payload = in.substr(kHeader);
  if (checksum(payload) != sum) return std::nullopt;
  return std::string(payload);
}

void CacheStore::put(const CacheKey& key, std::string_view payload) const {
  if (payload.size() > kMaxEntry) return;
  std::string data(kMagic, sizeof kMagic);
  data.append(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size());
  put_u64(data, payload.size());
  put_u64(data, checksum(payload));
  data += payload;
  write_atomically(entry_path(key), data);
}

std::string default_cache_dir(const std::string& root) {
  return (fs::path(root.empty() ? std::string(".") : root) / ".archgate-cache").string();
}

bool clear_cache(const std::string& dir, std::string& message) {
  struct ::stat st;
  if (::lstat(dir.c_str(), &st) != 0) {
    message = "no cache at " + dir;
    return true;
  }
  if (!S_ISDIR(st.st_mode)) {
    message = dir + " is not a cache folder; left alone";
    return false;
  }
  std::error_code ec;
  std::uintmax_t removed = 0;
  // Only what archgate writes: the entries folder and its two marker files.
  for (const char* name : {"v1", "CACHEDIR.TAG", ".gitignore"}) {
    fs::path p = fs::path(dir) / name;
    struct ::stat entry;
    if (::lstat(p.c_str(), &entry) != 0) continue;
    if (S_ISDIR(entry.st_mode)) {
      for (const auto& generation : fs::directory_iterator(p, ec)) {
        struct ::stat gst;
        if (::lstat(generation.path().c_str(), &gst) == 0 && S_ISDIR(gst.st_mode)) {
          std::error_code gec;
          for (const auto& e : fs::directory_iterator(generation.path(), gec)) {
            std::error_code rec;
            if (fs::remove(e.path(), rec) && !rec) ++removed;
          }
        }
        std::error_code rec;
        fs::remove(generation.path(), rec);
      }
    }
    fs::remove(p, ec);
  }
  fs::remove(dir, ec);  // only when nothing else is in it
  if (fs::exists(fs::symlink_status(fs::path(dir) / "v1", ec))) {
    message = "could not remove everything in " + dir;
    return false;
  }
  message = "removed " + std::to_string(removed) + " cache entr" + (removed == 1 ? "y" : "ies") + " from " + dir;
  return true;
}

}  // namespace archgate
