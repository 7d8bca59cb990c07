/* text.h — a document's line table and the ONLY conversions between byte offsets and
 * (line, character) positions, in UTF-8, UTF-16 or UTF-32 units, clamped as LSP 3.17 says.
 * Must never be bypassed: no other module counts lines or characters. */
#ifndef GLOSSARY_TEXT_H
#define GLOSSARY_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Unit of the `character` of a position. */
enum text_encoding {
    TEXT_UTF8,  /* bytes */
    TEXT_UTF16, /* UTF-16 code units (LSP's default) */
    TEXT_UTF32, /* Unicode code points */
};

struct text_pos {
    uint32_t line;      /* 0-based */
    uint32_t character; /* 0-based, in the encoding's units */
};

/* On a line longer than TEXT_MARK_LINE, a mark every TEXT_MARK_BYTES bytes: the first character
 * start at or after it, with its column in each unit, so that a conversion on a 1 MB line counts
 * from the nearest mark instead of the line's start. Shorter lines (a paragraph of prose is one
 * line of a few KB) are counted from their start: marking them would cost every article more than
 * all its conversions. */
#define TEXT_MARK_BYTES 512u
#define TEXT_MARK_LINE 16384u

struct text_mark {
    uint32_t off;      /* a character start, not a line start */
    uint32_t c16, c32; /* its column in UTF-16 and UTF-32 units (in bytes it is off - line start) */
};

/* Line starts of one text. Lines end at "\n", "\r\n" or a lone "\r" (LSP's rule); the line break
 * belongs to the line it ends. The table borrows the text: keep both alive together. */
struct text_lines {
    const char *text;
    uint32_t len;
    uint32_t *starts; /* starts[i] = byte offset of line i; count entries; starts[0] = 0 */
    uint32_t count;   /* >= 1: an empty text has one empty line */
    struct text_mark *marks; /* the marks of every long line, by offset; NULL when none */
    uint32_t nmarks;
    int valid_utf8; /* 0 after text_lines_init; set by a caller that checked the text with
                       text_utf8_valid: the cursor then counts characters 16 bytes at a time */
};

/** Builds the line table of text[0..len) (len < 4 GiB; may hold NULs, invalid UTF-8), with the
 *  marks of its long lines (decoding those lines once). Returns 0, or -1 when len does not fit in
 *  32 bits. The caller frees with text_lines_free. */
int text_lines_init(struct text_lines *lines, const char *text, size_t len);

/** Frees the table's array and zeroes it. Safe on a zeroed struct. */
void text_lines_free(struct text_lines *lines);

/** Returns the 0-based line holding byte offset off (off is clamped to the text length). */
uint32_t text_line_of(const struct text_lines *lines, uint32_t off);

/** Returns the byte offset where line ends, before its line break (clamped to the last line). */
uint32_t text_line_end(const struct text_lines *lines, uint32_t line);

/** Converts a byte offset to a position in enc units. An offset past the end is clamped to the end;
 *  an offset inside a line break or a UTF-8 sequence counts as that break or character's start.
 *  Invalid UTF-8 bytes count as one character each (one UTF-16 unit, one code point). */
struct text_pos text_pos_at(const struct text_lines *lines, uint32_t off, enum text_encoding enc);

/** Converts a position in enc units to a byte offset. A line past the end gives the text's end; a
 *  character past the line's end gives the line's end (before its line break); a character inside
 *  a UTF-16 surrogate pair or a UTF-8 sequence gives the start of that character. */
uint32_t text_offset_at(const struct text_lines *lines, struct text_pos pos,
                        enum text_encoding enc);

/* A moving position: seeking forward costs the distance moved, so converting many increasing
 * offsets of one text (every link of a line of 80,000 links) stays linear. */
struct text_cursor {
    const struct text_lines *lines;
    uint32_t off;  /* where the cursor is (the start of a character) */
    uint32_t line;
    uint32_t c8, c16, c32; /* its character in each unit */
};

/** Puts the cursor at offset 0 of lines. */
void text_cursor_init(struct text_cursor *c, const struct text_lines *lines);

/** Moves the cursor to byte offset off (clamped like text_pos_at; an offset inside a character or
 *  line break counts as its start) and leaves the position in c->line and c->c8/c16/c32. Moving
 *  forward costs the bytes crossed; moving backward restarts from the target line's start or the
 *  mark before off. */
void text_cursor_seek(struct text_cursor *c, uint32_t off);

/** Decodes one UTF-8 character at s[0..n) (n >= 1). Returns its byte length (1..4) and stores the
 *  code point in *cp; an invalid or truncated sequence gives length 1 and *cp = 0xFFFD. */
int text_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/** Writes the UTF-8 encoding of code point cp to out (room for 4 bytes) and returns its length.
 *  Surrogates, 0 and values past U+10FFFF are written as U+FFFD. */
size_t text_utf8_encode(uint32_t cp, char *out);

/** Returns 1 when s[0..n) is valid UTF-8 (no overlongs, surrogates or values past U+10FFFF), else 0.
 *  When invalid and bad_off is not NULL, stores the offset of the first bad byte. */
int text_utf8_valid(const char *s, size_t n, size_t *bad_off);

/** Counts characters (code points, invalid bytes count one each) in s[0..n). */
size_t text_utf8_length(const char *s, size_t n);

#endif
