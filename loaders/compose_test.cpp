#include <catch2/catch.hpp>

#include "loaders/compose.h"

using namespace std::string_literals;
using archgate::ComposeProject;
using archgate::ComposeService;
using archgate::Diagnostic;
using archgate::HealthState;
using archgate::MemoryFileSource;
using archgate::Severity;
using archgate::Variables;
using archgate::VectorSink;

namespace {

struct Loaded {
  ComposeProject project;
  std::vector<Diagnostic> findings;

  const ComposeService& service(std::string_view name) const {
    const ComposeService* s = project.find(name);
    INFO("service " << name);
    REQUIRE(s);
    return *s;
  }
  const archgate::EnvVar& env(std::string_view service_name, std::string_view var) const {
    const ComposeService& s = service(service_name);
    for (const auto& e : s.environment)
      if (e.name == var) return e;
    FAIL("no variable " << var << " in " << service_name);
    return s.environment.front();
  }
  std::string findings_text() const {
    std::string out;
    for (const auto& d : findings)
      out += d.rule + " " + d.span.path + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) +
             " " + d.message + "\n";
    return out;
  }
};

Loaded load(const MemoryFileSource& files, const std::vector<std::string>& extra = {},
            const Variables& environment = {}) {
  VectorSink sink;
  Loaded out;
  out.project = archgate::load_compose(files, extra, sink, environment);
  out.findings = std::move(sink.items);
  return out;
}

}  // namespace

TEST_CASE("compose: no Compose file gives an empty project") {
  MemoryFileSource files;
  files.add("README.md", "hi");
  auto r = load(files);
  CHECK(r.project.services.empty());
  CHECK(r.findings.empty());
}

TEST_CASE("compose: the first default file wins and its override merges on top") {
  MemoryFileSource files;
  files.add("docker-compose.yml", "services:\n  other:\n    image: x\n");
  files.add("compose.yaml",
            "services:\n"
            "  api:\n"
            "    image: api:1\n"
            "    environment:\n"
            "      LOG: info\n"
            "      DB: postgres://db/app\n"
            "    ports: [\"8080:80\"]\n"
            "    healthcheck:\n"
            "      test: [\"CMD\", \"true\"]\n"
            "      interval: 5s\n"
            "  db:\n"
            "    image: postgres:16\n");
  files.add("compose.override.yaml",
            "services:\n"
            "  api:\n"
            "    environment:\n"
            "      - LOG=debug\n"
            "    ports: [\"8080:80\", \"9229:9229\"]\n"
            "    healthcheck:\n"
            "      interval: 1s\n"
            "  debug:\n"
            "    image: busybox\n");
  auto r = load(files);
  INFO(r.findings_text());
  CHECK(r.findings.empty());
  CHECK(r.project.files == std::vector<std::string>{"compose.yaml", "compose.override.yaml"});
  REQUIRE(r.project.services.size() == 3);
  CHECK(r.project.services[0].name == "api");
  CHECK(r.project.services[1].name == "db");
  CHECK(r.project.services[2].name == "debug");
  CHECK_FALSE(r.project.find("other"));

  const auto& api = r.service("api");
  CHECK(api.span.path == "compose.yaml");  // the file that first defined it
  CHECK(api.span.line == 2);
  CHECK(api.span.column == 3);
  CHECK(api.span.end_column == 6);
  const auto& log = r.env("api", "LOG");
  CHECK(log.value == "debug");
  CHECK(log.span.path == "compose.override.yaml");  // the overriding line
  CHECK(log.span.line == 4);
  CHECK(log.span.column == 9);
  CHECK(log.span.end_column == 18);  // the whole `LOG=debug` item
  const auto& db = r.env("api", "DB");
  CHECK(db.span.path == "compose.yaml");
  CHECK(db.span.line == 6);
  CHECK(db.span.end_column == 9);
  CHECK(api.health == HealthState::compose);
  CHECK(api.health_span.path == "compose.override.yaml");  // healthcheck key overridden
  CHECK(r.service("db").datastore);
  CHECK_FALSE(api.datastore);
}

TEST_CASE("compose: extra files from the config merge last, missing ones are AG002") {
  MemoryFileSource files;
  files.add("compose.yaml", "services:\n  api:\n    image: a\n");
  files.add("deploy/prod.yaml", "services:\n  api:\n    image: b\n");
  auto r = load(files, {"deploy/prod.yaml", "deploy/missing.yaml", "../outside.yaml"});
  CHECK(r.service("api").image == "b");
  CHECK(r.service("api").image_span.path == "deploy/prod.yaml");
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].rule == "AG002");
  CHECK(r.findings[1].rule == "AG002");
}

