#include "verify/results.h"

#include "base/display_text.h"

namespace archgate::verify {

std::string_view purpose_name(Purpose purpose) {
  switch (purpose) {
    case Purpose::health:
      return "health";
    case Purpose::positive:
      return "positive";
    case Purpose::negative:
      return "negative";
    case Purpose::create:
      return "create";
    case Purpose::read_back:
      return "read_back";
  }
  return "unknown";
}

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string body_excerpt(std::string_view body, std::size_t limit) {
  // Whitespace runs become one space (a pretty-printed JSON body shows its
  // content, not its indentation), leading and trailing ones go. Only the
  // start of a large body is read: every shown character needs at most four
  // bytes, so 4 * limit + 8 bytes of collapsed text are more than enough to
  // know whether the excerpt is cut.
  std::string collapsed;
  const std::size_t enough = 4 * limit + 8;
  bool pending_space = false;
  for (char c : body) {
    if (blank(c)) {
      pending_space = !collapsed.empty();
      continue;
    }
    if (pending_space) collapsed += ' ';
    pending_space = false;
    collapsed += c;
    if (collapsed.size() > enough) break;
  }
  return display_excerpt(collapsed, limit);
}

std::string exchange_summary(const Exchange& exchange) {
  std::string out = display_excerpt(exchange.request.method, 16);
  out += ' ';
  out += display_excerpt(exchange.url, 240);
  if (exchange.response) {
    out += " answered ";
    out += std::to_string(exchange.response->status);
    return out;
  }
  if (exchange.detail.starts_with("no answer")) {  // "no answer within 5 s": said once
    out += ": ";
    out += display_excerpt(exchange.detail, 240);
    return out;
  }
  out += " got no answer";
  if (!exchange.detail.empty()) {
    out += ": ";
    out += display_excerpt(exchange.detail, 240);
  } else if (exchange.failure != Failure::none) {
    out += ": ";
    out += display_escape(failure_name(exchange.failure));
  }
  return out;
}

}  // namespace archgate::verify
