// archgate(1): roff that renders what it is given, and every rule in it.
#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>

#include "rules/man_page.h"
#include "rules/rule.h"

using archgate::man_page;
using archgate::roff_text;

TEST_CASE("roff_text escapes what roff would read as requests or escapes") {
  CHECK(roff_text("plain text") == "plain text");
  CHECK(roff_text("--fail-on") == "\\-\\-fail\\-on");
  CHECK(roff_text("C:\\temp") == "C:\\etemp");
  // A line that would start with a control character is guarded.
  CHECK(roff_text(".archgate-cache") == "\\&.archgate\\-cache");
  CHECK(roff_text("'quoted'") == "\\&'quoted'");
  CHECK(roff_text("one\n.two") == "one\n\\&.two");
  CHECK(roff_text("a.b 'c'") == "a.b 'c'");
}

TEST_CASE("roff_text shows code in bold and non-ASCII characters as glyphs") {
  CHECK(roff_text("use `--base`") == "use \\fB\\-\\-base\\fR");
  CHECK(roff_text("a ` alone") == "a ` alone");
  CHECK(roff_text("a \xE2\x80\x94 b") == "a \\(em b");
  CHECK(roff_text("caf\xC3\xA9") == "caf\\[u00E9]");
  CHECK(roff_text("bad \xFF byte") == "bad \\[uFFFD] byte");
  CHECK(roff_text("cut \xE2\x80") == "cut \\[uFFFD]\\[uFFFD]");
}

TEST_CASE("the manual page has its sections, every command and option given, and every rule") {
  archgate::ManPage page;
  page.version = "1.2.3";
  page.commands.push_back({"check", "[PATH]", "check a repository", {}, {}});
  page.commands.push_back({"cache clear", "[PATH]", "remove the cache", {}, {"--cache-dir"}});
  page.commands.push_back({"verify", "[PATH]", "send requests", {{"--dry-run", "", ".plan only"}}, {"--config"}});
  page.check_options.push_back({"--jobs, -j", "N", "parallel workers"});
  page.check_options.push_back({"--cache-dir", "DIR", "cache folder"});
  std::string text = man_page(page);

  CHECK(text.find(".TH ARCHGATE 1 \"\" \"archgate 1.2.3\"") != std::string::npos);
  for (const char* section : {"NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "EXIT STATUS", "ENVIRONMENT",
                              "FILES", "RULES", "SEE ALSO"}) {
    INFO(section);
    CHECK(text.find(std::string("\n.SH ") + section + "\n") != std::string::npos);
  }
  CHECK(text.find(".B archgate cache clear\n[\\fIOPTIONS\\fR] [\\fIPATH\\fR]\n") != std::string::npos);
  CHECK(text.find("\\fB\\-\\-jobs, \\-j\\fR \\fIN\\fR\nparallel workers\n") != std::string::npos);
  CHECK(text.find("\\fB\\-\\-dry\\-run\\fR\n\\&.plan only\n") != std::string::npos);
  CHECK(text.find("Also takes these options of \\fBcheck\\fR: \\fB\\-\\-cache\\-dir\\fR.") != std::string::npos);
  for (const char* variable : {"NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "GITHUB_ACTIONS"}) {
    CHECK(text.find(std::string(".B ") + variable + "\n") != std::string::npos);
  }
  for (const auto& rule : archgate::all_rules()) {
    INFO(rule.info.id);
    CHECK(text.find("\\fB" + std::string(rule.info.id) + "\\fR \\fI" + roff_text(rule.info.name) + "\\fR (" +
                    std::string(archgate::severity_name(rule.info.severity)) + ")\n" + roff_text(rule.info.summary)) !=
          std::string::npos);
  }

  // Every line that starts with a control character is one of the requests
  // the page means to use.
  const std::set<std::string> requests = {".TH", ".SH", ".TP", ".B", ".BR", ".I", ".IR", ".PP", ".br", ".sp", ".RS",
                                          ".RE", ".\\\""};
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || (line[0] != '.' && line[0] != '\'')) continue;
    INFO(line);
    CHECK(requests.count(line.substr(0, line.find(' '))) == 1);
  }
}