TEST_CASE("compose: extends in the same file and across files, recursively") {
  MemoryFileSource files;
  files.add("compose.yaml",
            "services:\n"
            "  base:\n"
            "    image: app\n"
            "    environment: {A: \"1\", B: \"2\"}\n"
            "  web:\n"
            "    extends: base\n"
            "    environment: {B: \"3\"}\n"
            "  worker:\n"
            "    extends:\n"
            "      file: common/services.yaml\n"
            "      service: job\n");
  files.add("common/services.yaml",
            "services:\n"
            "  root:\n"
            "    env_file: job.env\n"
            "    healthcheck:\n"
            "      test: [\"CMD\", \"true\"]\n"
            "  job:\n"
            "    extends: {service: root}\n"
            "    image: worker\n");
  files.add("common/job.env", "QUEUE=jobs\n");
  auto r = load(files);
  INFO(r.findings_text());
  CHECK(r.findings.empty());
  CHECK(r.env("web", "A").value == "1");
  CHECK(r.env("web", "B").value == "3");
  CHECK(r.env("web", "A").span.line == 4);
  CHECK(r.env("web", "B").span.line == 7);
  const auto& worker = r.service("worker");
  CHECK(worker.image == "worker");
  CHECK(worker.image_span.path == "common/services.yaml");
  CHECK(worker.health == HealthState::compose);
  CHECK(worker.health_span.path == "common/services.yaml");
  // env_file is relative to the file that names it
  CHECK(r.env("worker", "QUEUE").value == "jobs");
  CHECK(r.env("worker", "QUEUE").span.path == "common/job.env");
  CHECK(worker.span.path == "compose.yaml");
  CHECK(worker.span.line == 8);
}

TEST_CASE("compose: broken extends are AG002 at the entry, cycles stop") {
  MemoryFileSource files;
  files.add("compose.yaml",
            "services:\n"
            "  a:\n"
            "    image: a\n"
            "    extends: b\n"
            "  b:\n"
            "    extends: a\n"
            "  c:\n"
            "    extends: {service: nope}\n"
            "  d:\n"
            "    extends: {file: missing.yaml, service: x}\n"
            "  e:\n"
            "    extends: {file: /etc/compose.yaml, service: x}\n"
            "  f:\n"
            "    extends: {file: \"https://example.com/c.yaml\", service: x}\n"
            "  g:\n"
            "    extends: {file: ../up.yaml, service: x}\n"
            "  h:\n"
            "    extends: {file: compose.yaml, service: h}\n");
  auto r = load(files);
  INFO(r.findings_text());
  REQUIRE(r.project.services.size() == 8);
  std::vector<std::pair<std::string, std::uint32_t>> got;
  for (const auto& d : r.findings) {
    CHECK(d.rule == "AG002");
    got.emplace_back(d.service, d.span.line);
  }
  CHECK(got == std::vector<std::pair<std::string, std::uint32_t>>{
                   {"b", 6}, {"c", 8}, {"d", 10}, {"e", 12}, {"f", 14}, {"g", 16}, {"h", 18}});
  CHECK(r.findings[0].message.find("cycle") != std::string::npos);
  CHECK(r.service("a").image == "a");
}

TEST_CASE("compose: .env interpolation, $$ and required variables") {
  MemoryFileSource files;
  files.add(".env", "TAG=1.2\nDB_HOST=pg\n");
  files.add("compose.yaml",
            "services:\n"
            "  api:\n"
            "    image: \"api:${TAG}\"\n"
            "    environment:\n"
            "      URL: postgres://${DB_HOST}:5432/${DB_NAME:-orders}\n"
            "      PRICE: $$5\n"
            "      SECRET: ${SECRET:?set SECRET in .env}\n"
            "      HOME_DIR: ${HOME}\n"
            "      DB_HOST:\n");
  auto r = load(files);
  CHECK(r.service("api").image == "api:1.2");
  CHECK(r.env("api", "URL").value == "postgres://pg:5432/orders");
  CHECK(r.env("api", "PRICE").value == "$5");
  CHECK(r.env("api", "HOME_DIR").value.empty());  // the process environment is never used
  CHECK(r.env("api", "DB_HOST").value == "pg");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "AG001");
  CHECK(r.findings[0].message == "required variable SECRET is not set: set SECRET in .env (archgate read it as empty)");
  CHECK(r.findings[0].span.line == 7);
  CHECK(r.findings[0].span.column == 15);
  // Set outside Compose (a build tool, the shell): a note, not an unreadable file.
  CHECK(r.findings[0].assumption);
  CHECK(r.findings[0].severity == Severity::note);
  CHECK(r.findings[0].help.find("--env-file") != std::string::npos);
}

