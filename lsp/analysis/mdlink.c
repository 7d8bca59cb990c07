/* mdlink.c — CommonMark link syntax, scanned from source bytes (the rules of spec 0.30 §6.3 and
 * §4.7 for destinations, titles, labels; code spans and escapes for bracket matching).
 * Must never read past `end`: every scan is bounded by the block it is given. */
#include "mdlink.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slugify.h"
#include "text.h"
#include "xalloc.h"

#define NONE SIZE_MAX

static int is_punct(char c)
{
    return c && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) != NULL;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

static int is_eol(char c)
{
    return c == '\n' || c == '\r';
}

size_t mdlink_skip_code(const char *s, size_t pos, size_t end)
{
    size_t n = 0;
    while (pos + n < end && s[pos + n] == '`') n++;
    size_t i = pos + n;
    while (i < end) {
        if (s[i] != '`') {
            i++;
            continue;
        }
        size_t m = 0;
        while (i + m < end && s[i + m] == '`') m++;
        if (m == n) return i + m;
        i += m;
    }
    return pos + n;
}

/* Skips spaces and tabs, at most one line break, and after it the next line's indentation and
 * block-quote markers. */
static size_t skip_ws_nl(const char *s, size_t i, size_t end)
{
    while (i < end && is_space(s[i])) i++;
    if (i < end && is_eol(s[i])) {
        i += (s[i] == '\r' && i + 1 < end && s[i + 1] == '\n') ? 2 : 1;
        while (i < end && (is_space(s[i]) || s[i] == '>')) i++;
    }
    return i;
}

/* The matching ']' of the '[' at pos, or NONE. */
static size_t text_end(const char *s, size_t pos, size_t end)
{
    int depth = 1;
    size_t i = pos + 1;
    while (i < end) {
        char c = s[i];
        if (c == '\\' && i + 1 < end && is_punct(s[i + 1])) {
            i += 2;
        } else if (c == '`') {
            i = mdlink_skip_code(s, i, end);
        } else if (c == '[') {
            depth++;
            i++;
        } else if (c == ']') {
            if (--depth == 0) return i;
            i++;
        } else {
            i++;
        }
    }
    return NONE;
}

/* A destination at k: "<...>" or a run without spaces and with balanced parentheses. Sets the
 * range and returns the position after it, or NONE. */
static size_t scan_dest(const char *s, size_t k, size_t end, size_t *ds, size_t *de)
{
    if (k < end && s[k] == '<') {
        size_t m = k + 1;
        while (m < end && s[m] != '>' && s[m] != '<' && !is_eol(s[m]))
            m += (s[m] == '\\' && m + 1 < end) ? 2 : 1;
        if (m >= end || s[m] != '>') return NONE;
        *ds = k + 1;
        *de = m;
        return m + 1;
    }
    size_t m = k;
    int depth = 0;
    while (m < end) {
        unsigned char c = (unsigned char)s[m];
        if (c == '\\' && m + 1 < end && is_punct(s[m + 1])) {
            m += 2;
            continue;
        }
        if (c <= ' ' || c == 0x7F) break;
        if (c == '(') {
            if (++depth > 32) return NONE;
        } else if (c == ')') {
            if (depth == 0) break;
            depth--;
        }
        m++;
    }
    if (depth) return NONE;
    *ds = k;
    *de = m;
    return m;
}

/* A title at k ("...", '...' or (...)); returns the position after it, or NONE. */
static size_t scan_title(const char *s, size_t k, size_t end)
{
    if (k >= end) return NONE;
    char open = s[k], close = open == '(' ? ')' : open;
    if (open != '"' && open != '\'' && open != '(') return NONE;
    size_t t = k + 1;
    while (t < end && s[t] != close) {
        if (s[t] == '\\' && t + 1 < end) {
            t += 2;
            continue;
        }
        if (open == '(' && s[t] == '(') return NONE;
        /* a blank line ends the paragraph, and with it the title */
        if (is_eol(s[t])) {
            size_t u = t + ((s[t] == '\r' && t + 1 < end && s[t + 1] == '\n') ? 2 : 1);
            while (u < end && is_space(s[u])) u++;
            if (u < end && is_eol(s[u])) return NONE;
        }
        t++;
    }
    return t < end ? t + 1 : NONE;
}

