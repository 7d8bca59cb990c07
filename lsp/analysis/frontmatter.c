/* frontmatter.c — finds the `---` ... `---` block at the top of an article (after an optional
 * BOM; LF, CRLF or CR line ends) and hands its YAML to yamltree.c.
 * Must never report more than one problem for a missing or unclosed block. */
#include "frontmatter.h"

#include <string.h>

#include "yamltree.h"

/* The line starting at off: *end = end of its content, returns the start of the next line. */
static size_t next_line(const char *text, size_t len, size_t off, size_t *end)
{
    size_t i = off;
    while (i < len && text[i] != '\n' && text[i] != '\r') i++;
    *end = i;
    if (i < len) i += (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') ? 2 : 1;
    return i;
}

/* Is text[off..end) the delimiter d ("---" or "...") followed only by spaces and tabs? */
static int is_delimiter(const char *text, size_t off, size_t end, const char *d)
{
    if (end - off < 3 || memcmp(text + off, d, 3) != 0) return 0;
    for (size_t i = off + 3; i < end; i++)
        if (text[i] != ' ' && text[i] != '\t') return 0;
    return 1;
}

void frontmatter_parse(const char *text, size_t len, struct frontmatter *out,
                       struct finding_list *findings)
{
    memset(out, 0, sizeof *out);
    size_t bom = (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    out->body_off = (uint32_t)bom;
    size_t end;
    size_t next = next_line(text, len, bom, &end);
    if (!is_delimiter(text, bom, end, "---")) {
        finding_add(findings, FINDING_FRONTMATTER_MISSING, span_make((uint32_t)bom, 0),
                    "No front matter: start the article with a '---' line, the YAML keys (title, "
                    "description, ...), and a closing '---' line");
        return;
    }
    out->present = 1;
    out->open = span_make((uint32_t)bom, 3);
    size_t yaml_start = next, line = next;
    while (line < len) {
        size_t line_end;
        size_t after = next_line(text, len, line, &line_end);
        if (is_delimiter(text, line, line_end, "---") || is_delimiter(text, line, line_end, "...")) {
            out->closed = 1;
            out->yaml = span_make((uint32_t)yaml_start, (uint32_t)(line - yaml_start));
            out->block = span_make((uint32_t)bom, (uint32_t)(after - bom));
            out->body_off = (uint32_t)after;
            if (out->yaml.len)
                out->tree = yamltree_parse(text + yaml_start, out->yaml.len,
                                           (uint32_t)yaml_start, findings);
            return;
        }
        line = after;
    }
    out->block = span_make((uint32_t)bom, (uint32_t)(next - bom));
    out->body_off = (uint32_t)next;
    finding_add(findings, FINDING_FRONTMATTER_SYNTAX, out->open,
                "The front matter is never closed: add a '---' line after the last key");
}

void frontmatter_clear(struct frontmatter *fm)
{
    value_free(fm->tree);
    memset(fm, 0, sizeof *fm);
}

struct value *yaml_tree_parse(const char *text, size_t len, struct finding_list *findings)
{
    size_t bom = (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    return yamltree_parse(text + bom, len - bom, (uint32_t)bom, findings);
}
