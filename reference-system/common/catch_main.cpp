// The Catch2 main of every service's unit tests, compiled once.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
