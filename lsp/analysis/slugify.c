/* slugify.c — locale-free case folding and GitHub-compatible heading ids. The folding table
 * covers the scripts glossaries are written in; unlisted scripts are compared as written.
 * Must never call tolower()/towlower(): those depend on the process locale. */
#include "slugify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

uint32_t slugify_lower_cp(uint32_t cp)
{
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
    if (cp >= 0x100 && cp <= 0x17F) {
        if (cp == 0x130) return 'i';
        if (cp == 0x178) return 0xFF;
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return cp & 1 ? cp + 1 : cp;
        if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp;
        return cp & 1 ? cp : cp + 1;
    }
    if (cp >= 0x1E00 && cp <= 0x1EFF) {
        if (cp >= 0x1E96 && cp <= 0x1E9F) return cp;
        return cp & 1 ? cp : cp + 1;
    }
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;
    if (cp == 0x386) return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A) return cp + 37;
    if (cp == 0x38C) return 0x3CC;
    if (cp == 0x38E || cp == 0x38F) return cp + 63;
    if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
    if (cp >= 0x460 && cp <= 0x4FF && cp != 0x482 && !(cp >= 0x483 && cp <= 0x489)) {
        if (cp == 0x4C0) return 0x4CF;
        if (cp >= 0x4C1 && cp <= 0x4CE) return cp & 1 ? cp + 1 : cp;
        return cp & 1 ? cp : cp + 1;
    }
    if (cp >= 0x531 && cp <= 0x556) return cp + 48;
    return cp;
}

/* Decodes one character; invalid bytes come back as themselves with *raw = 1. */
static int next_cp(const unsigned char *s, size_t n, uint32_t *cp, int *raw)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        *raw = 0;
        return 1;
    }
    int l = text_utf8_decode(s, n, cp);
    *raw = (*cp == 0xFFFD && l == 1);
    if (*raw) *cp = s[0];
    return l;
}

size_t slugify_fold_into(const char *s, size_t len, char *out)
{
    /* Lowercase never grows a character's UTF-8 length in the ranges we fold, except U+0130
     * (2 bytes) -> 'i' (1 byte) which shrinks; so len + 1 bytes always suffice. */
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        if (u[i] < 0x80) { /* ASCII, most of every heading */
            unsigned char c = u[i++];
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        uint32_t cp;
        int raw;
        int l = next_cp(u + i, len - i, &cp, &raw);
        if (raw) {
            out[o++] = (char)u[i];
        } else {
            uint32_t low = slugify_lower_cp(cp);
            char buf[4];
            size_t bl = text_utf8_encode(low, buf);
            if (bl > (size_t)l) { /* cannot happen with our table; stay safe */
                memcpy(out + o, u + i, (size_t)l);
                o += (size_t)l;
            } else {
                memcpy(out + o, buf, bl);
                o += bl;
            }
        }
        i += (size_t)l;
    }
    out[o] = '\0';
    return o;
}

char *slugify_fold(const char *s, size_t len, size_t *out_len)
{
    char *out = xrealloc(NULL, len + 1);
    size_t o = slugify_fold_into(s, len, out);
    if (out_len) *out_len = o;
    return out;
}

int slugify_equal_folded(const char *a, size_t alen, const char *b, size_t blen)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    size_t i = 0, j = 0;
    while (i < alen && j < blen) {
        if (x[i] < 0x80 && y[j] < 0x80) {
            unsigned char c = x[i], d = y[j];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (d >= 'A' && d <= 'Z') d += 32;
            if (c != d) return 0;
            i++;
            j++;
            continue;
        }
        uint32_t cx, cy;
        int rx, ry;
        int lx = next_cp(x + i, alen - i, &cx, &rx);
        int ly = next_cp(y + j, blen - j, &cy, &ry);
        if (rx != ry) return 0;
        if (!rx) {
            cx = slugify_lower_cp(cx);
            cy = slugify_lower_cp(cy);
        }
        if (cx != cy) return 0;
        i += (size_t)lx;
        j += (size_t)ly;
    }
    return i == alen && j == blen;
}

/* Punctuation and symbols GitHub drops from heading ids (an approximation of github-slugger's
 * Unicode classes: ASCII punctuation except '-' and '_', Latin-1 symbols, general punctuation,
 * arrows/math/technical/box/shape/dingbat blocks, CJK and full-width punctuation, emoji). */
