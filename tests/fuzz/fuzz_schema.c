/* fuzz_schema.c — libFuzzer target for schema/: a random schema (JSON, else YAML, as the engine
 * loads a configured schema file) compiled and queried, and a random front matter (YAML) validated
 * against it and against the real schema/glossary.schema.json. Input: schema, a NUL byte, instance.
 * Must never crash, leak or hang (cyclic $ref, deep nesting), and report every violation with
 * its keyword, message, instance node and path. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "frontmatter.h"
#include "fuzz_check.h"
#include "json_value.h"
#include "schema.h"

static struct schema *glossary_schema; /* schema/glossary.schema.json, as embedded */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    struct value *doc = json_value_parse(schema_default_json, schema_default_json_len, NULL, 0);
    FUZZ_CHECK(doc != NULL);
    struct schema_problems problems = {0};
    glossary_schema = schema_compile(doc, &problems);
    FUZZ_CHECK(problems.count == 0);
    value_free(doc);
    return 0;
}

struct tally {
    size_t calls;
};

static void report(void *ctx, const struct schema_violation *v)
{
    struct tally *t = ctx;
    t->calls++;
    FUZZ_CHECK(v->keyword && v->message && v->at && v->path);
    FUZZ_CHECK(v->path[0] == '\0' || v->path[0] == '/');
    (void)strlen(v->message);
    if (v->member) FUZZ_CHECK(v->member->key != NULL);
    if (v->allowed) FUZZ_CHECK(v->allowed->kind == VALUE_ARRAY);
}

static void validate(const struct schema *s, const struct value *instance)
{
    struct tally t = {0};
    size_t n = schema_validate(s, instance, report, &t);
    FUZZ_CHECK(n == t.calls);
}

static void query(const struct schema *s)
{
    size_t count = schema_property_count(s);
    for (size_t i = 0; i < count; i++) {
        const char *name = schema_property_name(s, i);
        FUZZ_CHECK(name != NULL);
        struct schema_info info;
        if (schema_property_info(s, name, &info) == 0) FUZZ_CHECK(info.type != NULL);
    }
    size_t nreq = 0;
    const char *const *req = schema_required(s, &nreq);
    for (size_t i = 0; i < nreq; i++) FUZZ_CHECK(req[i] != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t schema_len = nul ? (size_t)(nul - text) : size;
    const char *inst = nul ? nul + 1 : text + size;
    size_t inst_len = size - schema_len - (nul ? 1 : 0);

    struct finding_list findings = {0};
    struct value *doc = json_value_parse(text, schema_len, NULL, 0);
    if (!doc) doc = yaml_tree_parse(text, schema_len, &findings);
    finding_list_clear(&findings);
    struct schema_problems problems = {0};
    struct schema *s = doc ? schema_compile(doc, &problems) : NULL;
    for (size_t i = 0; i < problems.count; i++) {
        FUZZ_CHECK(problems.items[i].message != NULL);
        FUZZ_CHECK(fuzz_span_inside(problems.items[i].off, problems.items[i].len, schema_len));
    }
    schema_problems_clear(&problems);
    value_free(doc); /* a compiled schema must not borrow its document */

    struct value *instance = yaml_tree_parse(inst, inst_len, &findings);
    finding_list_clear(&findings);
    if (!instance) instance = value_new_null();
    if (s) {
        query(s);
        validate(s, instance);
    }
    validate(glossary_schema, instance);
    value_free(instance);
    schema_free(s);
    return 0;
}
