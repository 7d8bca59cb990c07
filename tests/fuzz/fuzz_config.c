/* fuzz_config.c — libFuzzer target for the glossary configuration (lsp/config.c): the input read
 * as a .glossary.yaml (through yamltree, with byte positions) and as editor settings in JSON,
 * applied on top of the defaults the way the engine does it.
 * Must never crash, leak or hang; every finding lies inside the file, and what config_apply
 * keeps is usable: each link pattern compiles, each glossary has a path, severities are valid. */
#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "frontmatter.h"
#include "fuzz_check.h"
#include "json_value.h"

static void check_config(const struct config *c)
{
    for (size_t i = 0; i < c->nglossaries; i++) FUZZ_CHECK(c->glossaries[i].path != NULL);
    for (size_t i = 0; i < c->nexclude; i++) FUZZ_CHECK(c->exclude[i] != NULL);
    for (size_t i = 0; i < c->nhighlight_headings; i++)
        FUZZ_CHECK(c->highlight_headings[i] != NULL);
    for (size_t i = 0; i < c->nlink_patterns; i++) {
        regex_t re;
        FUZZ_CHECK(regcomp(&re, c->link_patterns[i], REG_EXTENDED | REG_NEWLINE) == 0);
        regfree(&re);
    }
    FUZZ_CHECK(c->link_prefix != NULL);
    if (c->slug_source == SLUG_FROM_FRONTMATTER) FUZZ_CHECK(c->slug_field != NULL);
    for (int k = 0; k < FINDING_CODE_COUNT; k++)
        FUZZ_CHECK(config_severity(c, (enum finding_code)k) <= SEVERITY_ERROR);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct finding_list yaml_findings = {0}, findings = {0};
    struct config c;

    /* .glossary.yaml: findings at byte positions in the file */
    struct value *tree = yaml_tree_parse(text, size, &yaml_findings);
    fuzz_check_findings(&yaml_findings, size);
    config_init(&c);
    config_apply(&c, tree, &findings);
    fuzz_check_findings(&findings, size);
    check_config(&c);
    /* editor settings on top of the file, as engine_open applies them */
    struct value *settings = json_value_parse(text, size, NULL, 0);
    if (settings) {
        config_apply(&c, settings, &findings);
        check_config(&c);
    }
    config_free(&c);
    value_free(tree);
    value_free(settings);
    finding_list_clear(&yaml_findings);
    finding_list_clear(&findings);
    return 0;
}