static int dropped(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp < 0x20 || cp == 0x7F) return 1;
        if (cp == ' ' || cp == '-' || cp == '_') return 0;
        if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return 0;
        return 1;
    }
    if (cp >= 0x80 && cp <= 0xBF) return !(cp == 0xAA || cp == 0xB5 || cp == 0xBA);
    if (cp == 0xD7 || cp == 0xF7) return 1;
    if (cp >= 0x2000 && cp <= 0x206F) return 1;
    if (cp >= 0x20A0 && cp <= 0x20CF) return 1; /* currency */
    if (cp >= 0x2100 && cp <= 0x214F) return 0; /* letterlike: kept */
    if (cp >= 0x2190 && cp <= 0x2BFF) return 1;
    if (cp >= 0x2E00 && cp <= 0x2E7F) return 1;
    if (cp >= 0x3000 && cp <= 0x303F) return !(cp == 0x3005 || cp == 0x3006 || cp == 0x3007);
    if (cp >= 0xFE10 && cp <= 0xFE6F) return 1;
    if (cp >= 0xFF00 && cp <= 0xFF0F) return 1;
    if (cp >= 0xFF1A && cp <= 0xFF20) return 1;
    if (cp >= 0xFF3B && cp <= 0xFF40) return cp != 0xFF3F;
    if (cp >= 0xFF5B && cp <= 0xFF65) return 1;
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return 1;
    if (cp == 0xFFFD) return 1;
    return 0;
}

char *slugify_heading_id(const char *s)
{
    size_t len = strlen(s);
    char *out = xrealloc(NULL, len + 1);
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        uint32_t cp;
        int raw;
        int l = next_cp(u + i, len - i, &cp, &raw);
        i += (size_t)l;
        if (raw || dropped(cp)) continue;
        if (cp == ' ') {
            out[o++] = '-';
            continue;
        }
        if (cp < 0x80) {
            out[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            continue;
        }
        /* never longer than the input character, so it fits where the input was */
        o += text_utf8_encode(slugify_lower_cp(cp), out + o);
    }
    out[o] = '\0';
    return out;
}

static size_t hash_id(const char *id)
{
    size_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) h = (h ^ *p) * 16777619u;
    return h;
}

/* The slot that holds id, or the empty slot where it would go. */
static size_t *slot_of(const struct slugify_ids *ids, const char *id)
{
    size_t mask = ids->nslots - 1, i = hash_id(id) & mask;
    while (ids->slots[i] && strcmp(ids->ids[ids->slots[i] - 1], id) != 0) i = (i + 1) & mask;
    return &ids->slots[i];
}

static ptrdiff_t find_id(const struct slugify_ids *ids, const char *id)
{
    if (!ids->nslots) return -1;
    size_t at = *slot_of(ids, id);
    return at ? (ptrdiff_t)(at - 1) : -1;
}

static void push_id(struct slugify_ids *ids, char *id_own)
{
    if (ids->count == ids->cap) {
        ids->cap = ids->cap ? ids->cap * 2 : 8;
        ids->ids = xrealloc(ids->ids, ids->cap * sizeof *ids->ids);
        ids->seen = xrealloc(ids->seen, ids->cap * sizeof *ids->seen);
    }
    ids->ids[ids->count] = id_own;
    ids->seen[ids->count] = 0;
    ids->count++;
    if (ids->count * 2 >= ids->nslots) { /* grow and re-insert every id */
        free(ids->slots);
        ids->nslots = ids->nslots ? ids->nslots * 2 : 16;
        ids->slots = xcalloc(ids->nslots, sizeof *ids->slots);
        for (size_t i = 0; i < ids->count; i++) *slot_of(ids, ids->ids[i]) = i + 1;
    } else {
        *slot_of(ids, id_own) = ids->count;
    }
}

char *slugify_unique_id(struct slugify_ids *ids, const char *s)
{
    char *base = slugify_heading_id(s);
    ptrdiff_t at = find_id(ids, base);
    if (at < 0) {
        push_id(ids, base);
        return xstrdup(base);
    }
    size_t blen = strlen(base);
    char *candidate = xrealloc(NULL, blen + 24);
    for (;;) {
        size_t n = ++ids->seen[at];
        snprintf(candidate, blen + 24, "%s-%zu", base, n);
        if (find_id(ids, candidate) < 0) break;
    }
    free(base);
    push_id(ids, candidate);
    return xstrdup(candidate);
}

void slugify_ids_clear(struct slugify_ids *ids)
{
    for (size_t i = 0; i < ids->count; i++) free(ids->ids[i]);
    free(ids->ids);
    free(ids->seen);
    free(ids->slots);
    memset(ids, 0, sizeof *ids);
}
