// YAML through yaml-cpp's event API (cheaper than its node tree, and every
// event carries a Mark). See ../shared/LIBRARY-TRAPS.md for why aliases are
// expanded under a budget, merge keys are applied here, and depth is bounded
// before yaml-cpp's own guard.
#include <map>
#include <memory>
#include <istream>
#include <unordered_set>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "base/text.h"
#include "doc/node.h"

namespace archgate {

namespace {

struct Abort {
  std::string message;
  Mark mark;
};

std::size_t count_nodes(const Node& n) {
  std::size_t total = 1;
  for (const auto& child : n.items) total += count_nodes(child);
  return total;
}

// Builds the tree from yaml-cpp's events. A container's children are gathered
// in a scratch list of its depth (reused for every container at that depth)
// and moved into the node's vectors at its end, at their exact size: growing
// each node's vectors one child at a time cost an allocation per doubling,
// and contracts are thousands of small maps.
class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(const LineIndex& lines, const ReadLimits& limits, Document& doc)
      : lines_(lines), limits_(limits), doc_(doc) {}

  Mark convert(const YAML::Mark& m) const {
    if (m.line < 0 || m.column < 0) return {};
    auto line = static_cast<std::uint32_t>(m.line) + 1;
    std::string_view text = lines_.line_text(line);
    std::size_t bytes = std::min<std::size_t>(static_cast<std::size_t>(m.column), text.size());
    return {line, code_points(text.substr(0, bytes)) + 1};
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n;
    n.kind = Node::Kind::null;
    n.mark = convert(mark);
    finish(std::move(n), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      throw Abort{"alias refers to a node that contains it (a cycle)", convert(mark)};
    }
    budget(it->second.second, mark);
    Node copy = it->second.first;
    finish(std::move(copy), 0, /*counted=*/true);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    bool quoted = std::string_view(tag) == "!";
    // Most scalars are the keys of a map: no node is made for them.
    if (anchor == 0 && !stack_.empty()) {
      Frame& top = stack_.back();
      if (top.kind == Node::Kind::map && !top.has_key) {
        budget(1, {});
        top.set_key(value, convert(mark), quoted);
        return;
      }
    }
    Node n;
    n.mark = convert(mark);
    n.quoted = quoted;
    n.tag = known_tag(tag);
    std::string_view v = value;
    if (!n.quoted && (v == "~" || v == "null" || v == "Null" || v == "NULL")) {
      n.kind = Node::Kind::null;
    } else {
      n.kind = Node::Kind::scalar;
    }
    n.text = value;
    finish(std::move(n), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::Kind::sequence, mark, anchor, known_tag(tag));
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::Kind::map, mark, anchor, known_tag(tag));
  }
  void OnMapEnd() override { close(); }

  bool done() const { return has_root_; }

 private:
  // An open container. Its children wait in levels_[depth].
  struct Frame {
    Node::Kind kind = Node::Kind::null;
    Node::Tag tag = Node::Tag::none;
    Mark mark;
    YAML::anchor_t anchor = 0;
    bool has_key = false;     // a map's key waits for its value
    bool key_quoted = false;
    Node::Key key;
    std::vector<Node> merges;  // values of `<<` keys, applied at the end
    // The keys so far, for duplicates: most maps are small and are searched
    // in place; a set is built only once a map grows past kSmallMap keys.
    std::unique_ptr<std::unordered_set<std::string>> seen;

    // The key of the map's next entry, whose value comes next.
    void set_key(std::string text, Mark at, bool is_quoted) {
      key.text = std::move(text);
      key.mark = at;
      key_quoted = is_quoted;
      has_key = true;
    }
  };
  struct Level {
    std::vector<Node> items;
    std::vector<Node::Key> keys;
  };
  static constexpr std::size_t kSmallMap = 24;

  // Adds `key` to the keys of the map being built at `level`; false when it
  // was there already.
  static bool first_time(Frame& f, Level& level, const std::string& key) {
    if (f.seen) return f.seen->insert(key).second;
    for (const auto& k : level.keys)
      if (k.text == key) return false;
    if (level.keys.size() + 1 >= kSmallMap) {
      f.seen = std::make_unique<std::unordered_set<std::string>>();
      for (const auto& k : level.keys) f.seen->insert(k.text);
      f.seen->insert(key);
    }
    return true;
  }

  void budget(std::size_t n, const YAML::Mark& mark) {
    nodes_ += n;
    if (nodes_ > limits_.max_nodes) {
      throw Abort{"document expands to more than " + std::to_string(limits_.max_nodes) +
                      " nodes (an alias bomb?)",
                  convert(mark)};
    }
  }

  static Node::Tag known_tag(std::string_view tag) {
    if (tag == "!reset") return Node::Tag::reset;
    if (tag == "!override") return Node::Tag::override_value;
    return Node::Tag::none;
  }

  void open(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor, Node::Tag tag) {
    if (stack_.size() >= limits_.max_depth) {
      throw Abort{"nesting deeper than " + std::to_string(limits_.max_depth) + " levels", convert(mark)};
    }
    budget(1, mark);
    Frame& f = stack_.emplace_back();
    f.kind = kind;
    f.tag = tag;
    f.mark = convert(mark);
    f.anchor = anchor;
    if (levels_.size() < stack_.size()) levels_.emplace_back();
  }