TEST_CASE("compose: the environment given to archgate plays the shell's part") {
  MemoryFileSource files;
  files.add(".env", "TAG=from-dotenv\nNAME=orders\nDERIVED=${REGISTRY}/x\n");
  files.add("compose.yaml",
            "services:\n"
            "  api:\n"
            "    image: \"${REGISTRY:?}/api:${TAG}\"\n"
            "    environment:\n"
            "      DB: ${NAME}\n"
            "      D: ${DERIVED}\n");
  auto r = load(files, {}, {{"TAG", "1.4.2"}, {"REGISTRY", "ghcr.io/shop"}});
  CHECK(r.findings.empty());
  CHECK(r.service("api").image == "ghcr.io/shop/api:1.4.2");  // over .env, as the shell is
  CHECK(r.env("api", "DB").value == "orders");
  CHECK(r.env("api", "D").value == "ghcr.io/shop/x");
}

TEST_CASE("compose: environment as list and map, env_file forms") {
  MemoryFileSource files;
  files.add(".env", "FROM_DOTENV=d\n");
  files.add("compose.yaml",
            "services:\n"
            "  a:\n"
            "    image: a\n"
            "    env_file: a.env\n"
            "    environment:\n"
            "      - X=1\n"
            "      - FROM_DOTENV\n"
            "      - SHARED=explicit\n"
            "  b:\n"
            "    image: b\n"
            "    env_file:\n"
            "      - a.env\n"
            "      - path: b.env\n"
            "      - path: optional.env\n"
            "        required: false\n"
            "      - path: required.env\n");
  files.add("a.env", "# a\nSHARED=from-file\nONLY_A=a\n");
  files.add("b.env", "export ONLY_A=b\n");
  auto r = load(files);
  CHECK(r.env("a", "X").value == "1");
  CHECK(r.env("a", "FROM_DOTENV").value == "d");
  CHECK(r.env("a", "SHARED").value == "explicit");
  CHECK(r.env("a", "SHARED").span.path == "compose.yaml");
  CHECK(r.env("a", "ONLY_A").value == "a");
  CHECK(r.env("a", "ONLY_A").span.path == "a.env");
  CHECK(r.env("a", "ONLY_A").span.line == 3);
  CHECK(r.env("b", "ONLY_A").value == "b");  // the later file wins
  CHECK(r.env("b", "ONLY_A").span.column == 8);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "AG002");
  CHECK(r.findings[0].span.line == 16);
  CHECK(r.findings[0].message.find("required.env") != std::string::npos);
}

TEST_CASE("compose: depends_on short and long forms") {
  MemoryFileSource files;
  files.add("compose.yaml",
            "services:\n"
            "  a:\n"
            "    image: a\n"
            "    depends_on: [b, c]\n"
            "  b:\n"
            "    image: b\n"
            "    depends_on:\n"
            "      c:\n"
            "        condition: service_healthy\n"
            "        restart: true\n"
            "      d:\n"
            "        condition: service_completed_successfully\n"
            "        required: false\n"
            "  c:\n"
            "    image: c\n"
            "  d:\n"
            "    image: d\n");
  auto r = load(files);
  const auto& a = r.service("a");
  REQUIRE(a.depends_on.size() == 2);
  CHECK(a.depends_on[0].service == "b");
  CHECK(a.depends_on[0].condition == "service_started");
  CHECK_FALSE(a.depends_on[0].long_form);
  CHECK(a.depends_on[1].span.line == 4);
  CHECK(a.depends_on[1].span.column == 21);
  const auto& b = r.service("b");
  REQUIRE(b.depends_on.size() == 2);
  CHECK(b.depends_on[0].condition == "service_healthy");
  CHECK(b.depends_on[0].long_form);
  CHECK(b.depends_on[0].span.line == 8);
  CHECK(b.depends_on[0].span.column == 7);
  CHECK(b.depends_on[1].condition == "service_completed_successfully");
}

