// The binary form of what a loader task produced (cache/task_cache.h): one
// `fields()` list per model struct serves both directions, so writing and
// reading cannot drift apart. Integers are varints, strings are interned
// (a Span's path is written once per entry). The decoder trusts nothing:
// every length is checked against the bytes left, and a short or malformed
// entry only makes `ok()` false.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "base/hash.h"
#include "model/model.h"

namespace archgate {

class Encoder {
 public:
  static constexpr bool kReading = false;

  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void string(const std::string& s) {
    // Looked up before it is added: most strings of an entry are repeats
    // (paths, media types), and a repeat costs no copy of the string.
    if (auto it = interned_.find(std::string_view(s)); it != interned_.end()) {
      varint(it->second);
      return;
    }
    interned_.emplace(s, interned_.size() + 1);
    varint(0);
    bytes(s);
  }
  // Raw bytes, not interned (a nested encoding).
  void bytes(std::string_view b) {
    varint(b.size());
    out_ += b;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  std::unordered_map<std::string, std::uint64_t, StringHash, std::equal_to<>> interned_;
};

class Decoder {
 public:
  static constexpr bool kReading = true;

  explicit Decoder(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  std::size_t left() const { return in_.size() - pos_; }
  void fail() { ok_ = false; }

  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) break;
      auto byte = static_cast<std::uint8_t>(in_[pos_++]);
      v |= std::uint64_t{byte & 0x7fu} << shift;
      if (!(byte & 0x80)) return v;
    }
    ok_ = false;
    return 0;
  }
  void string(std::string& s) {
    std::size_t i = next_string();
    if (i == kDamaged) {
      s.clear();
      return;
    }
    s.assign(interned_[i]);
  }
  // A string written by Encoder::string, as a SharedPath: a path repeated in
  // the entry is looked up in the process's table once.
  void path(SharedPath& p) {
    std::size_t i = next_string();
    if (i == kDamaged) {
      p = SharedPath();
      return;
    }
    if (paths_[i].empty()) paths_[i] = SharedPath(interned_[i]);
    p = paths_[i];
  }
  void bytes(std::string& b) { b.assign(view()); }
  // A bytes field, as a view into the input (no copy).
  std::string_view view() {
    std::uint64_t size = varint();
    if (!ok_ || size > left()) {
      ok_ = false;
      return {};
    }
    std::string_view v = in_.substr(pos_, size);
    pos_ += size;
    return v;
  }
  // A count of items that each take at least one byte.
  std::size_t count() {
    std::uint64_t n = varint();
    if (n > left()) {
      ok_ = false;
      return 0;
    }
    return static_cast<std::size_t>(n);
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
  std::vector<std::string_view> interned_;  // into in_
  std::vector<SharedPath> paths_;           // of interned_, made when first read as a path

  static constexpr std::size_t kDamaged = static_cast<std::size_t>(-1);
  // The index in interned_ of the next string: written here for the first
  // time, or a reference back to one written before. kDamaged (and ok() false)
  // when the bytes run out or the reference points past what was written.
  std::size_t next_string() {
    std::uint64_t ref = varint();
    if (ref == 0) {
      std::string_view v = view();
      if (!ok_) return kDamaged;
      interned_.push_back(v);
      paths_.emplace_back();
      return interned_.size() - 1;
    }
    if (ref > interned_.size()) {
      ok_ = false;
      return kDamaged;
    }
    return static_cast<std::size_t>(ref - 1);
  }
};

template <typename Ar>
void value(Ar& ar, std::string& s) {
  ar.string(s);
}

template <typename Ar>
void value(Ar& ar, SharedPath& p) {
  if constexpr (Ar::kReading) {
    ar.path(p);
  } else {
    ar.string(p.str());
  }
}

template <typename Ar>
void value(Ar& ar, bool& b) {
  if constexpr (Ar::kReading) {
    b = ar.varint() != 0;
  } else {
    ar.varint(b ? 1 : 0);
  }
}

template <typename Ar, typename T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
void value(Ar& ar, T& v) {
  using U = std::make_unsigned_t<T>;
  if constexpr (Ar::kReading) {
    std::uint64_t raw = ar.varint();
    if constexpr (std::is_signed_v<T>) {
      v = static_cast<T>(static_cast<std::int64_t>((raw >> 1) ^ (~(raw & 1) + 1)));
    } else {
      if (raw > static_cast<std::uint64_t>(static_cast<U>(~U{0}))) ar.fail();
      v = static_cast<T>(raw);
    }
  } else {
    if constexpr (std::is_signed_v<T>) {
      auto s = static_cast<std::int64_t>(v);
      ar.varint((static_cast<std::uint64_t>(s) << 1) ^ static_cast<std::uint64_t>(s >> 63));
    } else {
      ar.varint(static_cast<std::uint64_t>(v));
    }
  }
}

template <typename Ar, typename E>
  requires std::is_enum_v<E>
void value(Ar& ar, E& e) {
  auto raw = static_cast<std::underlying_type_t<E>>(e);
  value(ar, raw);
  e = static_cast<E>(raw);
}

template <typename Ar, typename T>
void value(Ar& ar, std::vector<T>& items) {
  if constexpr (Ar::kReading) {
    items.clear();
    items.resize(ar.count());
  } else {
    ar.varint(items.size());
  }
  for (auto& item : items) {
    value(ar, item);
    if constexpr (Ar::kReading) {
      if (!ar.ok()) return;
    }
  }
}

template <typename Ar, typename T>
void value(Ar& ar, std::optional<T>& item) {
  bool present = item.has_value();
  value(ar, present);
  if (!present) {
    item.reset();
    return;
  }
  if constexpr (Ar::kReading) item.emplace();
  value(ar, *item);
}

template <typename Ar, typename V, typename Compare>
void value(Ar& ar, std::map<std::string, V, Compare>& items) {
  if constexpr (Ar::kReading) {
    items.clear();
    std::size_t n = ar.count();
    for (std::size_t i = 0; i < n && ar.ok(); ++i) {
      std::string key;
      value(ar, key);
      value(ar, items[key]);
    }
  } else {
    ar.varint(items.size());
    for (auto& [key, item] : items) {
      std::string k = key;
      value(ar, k);
      value(ar, item);
    }
  }
}

template <typename Ar, typename... T>
void fields(Ar& ar, T&... parts) {
  (value(ar, parts), ...);
}

// --- the model (model/model.h, base/diagnostic.h) ---------------------------

template <typename Ar>
void value(Ar& ar, Span& s) {
  fields(ar, s.path, s.line, s.column, s.end_line, s.end_column);
}
template <typename Ar>
void value(Ar& ar, Related& r) {
  fields(ar, r.span, r.message);
}
template <typename Ar>
void value(Ar& ar, Diagnostic& d) {
  fields(ar, d.rule, d.severity, d.message, d.service, d.span, d.logical_path, d.related, d.help, d.fingerprint_key,
         d.fingerprint, d.assumption);
}
template <typename Ar>
void value(Ar& ar, Suppression& s) {
  fields(ar, s.span, s.rules, s.reason);
}
template <typename Ar, typename T>
void value(Ar& ar, Located<T>& l) {
  fields(ar, l.value, l.span);
}
template <typename Ar>
void value(Ar& ar, TableName& t) {
  fields(ar, t.schema, t.name);
}
template <typename Ar>
void value(Ar& ar, TableRef& t) {
  fields(ar, t.table, t.access, t.span, t.from_table, t.is_view);
}
template <typename Ar>
void value(Ar& ar, SqlStatement& s) {
  fields(ar, s.span, s.kind, s.tables);
}
template <typename Ar>
void value(Ar& ar, MigrationFile& m) {
  fields(ar, m.path, m.service, m.layout, m.direction, m.version, m.description, m.start_line, m.has_down_section,
         m.rollback_note, m.statements, m.digest);
}
// Schema pointers are never cached: cached contracts have no trees (see
// loaders/openapi.h drop_trees); schema_file is kept.
template <typename Ar>
void value(Ar& ar, OpenApiParameter& p) {
  fields(ar, p.name, p.in, p.required, p.span, p.schema_file);
  if constexpr (Ar::kReading) p.schema = nullptr;
}
template <typename Ar>
void value(Ar& ar, OpenApiMediaType& m) {
  fields(ar, m.content_type, m.schema_file, m.span);
  if constexpr (Ar::kReading) m.schema = nullptr;
}
template <typename Ar>
void value(Ar& ar, OpenApiResponse& r) {
  fields(ar, r.status, r.span, r.content);
}
template <typename Ar>
void value(Ar& ar, OpenApiOperation& o) {
  fields(ar, o.method, o.path, o.span, o.path_span, o.operation_id, o.parameters, o.has_request_body,
         o.request_body_required, o.request_body_span, o.request_body, o.responses);
}
template <typename Ar>
void value(Ar& ar, OpenApiSchemaName& n) {
  fields(ar, n.name, n.span);
}
template <typename Ar>
void value(Ar& ar, OpenApiProperty& p) {
  fields(ar, p.name, p.span, p.owner);
}
template <typename Ar>
void value(Ar& ar, std::unique_ptr<OpenApiDocument::File>& f) {
  if constexpr (Ar::kReading) f = std::make_unique<OpenApiDocument::File>();
  value(ar, f->path);
}
template <typename Ar>
void value(Ar& ar, OpenApiDocument& d) {
  fields(ar, d.path, d.service, d.version, d.paths_span, d.path_keys, d.operations, d.schema_names, d.properties,
         d.readable, d.base_urls, d.digest, d.files);
}
template <typename Ar>
void value(Ar& ar, EnvVar& e) {
  fields(ar, e.name, e.value, e.span);
}
template <typename Ar>
void value(Ar& ar, DependsOn& d) {
  fields(ar, d.service, d.condition, d.long_form, d.span);
}
template <typename Ar>
void value(Ar& ar, ComposeService& s) {
  fields(ar, s.name, s.span, s.image, s.image_span, s.build_context, s.dockerfile, s.base_image, s.health,
         s.health_span, s.depends_on, s.environment, s.profiles, s.networks, s.datastore);
}
template <typename Ar>
void value(Ar& ar, ComposeProject& p) {
  fields(ar, p.files, p.support_files, p.services);
}
template <typename Ar>
void value(Ar& ar, SourceUrl& u) {
  fields(ar, u.url, u.host, u.path, u.span);
}
template <typename Ar>
void value(Ar& ar, SourcePath& p) {
  fields(ar, p.method, p.path, p.span, p.base);
}
template <typename Ar>
void value(Ar& ar, ComputationSite& c) {
  fields(ar, c.span, c.op, c.identifiers, c.excerpt, c.function);
}
template <typename Ar>
void value(Ar& ar, SourceFile& f) {
  fields(ar, f.path, f.service, f.language, f.sql, f.urls, f.paths, f.computations, f.header_mentions, f.is_test);
}
template <typename Ar>
void value(Ar& ar, ServiceFolder& f) {
  fields(ar, f.rollback_runbook, f.test_files);
}

}  // namespace archgate
