/* test_text.c — unit tests of lsp/analysis/text.c: line tables and every offset <-> position
 * conversion, in UTF-8, UTF-16 and UTF-32, with the LSP clamping rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cpu_limit.h"
#include "text.h"

struct conv_case {
    const char *name;
    const char *text;
    uint32_t off;
    uint32_t line;
    uint32_t c8, c16, c32; /* expected character in each encoding */
};

/* "a𐐀b": 𐐀 is U+10400, 4 bytes, 2 UTF-16 units, 1 code point. */
static const struct conv_case conv_cases[] = {
    {"ascii start", "abc\ndef", 0, 0, 0, 0, 0},
    {"ascii second line", "abc\ndef", 5, 1, 1, 1, 1},
    {"after astral", "a\xF0\x90\x90\x80" "b", 5, 0, 5, 3, 2},
    {"before astral", "a\xF0\x90\x90\x80" "b", 1, 0, 1, 1, 1},
    {"inside astral is its start", "a\xF0\x90\x90\x80" "b", 3, 0, 1, 1, 1},
    {"æøå", "\xC3\xA6\xC3\xB8\xC3\xA5x", 6, 0, 6, 3, 3},
    {"emoji then text", "\xF0\x9F\x98\x80 ok", 5, 0, 5, 3, 2},
    {"crlf second line", "ab\r\ncd", 5, 1, 1, 1, 1},
    {"inside crlf counts as line end", "ab\r\ncd", 3, 0, 2, 2, 2},
    {"lone cr", "ab\rcd", 3, 1, 0, 0, 0},
    {"bom is a character", "\xEF\xBB\xBFx", 3, 0, 3, 1, 1},
    {"past the end clamps", "ab", 99, 0, 2, 2, 2},
    {"empty", "", 0, 0, 0, 0, 0},
    {"invalid byte counts one", "\xFFx", 1, 0, 1, 1, 1},
    {"trailing newline makes a line", "ab\n", 3, 1, 0, 0, 0},
};

static void test_pos_at(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof conv_cases / sizeof *conv_cases; i++) {
        const struct conv_case *c = &conv_cases[i];
        struct text_lines lines;
        assert_int_equal(text_lines_init(&lines, c->text, strlen(c->text)), 0);
        const uint32_t expect[3] = {c->c8, c->c16, c->c32};
        const enum text_encoding encs[3] = {TEXT_UTF8, TEXT_UTF16, TEXT_UTF32};
        for (int e = 0; e < 3; e++) {
            struct text_pos p = text_pos_at(&lines, c->off, encs[e]);
            if (p.line != c->line || p.character != expect[e])
                fail_msg("%s (enc %d): got %u:%u, want %u:%u", c->name, e, p.line, p.character,
                         c->line, expect[e]);
        }
        text_lines_free(&lines);
    }
}

struct back_case {
    const char *name;
    const char *text;
    uint32_t line, character;
    enum text_encoding enc;
    uint32_t off;
};

static const struct back_case back_cases[] = {
    {"utf16 after astral", "a\xF0\x90\x90\x80" "b", 0, 3, TEXT_UTF16, 5},
    {"utf16 inside surrogate pair gives char start", "a\xF0\x90\x90\x80" "b", 0, 2, TEXT_UTF16, 1},
    {"utf8 inside sequence gives char start", "a\xF0\x90\x90\x80" "b", 0, 3, TEXT_UTF8, 1},
    {"utf32 after astral", "a\xF0\x90\x90\x80" "b", 0, 2, TEXT_UTF32, 5},
    {"column past line end clamps before break", "ab\ncd", 0, 40, TEXT_UTF16, 2},
    {"column past line end, crlf", "ab\r\ncd", 0, 40, TEXT_UTF16, 2},
    {"line past end gives text end", "ab\ncd", 7, 0, TEXT_UTF16, 5},
    {"last line without break", "ab\ncd", 1, 2, TEXT_UTF16, 5},
    {"æøå utf16", "x\n\xC3\xA6\xC3\xB8\xC3\xA5y", 1, 3, TEXT_UTF16, 8},
    {"æøå utf8", "x\n\xC3\xA6\xC3\xB8\xC3\xA5y", 1, 4, TEXT_UTF8, 6},
    {"lone cr line", "a\rb", 1, 1, TEXT_UTF16, 3},
    {"empty text", "", 0, 5, TEXT_UTF16, 0},
    {"empty text line 3", "", 3, 0, TEXT_UTF16, 0},
};

