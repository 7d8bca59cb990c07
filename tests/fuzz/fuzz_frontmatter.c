/* fuzz_frontmatter.c — libFuzzer target for front-matter parsing (lsp/analysis/frontmatter.c and
 * yamltree.c through libyaml): the input as an article, and as a whole YAML file. Every range of
 * the block, the tree and the findings must lie inside the input.
 * Must never see a crash, a leak, a hang or unbounded growth on any bytes: they are findings. */
#include <stddef.h>
#include <stdint.h>

#include "frontmatter.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct finding_list findings = {0};
    struct frontmatter fm;
    frontmatter_parse(text, size, &fm, &findings);
    FUZZ_CHECK(fm.body_off <= size);
    if (fm.present) {
        FUZZ_CHECK(fuzz_span_inside(fm.block.off, fm.block.len, size));
        FUZZ_CHECK(fuzz_span_inside(fm.open.off, fm.open.len, size));
        FUZZ_CHECK(fuzz_span_inside(fm.yaml.off, fm.yaml.len, size));
        FUZZ_CHECK(fm.body_off == span_end(fm.block));
        if (fm.closed)
            FUZZ_CHECK(fm.yaml.off >= fm.block.off && span_end(fm.yaml) <= span_end(fm.block));
    } else {
        FUZZ_CHECK(fm.tree == NULL);
    }
    fuzz_check_tree(fm.tree, size);
    fuzz_check_findings(&findings, size);
    frontmatter_clear(&fm);
    finding_list_clear(&findings);

    struct value *tree = yaml_tree_parse(text, size, &findings);
    fuzz_check_tree(tree, size);
    fuzz_check_findings(&findings, size);
    value_free(tree);
    finding_list_clear(&findings);
    return 0;
}
