// An answer's body judged as `archgate verify` judges it (verify/run.cpp):
// parsed with parse_body() and validated against a fixed contract schema
// through the schema adapter and valijson (verify/schema_*.cpp), in both
// directions.
#include "fuzz/fuzz_support.h"

#include "loaders/openapi.h"
#include "sources/file_source.h"
#include "verify/schema_adapter.h"

namespace {

constexpr std::string_view kContract = R"(openapi: 3.0.3
info: {title: fuzz, version: "1"}
paths: {}
components:
  schemas:
    Order:
      type: object
      required: [id, items, status]
      additionalProperties: false
      properties:
        id: {type: string, format: uuid, readOnly: true}
        status: {type: string, enum: [new, paid, shipped]}
        created: {type: string, format: date-time}
        email: {type: string, format: email, maxLength: 64}
        code: {type: string, pattern: '^[A-Z]{2}-[0-9]{1,6}$'}
        note: {type: string, nullable: true, minLength: 1}
        secret: {type: string, writeOnly: true}
        total: {type: number, minimum: 0, exclusiveMaximum: true, maximum: 1000000, multipleOf: 0.01}
        items: {type: array, minItems: 1, maxItems: 50, uniqueItems: true, items: {$ref: '#/components/schemas/Item'}}
        parent: {$ref: '#/components/schemas/Order'}
        payment:
          oneOf:
            - {type: object, required: [card], properties: {card: {type: string}}}
            - {type: object, required: [iban], properties: {iban: {type: string}}}
          discriminator: {propertyName: kind}
        tags: {type: object, additionalProperties: {type: integer}, maxProperties: 8}
        extra: {anyOf: [{type: integer}, {type: boolean}], not: {enum: [0]}}
    Item:
      allOf:
        - type: object
          required: [sku]
          properties: {sku: {type: string, format: uri}, qty: {type: integer, minimum: 1}}
        - type: object
          properties: {day: {type: string, format: date}, at: {type: string, format: time}}
)";

struct Compiled {
  archgate::MemoryFileSource files;
  archgate::OpenApiDocument doc;
  std::unique_ptr<archgate::SchemaResolver> resolver;
  std::shared_ptr<const archgate::verify::CompiledSchema> request, response;
};

const Compiled& compiled() {
  static const Compiled* c = [] {
    auto* out = new Compiled();
    out->files.add("api.yaml", std::string(kContract));
    archgate::VectorSink sink;
    out->doc = archgate::load_openapi(out->files, "api.yaml", sink);
    out->resolver = std::make_unique<archgate::SchemaResolver>(out->doc);
    archgate::SchemaAt order{out->resolver->file("api.yaml"),
                             out->doc.files.at(0)->doc.root.get("components")->get("schemas")->get("Order")};
    std::vector<archgate::verify::SchemaNote> notes;
    out->request = compile_schema(out->doc, *out->resolver, order, archgate::verify::Direction::request, notes);
    out->response = compile_schema(out->doc, *out->resolver, order, archgate::verify::Direction::response, notes);
    return out;
  }();
  return *c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Compiled& c = compiled();
  std::string why;
  auto body = archgate::verify::parse_body(archgate::fuzz::text(data, size), why);
  if (!body) return 0;
  archgate::verify::validate(*c.response, *body);
  archgate::verify::validate(*c.request, *body);
  return 0;
}