static void test_offset_at(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof back_cases / sizeof *back_cases; i++) {
        const struct back_case *c = &back_cases[i];
        struct text_lines lines;
        text_lines_init(&lines, c->text, strlen(c->text));
        struct text_pos p = {c->line, c->character};
        uint32_t off = text_offset_at(&lines, p, c->enc);
        if (off != c->off) fail_msg("%s: got %u, want %u", c->name, off, c->off);
        text_lines_free(&lines);
    }
}

/* Every offset that starts a character survives offset -> position -> offset in each encoding. */
static void test_round_trip(void **state)
{
    (void)state;
    const char *text = "---\ntitle: kontoansvarlig\n---\r\n# Hø\xF0\x9F\x98\x80ydepunkter\r"
                       "– a\xF0\x90\x90\x80" "b\n\n\xEF\xBB\xBF" "end";
    size_t len = strlen(text);
    struct text_lines lines;
    text_lines_init(&lines, text, len);
    for (uint32_t off = 0; off <= len; off++) {
        if (off < len && ((unsigned char)text[off] & 0xC0) == 0x80) continue;
        if (off > 0 && text[off - 1] == '\r' && text[off] == '\n') continue; /* inside CRLF */
        for (int e = 0; e < 3; e++) {
            struct text_pos p = text_pos_at(&lines, off, (enum text_encoding)e);
            uint32_t back = text_offset_at(&lines, p, (enum text_encoding)e);
            if (back != off) fail_msg("offset %u enc %d: back %u", off, e, back);
        }
    }
    text_lines_free(&lines);
}

/* The cursor gives what text_pos_at gives, seeking forwards and backwards. */
static void test_cursor(void **state)
{
    (void)state;
    const char *text = "a\xF0\x90\x90\x80" "b\r\næø😀x\ry\n\n\xFFz";
    struct text_lines lines;
    text_lines_init(&lines, text, strlen(text));
    struct text_cursor c;
    text_cursor_init(&c, &lines);
    const uint32_t offs[] = {0, 1, 3, 5, 6, 7, 8, 10, 12, 14, 16, 17, 2, 9, 18, 20, 21, 22, 99, 0};
    for (size_t i = 0; i < sizeof offs / sizeof *offs; i++) {
        text_cursor_seek(&c, offs[i]);
        struct text_pos p8 = text_pos_at(&lines, offs[i], TEXT_UTF8);
        struct text_pos p16 = text_pos_at(&lines, offs[i], TEXT_UTF16);
        struct text_pos p32 = text_pos_at(&lines, offs[i], TEXT_UTF32);
        if (c.line != p8.line || c.c8 != p8.character || c.c16 != p16.character ||
            c.c32 != p32.character)
            fail_msg("offset %u: cursor %u:%u/%u/%u, want %u:%u/%u/%u", offs[i], c.line, c.c8,
                     c.c16, c.c32, p8.line, p8.character, p16.character, p32.character);
    }
    text_lines_free(&lines);
}

/* The column of off counted from its line's start, character by character: what the marks of a
 * long line must agree with. */
static uint32_t naive_column(const struct text_lines *lines, uint32_t off, enum text_encoding enc)
{
    uint32_t line = text_line_of(lines, off), i = lines->starts[line], units = 0;
    uint32_t end = text_line_end(lines, line);
    if (off > end) off = end;
    const unsigned char *u = (const unsigned char *)lines->text;
    while (i < off) {
        uint32_t cp;
        int l = text_utf8_decode(u + i, lines->len - i, &cp);
        if (i + (uint32_t)l > off) break;
        units += enc == TEXT_UTF8 ? (uint32_t)l : enc == TEXT_UTF16 && cp >= 0x10000 ? 2 : 1;
        i += (uint32_t)l;
    }
    return units;
}

/* Lines of tens of kilobytes (longer than TEXT_MARK_LINE: marks every TEXT_MARK_BYTES) and short
 * ones, with every kind of character, invalid bytes and line ends: each of 6,000 offsets, jumping
 * both ways, converts as if counted from the line's start, converts back, and the cursor agrees. */
