// AG002 unresolved-reference: a reference points at nothing, outside the
// repository, or at a URL. Found by the loaders (Model::load_findings).
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kUnresolvedReference;
const RuleInfo kUnresolvedReference{
    .id = "AG002",
    .name = "unresolved-reference",
    .severity = Severity::error,
    .family = "integrity",
    .summary = "An OpenAPI $ref, Compose extends or env_file, or an inventory path points at nothing, outside the "
               "repository, or at a URL.",
    .what = "Reports references archgate refused or failed to follow: an OpenAPI `$ref` to a missing file or "
            "pointer, a Compose `extends` or `env_file` naming a missing file or service, a Dockerfile named by "
            "`build` that does not exist, and an explicit `path`, `openapi` or `migrations` in "
            "`service-inventory.json` that names nothing. References that are absolute paths, URLs, or climb out "
            "of the repository with `..` (directly or through a symlink) are reported and never read: archgate "
            "checks untrusted repositories and reads nothing outside them.",
    .why = "What a broken reference stands for was never checked: a contract whose schemas live in an unreachable "
           "file looks clean to every contract rule. A reference to a URL would make the result depend on the "
           "network, and one outside the repository would let a repository under review make archgate read "
           "arbitrary files.",
    .fires = "```yaml\n# services/order-service/openapi.yaml\ncomponents:\n  schemas:\n    Order:\n"
             "      $ref: 'https://schemas.example.com/order.yaml'\n```",
    .clean = "```yaml\ncomponents:\n  schemas:\n    Order:\n      $ref: './schemas/order.yaml#/Order'\n```",
    .fix = "Vendor the referenced file into the repository and refer to it with a relative path, or correct the "
           "file name or JSON pointer.",
    .options = "",
    .release_sentence = "",
};

void check_unresolved_reference(const RuleContext& ctx) {
  for (const auto& d : ctx.model.load_findings) {
    if (d.rule == kUnresolvedReference.id) ctx.report(d);
  }
}

}  // namespace archgate
