// What a Dockerfile says about the stage that gets built: its HEALTHCHECK
// instruction, and the image it starts from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace archgate {

struct DockerfileHealth {
  enum class State : std::uint8_t { none, check, disabled };
  State state = State::none;
  // The deciding HEALTHCHECK instruction (line 0 when there is none).
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  bool has_stages = false;  // at least one FROM was seen
  // The image the built stage starts from, through the earlier stages it
  // names (`FROM mysql:8 AS base` ... `FROM base`): "" when none is written.
  std::string base_image;
};

// Reads the instructions of `text` (parser directives, the escape character,
// line continuations, comments and heredocs handled) and returns the health
// state of stage `target` ("" = the last stage). A stage built FROM an
// earlier stage inherits that stage's HEALTHCHECK; the last HEALTHCHECK of a
// stage wins, and `HEALTHCHECK NONE` disables an inherited one.
DockerfileHealth dockerfile_health(std::string_view text, std::string_view target = {});

}  // namespace archgate
