#include <catch2/catch.hpp>

#include "loaders/dockerfile.h"

using archgate::dockerfile_health;
using State = archgate::DockerfileHealth::State;

TEST_CASE("dockerfile: a HEALTHCHECK CMD counts, with its line") {
  auto h = dockerfile_health(
      "FROM node:22-alpine\n"
      "WORKDIR /app\n"
      "  healthcheck --interval=5s --timeout=3s \\\n"
      "    CMD wget -qO- http://localhost:3000/health || exit 1\n"
      "CMD [\"node\", \"server.js\"]\n");
  CHECK(h.state == State::check);
  CHECK(h.line == 3);
  CHECK(h.column == 3);
}

TEST_CASE("dockerfile: no HEALTHCHECK, and HEALTHCHECK NONE") {
  CHECK(dockerfile_health("FROM alpine\nRUN true\n").state == State::none);
  auto none = dockerfile_health("FROM alpine\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n");
  CHECK(none.state == State::disabled);
  CHECK(none.line == 3);
  CHECK(dockerfile_health("").state == State::none);
}

TEST_CASE("dockerfile: comments and continuations do not fool it") {
  CHECK(dockerfile_health("FROM alpine\n# HEALTHCHECK CMD true\n").state == State::none);
  // The HEALTHCHECK word inside a continued RUN is an argument, not an instruction.
  CHECK(dockerfile_health("FROM alpine\nRUN echo \\\n# a comment line inside\n HEALTHCHECK CMD true\n").state ==
        State::none);
}

TEST_CASE("dockerfile: the escape directive changes the continuation character") {
  auto h = dockerfile_health("# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  HEALTHCHECK\n");
  CHECK(h.state == State::none);
  auto ok = dockerfile_health("# escape=`\nFROM x\nHEALTHCHECK `\n  CMD ping\n");
  CHECK(ok.state == State::check);
  CHECK(ok.line == 3);
}

TEST_CASE("dockerfile: heredoc bodies are not instructions") {
  auto h = dockerfile_health("FROM alpine\nRUN <<EOF\nHEALTHCHECK CMD true\nEOF\nRUN true\n");
  CHECK(h.state == State::none);
}

TEST_CASE("dockerfile: only the built stage counts") {
  std::string multi =
      "FROM golang:1.22 AS build\n"
      "HEALTHCHECK CMD true\n"
      "RUN go build\n"
      "FROM gcr.io/distroless/base AS runtime\n"
      "COPY --from=build /app /app\n";
  CHECK(dockerfile_health(multi).state == State::none);
  CHECK(dockerfile_health(multi, "build").state == State::check);

  std::string inherited =
      "FROM alpine AS base\n"
      "HEALTHCHECK CMD true\n"
      "FROM base AS final\n"
      "RUN true\n";
  auto h = dockerfile_health(inherited);
  CHECK(h.state == State::check);
  CHECK(h.line == 2);
}

TEST_CASE("dockerfile: the base image of the built stage, through named stages") {
  CHECK(dockerfile_health("FROM mysql:8.0\nCOPY init.sql /docker-entrypoint-initdb.d/\n").base_image == "mysql:8.0");
  CHECK(dockerfile_health("ARG V=16\nFROM --platform=linux/amd64 postgres:${V} AS base\nFROM base\nCOPY x /\n")
            .base_image == "postgres:${v}");
  CHECK(dockerfile_health("FROM golang:1.22 AS build\nRUN go build\nFROM gcr.io/distroless/base\n").base_image ==
        "gcr.io/distroless/base");
  CHECK(dockerfile_health("FROM mongo:7 AS db\nFROM node:22 AS app\n", "db").base_image == "mongo:7");
  CHECK(dockerfile_health("# no stage\n").base_image.empty());
}