TEST_CASE("compose: an override merges depends_on by service") {
  MemoryFileSource files;
  files.add("compose.yaml", "services:\n  a:\n    image: a\n    depends_on: [b]\n  b:\n    image: b\n");
  files.add("compose.override.yml",
            "services:\n  a:\n    depends_on:\n      b:\n        condition: service_healthy\n      c: {}\n"
            "  c:\n    image: c\n");
  auto r = load(files);
  const auto& a = r.service("a");
  REQUIRE(a.depends_on.size() == 2);
  CHECK(a.depends_on[0].service == "b");
  CHECK(a.depends_on[0].condition == "service_healthy");
  CHECK(a.depends_on[0].span.path == "compose.override.yml");
  CHECK(a.depends_on[1].service == "c");
}

TEST_CASE("compose: healthcheck disable and NONE") {
  MemoryFileSource files;
  files.add("compose.yaml",
            "services:\n"
            "  a:\n    image: a\n    healthcheck:\n      disable: true\n"
            "  b:\n    image: b\n    healthcheck:\n      test: [\"NONE\"]\n"
            "  c:\n    image: c\n    healthcheck:\n      test: curl -f http://localhost/health\n"
            "  d:\n    image: d\n");
  auto r = load(files);
  CHECK(r.service("a").health == HealthState::disabled);
  CHECK(r.service("a").health_span.line == 4);
  CHECK(r.service("b").health == HealthState::disabled);
  CHECK(r.service("c").health == HealthState::compose);
  CHECK(r.service("d").health == HealthState::none);
}

TEST_CASE("compose: !reset removes and !override replaces, as docker compose merges") {
  MemoryFileSource files;
  files.add("compose.yaml",
            "services:\n"
            "  api:\n"
            "    image: api\n"
            "    healthcheck:\n      test: [\"CMD\", \"true\"]\n"
            "    environment:\n      DB: postgres://db/app\n      LOG: info\n"
            "    depends_on: [db, cache]\n"
            "  worker:\n"
            "    extends: api\n"
            "    healthcheck: !reset null\n"
            "    environment: !override\n      QUEUE: jobs\n"
            "  db:\n    image: postgres:16\n"
            "  cache:\n    image: redis:7\n");
  files.add("compose.override.yaml",
            "services:\n"
            "  api:\n"
            "    healthcheck: !reset {}\n"
            "    depends_on: !override [db]\n"
            "  db:\n"
            "    healthcheck: !reset\n");
  auto r = load(files);
  INFO(r.findings_text());
  CHECK(r.findings.empty());
  const auto& api = r.service("api");
  CHECK(api.health == HealthState::none);  // the check was removed, not kept
  REQUIRE(api.depends_on.size() == 1);
  CHECK(api.depends_on[0].service == "db");
  CHECK(api.depends_on[0].span.path == "compose.override.yaml");
  CHECK(api.environment.size() == 2);  // not overridden in this file

  const auto& worker = r.service("worker");
  CHECK(worker.health == HealthState::none);
  REQUIRE(worker.environment.size() == 1);
  CHECK(worker.environment[0].name == "QUEUE");
  CHECK(r.service("db").health == HealthState::none);  // !reset with nothing to reset
}

TEST_CASE("compose: a Dockerfile HEALTHCHECK reached through build counts") {
  MemoryFileSource files;
  files.add("compose.yaml",
            "services:\n"
            "  orders:\n"
            "    build: services/orders\n"
            "  stock:\n"
            "    build:\n"
            "      context: services/stock\n"
            "      dockerfile: docker/Dockerfile.prod\n"
            "  none:\n"
            "    build:\n"
            "      context: services/none\n"
            "  multi:\n"
            "    build:\n"
            "      context: services/multi\n"
            "      target: build\n"
            "  inline:\n"
            "    build:\n"
            "      context: .\n"
            "      dockerfile_inline: |\n"
            "        FROM alpine\n"
            "        HEALTHCHECK CMD true\n"
            "  lost:\n"
            "    build:\n"
            "      context: services/orders\n"
            "      dockerfile: Missing.Dockerfile\n");
  files.add("services/orders/Dockerfile", "FROM node:22\n\nHEALTHCHECK CMD wget -qO- localhost/health\n");
  files.add("services/stock/docker/Dockerfile.prod", "FROM alpine\nHEALTHCHECK NONE\n");
  files.add("services/none/Dockerfile", "FROM alpine\n");
  files.add("services/multi/Dockerfile", "FROM a AS build\nHEALTHCHECK CMD x\nFROM b\n");
  auto r = load(files);
  const auto& orders = r.service("orders");
  CHECK(orders.health == HealthState::dockerfile);
  CHECK(orders.build_context == "services/orders");
  CHECK(orders.dockerfile == "services/orders/Dockerfile");
  CHECK(orders.health_span.path == "services/orders/Dockerfile");
  CHECK(orders.health_span.line == 3);
  CHECK(orders.health_span.end_column == 12);
  CHECK(r.service("stock").health == HealthState::disabled);
  CHECK(r.service("stock").dockerfile == "services/stock/docker/Dockerfile.prod");
  CHECK(r.service("none").health == HealthState::none);
  CHECK(r.service("none").dockerfile == "services/none/Dockerfile");
  CHECK(r.service("multi").health == HealthState::dockerfile);
  CHECK(r.service("inline").health == HealthState::dockerfile);
  CHECK(r.service("inline").health_span.line == 18);
  CHECK(r.service("lost").health == HealthState::none);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "AG002");
  CHECK(r.findings[0].span.line == 24);
  CHECK(r.findings[0].service == "lost");
  CHECK(std::find(r.project.support_files.begin(), r.project.support_files.end(), "services/orders/Dockerfile") !=
        r.project.support_files.end());
}

