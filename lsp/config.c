/* config.c — defaults and the reading of .glossary.yaml / editor settings into struct config.
 * Must never stop at the first mistake: every bad key is reported and the rest still applies. */
#include "config.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "ere.h"
#include "xalloc.h"

static const char *const default_highlights[] = {
    "Highlights", "Key Takeaways", "Høydepunkter", "Key Points", "Takeaways",
    "Viktige punkter", "Viktige takeaways", "Højdepunkter", "Höjdpunkter", "Viktiga punkter",
    "Kohokohdat", "Keskeiset asiat", "Hápunktar", "Höhepunkte", "Wichtige Erkenntnisse",
    "Das Wichtigste in Kürze", "Points forts", "Points clés", "À retenir", "Aspectos destacados",
    "Puntos clave", "Conclusiones clave", "Punti salienti", "Punti chiave", "Destaques",
    "Principais conclusões", "Pontos-chave", "Hoogtepunten", "Belangrijkste punten",
    "Najważniejsze informacje", "Najważniejsze punkty", "Hlavní body", "Klíčové body",
    "Főbb pontok", "Kiemelések", "Puncte cheie", "Principalele concluzii", "Основные моменты",
    "Ключевые моменты", "Основні моменти", "Ключові моменти", "Βασικά σημεία", "Önemli Noktalar",
    "Öne Çıkanlar", "要点", "重点", "亮点", "ハイライト", "主なポイント", "하이라이트", "핵심 요약",
    "النقاط الرئيسية", "أبرز النقاط", "מה חשוב לדעת", "मुख्य बातें", "ไฮไลท์", "Điểm nổi bật",
    "Sorotan", "Poin Penting", "Pokok-pokok", NULL};

const char *const *config_default_highlights(void)
{
    return default_highlights;
}

static char **strv_dup(const char *const *v, size_t *n)
{
    size_t count = 0;
    while (v[count]) count++;
    char **out = xcalloc(count + 1, sizeof *out);
    for (size_t i = 0; i < count; i++) out[i] = xstrdup(v[i]);
    *n = count;
    return out;
}

