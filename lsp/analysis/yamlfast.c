/* yamlfast.c — plain front matter to libyaml's events in one pass (see yamlfast.h). The subset:
 *   - every line is blank or starts at column 0 with a key of ASCII letters, digits, '_' and '-'
 *     (not first), then ':' and a space or the line's end;
 *   - a value is a plain scalar (not starting with an indicator, without ": ", " #", or a ':' at
 *     its end), a "double" (no backslash) or 'single' (no '') quoted scalar, or a flow sequence
 *     "[a, b]" of plain scalars without ",[]{}#:" or quotes, each on the key's line;
 *   - an empty value may be followed by "- item" lines, all at one indentation, whose items are
 *     scalars as above;
 *   - no tab, CR, control character, NEL, line or paragraph separator, BOM or noncharacter.
 * The marks are where libyaml puts them: a collection starts at its first token and a block one
 * ends at the next token (the next key, or the end of the text); an empty value is an empty plain
 * scalar just after its ':'. Must never guess: any other line declines the whole text. */
#include "yamlfast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

struct st {
    const char *s;
    size_t len;
    struct yamlfast *out;
    size_t cap;
    size_t cur_byte, cur_char; /* byte -> character index cursor */
    size_t used;               /* bytes of out->values written */
};

static size_t char_at(struct st *t, size_t byte)
{
    if (byte < t->cur_byte) t->cur_byte = t->cur_char = 0;
    while (t->cur_byte < byte) {
        if (((unsigned char)t->s[t->cur_byte] & 0xC0) != 0x80) t->cur_char++;
        t->cur_byte++;
    }
    return t->cur_char;
}

static yaml_event_t *emit(struct st *t, yaml_event_type_t type, size_t start, size_t end)
{
    if (t->out->count == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->out->events = xrealloc(t->out->events, t->cap * sizeof *t->out->events);
    }
    yaml_event_t *ev = &t->out->events[t->out->count++];
    memset(ev, 0, sizeof *ev);
    ev->type = type;
    ev->start_mark.index = char_at(t, start);
    ev->end_mark.index = char_at(t, end);
    return ev;
}

/* A scalar event for s[vs..ve) with the marks [ms, me). */
static void scalar(struct st *t, size_t vs, size_t ve, size_t ms, size_t me,
                   yaml_scalar_style_t style)
{
    yaml_event_t *ev = emit(t, YAML_SCALAR_EVENT, ms, me);
    char *v = t->out->values + t->used;
    memcpy(v, t->s + vs, ve - vs);
    v[ve - vs] = '\0';
    t->used += ve - vs + 1;
    /* values never moves: it was sized for every scalar the text can hold */
    ev->data.scalar.value = (yaml_char_t *)v;
    ev->data.scalar.length = ve - vs;
    ev->data.scalar.plain_implicit = style == YAML_PLAIN_SCALAR_STYLE;
    ev->data.scalar.quoted_implicit = style != YAML_PLAIN_SCALAR_STYLE;
    ev->data.scalar.style = style;
}

/* Characters libyaml does not take as they are: controls, NEL, separators, BOM, nonchars. */
static int chars_ok(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = u[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n') || c == 0x7F) return 0;
            continue;
        }
        uint32_t cp;
        int l = text_utf8_decode(u + i, len - i, &cp);
        if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
            cp == 0xFFFE || cp == 0xFFFF)
            return 0;
        i += (size_t)l - 1;
    }
    return 1;
}

static int is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

static size_t line_end(const struct st *t, size_t i)
{
    const char *nl = memchr(t->s + i, '\n', t->len - i);
    return nl ? (size_t)(nl - t->s) : t->len;
}

static size_t trim(const char *s, size_t b, size_t e)
{
    while (e > b && s[e - 1] == ' ') e--;
    return e;
}

/* A plain scalar in block context at s[b..e) (b is its first character). Returns its end (before
 * trailing spaces), or 0 when it is outside the subset. */
static size_t plain_block(const char *s, size_t b, size_t e)
{
    if (strchr("-?:,[]{}#&*!|>'\"%@`", s[b])) return 0;
    size_t end = trim(s, b, e);
    for (size_t i = b; i < end; i++) {
        if (s[i] == ':' && (i + 1 == end || s[i + 1] == ' ')) return 0;
        if (s[i] == '#' && s[i - 1] == ' ') return 0;
    }
    return end;
}

/* A one-line scalar (plain or quoted) from s[b] to the line's end e; emits it. Returns 0 when it
 * is outside the subset. */
static int line_scalar(struct st *t, size_t b, size_t e)
{
    const char *s = t->s;
    if (s[b] == '"' || s[b] == '\'') {
        const char *q = memchr(s + b + 1, s[b], e - b - 1);
        if (!q) return 0;
        size_t close = (size_t)(q - s);
        if (s[b] == '"' && memchr(s + b + 1, '\\', close - b - 1)) return 0;
        if (s[b] == '\'' && close + 1 < e && s[close + 1] == '\'') return 0;
        if (trim(s, close + 1, e) != close + 1) return 0; /* anything after it */
        scalar(t, b + 1, close, b, close + 1,
               s[b] == '"' ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_SINGLE_QUOTED_SCALAR_STYLE);
        return 1;
    }
    size_t end = plain_block(s, b, e);
    if (!end) return 0;
    scalar(t, b, end, b, end, YAML_PLAIN_SCALAR_STYLE);
    return 1;
}