int mdlink_scan(const char *s, size_t pos, size_t end, struct mdlink *out)
{
    if (pos >= end || s[pos] != '[') return 0;
    size_t close = text_end(s, pos, end);
    if (close == NONE) return 0;
    memset(out, 0, sizeof *out);
    out->start = pos;
    out->text_start = pos + 1;
    out->text_end = close;
    size_t j = close + 1;
    if (j < end && s[j] == '(') {
        size_t k = skip_ws_nl(s, j + 1, end);
        size_t after = scan_dest(s, k, end, &out->dest_start, &out->dest_end);
        if (after != NONE) {
            size_t ws = skip_ws_nl(s, after, end);
            size_t t = ws > after ? scan_title(s, ws, end) : NONE;
            size_t k2 = t != NONE ? skip_ws_nl(s, t, end) : ws;
            if (k2 < end && s[k2] == ')') {
                out->end = k2 + 1;
                out->kind = MDLINK_INLINE;
                out->label_start = out->text_start;
                out->label_end = out->text_end;
                return 1;
            }
        }
        /* "[x](not a destination" is text followed by a shortcut reference at most */
    }
    out->kind = MDLINK_REFERENCE;
    out->dest_start = out->dest_end = close;
    if (j < end && s[j] == '[') {
        size_t m = j + 1;
        while (m < end && s[m] != ']' && s[m] != '[') m += (s[m] == '\\' && m + 1 < end) ? 2 : 1;
        if (m < end && s[m] == ']' && m - j - 1 <= 999) {
            out->label_start = j + 1;
            out->label_end = m;
            if (m == j + 1) { /* collapsed [text][] */
                out->label_start = out->text_start;
                out->label_end = out->text_end;
            }
            out->end = m + 1;
            return 1;
        }
    }
    out->label_start = out->text_start;
    out->label_end = out->text_end;
    out->end = close + 1;
    return 1;
}

int mdlink_scan_autolink(const char *s, size_t pos, size_t end, struct mdlink *out)
{
    if (pos >= end || s[pos] != '<') return 0;
    size_t m = pos + 1;
    int colon = 0, at = 0;
    while (m < end && s[m] != '>') {
        unsigned char c = (unsigned char)s[m];
        if (c <= ' ' || c == '<') return 0;
        colon |= c == ':';
        at |= c == '@';
        m++;
    }
    if (m >= end || (!colon && !at) || m == pos + 1) return 0;
    memset(out, 0, sizeof *out);
    out->kind = MDLINK_AUTOLINK;
    out->start = pos;
    out->end = m + 1;
    out->text_start = out->dest_start = pos + 1;
    out->text_end = out->dest_end = m;
    return 1;
}

/* Only spaces and tabs until the end of the line at i? Returns the line's end or NONE. */
static size_t rest_blank(const char *s, size_t i, size_t end)
{
    while (i < end && is_space(s[i])) i++;
    return (i >= end || is_eol(s[i])) ? i : NONE;
}

int mdlink_scan_def(const char *s, size_t pos, size_t end, struct mdlink *out)
{
    if (pos >= end || s[pos] != '[') return 0;
    size_t m = pos + 1;
    int nonblank = 0;
    while (m < end && s[m] != ']') {
        if (s[m] == '[') return 0;
        if (s[m] == '\\' && m + 1 < end) {
            m += 2;
            nonblank = 1;
            continue;
        }
        if (!is_space(s[m]) && !is_eol(s[m])) nonblank = 1;
        m++;
    }
    if (m >= end || !nonblank || m - pos - 1 > 999 || m + 1 >= end || s[m + 1] != ':') return 0;
    memset(out, 0, sizeof *out);
    out->kind = MDLINK_DEF;
    out->start = pos;
    out->text_start = out->label_start = pos + 1;
    out->text_end = out->label_end = m;
    size_t k = skip_ws_nl(s, m + 2, end);
    size_t after = scan_dest(s, k, end, &out->dest_start, &out->dest_end);
    if (after == NONE || (after == k && !(k < end && s[k] == '<'))) return 0;
    /* A title on the same line, or on the next one. */
    size_t ws = after;
    while (ws < end && is_space(s[ws])) ws++;
    if (ws > after && ws < end && !is_eol(s[ws])) {
        size_t t = scan_title(s, ws, end);
        size_t eol = t != NONE ? rest_blank(s, t, end) : NONE;
        if (eol == NONE) return 0; /* junk after the destination: not a definition */
        out->end = eol;
        return 1;
    }
    if (ws < end && !is_eol(s[ws])) return 0; /* e.g. "[a]: /x\"y" glued */
    out->end = ws;
    size_t next = skip_ws_nl(s, ws, end);
    if (next > ws && next < end) {
        size_t t = scan_title(s, next, end);
        size_t eol = t != NONE ? rest_blank(s, t, end) : NONE;
        if (eol != NONE) out->end = eol;
    }
    return 1;
}

/* ---- decoding ------------------------------------------------------------------------------ */

