// What a Dockerfile says about health: the HEALTHCHECK instruction of the
// stage that gets built.
#pragma once

#include <cstdint>
#include <string_view>

namespace archgate {

struct DockerfileHealth {
  enum class State : std::uint8_t { none, check, disabled };
  State state = State::none;
  // The deciding HEALTHCHECK instruction (line 0 when there is none).
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  bool has_stages = false;  // at least one FROM was seen
};

// Reads the instructions of `text` (parser directives, the escape character,
// line continuations, comments and heredocs handled) and returns the health
// state of stage `target` ("" = the last stage). A stage built FROM an
// earlier stage inherits that stage's HEALTHCHECK; the last HEALTHCHECK of a
// stage wins, and `HEALTHCHECK NONE` disables an inherited one.
DockerfileHealth dockerfile_health(std::string_view text, std::string_view target = {});

}  // namespace archgate
