/* uri.h — file paths <-> file:// URIs (RFC 3986 percent-encoding of UTF-8 bytes).
 * Must never touch the file system. */
#ifndef GLOSSARY_URI_H
#define GLOSSARY_URI_H

/** Returns a new "file://" URI for the absolute path: every byte outside the unreserved set and
 *  '/' is percent-encoded ("æ" -> "%C3%A6", " " -> "%20"). */
char *uri_from_path(const char *abs_path);

/** Returns the new absolute path of a "file://" URI (percent-decoded; an optional authority such as
 *  "localhost" is dropped), or NULL when uri is not a file URI or decodes to a NUL byte. */
char *uri_to_path(const char *uri);

#endif
