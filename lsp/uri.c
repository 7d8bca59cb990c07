/* uri.c — percent-encoding of file URIs, exactly as VS Code and Neovim write them.
 * Must never produce a URI that does not round-trip through uri_to_path. */
#include "uri.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* The bytes a file URI keeps as they are: the unreserved set and '/', as a bitmap of 4 x 64. */
static const unsigned long long kept[4] = {
    0x03FFE00000000000ULL, /* '-' '.' '/' '0'..'9' */
    0x47FFFFFE87FFFFFEULL, /* 'A'..'Z' '_' 'a'..'z' '~' */
    0, 0};

static int is_kept(unsigned char c)
{
    return (int)((kept[c >> 6] >> (c & 63)) & 1);
}

char *uri_from_path(const char *abs_path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(abs_path);
    char *out = xmalloc(7 + n * 3 + 1);
    memcpy(out, "file://", 7);
    size_t o = 7;
    for (size_t i = 0; i < n;) {
        size_t run = i;
        while (run < n && is_kept((unsigned char)abs_path[run])) run++;
        memcpy(out + o, abs_path + i, run - i); /* most paths are one run */
        o += run - i;
        if (run == n) break;
        unsigned char c = (unsigned char)abs_path[run];
        out[o++] = '%';
        out[o++] = hex[c >> 4];
        out[o++] = hex[c & 15];
        i = run + 1;
    }
    out[o] = '\0';
    return out;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

char *uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0) return NULL;
    const char *p = uri + 7;
    if (*p != '/') { /* an authority: file://localhost/x */
        p = strchr(p, '/');
        if (!p) return NULL;
    }
    size_t n = strlen(p), o = 0;
    char *out = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (p[i] == '%' && i + 2 < n && (hi = hexval(p[i + 1])) >= 0 &&
            (lo = hexval(p[i + 2])) >= 0) {
            char c = (char)(hi * 16 + lo);
            if (c == '\0') {
                free(out);
                return NULL;
            }
            out[o++] = c;
            i += 2;
        } else {
            out[o++] = p[i];
        }
    }
    out[o] = '\0';
    return out;
}