static void test_long_lines(void **state)
{
    (void)state;
    const char *pieces[] = {"a", "\xC3\xA6", "\xF0\x9F\x98\x80", "\xF0\x90\x90\x80", "\xFF",
                            "\xE2\x80", " word ", "\xE2\x80\x93", "\x80\x80"};
    size_t cap = 90000, len = 0;
    char *text = malloc(cap + 16);
    unsigned seed = 7;
    while (len < cap) {
        seed = seed * 1103515245u + 12345u;
        unsigned k = (seed >> 16) % 40;
        unsigned brk = (seed >> 4) % 20000; /* a line end every few ten thousand bytes */
        const char *p = brk == 0   ? "\n"
                        : brk == 1 ? "\r\n"
                        : brk == 2 ? "\r"
                        : k < 9    ? pieces[k]
                                   : "b";
        memcpy(text + len, p, strlen(p));
        len += strlen(p);
    }
    struct text_lines lines;
    text_lines_init(&lines, text, len);
    assert_true(lines.nmarks > 10);
    struct text_cursor c;
    text_cursor_init(&c, &lines);
    for (uint32_t step = 0; step < 6000; step++) {
        uint32_t off = (uint32_t)(((uint64_t)step * 7919) % (len + 3)); /* jumps both ways */
        for (int e = 0; e < 3; e++) {
            enum text_encoding enc = (enum text_encoding)e;
            struct text_pos p = text_pos_at(&lines, off, enc);
            uint32_t want = naive_column(&lines, off, enc);
            if (p.character != want)
                fail_msg("offset %u enc %d: column %u, want %u", off, e, p.character, want);
            uint32_t back = text_offset_at(&lines, p, enc);
            if (text_pos_at(&lines, back, enc).character != want || back > off)
                fail_msg("offset %u enc %d: back to %u", off, e, back);
        }
        text_cursor_seek(&c, off);
        if (c.c8 != naive_column(&lines, off, TEXT_UTF8) ||
            c.c16 != naive_column(&lines, off, TEXT_UTF16) ||
            c.c32 != naive_column(&lines, off, TEXT_UTF32))
            fail_msg("cursor at %u: %u/%u/%u", off, c.c8, c.c16, c.c32);
    }
    text_lines_free(&lines);
    free(text);
}

/* 100,000 conversions anywhere on a 1 MB line take milliseconds, not minutes. */
static void test_long_line_speed(void **state)
{
    (void)state;
    size_t len = 1 << 20;
    char *text = malloc(len);
    for (size_t i = 0; i < len; i += 4) memcpy(text + i, i % 64 ? "abc " : "\xF0\x9F\x98\x80", 4);
    struct text_lines lines;
    text_lines_init(&lines, text, len);
    double t0 = cpu_seconds();
    uint32_t sum = 0;
    for (uint32_t k = 0; k < 100000; k++) {
        uint32_t off = (uint32_t)(((uint64_t)k * 104729) % len);
        struct text_pos p = text_pos_at(&lines, off, TEXT_UTF16);
        sum += text_offset_at(&lines, p, TEXT_UTF16) - off;
    }
    double s = cpu_seconds() - t0;
    if (s > cpu_limit(2.0)) fail_msg("100,000 conversions on a 1 MB line took %.1f s of CPU", s);
    (void)sum;
    text_lines_free(&lines);
    free(text);
}

/* Long lines of ASCII runs of every length between æ, emoji and a bad byte (the cursor crosses
 * ASCII a word at a time): every offset, seeking forward in steps of 1 and of 5, and a backward
 * seek in between, agrees with text_pos_at. */
static void test_cursor_long_lines(void **state)
{
    (void)state;
    char text[4096];
    size_t n = 0;
    const char *odd[] = {"\xC3\xA6", "\xF0\x9F\x98\x80", "\xFF", "\r\n", "\xC3"};
    for (int run = 0; run < 40; run++) {
        for (int k = 0; k < run % 19; k++) text[n++] = (char)('a' + k);
        const char *o = odd[run % 5];
        memcpy(text + n, o, strlen(o));
        n += strlen(o);
    }
    text[n] = '\0';
    struct text_lines lines;
    text_lines_init(&lines, text, n);
    for (uint32_t step = 1; step <= 5; step += 4) {
        struct text_cursor c;
        text_cursor_init(&c, &lines);
        for (uint32_t off = 0; off <= n + 1; off += step) {
            text_cursor_seek(&c, off);
            if (off % 97 == 0 && off > 7) text_cursor_seek(&c, off - 7), text_cursor_seek(&c, off);
            struct text_pos p8 = text_pos_at(&lines, off, TEXT_UTF8);
            struct text_pos p16 = text_pos_at(&lines, off, TEXT_UTF16);
            struct text_pos p32 = text_pos_at(&lines, off, TEXT_UTF32);
            if (c.line != p8.line || c.c8 != p8.character || c.c16 != p16.character ||
                c.c32 != p32.character)
                fail_msg("offset %u: cursor %u:%u/%u/%u, want %u:%u/%u/%u", off, c.line, c.c8,
                         c.c16, c.c32, p8.line, p8.character, p16.character, p32.character);
        }
    }
    text_lines_free(&lines);
}

