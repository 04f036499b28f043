// JSON through nlohmann's SAX interface. nlohmann 3.11 keeps no positions, so
// a counting iterator tells how many bytes the lexer has consumed when each
// event fires; the event's token starts at the first byte after the previous
// event that is not JSON whitespace, ',' or ':'. (The lexer reads one byte
// past a number; that byte is always one of those separators or a closing
// bracket, so starts stay exact.)
#include <iterator>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "doc/node.h"

namespace archgate {

namespace {

class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator() = default;
  CountingIterator(const char* p, std::size_t* consumed) : p_(p), consumed_(consumed) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    ++p_;
    if (consumed_) ++*consumed_;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const CountingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const CountingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_ = nullptr;
  std::size_t* consumed_ = nullptr;
};

using json = nlohmann::json;

class Handler final : public nlohmann::json_sax<json> {
 public:
  Handler(std::string_view text, const LineIndex& lines, const ReadLimits& limits, const std::size_t& consumed,
          Document& doc)
      : text_(text), lines_(lines), limits_(limits), consumed_(consumed), doc_(doc) {}

  bool null() override { return scalar(Node::Kind::null, "null", false); }
  bool boolean(bool v) override { return scalar(Node::Kind::scalar, v ? "true" : "false", false); }
  bool number_integer(number_integer_t v) override { return scalar(Node::Kind::scalar, std::to_string(v), false); }
  bool number_unsigned(number_unsigned_t v) override { return scalar(Node::Kind::scalar, std::to_string(v), false); }
  bool number_float(number_float_t, const string_t& s) override { return scalar(Node::Kind::scalar, s, false); }
  bool string(string_t& s) override { return scalar(Node::Kind::scalar, std::move(s), true); }
  bool binary(binary_t&) override { return scalar(Node::Kind::null, "", false); }

  bool start_object(std::size_t) override { return open(Node::Kind::map); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(Node::Kind::sequence); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    Mark m = token_start();
    Frame& top = stack_.back();
    if (!top.seen.insert(k).second) {
      doc_.warnings.push_back(duplicate_key(k, m, top.node.keys));
      top.skip_next = true;
      return true;
    }
    top.node.keys.push_back({std::move(k), m});
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    if (!doc_.error) {
      LineColumn lc = lines_.at(position > 0 ? position - 1 : 0);
      std::string what = ex.what();
      // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..." -> the tail
      auto pos = what.find("syntax error");
      doc_.error = DocumentProblem{pos != std::string::npos ? what.substr(pos) : what, {lc.line, lc.column}};
    }
    return false;
  }

  bool has_root() const { return has_root_; }

 private:
  struct Frame {
    Node node;
    std::unordered_set<std::string> seen;
    bool skip_next = false;
  };

  Mark token_start() {
    std::size_t p = last_end_;
    while (p < text_.size()) {
      char c = text_[p];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':') ++p;
      else break;
    }
    last_end_ = consumed_;
    LineColumn lc = lines_.at(p);
    return {lc.line, lc.column};
  }

  bool fail(std::string message, Mark m) {
    if (!doc_.error) doc_.error = DocumentProblem{std::move(message), m};
    return false;
  }

  bool scalar(Node::Kind kind, std::string text, bool quoted) {
    Node n;
    n.kind = kind;
    n.mark = token_start();
    n.text = std::move(text);
    n.quoted = quoted;
    return add(std::move(n));
  }

  bool open(Node::Kind kind) {
    Mark m = token_start();
    if (stack_.size() >= limits_.max_depth) {
      return fail("nesting deeper than " + std::to_string(limits_.max_depth) + " levels", m);
    }
    if (++nodes_ > limits_.max_nodes) return fail("more than " + std::to_string(limits_.max_nodes) + " values", m);
    Frame f;
    f.node.kind = kind;
    f.node.mark = m;
    stack_.push_back(std::move(f));
    return true;
  }

  bool close() {
    last_end_ = consumed_;
    Node n = std::move(stack_.back().node);
    stack_.pop_back();
    return add(std::move(n));
  }

  bool add(Node n) {
    if (n.kind != Node::Kind::map && n.kind != Node::Kind::sequence && ++nodes_ > limits_.max_nodes) {
      return fail("more than " + std::to_string(limits_.max_nodes) + " values", n.mark);
    }
    if (stack_.empty()) {
      doc_.root = std::move(n);
      has_root_ = true;
      return true;
    }
    Frame& top = stack_.back();
    if (top.skip_next) {
      top.skip_next = false;
      return true;
    }
    top.node.items.push_back(std::move(n));
    return true;
  }

  std::string_view text_;
  const LineIndex& lines_;
  const ReadLimits& limits_;
  const std::size_t& consumed_;
  Document& doc_;
  std::vector<Frame> stack_;
  std::size_t last_end_ = 0;
  std::size_t nodes_ = 0;
  bool has_root_ = false;
};

}  // namespace

Document read_json(std::string_view raw, const ReadLimits& limits) {
  Document doc;
  SanitizedText clean(strip_bom(raw));
  std::string_view text = clean.view();
  LineIndex lines(text);
  std::size_t consumed = 0;
  Handler handler(text, lines, limits, consumed, doc);
  try {
    CountingIterator first(text.data(), &consumed);
    CountingIterator last(text.data() + text.size(), nullptr);
    bool ok = json::sax_parse(first, last, &handler, json::input_format_t::json, true);
    if (!ok && !doc.error) doc.error = DocumentProblem{"cannot read JSON", {}};
  } catch (const std::exception& e) {
    // out_of_range for numbers like 1e400 is not a parse_error.
    LineColumn lc = lines.at(consumed > 0 ? consumed - 1 : 0);
    doc.error = DocumentProblem{std::string("cannot read JSON: ") + e.what(), {lc.line, lc.column}};
  }
  if (doc.error) doc.root = Node{};
  return doc;
}

}  // namespace archgate
