// URLs, host names and request paths in literals, and the HTTP method of the
// call a path is passed to.
#include <algorithm>
#include <array>

#include "loaders/source_scan_internal.h"

namespace archgate::source {
namespace {

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool word_char(char c) { return alnum(c) || c == '_' || c == '$'; }

constexpr std::string_view kSchemes[] = {
    "http",  "https", "grpc",     "grpcs", "ws",    "wss",   "amqp",      "amqps",   "postgres", "postgresql",
    "mysql", "mariadb", "sqlserver", "mongodb", "mongodb+srv", "redis", "rediss", "kafka", "nats", "tcp"};

constexpr std::string_view kFileRoots[] = {"etc", "usr", "bin", "sbin", "tmp", "var", "dev", "proc",
                                           "sys", "home", "opt", "lib", "root", "mnt", "srv", "Users"};
constexpr std::string_view kFileExtensions[] = {"js",  "mjs", "css", "html", "htm",  "png",  "jpg", "jpeg",
                                                "gif", "svg", "ico", "txt",  "sql",  "yaml", "yml", "sh",
                                                "py",  "go",  "java", "rb",  "php",  "cpp",  "h",   "map",
                                                "woff", "woff2", "ttf", "md", "log", "csv", "pem", "so"};

// The end of a placeholder starting at v[i] (`${..}`, `#{..}`, `{..}`,
// kExpression, `%s`, `<name>`), or npos.
std::size_t placeholder_end(std::string_view v, std::size_t i) {
  char c = v[i];
  char next = i + 1 < v.size() ? v[i + 1] : '\0';
  if (c == kExpression) return i + 1;
  std::size_t open = std::string_view::npos;
  if ((c == '$' || c == '#') && next == '{') open = i + 1;
  if (c == '{') open = i;
  if (open != std::string_view::npos) {
    std::size_t depth = 0;
    for (std::size_t k = open; k < v.size() && k < open + 256; ++k) {
      if (v[k] == '{') ++depth;
      if (v[k] == '}' && --depth == 0) return k + 1;
    }
    return std::string_view::npos;
  }
  if (c == '%' && (next == 's' || next == 'd')) return i + 2;
  if (c == '<') {
    std::size_t close = v.find('>', i);
    if (close != std::string_view::npos && close - i < 64 && close > i + 1) {
      std::string_view inner = v.substr(i + 1, close - i - 1);
      if (std::all_of(inner.begin(), inner.end(), [](char x) { return word_char(x) || x == ':'; })) return close + 1;
    }
  }
  return std::string_view::npos;
}

std::string_view trailing_extension(std::string_view segment) {
  std::size_t dot = segment.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return segment.substr(dot + 1);
}

std::optional<std::string> verb_of(std::string name) {
  name = to_lower(name);
  static constexpr std::string_view kSuffixes[] = {"async", "asjson", "forobject", "forentity", "mapping", "json"};
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (auto s : kSuffixes) {
      if (name.size() > s.size() && name.ends_with(s)) {
        name.resize(name.size() - s.size());
        stripped = true;
      }
    }
  }
  if (name.starts_with("http") && name.size() > 4) name = name.substr(4);
  if (name.starts_with("method") && name.size() > 6) name = name.substr(6);
  static constexpr std::string_view kVerbs[] = {"get", "post", "put", "patch", "delete", "head", "options"};
  for (auto v : kVerbs) {
    if (name == v) return std::string(v);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> request_path(std::string_view v) {
  if (v.size() > 512) return std::nullopt;
  std::size_t k = 0;
  if (!v.empty() && v[0] != '/') {
    std::size_t e = placeholder_end(v, 0);
    if (e == std::string_view::npos || e >= v.size() || v[e] != '/') return std::nullopt;
    k = e;  // a base URL in a placeholder: `${base}/orders`
  }
  if (k >= v.size() || v[k] != '/' || k + 1 >= v.size()) return std::nullopt;
  if (v[k + 1] == '/' || v[k + 1] == ' ') return std::nullopt;
  std::string out;
  bool letter = false;
  std::vector<std::string> segments(1);
  while (k < v.size()) {
    char c = v[k];
    if (c == '?' || (c == '#' && (k + 1 >= v.size() || v[k + 1] != '{'))) break;
    if (c == '/') {
      out += '/';
      segments.emplace_back();
      ++k;
      continue;
    }
    if (c == ':' && (out.empty() || out.back() == '/') && k + 1 < v.size() && alpha(v[k + 1])) {
      ++k;
      while (k < v.size() && word_char(v[k])) ++k;
      out += "{}";
      segments.back() += "{}";
      continue;
    }
    std::size_t e = placeholder_end(v, k);
    if (e != std::string_view::npos) {
      out += "{}";
      segments.back() += "{}";
      k = e;
      continue;
    }
    if (alnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '%' || c == '@' || c == '+' || c == ',' ||
        c == '=' || static_cast<unsigned char>(c) >= 0x80) {
      if (alpha(c)) letter = true;
      out += c;
      segments.back() += c;
      ++k;
      continue;
    }
    return std::nullopt;
  }
  if (!letter || out.size() < 2) return std::nullopt;
  if (segments.size() > 1) {
    const std::string& first = segments[1];
    if (std::find(std::begin(kFileRoots), std::end(kFileRoots), first) != std::end(kFileRoots)) return std::nullopt;
    auto ext = trailing_extension(segments.back());
    if (!ext.empty() &&
        std::find(std::begin(kFileExtensions), std::end(kFileExtensions), to_lower(ext)) != std::end(kFileExtensions)) {
      return std::nullopt;
    }
  }
  return out;
}

std::vector<UrlMatch> find_urls(std::string_view v) {
  std::vector<UrlMatch> out;
  std::size_t from = 0;
  while (true) {
    std::size_t p = v.find("://", from);
    if (p == std::string_view::npos) break;
    from = p + 3;
    std::size_t s = p;
    while (s > 0 && (alnum(v[s - 1]) || v[s - 1] == '+' || v[s - 1] == '.' || v[s - 1] == '-' || v[s - 1] == ':')) --s;
    std::string scheme = to_lower(v.substr(s, p - s));
    if (scheme.starts_with("jdbc:")) scheme = scheme.substr(5);
    if (std::find(std::begin(kSchemes), std::end(kSchemes), scheme) == std::end(kSchemes)) continue;
    std::size_t a = p + 3;
    std::size_t ae = a;
    while (ae < v.size() && v[ae] != '/' && v[ae] != '?' && v[ae] != '#' && v[ae] != ';' && v[ae] != ' ' &&
           v[ae] != '\t' && v[ae] != '\n' && v[ae] != '"' && v[ae] != '\'' && v[ae] != kExpression) {
      ++ae;
    }
    std::string_view authority = v.substr(a, ae - a);
    if (authority.find_first_of("{}$%") != std::string_view::npos) continue;
    if (ae < v.size() && v[ae] == kExpression) continue;  // host continues in code
    std::size_t at = authority.rfind('@');
    std::string_view hostport = at == std::string_view::npos ? authority : authority.substr(at + 1);
    std::string_view host;
    if (!hostport.empty() && hostport[0] == '[') {
      std::size_t close = hostport.find(']');
      if (close == std::string_view::npos) continue;
      host = hostport.substr(1, close - 1);
    } else {
      host = hostport.substr(0, hostport.find_first_of(":,"));
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
          return alnum(c) || c == '.' || c == '-' || c == '_' || c == ':';
        })) {
      continue;
    }
    std::size_t pe = ae;
    std::string path;
    if (ae < v.size() && v[ae] == '/') {
      while (pe < v.size() && v[pe] != '?' && v[pe] != '#' && v[pe] != ' ' && v[pe] != '\t' && v[pe] != '\n' &&
             v[pe] != '"' && v[pe] != '\'' && v[pe] != ';') {
        if (v[pe] == '#' && pe + 1 < v.size() && v[pe + 1] == '{') {
          pe += 2;
          continue;
        }
        ++pe;
      }
      std::string_view raw = v.substr(ae, pe - ae);
      if (auto normal = request_path(raw)) {
        path = *normal;
      } else {
        std::size_t cut = raw.find_first_of(std::string_view("{$%\x01", 4));
        path = std::string(raw.substr(0, cut));
      }
    }
    UrlMatch m;
    m.offset = s;
    m.length = pe - s;
    m.url = std::string(v.substr(s, pe - s));
    m.host = to_lower(host);
    m.path = path;
    out.push_back(std::move(m));
    from = std::max(from, pe);
  }
  if (out.empty()) {
    // A bare host:port value ("order-service:8080", "localhost:5432").
    std::string_view t = trim(v);
    std::size_t colon = t.rfind(':');
    if (colon != std::string_view::npos && colon > 0 && colon + 1 < t.size() && t.size() - colon - 1 <= 5 &&
        t.size() == v.size()) {
      std::string_view host = t.substr(0, colon);
      std::string_view port = t.substr(colon + 1);
      bool port_ok = std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                     std::stoul(std::string(port)) <= 65535;
      bool host_ok = alpha(host[0]) || (host[0] >= '0' && host[0] <= '9');
      host_ok = host_ok && std::all_of(host.begin(), host.end(), [](char c) {
                  return alnum(c) || c == '.' || c == '-' || c == '_';
                });
      bool has_letter = std::any_of(host.begin(), host.end(), alpha);
      bool dotted_quad = !has_letter && std::count(host.begin(), host.end(), '.') == 3;
      bool looks_like_host = host.find('-') != std::string_view::npos || host.find('.') != std::string_view::npos ||
                             iequals(host, "localhost") || port.size() >= 4;
      if (port_ok && host_ok && (has_letter || dotted_quad) && looks_like_host) {
        UrlMatch m;
        m.offset = 0;
        m.length = t.size();
        m.url = std::string(t);
        m.host = to_lower(host);
        out.push_back(std::move(m));
      }
    }
  }
  return out;
}

std::string http_method_near(const LexedSource& lexed, std::size_t begin, std::size_t end) {
  std::string_view code = lexed.code;
  // The innermost call the literal is an argument of.
  std::size_t open = std::string_view::npos;
  std::size_t depth = 0;
  for (std::size_t k = begin; k > 0 && begin - k < 400;) {
    --k;
    char c = code[k];
    if (c == ')' || c == ']') {
      ++depth;
    } else if (c == '(' || c == '[') {
      if (depth == 0) {
        if (c == '(') open = k;
        break;
      }
      --depth;
    } else if ((c == ';' || c == '{' || c == '}') && depth == 0) {
      break;
    }
  }
  if (open == std::string_view::npos) return {};
  std::size_t e = open;
  while (e > 0 && (code[e - 1] == ' ' || code[e - 1] == '\t')) --e;
  std::size_t s = e;
  while (s > 0 && word_char(code[s - 1])) --s;
  std::string callee(code.substr(s, e - s));
  if (auto verb = verb_of(callee)) return *verb;

  // The call's arguments: a verb literal, HttpMethod.Post, http.MethodPost,
  // `method: 'POST'`.
  std::size_t close = open;
  depth = 0;
  for (std::size_t k = open; k < code.size() && k < open + 800; ++k) {
    if (code[k] == '(') ++depth;
    if (code[k] == ')' && --depth == 0) {
      close = k;
      break;
    }
  }
  if (close == open) close = std::min(code.size(), end + 400);
  auto first = std::lower_bound(lexed.literals.begin(), lexed.literals.end(), open,
                                [](const RawLiteral& l, std::size_t off) { return l.begin < off; });
  for (auto it = first; it != lexed.literals.end() && it->begin < close; ++it) {
    if (it->begin == begin) continue;
    if (it->value.size() <= 7) {
      if (auto verb = verb_of(it->value)) return *verb;
    }
  }
  std::string_view args = code.substr(open, close - open);
  static constexpr std::array<std::string_view, 6> kEnumPrefixes = {"HttpMethod.", "HttpMethod::", "Method::",
                                                                    "RequestMethod.", "http.Method", "Methods."};
  for (auto prefix : kEnumPrefixes) {
    std::size_t p = args.find(prefix);
    if (p == std::string_view::npos) continue;
    std::size_t w = p + prefix.size();
    std::size_t we = w;
    while (we < args.size() && word_char(args[we])) ++we;
    if (auto verb = verb_of(std::string(args.substr(w, we - w)))) return *verb;
  }
  // Builder chains: webClient.post().uri("/orders").
  if (callee == "uri" || callee == "url" || callee == "path") {
    std::size_t stmt = s;
    while (stmt > 0 && s - stmt < 300 && code[stmt - 1] != ';' && code[stmt - 1] != '{' && code[stmt - 1] != '}') --stmt;
    std::string_view before = code.substr(stmt, s - stmt);
    std::string best;
    std::size_t best_pos = 0;
    for (std::string_view verb : {"get", "post", "put", "patch", "delete"}) {
      std::string pattern = "." + std::string(verb) + "(";
      std::string lower = to_lower(before);
      std::size_t p = lower.rfind(pattern);
      if (p != std::string::npos && (best.empty() || p > best_pos)) {
        best = std::string(verb);
        best_pos = p;
      }
    }
    if (!best.empty()) return best;
  }
  return {};
}

}  // namespace archgate::source