/* A text vouched valid UTF-8 (lines.valid_utf8) is counted 16 bytes at a time: random valid
 * texts of ASCII, 2-, 3- and 4-byte characters and line breaks, with short and long lines (marks),
 * sought forward in steps of 1, 7 and random jumps, and now and then backward: every position
 * agrees with text_pos_at in all three units. */
static void test_cursor_valid_utf8(void **state)
{
    (void)state;
    const char *pieces[] = {"a", "bcdefgh", "0123456789abcdefghij", "\xC3\xA6", "\xC3\xB8",
                            "\xE2\x82\xAC", "\xF0\x9F\x99\x82", "\n", "\r\n", " ", "[x](/y)"};
    uint64_t r = 88172645463325252ULL;
    for (int round = 0; round < 93; round++) {
        static char text[21000];
        /* the last three: one line past TEXT_MARK_LINE, whose marks the cursor starts from */
        size_t n = 0, want = round < 90 ? (size_t)(round * 61 % 4000) : 20000;
        while (n < want) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            size_t k = (size_t)(r % 11);
            if ((k == 7 || k == 8) && (round % 3 == 0 || round >= 90)) k = 2; /* one line */
            size_t l = strlen(pieces[k]);
            memcpy(text + n, pieces[k], l);
            n += l;
        }
        struct text_lines lines;
        text_lines_init(&lines, text, n);
        assert_true(text_utf8_valid(text, n, NULL));
        lines.valid_utf8 = 1;
        struct text_cursor c;
        text_cursor_init(&c, &lines);
        uint32_t off = 0;
        while (off <= n + 2) {
            text_cursor_seek(&c, off);
            struct text_pos p8 = text_pos_at(&lines, off, TEXT_UTF8);
            struct text_pos p16 = text_pos_at(&lines, off, TEXT_UTF16);
            struct text_pos p32 = text_pos_at(&lines, off, TEXT_UTF32);
            if (c.line != p8.line || c.c8 != p8.character || c.c16 != p16.character ||
                c.c32 != p32.character)
                fail_msg("round %d offset %u: cursor %u:%u/%u/%u, want %u:%u/%u/%u", round, off,
                         c.line, c.c8, c.c16, c.c32, p8.line, p8.character, p16.character,
                         p32.character);
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            uint32_t step = round % 3 == 0 ? 1 : round % 3 == 1 ? 7 : (uint32_t)(r % 300);
            if (r % 50 == 0 && off > 40) off -= 40; /* backward now and then */
            else off += step ? step : 1;
        }
        text_lines_free(&lines);
    }
}

/* Found by tests/fuzz/fuzz_summary: text_pos_at in UTF-8 read the byte at the offset to see if it
 * was inside a sequence, also at the very end of the text (one byte past it). A text that is not
 * NUL-terminated is placed right before a page that cannot be read: any read past it crashes. */
