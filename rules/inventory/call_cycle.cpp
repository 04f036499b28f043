// AG503 call-cycle: the mayCall graph has a cycle of synchronous calls.
#include <cstdint>
#include <vector>

#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kCallCycle;
const RuleInfo kCallCycle{
    .id = "AG503",
    .name = "call-cycle",
    .severity = Severity::warning,
    .family = "inventory",
    .summary = "The `mayCall` graph has a cycle of synchronous calls.",
    .what = "Builds the graph of `mayCall` entries between inventory services (entries naming unknown services "
            "are left to AG501) and walks it depth-first, services and their `mayCall` entries in inventory "
            "order. Every entry that leads back to a service still on the walk closes a cycle; the cycle is "
            "reported once, at that entry, with the whole loop in the message (`a -> b -> c -> a`) and the "
            "other entries of the loop as related locations. A service that lists itself is a cycle of one.",
    .why = "`mayCall` lists synchronous calls. In a cycle each service waits for the next, so one slow or failed "
           "service stalls all of them (and their thread pools), requests can recurse until they time out, no "
           "service in the loop can be deployed or tested on its own, and a release of one needs the others. "
           "Break the loop with an event (the callee publishes, the caller subscribes) or by moving the shared "
           "logic to the service that owns the data.",
    .fires = "```jsonc\n{ \"services\": [\n"
             "  { \"name\": \"order-service\",   \"mayCall\": [\"payment-service\"] },\n"
             "  { \"name\": \"payment-service\", \"mayCall\": [\"order-service\"] }   // <- AG503: order-service -> "
             "payment-service -> order-service\n] }\n```",
    .clean = "```jsonc\n{ \"services\": [\n"
             "  { \"name\": \"order-service\",   \"mayCall\": [\"payment-service\"] },\n"
             "  { \"name\": \"payment-service\", \"mayCall\": [] }   // tells order-service by event instead\n] }\n```",
    .fix = "Remove one call of the loop: let the callee report back asynchronously (an outbox event, a message, "
           "a webhook that is not a synchronous call back into the caller's request), or move the logic both "
           "sides need into one of them. Then remove the entry from `mayCall`.",
    .options = "",
    .release_sentence = "",
};

namespace {

enum class Mark : std::uint8_t { unseen, on_path, done };

class CycleFinder {
 public:
  explicit CycleFinder(const RuleContext& ctx) : ctx_(ctx), inventory_(ctx.model.inventory) {
    const auto& services = inventory_.services;
    marks_.assign(services.size(), Mark::unseen);
    edges_.resize(services.size());
    for (std::size_t i = 0; i < services.size(); ++i) {
      for (const auto& call : services[i].may_call) {
        if (const InventoryService* target = inventory_.find(call.value)) {
          edges_[i].push_back({static_cast<std::size_t>(target - services.data()), &call});
        }
      }
    }
  }

  void run() {
    for (std::size_t i = 0; i < marks_.size(); ++i)
      if (marks_[i] == Mark::unseen) visit(i);
  }

 private:
  struct Edge {
    std::size_t to;
    const Located<std::string>* entry;
  };

  // Iterative depth-first walk, so a long chain cannot exhaust the stack.
  void visit(std::size_t start) {
    struct Frame {
      std::size_t node;
      std::size_t next_edge;
      const Located<std::string>* via;  // the entry that led here
    };
    std::vector<Frame> path{{start, 0, nullptr}};
    marks_[start] = Mark::on_path;
    while (!path.empty()) {
      Frame& top = path.back();
      if (top.next_edge == edges_[top.node].size()) {
        marks_[top.node] = Mark::done;
        path.pop_back();
        continue;
      }
      const Edge& edge = edges_[top.node][top.next_edge++];
      if (marks_[edge.to] == Mark::on_path) {
        report(path, edge);
      } else if (marks_[edge.to] == Mark::unseen) {
        marks_[edge.to] = Mark::on_path;
        path.push_back({edge.to, 0, edge.entry});
      }
    }
  }

  template <typename Path>
  void report(const Path& path, const Edge& closing) {
    std::size_t first = path.size();
    while (first > 0 && path[first - 1].node != closing.to) --first;
    first = first > 0 ? first - 1 : 0;
    const auto& services = inventory_.services;
    std::string loop;
    std::vector<Related> related;
    for (std::size_t k = first; k < path.size(); ++k) {
      loop += services[path[k].node].name + " -> ";
      if (k > first) {
        related.push_back({path[k].via->span, services[path[k - 1].node].name + " may call " +
                                                   services[path[k].node].name});
      }
    }
    loop += services[closing.to].name;
    const InventoryService& caller = services[path.back().node];
    std::string message = path.size() - first == 1 && closing.to == path.back().node
                              ? caller.name + " may call itself: call cycle " + loop
                              : "call cycle: " + loop;
    ctx_.report(closing.entry->span, std::move(message), caller.name, std::move(related));
  }

  const RuleContext& ctx_;
  const Inventory& inventory_;
  std::vector<Mark> marks_;
  std::vector<std::vector<Edge>> edges_;
};

}  // namespace

void check_call_cycle(const RuleContext& ctx) { CycleFinder(ctx).run(); }

}  // namespace archgate
