/* yaml_events_compare.h — compares the events of lsp/analysis/yamlfast.c with libyaml's own for
 * the same text, for the unit test and the fuzz target that hold the fast reader to libyaml.
 * Header-only (static functions). Must never call two streams equal when libyaml fails before
 * its first document ends, or when any event's type, marks, value, style, tag or anchor differs. */
#ifndef GLOSSARY_YAML_EVENTS_COMPARE_H
#define GLOSSARY_YAML_EVENTS_COMPARE_H

#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "yamlfast.h"

static const char *yec_anchor(const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_SCALAR_EVENT: return (const char *)e->data.scalar.anchor;
    case YAML_SEQUENCE_START_EVENT: return (const char *)e->data.sequence_start.anchor;
    case YAML_MAPPING_START_EVENT: return (const char *)e->data.mapping_start.anchor;
    case YAML_ALIAS_EVENT: return (const char *)e->data.alias.anchor;
    default: return NULL;
    }
}

static const char *yec_tag(const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_SCALAR_EVENT: return (const char *)e->data.scalar.tag;
    case YAML_SEQUENCE_START_EVENT: return (const char *)e->data.sequence_start.tag;
    case YAML_MAPPING_START_EVENT: return (const char *)e->data.mapping_start.tag;
    default: return NULL;
    }
}

/* 1 when a (libyaml's) and b (the fast reader's) are the same event; else 0 with why. */
static int yec_same(const yaml_event_t *a, const yaml_event_t *b, size_t i, char *why, size_t n)
{
    if (a->type != b->type) {
        snprintf(why, n, "event %zu: type %d vs %d", i, a->type, b->type);
        return 0;
    }
    if (a->start_mark.index != b->start_mark.index || a->end_mark.index != b->end_mark.index) {
        snprintf(why, n, "event %zu (type %d): marks %zu-%zu vs %zu-%zu", i, a->type,
                 a->start_mark.index, a->end_mark.index, b->start_mark.index, b->end_mark.index);
        return 0;
    }
    if (yec_anchor(a) || yec_anchor(b) || yec_tag(a) || yec_tag(b)) {
        snprintf(why, n, "event %zu: an anchor or a tag", i);
        return 0;
    }
    if (a->type == YAML_SCALAR_EVENT &&
        (a->data.scalar.length != b->data.scalar.length ||
         memcmp(a->data.scalar.value, b->data.scalar.value, a->data.scalar.length) != 0 ||
         b->data.scalar.value[b->data.scalar.length] != '\0' ||
         a->data.scalar.style != b->data.scalar.style)) {
        snprintf(why, n, "event %zu: scalar '%.*s' (style %d) vs '%.*s' (style %d)", i,
                 (int)a->data.scalar.length, (const char *)a->data.scalar.value,
                 a->data.scalar.style, (int)b->data.scalar.length,
                 (const char *)b->data.scalar.value, b->data.scalar.style);
        return 0;
    }
    if (a->type == YAML_SEQUENCE_START_EVENT &&
        a->data.sequence_start.style != b->data.sequence_start.style) {
        snprintf(why, n, "event %zu: sequence style %d vs %d", i, a->data.sequence_start.style,
                 b->data.sequence_start.style);
        return 0;
    }
    return 1;
}

/* Parses s[0..len) with libyaml up to the end of its first document and compares the events
 * between the document's start and end with fast's. Returns 1 when they are the same. */
static int yaml_events_equal(const char *s, size_t len, const struct yamlfast *fast, char *why,
                             size_t n)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return 0;
    yaml_parser_set_input_string(&p, (const unsigned char *)s, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    size_t k = 0;
    int ok = 1, done = 0;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            snprintf(why, n, "libyaml fails: %s at %zu", p.problem ? p.problem : "?",
                     p.problem_mark.index);
            ok = 0;
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_START_EVENT:
            break;
        case YAML_DOCUMENT_END_EVENT:
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        default:
            if (k >= fast->count) {
                snprintf(why, n, "libyaml has more events than %zu", fast->count);
                ok = 0;
            } else {
                ok = yec_same(&ev, &fast->events[k], k, why, n);
                k++;
            }
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    if (ok && k != fast->count) {
        snprintf(why, n, "libyaml has %zu events, the fast reader %zu", k, fast->count);
        ok = 0;
    }
    return ok;
}

#endif