static void test_end_of_unterminated_text(void **state)
{
    (void)state;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(map != MAP_FAILED);
    assert_int_equal(mprotect(map + page, page, PROT_NONE), 0);
    const char *cases[] = {"ab", "x\n\xC3\xA6", "\xF0\x9F\x98\x80", "a\r\n", "",
                           "abcdefghijklmnopqrst\xC3\xA6\xC3\xB8\xF0\x9F\x98\x80"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len = strlen(cases[i]);
        char *text = map + page - len;
        memcpy(text, cases[i], len);
        struct text_lines lines;
        assert_int_equal(text_lines_init(&lines, text, len), 0);
        for (int e = 0; e < 3; e++) {
            struct text_pos end = text_pos_at(&lines, (uint32_t)len, (enum text_encoding)e);
            assert_int_equal(text_offset_at(&lines, end, (enum text_encoding)e), len);
            for (int valid = 0; valid < 2; valid++) { /* both cursors stop at the end */
                lines.valid_utf8 = valid;
                struct text_cursor c;
                text_cursor_init(&c, &lines);
                text_cursor_seek(&c, (uint32_t)len + 5);
                assert_int_equal(c.line, end.line);
                assert_int_equal(c.c16,
                                 text_pos_at(&lines, (uint32_t)len, TEXT_UTF16).character);
                for (uint32_t off = 0; off <= len; off++) {
                    text_cursor_init(&c, &lines);
                    text_cursor_seek(&c, off);
                    assert_int_equal(c.c32, text_pos_at(&lines, off, TEXT_UTF32).character);
                }
            }
            lines.valid_utf8 = 0;
        }
        text_lines_free(&lines);
    }
    munmap(map, 2 * page);
}

static void test_lines(void **state)
{
    (void)state;
    struct text_lines lines;
    const char *t = "a\r\nb\rc\nd";
    text_lines_init(&lines, t, strlen(t));
    assert_int_equal(lines.count, 4);
    assert_int_equal(lines.starts[1], 3);
    assert_int_equal(lines.starts[2], 5);
    assert_int_equal(lines.starts[3], 7);
    assert_int_equal(text_line_end(&lines, 0), 1);
    assert_int_equal(text_line_end(&lines, 1), 4);
    assert_int_equal(text_line_end(&lines, 3), 8);
    assert_int_equal(text_line_of(&lines, 4), 1);
    assert_int_equal(text_line_of(&lines, 100), 3);
    text_lines_free(&lines);
    text_lines_free(&lines); /* safe twice */
}

static void test_utf8_helpers(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_true(text_utf8_valid("æøå \xF0\x9F\x98\x80", 11, NULL));
    assert_false(text_utf8_valid("ab\xC3", 3, &bad));
    assert_int_equal(bad, 2);
    assert_false(text_utf8_valid("\xED\xA0\x80", 3, &bad)); /* a surrogate */
    assert_false(text_utf8_valid("\xC0\xAF", 2, &bad));     /* overlong '/' */
    assert_true(text_utf8_valid("\xEF\xBF\xBD", 3, NULL));  /* U+FFFD itself is fine */
    assert_int_equal(text_utf8_length("æøå\xF0\x9F\x98\x80", 10), 4);
    uint32_t cp;
    assert_int_equal(text_utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
}

/* text_utf8_valid reads ASCII sixteen or eight bytes at a time: an invalid byte (or a truncated
 * sequence) must be found at its offset wherever it falls in or across those blocks, among
 * ASCII, two-, three- and four-byte characters. */
static void test_utf8_valid_every_offset(void **state)
{
    (void)state;
    const char *pieces[] = {"a", "\xC3\xA6", "\xE2\x80\x93", "\xF0\x9F\x98\x80", "bcdefgh"};
    for (size_t seed = 0; seed < 5; seed++) {
        char buf[160];
        size_t n = 0, k = seed;
        while (n < 120) {
            const char *p = pieces[k++ % 5];
            memcpy(buf + n, p, strlen(p));
            n += strlen(p);
        }
        size_t bad;
        assert_true(text_utf8_valid(buf, n, &bad));
        for (size_t at = 0; at < n; at++) {
            if (((unsigned char)buf[at] & 0xC0) == 0x80) continue; /* a character's start only */
            char t[160];
            memcpy(t, buf, n);
            t[at] = (char)0xFF;
            assert_false(text_utf8_valid(t, n, &bad));
            assert_int_equal(bad, at);
            if ((unsigned char)buf[at] >= 0xC0) { /* cut it short: its lead byte is bad */
                assert_false(text_utf8_valid(buf, at + 1, &bad));
                assert_int_equal(bad, at);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pos_at),      cmocka_unit_test(test_offset_at),
        cmocka_unit_test(test_utf8_valid_every_offset),
        cmocka_unit_test(test_round_trip),  cmocka_unit_test(test_lines),
        cmocka_unit_test(test_cursor),      cmocka_unit_test(test_end_of_unterminated_text),
        cmocka_unit_test(test_cursor_long_lines),
        cmocka_unit_test(test_cursor_valid_utf8), cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_long_line_speed),
        cmocka_unit_test(test_utf8_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