TEST_CASE("compose: a Compose healthcheck wins over the Dockerfile") {
  MemoryFileSource files;
  files.add("compose.yaml",
            "services:\n  a:\n    build: .\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n"
            "  b:\n    build: .\n    healthcheck:\n      interval: 3s\n");
  files.add("Dockerfile", "FROM alpine\nHEALTHCHECK NONE\n");
  auto r = load(files);
  CHECK(r.service("a").health == HealthState::compose);
  CHECK(r.service("b").health == HealthState::disabled);  // tuning a disabled check keeps it disabled
}

TEST_CASE("compose: YAML merge keys give services their defaults") {
  MemoryFileSource files;
  files.add("compose.yaml",
            "x-defaults: &defaults\n"
            "  healthcheck:\n"
            "    test: [\"CMD\", \"true\"]\n"
            "  environment:\n"
            "    LOG: info\n"
            "services:\n"
            "  a:\n"
            "    <<: *defaults\n"
            "    image: a\n"
            "  b:\n"
            "    <<: *defaults\n"
            "    image: b\n"
            "    environment:\n"
            "      LOG: debug\n");
  auto r = load(files);
  CHECK(r.findings.empty());
  CHECK(r.service("a").health == HealthState::compose);
  CHECK(r.service("a").health_span.line == 2);
  CHECK(r.env("a", "LOG").value == "info");
  CHECK(r.service("b").health == HealthState::compose);
  CHECK(r.env("b", "LOG").value == "debug");
}

TEST_CASE("compose: unreadable files, bad services and duplicate keys") {
  SECTION("syntax error") {
    MemoryFileSource files;
    files.add("compose.yaml", "services:\n  a:\n    image: [unclosed\n");
    auto r = load(files);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "AG001");
    CHECK(r.findings[0].span.path == "compose.yaml");
    CHECK(r.findings[0].span.line >= 3);
    CHECK(r.project.services.empty());
  }
  SECTION("services is not a mapping") {
    MemoryFileSource files;
    files.add("compose.yaml", "services:\n  - a\n  - b\n");
    auto r = load(files);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "AG001");
    CHECK(r.findings[0].span.line == 1);
  }
  SECTION("a service that is not a mapping") {
    MemoryFileSource files;
    files.add("compose.yaml", "services:\n  a: nginx\n  b:\n    image: b\n");
    auto r = load(files);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].span.line == 2);
    CHECK(r.project.services.size() == 1);
  }
  SECTION("duplicate key: reported, the first value kept") {
    MemoryFileSource files;
    files.add("compose.yaml", "services:\n  a:\n    image: first\n    image: second\n");
    auto r = load(files);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "AG001");
    CHECK(r.findings[0].span.line == 4);
    CHECK(r.findings[0].span.column == 5);
    CHECK(r.service("a").image == "first");
  }
  SECTION("NUL byte and oversized file") {
    MemoryFileSource files;
    files.add("compose.yaml", "services:\n  a:\n    image: \"a\0b\"\n"s);
    auto r = load(files);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].span.line == 3);

    MemoryFileSource big;
    big.set_max_file_size(16);
    big.add("compose.yaml", "services:\n  a:\n    image: a\n");
    auto r2 = load(big);
    REQUIRE(r2.findings.size() == 1);
    CHECK(r2.findings[0].rule == "AG001");
    CHECK(r2.findings[0].span.line == 1);
  }
}