  void close() {
    Frame& f = stack_.back();
    Level& level = levels_[stack_.size() - 1];
    if (f.kind == Node::Kind::map) apply_merges(f, level);
    Node n;
    n.kind = f.kind;
    n.tag = f.tag;
    n.mark = f.mark;
    n.items.assign(std::make_move_iterator(level.items.begin()), std::make_move_iterator(level.items.end()));
    n.keys.assign(std::make_move_iterator(level.keys.begin()), std::make_move_iterator(level.keys.end()));
    level.items.clear();
    level.keys.clear();
    YAML::anchor_t anchor = f.anchor;
    stack_.pop_back();
    finish(std::move(n), anchor, /*counted=*/true);
  }

  void apply_merges(Frame& f, Level& level) {
    for (auto& source : f.merges) {
      std::vector<Node*> maps;
      if (source.is_map()) maps.push_back(&source);
      else if (source.is_sequence())
        for (auto& item : source.items)
          if (item.is_map()) maps.push_back(&item);
      for (Node* m : maps) {
        for (std::size_t i = 0; i < m->keys.size(); ++i) {
          if (first_time(f, level, m->keys[i].text)) {
            level.keys.push_back(m->keys[i]);
            level.items.push_back(std::move(m->items[i]));
          }
        }
      }
    }
  }

  void finish(Node n, YAML::anchor_t anchor, bool counted = false) {
    if (!counted && !n.is_sequence() && !n.is_map()) budget(1, {});
    if (anchor != 0) anchors_[anchor] = {n, count_nodes(n)};
    if (stack_.empty()) {
      if (!has_root_) {
        doc_.root = std::move(n);
        has_root_ = true;
      }
      return;
    }
    Frame& top = stack_.back();
    Level& level = levels_[stack_.size() - 1];
    if (top.kind == Node::Kind::sequence) {
      level.items.push_back(std::move(n));
      return;
    }
    if (!top.has_key) {
      if (n.is_map() || n.is_sequence()) {
        doc_.warnings.push_back({"a complex mapping key is not supported; it is read as an empty key", n.mark});
        n.text.clear();
      }
      top.set_key(std::move(n.text), n.mark, n.quoted);
      return;
    }
    top.has_key = false;
    if (top.key.text == "<<" && !top.key_quoted) {
      top.merges.push_back(std::move(n));
      return;
    }
    if (!first_time(top, level, top.key.text)) {
      doc_.warnings.push_back(duplicate_key(top.key.text, top.key.mark, level.keys));
      return;
    }
    level.keys.push_back(std::move(top.key));
    level.items.push_back(std::move(n));
  }

  const LineIndex& lines_;
  const ReadLimits& limits_;
  Document& doc_;
  std::vector<Frame> stack_;
  std::vector<Level> levels_;  // levels_[d]: the children gathered at depth d
  std::map<YAML::anchor_t, std::pair<Node, std::size_t>> anchors_;
  std::size_t nodes_ = 0;
  bool has_root_ = false;
};

// yaml-cpp reports a tab in indentation as "end of map not found"; say what
// is really wrong when the line holds a tab before its content.
std::string explain(const std::string& message, const LineIndex& lines, Mark mark) {
  for (std::uint32_t l = mark.line > 1 ? mark.line - 1 : 1; l <= mark.line + 1 && l <= lines.line_count(); ++l) {
    std::string_view text = lines.line_text(l);
    std::size_t content = text.find_first_not_of(" \t");
    if (content != std::string_view::npos && text.substr(0, content).find('\t') != std::string_view::npos) {
      return message + " (line " + std::to_string(l) + " is indented with a tab, which YAML forbids)";
    }
  }
  return message;
}

}  // namespace

Document read_yaml(std::string_view raw, const ReadLimits& limits) {
  Document doc;
  SanitizedText clean(strip_bom(raw));
  std::string_view text = clean.view();
  LineIndex lines(text);
  // yaml-cpp 0.7 can allocate without end on some one-character flow inputs
  // (LoadAll(",")); a document whose first significant character is a flow
  // indicator that cannot start a document is rejected before it gets there.
  std::string_view body = trim(text);
  if (!body.empty() && (body.front() == ',' || body.front() == ']' || body.front() == '}')) {
    LineColumn at = lines.at(static_cast<std::size_t>(body.data() - text.data()));
    doc.error = DocumentProblem{"a document cannot start with '" + std::string(1, body.front()) + "'",
                                Mark{at.line, at.column}};
    return doc;
  }
  ViewStreamBuf buffer(text);
  std::istream in(&buffer);
  TreeBuilder builder(lines, limits, doc);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const Abort& a) {
    doc.root = Node{};
    doc.error = DocumentProblem{a.message, a.mark};
  } catch (const YAML::Exception& e) {
    doc.root = Node{};
    Mark m = builder.convert(e.mark);
    doc.error = DocumentProblem{explain(e.msg, lines, m), m};
  } catch (const std::exception& e) {
    doc.root = Node{};
    doc.error = DocumentProblem{std::string("cannot read YAML: ") + e.what(), {}};
  }
  return doc;
}

}  // namespace archgate
