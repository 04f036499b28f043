// A file path as the model and every Span keep it: one pointer to an
// immutable string that the whole process shares. A contract of a large
// repository yields hundreds of thousands of spans that all name a handful of
// files; as std::strings they were one heap string each, to build, copy,
// encode, decode and page in. Equal paths share one string, so copying is a
// pointer copy and comparing equal paths is a pointer compare.
//
// SharedPath converts to `const std::string&` and `std::string_view`, and is
// built implicitly from either, so it reads like the string it replaces.
// Interned strings live until the process ends (a run names each file once).
// A few other strings that repeat across the model are interned the same way
// (media types, schema owners: see model/model.h).
#pragma once

#include <compare>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace archgate {

class SharedPath {
 public:
  SharedPath() noexcept : s_(&kEmpty) {}
  SharedPath(std::string_view path) : s_(intern(path)) {}  // NOLINT: implicit on purpose
  SharedPath(const std::string& path) : s_(intern(path)) {}  // NOLINT
  SharedPath(const char* path) : s_(intern(path)) {}  // NOLINT

  const std::string& str() const noexcept { return *s_; }
  operator const std::string&() const noexcept { return *s_; }  // NOLINT
  operator std::string_view() const noexcept { return *s_; }    // NOLINT
  const char* c_str() const noexcept { return s_->c_str(); }
  const char* data() const noexcept { return s_->data(); }
  std::size_t size() const noexcept { return s_->size(); }
  bool empty() const noexcept { return s_->empty(); }

  friend bool operator==(const SharedPath& a, const SharedPath& b) noexcept { return a.s_ == b.s_; }
  friend bool operator==(const SharedPath& a, std::string_view b) noexcept { return *a.s_ == b; }
  friend bool operator==(const SharedPath& a, const std::string& b) noexcept { return *a.s_ == b; }
  friend bool operator==(const SharedPath& a, const char* b) noexcept { return *a.s_ == b; }
  friend std::strong_ordering operator<=>(const SharedPath& a, const SharedPath& b) noexcept {
    return a.s_ == b.s_ ? std::strong_ordering::equal : a.s_->compare(*b.s_) <=> 0;
  }
  friend std::strong_ordering operator<=>(const SharedPath& a, std::string_view b) noexcept {
    return std::string_view(*a.s_).compare(b) <=> 0;
  }
  friend std::strong_ordering operator<=>(const SharedPath& a, const std::string& b) noexcept {
    return a.s_->compare(b) <=> 0;
  }

  friend std::string operator+(const SharedPath& a, std::string_view b) { return concat(*a.s_, b); }
  friend std::string operator+(const SharedPath& a, const std::string& b) { return concat(*a.s_, b); }
  friend std::string operator+(const SharedPath& a, const char* b) { return concat(*a.s_, b); }
  friend std::string operator+(const SharedPath& a, char b) { return concat(*a.s_, std::string_view(&b, 1)); }
  friend std::string operator+(std::string_view a, const SharedPath& b) { return concat(a, *b.s_); }
  friend std::string operator+(const std::string& a, const SharedPath& b) { return concat(a, *b.s_); }
  friend std::string operator+(const char* a, const SharedPath& b) { return concat(a, *b.s_); }
  friend std::string operator+(char a, const SharedPath& b) { return concat(std::string_view(&a, 1), *b.s_); }

  friend std::ostream& operator<<(std::ostream& out, const SharedPath& p);

 private:
  // Constant-initialised (no guard to check): decoding a model default-
  // constructs millions of these. clang 14 cannot evaluate libstdc++ 12's
  // std::string in a constant expression (the fuzz build, fuzz/): there it
  // is an inline variable, initialised before any variable of a file that
  // includes this header.
#if defined(__clang__) && __clang_major__ < 15
  static inline const std::string kEmpty{};
#else
  static constexpr std::string kEmpty{};
#endif
  static const std::string* intern(std::string_view path);
  static std::string concat(std::string_view a, std::string_view b);

  const std::string* s_;
};

}  // namespace archgate

template <>
struct std::hash<archgate::SharedPath> {
  std::size_t operator()(const archgate::SharedPath& p) const noexcept { return std::hash<std::string>{}(p.str()); }
};
