#include <catch2/catch.hpp>

#include "emitters/color.h"

using archgate::ColorEnvironment;
using archgate::TextDestination;
using archgate::use_color;

TEST_CASE("colour on a terminal only, unless the environment or --no-color says otherwise") {
  ColorEnvironment none;
  CHECK(use_color(none, false, TextDestination::terminal));
  CHECK_FALSE(use_color(none, false, TextDestination::pipe));
  CHECK_FALSE(use_color(none, false, TextDestination::file));
  CHECK_FALSE(use_color(none, true, TextDestination::terminal));
}

TEST_CASE("NO_COLOR turns colour off when it is not empty, whatever else is set") {
  ColorEnvironment env;
  env.no_color = "1";
  env.force_color = "1";
  env.clicolor_force = "1";
  CHECK_FALSE(use_color(env, false, TextDestination::terminal));
  CHECK_FALSE(use_color(env, false, TextDestination::pipe));
  env.no_color = "";  // empty counts as unset (no-color.org)
  CHECK(use_color(env, false, TextDestination::pipe));
}

TEST_CASE("FORCE_COLOR and CLICOLOR_FORCE colour standard output that is not a terminal") {
  for (auto force : {&ColorEnvironment::force_color, &ColorEnvironment::clicolor_force}) {
    ColorEnvironment env;
    env.*force = "1";
    CHECK(use_color(env, false, TextDestination::pipe));
    CHECK(use_color(env, false, TextDestination::terminal));
    env.*force = "true";
    CHECK(use_color(env, false, TextDestination::pipe));
    // --no-color still wins, and a file stays plain.
    CHECK_FALSE(use_color(env, true, TextDestination::pipe));
    CHECK_FALSE(use_color(env, false, TextDestination::file));
    // "0" and "" force nothing: the terminal decides.
    env.*force = "0";
    CHECK_FALSE(use_color(env, false, TextDestination::pipe));
    CHECK(use_color(env, false, TextDestination::terminal));
    env.*force = "";
    CHECK_FALSE(use_color(env, false, TextDestination::pipe));
  }
}