TEST_CASE("compose: include adds the services of other files") {
  MemoryFileSource files;
  files.add("compose.yaml",
            "include:\n"
            "  - infra/db.yaml\n"
            "  - path: [infra/missing.yaml]\n"
            "services:\n"
            "  api:\n"
            "    image: api\n"
            "    depends_on: [db]\n");
  files.add("infra/db.yaml", "services:\n  db:\n    image: postgres:${PG:-16}\n    env_file: db.env\n");
  files.add("infra/db.env", "POSTGRES_DB=orders\n");
  files.add("infra/.env", "PG=15\n");
  auto r = load(files);
  REQUIRE(r.project.services.size() == 2);
  CHECK(r.service("db").image == "postgres:15");
  CHECK(r.service("db").span.path == "infra/db.yaml");
  CHECK(r.env("db", "POSTGRES_DB").span.path == "infra/db.env");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "AG002");
  CHECK(r.findings[0].span.line == 3);
}

TEST_CASE("compose: profiles and networks") {
  MemoryFileSource files;
  files.add("compose.yaml",
            "services:\n  a:\n    image: a\n    profiles: [debug]\n    networks: [front, back]\n"
            "  b:\n    image: b\n    networks:\n      back:\n        aliases: [bee]\n");
  auto r = load(files);
  CHECK(r.service("a").profiles == std::vector<std::string>{"debug"});
  CHECK(r.service("a").networks == std::vector<std::string>{"front", "back"});
  CHECK(r.service("b").networks == std::vector<std::string>{"back"});
}

TEST_CASE("compose: COMPOSE_FILE in .env chooses the files") {
  MemoryFileSource files;
  files.add(".env", "COMPOSE_FILE=base.yaml:dev.yaml:gone.yaml\n");
  files.add("compose.yaml", "services:\n  ignored:\n    image: x\n");
  files.add("base.yaml", "services:\n  api:\n    image: a\n");
  files.add("dev.yaml", "services:\n  api:\n    image: b\n");
  auto r = load(files);
  CHECK(r.project.files == std::vector<std::string>{"base.yaml", "dev.yaml"});
  CHECK(r.service("api").image == "b");
  CHECK_FALSE(r.project.find("ignored"));
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].span.path == ".env");
}

TEST_CASE("compose: a broken .env without Compose files is not reported") {
  MemoryFileSource files;
  files.add(".env", "NOT A LINE\n");
  auto r = load(files);
  CHECK(r.findings.empty());
}

TEST_CASE("compose: include cycles and long extends chains stop") {
  MemoryFileSource files;
  files.add("compose.yaml", "include: [a.yaml]\nservices:\n  root:\n    image: r\n");
  files.add("a.yaml", "include: [compose.yaml]\nservices:\n  a:\n    image: a\n");
  auto r = load(files);
  CHECK(r.project.services.size() == 2);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].message.find("cycle") != std::string::npos);

  std::string chain = "services:\n  s0:\n    image: base\n";
  for (int i = 1; i < 200; ++i)
    chain += "  s" + std::to_string(i) + ":\n    extends: s" + std::to_string(i - 1) + "\n";
  MemoryFileSource deep;
  deep.add("compose.yaml", chain);
  auto d = load(deep);
  CHECK(d.project.services.size() == 200);
  CHECK(d.service("s50").image == "base");
}

TEST_CASE("compose: odd shapes are tolerated without crashing") {
  MemoryFileSource files;
  files.add("compose.yaml",
            "include: {path: x}\n"
            "services:\n"
            "  a:\n"
            "    image: [not, a, string]\n"
            "    environment: [1, {x: y}, null, \"=empty-name\", \"K=\"]\n"
            "    depends_on: {b: 5, c: [x]}\n"
            "    healthcheck: {test: {CMD: x}}\n"
            "    build: [x]\n"
            "    env_file: {path: x}\n"
            "    extends: [x]\n"
            "    profiles: p\n"
            "    networks: 7\n"
            "  b:\n"
            "    build: {context: 5, dockerfile: [x]}\n"
            "    extends: {file: [x], service: a}\n"
            "    env_file: [{required: false}, 5]\n"
            "  c: ~\n");
  auto r = load(files);
  CHECK(r.project.services.size() == 3);
  CHECK(r.service("a").profiles == std::vector<std::string>{"p"});
  CHECK(r.env("a", "K").value.empty());
}
