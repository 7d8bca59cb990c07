/* linkdest.c — link destination -> (glossary prefix, slug, fragment) or relative article path.
 * Must never touch the file system: a relative path is resolved as a string. */
#include "linkdest.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xalloc.h"

static const char *const asset_extensions[] = {
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp", "tif", "tiff", "pdf",
    "zip", "gz",  "mp3",  "mp4", "webm", "mov", "wav",  "ogg", "css", "js",  "json", "xml",
    "txt", "csv", "xls",  "xlsx", "doc", "docx", "ppt", "pptx", "woff", "woff2", "ttf", NULL};

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *linkdest_percent_decode(const char *s, size_t n)
{
    char *out = xmalloc(n + 1);
    size_t o = 0;
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
            (lo = hexval(s[i + 2])) >= 0) {
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
            changed = 1;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    if (changed && !text_utf8_valid(out, o, NULL)) {
        free(out);
        return xstrndup(s, n);
    }
    return out;
}

static int has_scheme(const char *url)
{
    const char *p = url;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) return 0;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           *p == '+' || *p == '.' || *p == '-')
        p++;
    return *p == ':';
}

static int is_asset(const char *slug, size_t n)
{
    const char *dot = NULL;
    for (size_t i = 0; i < n; i++)
        if (slug[i] == '.') dot = slug + i;
    if (!dot) return 0;
    size_t elen = (size_t)(slug + n - dot - 1);
    for (const char *const *e = asset_extensions; *e; e++) {
        if (strlen(*e) != elen) continue;
        size_t k = 0;
        for (; k < elen; k++) {
            char c = dot[1 + k];
            if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
            if (c != (*e)[k]) break;
        }
        if (k == elen) return 1;
    }
    return 0;
}

/* Where in the raw destination text the slug and fragment sit. The raw text differs from the url
 * only by escapes and entities; positions are found in the raw text by the same delimiters. */
static void locate(const char *text, struct span dest, size_t prefix_len, struct summary_link *out)
{
    const char *raw = text + dest.off;
    size_t n = dest.len, start = prefix_len < n ? prefix_len : n, end = start;
    while (end < n && raw[end] != '#' && raw[end] != '?') end++;
    size_t frag = end;
    while (frag < n && raw[frag] != '#') frag++;
    size_t slug_end = end;
    if (slug_end > start && raw[slug_end - 1] == '/') slug_end--;
    if (slug_end >= start + 3 && memcmp(raw + slug_end - 3, ".md", 3) == 0 && out->target == LINK_TO_SLUG)
        slug_end -= 3;
    out->slug_span = span_make(dest.off + (uint32_t)start, (uint32_t)(slug_end - start));
    out->frag_span = frag < n ? span_make(dest.off + (uint32_t)frag, (uint32_t)(n - frag))
                              : span_make(dest.off + (uint32_t)n, 0);
}

/* Resolves rel against the folder of path; returns NULL when it climbs out of the workspace. */
static char *resolve_relative(const char *path, const char *rel, size_t rel_len)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) : 0;
    char *buf = xmalloc(dir_len + rel_len + 2);
    size_t o = 0;
    if (dir_len) {
        memcpy(buf, path, dir_len);
        o = dir_len;
    }
    size_t i = 0;
    while (i < rel_len) {
        size_t j = i;
        while (j < rel_len && rel[j] != '/') j++;
        size_t seg = j - i;
        if (seg == 0 || (seg == 1 && rel[i] == '.')) {
            /* skip */
        } else if (seg == 2 && rel[i] == '.' && rel[i + 1] == '.') {
            if (o == 0) {
                free(buf);
                return NULL;
            }
            while (o > 0 && buf[o - 1] != '/') o--;
            if (o > 0) o--; /* drop the separator too */
        } else {
            if (o) buf[o++] = '/';
            memcpy(buf + o, rel + i, seg);
            o += seg;
        }
        i = j + 1;
    }
    buf[o] = '\0';
    return buf;
}

int linkdest_interpret(const char *url, const char *text, struct span dest, const char *path,
                       const struct analysis_opts *opts, struct summary_link *out)
{
    if (!url || !*url || has_scheme(url) || (url[0] == '/' && url[1] == '/')) return -1;
    size_t n = strlen(url);
    if (url[0] == '#') {
        out->target = LINK_TO_SELF;
        out->slug = NULL;
        out->fragment = n > 1 ? linkdest_percent_decode(url + 1, n - 1) : NULL;
        out->prefix = -1;
        out->slug_span = span_make(dest.off, 0);
        out->frag_span = dest;
        return out->fragment ? 0 : -1;
    }
    size_t end = 0;
    while (end < n && url[end] != '#' && url[end] != '?') end++;
    const char *hash = strchr(url, '#');
    for (size_t p = 0; p < opts->nprefixes; p++) {
        size_t plen = strlen(opts->prefixes[p]);
        if (plen > end || memcmp(url, opts->prefixes[p], plen) != 0) continue;
        /* The longest matching prefix decides; a bad rest means "not an article link". */
        size_t s = plen, e = end;
        if (e > s && url[e - 1] == '/') e--;
        if (e >= s + 3 && memcmp(url + e - 3, ".md", 3) == 0) e -= 3;
        if (e == s || memchr(url + s, '/', e - s) || is_asset(url + s, e - s)) return -1;
        char *slug = linkdest_percent_decode(url + s, e - s);
        if (strchr(slug, '/') || strcmp(slug, ".") == 0 || strcmp(slug, "..") == 0) {
            free(slug); /* "%2F" or "..": a path, never a slug (nor a file to create) */
            return -1;
        }
        out->target = LINK_TO_SLUG;
        out->prefix = (int)p;
        out->slug = slug;
        out->fragment = hash && hash[1] ? linkdest_percent_decode(hash + 1, strlen(hash + 1)) : NULL;
        locate(text, dest, plen, out);
        return 0;
    }
    if (url[0] == '/' || end < 3 || memcmp(url + end - 3, ".md", 3) != 0) return -1;
    char *decoded = linkdest_percent_decode(url, end);
    out->target = LINK_TO_PATH;
    out->prefix = -1;
    out->slug = resolve_relative(path, decoded, strlen(decoded));
    free(decoded);
    out->fragment = hash && hash[1] ? linkdest_percent_decode(hash + 1, strlen(hash + 1)) : NULL;
    locate(text, dest, 0, out);
    return 0;
}