static const struct {
    const char *name;
    const char *utf8;
} entities[] = {
    {"amp", "&"},       {"lt", "<"},         {"gt", ">"},         {"quot", "\""},
    {"apos", "'"},      {"nbsp", "\xC2\xA0"}, {"copy", "\xC2\xA9"}, {"reg", "\xC2\xAE"},
    {"trade", "\xE2\x84\xA2"}, {"hellip", "\xE2\x80\xA6"}, {"ndash", "\xE2\x80\x93"},
    {"mdash", "\xE2\x80\x94"}, {"lsquo", "\xE2\x80\x98"}, {"rsquo", "\xE2\x80\x99"},
    {"ldquo", "\xE2\x80\x9C"}, {"rdquo", "\xE2\x80\x9D"}, {"laquo", "\xC2\xAB"},
    {"raquo", "\xC2\xBB"},      {"euro", "\xE2\x82\xAC"}, {"pound", "\xC2\xA3"},
    {"yen", "\xC2\xA5"},        {"cent", "\xC2\xA2"},     {"deg", "\xC2\xB0"},
    {"times", "\xC3\x97"},      {"divide", "\xC3\xB7"},   {"middot", "\xC2\xB7"},
    {"bull", "\xE2\x80\xA2"},   {"sect", "\xC2\xA7"},     {"para", "\xC2\xB6"},
    {"aelig", "\xC3\xA6"},      {"oslash", "\xC3\xB8"},   {"aring", "\xC3\xA5"},
    {"AElig", "\xC3\x86"},      {"Oslash", "\xC3\x98"},   {"Aring", "\xC3\x85"},
    {"auml", "\xC3\xA4"},       {"ouml", "\xC3\xB6"},     {"uuml", "\xC3\xBC"},
    {"Auml", "\xC3\x84"},       {"Ouml", "\xC3\x96"},     {"Uuml", "\xC3\x9C"},
    {"szlig", "\xC3\x9F"},      {"eacute", "\xC3\xA9"},   {"egrave", "\xC3\xA8"},
    {"agrave", "\xC3\xA0"},     {"ccedil", "\xC3\xA7"},   {"ntilde", "\xC3\xB1"},
};

/* Decodes the entity at s[i] == '&'; returns its length and writes its UTF-8, or 0. */
static size_t entity(const char *s, size_t i, size_t n, char *out, size_t *out_len, int *known)
{
    size_t j = i + 1;
    *known = 1;
    if (j < n && s[j] == '#') {
        j++;
        int hex = j < n && (s[j] == 'x' || s[j] == 'X');
        if (hex) j++;
        size_t start = j;
        uint32_t cp = 0;
        while (j < n && j - start < (hex ? 6u : 7u)) {
            char c = s[j];
            int d = c >= '0' && c <= '9'                     ? c - '0'
                    : hex && c >= 'a' && c <= 'f'            ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F'            ? c - 'A' + 10
                                                             : -1;
            if (d < 0) break;
            cp = cp * (hex ? 16u : 10u) + (uint32_t)d;
            j++;
        }
        if (j == start || j >= n || s[j] != ';') return 0;
        *out_len = text_utf8_encode(cp, out);
        return j + 1 - i;
    }
    size_t start = j;
    while (j < n && j - start < 32 &&
           ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
            (s[j] >= '0' && s[j] <= '9')))
        j++;
    if (j == start || j >= n || s[j] != ';') return 0;
    for (size_t k = 0; k < sizeof entities / sizeof *entities; k++) {
        if (strlen(entities[k].name) == j - start &&
            memcmp(entities[k].name, s + start, j - start) == 0) {
            *out_len = strlen(entities[k].utf8);
            memcpy(out, entities[k].utf8, *out_len);
            return j + 1 - i;
        }
    }
    *known = 0;
    return 0;
}

char *mdlink_decode(const char *s, size_t n, int *complete)
{
    char *out = xmalloc(n * 2 + 8); /* an entity never decodes longer than twice its text */
    size_t o = 0;
    *complete = 1;
    for (size_t i = 0; i < n;) {
        if (s[i] == '\\' && i + 1 < n && is_punct(s[i + 1])) {
            out[o++] = s[i + 1];
            i += 2;
            continue;
        }
        if (s[i] == '&') {
            char buf[8];
            size_t blen = 0;
            int known;
            size_t used = entity(s, i, n, buf, &blen, &known);
            if (used) {
                memcpy(out + o, buf, blen);
                o += blen;
                i += used;
                continue;
            }
            if (!known) *complete = 0;
        }
        out[o++] = s[i++];
    }
    out[o] = '\0';
    return out;
}

char *mdlink_normalize_label(const char *s, size_t n)
{
    char *collapsed = xmalloc(n + 1);
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (is_space(c) || is_eol(c)) {
            space = o > 0;
            continue;
        }
        if (space) collapsed[o++] = ' ';
        space = 0;
        collapsed[o++] = c;
    }
    char *folded = slugify_fold(collapsed, o, NULL);
    free(collapsed);
    return folded;
}