/* "[a, b]" from s[b] == '[' to the line's end e; emits it. */
static int flow_sequence(struct st *t, size_t b, size_t e)
{
    const char *s = t->s;
    yaml_event_t *start = emit(t, YAML_SEQUENCE_START_EVENT, b, b + 1);
    start->data.sequence_start.implicit = 1;
    start->data.sequence_start.style = YAML_FLOW_SEQUENCE_STYLE;
    size_t i = b + 1;
    while (i < e && s[i] == ' ') i++;
    if (i < e && s[i] != ']') {
        for (;;) {
            if (i >= e || strchr("-?:,[]{}#&*!|>'\"%@` ", s[i])) return 0;
            size_t j = i;
            while (j < e && s[j] != ',' && s[j] != ']') {
                if (strchr("[]{}#:\"'", s[j])) return 0;
                j++;
            }
            if (j >= e) return 0;
            size_t end = trim(s, i, j);
            scalar(t, i, end, i, end, YAML_PLAIN_SCALAR_STYLE);
            i = j;
            if (s[i] == ']') break;
            i++; /* ',' */
            while (i < e && s[i] == ' ') i++;
        }
    }
    if (i >= e || s[i] != ']') return 0;
    if (trim(s, i + 1, e) != i + 1) return 0;
    emit(t, YAML_SEQUENCE_END_EVENT, i, i + 1);
    return 1;
}

/* The next line at or after i that is not blank: its start, or len. */
static size_t next_content(const struct st *t, size_t i)
{
    while (i < t->len && t->s[i] == '\n') i++;
    return i;
}

/* "- item" lines from i (the first one's start); returns where the sequence ends (the next key
 * line or len), or 0 when a line is outside the subset. */
static size_t block_sequence(struct st *t, size_t i)
{
    const char *s = t->s;
    size_t indent = 0;
    while (i + indent < t->len && s[i + indent] == ' ') indent++;
    /* indented: a BLOCK-SEQUENCE-START token, empty; indentless: the first '-' itself */
    yaml_event_t *start =
        emit(t, YAML_SEQUENCE_START_EVENT, i + indent, i + indent + (indent == 0));
    start->data.sequence_start.implicit = 1;
    start->data.sequence_start.style = YAML_BLOCK_SEQUENCE_STYLE;
    for (;;) {
        size_t e = line_end(t, i);
        for (size_t k = 0; k < indent; k++)
            if (i + k >= e || s[i + k] != ' ') return 0;
        size_t d = i + indent;
        if (d + 2 >= e || s[d] != '-' || s[d + 1] != ' ' || s[d + 2] == ' ') return 0;
        if (!line_scalar(t, d + 2, e)) return 0;
        size_t next = next_content(t, e < t->len ? e + 1 : e);
        if (next >= t->len || (s[next] != ' ' && s[next] != '-')) {
            if (next < t->len && !is_key_char(s[next])) return 0;
            emit(t, YAML_SEQUENCE_END_EVENT, next, next);
            return next;
        }
        if (indent == 0 && s[next] == ' ') return 0;
        i = next;
    }
}

int yamlfast_parse(const char *s, size_t len, struct yamlfast *out)
{
    memset(out, 0, sizeof *out);
    if (!chars_ok(s, len)) return 0;
    struct st t = {s, len, out, 0, 0, 0, 0};
    out->values = xmalloc(2 * len + 2); /* every scalar's text and its NUL */
    size_t i = next_content(&t, 0);
    if (i >= len) goto decline;
    emit(&t, YAML_MAPPING_START_EVENT, i, i)->data.mapping_start.style = YAML_BLOCK_MAPPING_STYLE;
    out->events[0].data.mapping_start.implicit = 1;
    while (i < len) {
        size_t e = line_end(&t, i);
        if (!is_key_char(s[i]) || s[i] == '-') goto decline;
        size_t k = i;
        while (k < e && is_key_char(s[k])) k++;
        if (k >= e || s[k] != ':' || k - i > 128) goto decline;
        scalar(&t, i, k, i, k, YAML_PLAIN_SCALAR_STYLE);
        size_t v = k + 1;
        if (v < e && s[v] != ' ') goto decline;
        while (v < e && s[v] == ' ') v++;
        if (v < e) {
            if (s[v] == '[' ? !flow_sequence(&t, v, e) : !line_scalar(&t, v, e)) goto decline;
            i = next_content(&t, e < len ? e + 1 : e);
            continue;
        }
        size_t next = next_content(&t, e < len ? e + 1 : e);
        if (next < len && (s[next] == ' ' || s[next] == '-')) {
            i = block_sequence(&t, next);
            if (!i) goto decline;
            continue;
        }
        scalar(&t, k + 1, k + 1, k + 1, k + 1, YAML_PLAIN_SCALAR_STYLE); /* null */
        i = next;
    }
    emit(&t, YAML_MAPPING_END_EVENT, len, len);
    return 1;
decline:
    yamlfast_free(out);
    return 0;
}

void yamlfast_free(struct yamlfast *out)
{
    free(out->events);
    free(out->values);
    memset(out, 0, sizeof *out);
}