static void strv_free(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void config_init(struct config *c)
{
    memset(c, 0, sizeof *c);
    c->slug_source = SLUG_FROM_FILENAME;
    c->link_prefix = xstrdup("/");
    c->highlight_headings = strv_dup(default_highlights, &c->nhighlight_headings);
    c->highlights_min_items = 1;
    c->highlights_required = 1;
    for (int i = 0; i < FINDING_CODE_COUNT; i++)
        c->severity[i] = finding_default_severity((enum finding_code)i);
    c->debounce_ms = 100;
}

static void glossaries_free(struct config *c)
{
    for (size_t i = 0; i < c->nglossaries; i++) {
        free(c->glossaries[i].path);
        free(c->glossaries[i].link_prefix);
        free(c->glossaries[i].name);
    }
    free(c->glossaries);
    c->glossaries = NULL;
    c->nglossaries = 0;
}

void config_free(struct config *c)
{
    glossaries_free(c);
    strv_free(c->exclude, c->nexclude);
    free(c->slug_field);
    free(c->link_prefix);
    strv_free(c->link_patterns, c->nlink_patterns);
    strv_free(c->highlight_headings, c->nhighlight_headings);
    free(c->schema_path);
    memset(c, 0, sizeof *c);
}

enum severity config_severity(const struct config *c, enum finding_code code)
{
    return (unsigned)code < FINDING_CODE_COUNT ? c->severity[code] : SEVERITY_ERROR;
}

/* ---- reading ------------------------------------------------------------------------------- */

static struct span at_value(const struct value *v)
{
    return span_make(v->off, v->len);
}

static struct span at_key(const struct value_member *m)
{
    return span_make(m->key_off, m->key_src_len);
}

/* "an integer", "an object", "null": what a value is, for messages. */
static const char *kind_phrase(const struct value *v)
{
    switch (v->kind) {
    case VALUE_NULL: return "null";
    case VALUE_BOOL: return "a boolean";
    case VALUE_INT: return "an integer";
    case VALUE_REAL: return "a number";
    case VALUE_STRING: return "a string";
    case VALUE_ARRAY: return "an array";
    case VALUE_OBJECT: return "an object";
    }
    return "a value";
}

static void bad(struct finding_list *f, struct span at, const char *key, const char *expected,
                const struct value *got)
{
    finding_add(f, FINDING_CONFIG_INVALID, at, "'%s' must be %s, not %s; the default is used",
                key, expected, kind_phrase(got));
}

static int want_string(const struct value *v, const char *key, struct finding_list *f)
{
    if (v->kind == VALUE_STRING) return 1;
    bad(f, at_value(v), key, "a string", v);
    return 0;
}

/* Reads a string or a list of strings into a new vector; NULL (and findings) when malformed. */
static char **read_strings(const struct value *v, const char *key, size_t *n,
                           struct finding_list *f)
{
    if (v->kind == VALUE_STRING) {
        char **out = xcalloc(2, sizeof *out);
        out[0] = xstrndup(v->u.string.ptr, v->u.string.len);
        *n = 1;
        return out;
    }
    if (v->kind != VALUE_ARRAY) {
        bad(f, at_value(v), key, "a list of strings", v);
        return NULL;
    }
    char **out = xcalloc(v->u.array.count + 1, sizeof *out);
    size_t k = 0;
    for (size_t i = 0; i < v->u.array.count; i++) {
        const struct value *item = v->u.array.items[i];
        if (item->kind != VALUE_STRING) {
            finding_add(f, FINDING_CONFIG_INVALID, at_value(item),
                        "Each entry of '%s' must be a string, not %s; it is ignored", key,
                        kind_phrase(item));
            continue;
        }
        out[k++] = xstrndup(item->u.string.ptr, item->u.string.len);
    }
    *n = k;
    return out;
}

static int read_bool(const struct value *v, const char *key, int *out, struct finding_list *f)
{
    if (v->kind != VALUE_BOOL) {
        bad(f, at_value(v), key, "true or false", v);
        return 0;
    }
    *out = v->u.boolean;
    return 1;
}

static int read_uint(const struct value *v, const char *key, uint32_t max, uint32_t *out,
                     struct finding_list *f)
{
    if (v->kind != VALUE_INT || v->u.integer < 0 || v->u.integer > (int64_t)max) {
        if (v->kind == VALUE_INT)
            finding_add(f, FINDING_CONFIG_INVALID, at_value(v),
                        "'%s' must be between 0 and %u; the default is used", key, max);
        else
            bad(f, at_value(v), key, "a whole number", v);
        return 0;
    }
    *out = (uint32_t)v->u.integer;
    return 1;
}

static void read_glossaries(struct config *c, const struct value *v, struct finding_list *f)
{
    if (v->kind == VALUE_STRING) {
        glossaries_free(c);
        c->glossaries = xcalloc(1, sizeof *c->glossaries);
        c->glossaries[0].path = xstrndup(v->u.string.ptr, v->u.string.len);
        c->glossaries[0].span = at_value(v);
        c->nglossaries = 1;
        return;
    }
    if (v->kind != VALUE_ARRAY) {
        bad(f, at_value(v), "glossaries", "a list of folders or globs", v);
        return;
    }
    glossaries_free(c);
    c->glossaries = xcalloc(v->u.array.count + 1, sizeof *c->glossaries);
    for (size_t i = 0; i < v->u.array.count; i++) {
        const struct value *e = v->u.array.items[i];
        struct config_glossary g = {0};
        g.span = at_value(e);
        if (e->kind == VALUE_STRING) {
            g.path = xstrndup(e->u.string.ptr, e->u.string.len);
        } else if (e->kind == VALUE_OBJECT) {
            for (size_t k = 0; k < e->u.object.count; k++) {
                const struct value_member *m = &e->u.object.members[k];
                char **slot = strcmp(m->key, "path") == 0          ? &g.path
                              : strcmp(m->key, "link_prefix") == 0 ? &g.link_prefix
                              : strcmp(m->key, "name") == 0        ? &g.name
                                                                   : NULL;
                if (!slot) {
                    finding_add(f, FINDING_CONFIG_INVALID, at_key(m),
                                "Unknown glossary setting '%s' (known: path, link_prefix, name)",
                                m->key);
                } else if (want_string(m->value, m->key, f)) {
                    free(*slot);
                    *slot = xstrndup(m->value->u.string.ptr, m->value->u.string.len);
                }
            }
            if (!g.path) {
                finding_add(f, FINDING_CONFIG_INVALID, at_value(e),
                            "This glossary entry has no 'path'; it is ignored");
                free(g.link_prefix);
                free(g.name);
                continue;
            }
        } else {
            finding_add(f, FINDING_CONFIG_INVALID, at_value(e),
                        "A glossary entry must be a folder glob or an object with 'path'; it is "
                        "ignored");
            continue;
        }
        c->glossaries[c->nglossaries++] = g;
    }
}

static void read_slug(struct config *c, const struct value *v, struct finding_list *f)
{
    if (!want_string(v, "slug", f)) return;
    const char *s = v->u.string.ptr;
    if (strcmp(s, "filename") == 0) {
        c->slug_source = SLUG_FROM_FILENAME;
    } else if (strcmp(s, "folder") == 0) {
        c->slug_source = SLUG_FROM_FOLDER;
    } else if (strncmp(s, "frontmatter:", 12) == 0 && s[12]) {
        c->slug_source = SLUG_FROM_FRONTMATTER;
        free(c->slug_field);
        c->slug_field = xstrdup(s + 12);
    } else {
        finding_add(f, FINDING_CONFIG_INVALID, at_value(v),
                    "'slug' must be 'filename', 'folder' or 'frontmatter:<field>', not '%s'", s);
    }
}

static void read_patterns(struct config *c, const struct value *v, struct finding_list *f)
{
    size_t n = 0;
    char **list = read_strings(v, "link_patterns", &n, f);
    if (!list) return;
    size_t k = 0, item = 0; /* item: the entry list[i] came from (read_strings skips the rest) */
    for (size_t i = 0; i < n; i++) {
        const struct value *at = v;
        if (v->kind == VALUE_ARRAY) {
            while (item + 1 < v->u.array.count && v->u.array.items[item]->kind != VALUE_STRING)
                item++;
            at = v->u.array.items[item++];
        }
        char why[160];
        if (ere_check(list[i], why, sizeof why) != 0) {
            finding_add(f, FINDING_CONFIG_INVALID, at_value(at),
                        "This link pattern %s; it is ignored", why);
            free(list[i]);
            continue;
        }
        regex_t re;
        int rc = regcomp(&re, list[i], REG_EXTENDED | REG_NEWLINE);
        if (rc != 0) {
            char msg[200];
            regerror(rc, &re, msg, sizeof msg);
            finding_add(f, FINDING_CONFIG_INVALID, at_value(at),
                        "This link pattern is not a POSIX extended regex (%s); it is ignored", msg);
            free(list[i]);
            continue;
        }
        if (re.re_nsub < 1) {
            finding_add(f, FINDING_CONFIG_INVALID, at_value(at),
                        "A link pattern needs a group '( )' around the slug; it is ignored");
            regfree(&re);
            free(list[i]);
            continue;
        }
        regfree(&re);
        list[k++] = list[i];
    }
    strv_free(c->link_patterns, c->nlink_patterns);
    c->link_patterns = list;
    c->nlink_patterns = k;
}

static void read_highlights(struct config *c, const struct value *v, struct finding_list *f)
{
    if (v->kind != VALUE_OBJECT) {
        bad(f, at_value(v), "highlights", "an object with headings, min_items, required", v);
        return;
    }
    for (size_t i = 0; i < v->u.object.count; i++) {
        const struct value_member *m = &v->u.object.members[i];
        if (strcmp(m->key, "headings") == 0) {
            size_t n = 0;
            char **list = read_strings(m->value, "highlights.headings", &n, f);
            if (!list) continue;
            if (!n) {
                finding_add(f, FINDING_CONFIG_INVALID, at_value(m->value),
                            "'highlights.headings' must name at least one heading; the default "
                            "list is used");
                strv_free(list, n);
                continue;
            }
            strv_free(c->highlight_headings, c->nhighlight_headings);
            c->highlight_headings = list;
            c->nhighlight_headings = n;
        } else if (strcmp(m->key, "min_items") == 0) {
            read_uint(m->value, "highlights.min_items", 1000, &c->highlights_min_items, f);
        } else if (strcmp(m->key, "required") == 0) {
            read_bool(m->value, "highlights.required", &c->highlights_required, f);
        } else {
            finding_add(f, FINDING_CONFIG_INVALID, at_key(m),
                        "Unknown highlights setting '%s' (known: headings, min_items, required)",
                        m->key);
        }
    }
}

static void read_severity(struct config *c, const struct value *v, struct finding_list *f)
{
    if (v->kind != VALUE_OBJECT) {
        bad(f, at_value(v), "severity", "an object of code: error|warning|info|hint|off", v);
        return;
    }
    for (size_t i = 0; i < v->u.object.count; i++) {
        const struct value_member *m = &v->u.object.members[i];
        int code = finding_code_from_key(m->key);
        if (code < 0) {
            finding_add(f, FINDING_CONFIG_INVALID, at_key(m),
                        "Unknown finding code '%s' in 'severity'", m->key);
            continue;
        }
        enum severity s;
        if (m->value->kind != VALUE_STRING || severity_parse(m->value->u.string.ptr, &s) != 0) {
            finding_add(f, FINDING_CONFIG_INVALID, at_value(m->value),
                        "The severity of '%s' must be error, warning, info, hint or off", m->key);
            continue;
        }
        c->severity[code] = s;
    }
}

void config_apply(struct config *c, const struct value *tree, struct finding_list *f)
{
    if (!tree || tree->kind == VALUE_NULL) return;
    if (tree->kind != VALUE_OBJECT) {
        finding_add(f, FINDING_CONFIG_INVALID, at_value(tree),
                    "The configuration must be a YAML mapping of settings; it is ignored");
        return;
    }
    for (size_t i = 0; i < tree->u.object.count; i++) {
        const struct value_member *m = &tree->u.object.members[i];
        const struct value *v = m->value;
        const char *k = m->key;
        if (strcmp(k, "glossaries") == 0) {
            read_glossaries(c, v, f);
        } else if (strcmp(k, "exclude") == 0) {
            size_t n = 0;
            char **list = read_strings(v, k, &n, f);
            if (list) {
                strv_free(c->exclude, c->nexclude);
                c->exclude = list;
                c->nexclude = n;
            }
        } else if (strcmp(k, "slug") == 0) {
            read_slug(c, v, f);
        } else if (strcmp(k, "slug_case") == 0) {
            if (!want_string(v, k, f)) continue;
            if (strcmp(v->u.string.ptr, "sensitive") == 0)
                c->slug_case_insensitive = 0;
            else if (strcmp(v->u.string.ptr, "insensitive") == 0)
                c->slug_case_insensitive = 1;
            else
                finding_add(f, FINDING_CONFIG_INVALID, at_value(v),
                            "'slug_case' must be 'sensitive' or 'insensitive', not '%s'",
                            v->u.string.ptr);
        } else if (strcmp(k, "link_prefix") == 0) {
            if (!want_string(v, k, f)) continue;
            free(c->link_prefix);
            c->link_prefix = xstrndup(v->u.string.ptr, v->u.string.len);
        } else if (strcmp(k, "link_patterns") == 0) {
            read_patterns(c, v, f);
        } else if (strcmp(k, "highlights") == 0) {
            read_highlights(c, v, f);
        } else if (strcmp(k, "schema") == 0) {
            if (v->kind == VALUE_NULL) {
                free(c->schema_path);
                c->schema_path = NULL;
            } else if (want_string(v, k, f)) {
                free(c->schema_path);
                c->schema_path = xstrndup(v->u.string.ptr, v->u.string.len);
                c->schema_span = at_value(v);
            }
        } else if (strcmp(k, "severity") == 0) {
            read_severity(c, v, f);
        } else if (strcmp(k, "debounce") == 0 || strcmp(k, "debounce_ms") == 0) {
            read_uint(v, k, 10000, &c->debounce_ms, f);
        } else {
            finding_add(f, FINDING_CONFIG_INVALID, at_key(m),
                        "Unknown setting '%s' (known: glossaries, exclude, slug, slug_case, "
                        "link_prefix, link_patterns, highlights, schema, severity, debounce)",
                        k);
        }
    }
}
