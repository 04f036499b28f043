#include "sources/content_id.h"

#include <git2.h>

#include <cstring>

namespace archgate {

std::string ContentId::hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

ContentId content_id_of(std::string_view content) {
  static const bool initialised = [] {
    git_libgit2_init();  // balanced at exit by the library's own teardown
    return true;
  }();
  (void)initialised;
  git_oid oid;
  ContentId id;
  if (git_odb_hash(&oid, content.data(), content.size(), GIT_OBJECT_BLOB) == 0) {
    static_assert(sizeof oid.id >= sizeof id.bytes);
    std::memcpy(id.bytes.data(), oid.id, id.bytes.size());
  }
  return id;
}

}  // namespace archgate
