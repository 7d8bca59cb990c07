/* opener.h — opens a workspace folder's engine (configuration, schema, the walk over every file)
 * on a thread of its own, so the server keeps answering while a 430,000-file workspace is listed.
 * Must never touch the server: it hands the engine over, and wakes the server through a pipe. */
#ifndef GLOSSARY_OPENER_H
#define GLOSSARY_OPENER_H

#include "engine.h"
#include "value.h"

struct opener;

/** Starts opening the engine of the folder at path (absolute; copied) with the client's settings
 *  (may be NULL; taken when the opener starts). Returns the opener, or NULL when no thread could
 *  be started: settings are then still the caller's, which opens the engine itself. */
struct opener *opener_start(const char *path, struct value *settings);

/** A descriptor that becomes readable once the engine is open (for poll). */
int opener_fd(const struct opener *o);

/** Returns 1 once the opening has finished (whatever its outcome), else 0. Never blocks. */
int opener_done(struct opener *o);

/** Waits for the opening to finish, frees the opener and returns engine_open's result: 0 and the
 *  engine in *out (the caller owns it), or -1 and the reason in err. */
int opener_finish(struct opener *o, struct engine **out, char *err, size_t err_size);

/** Stops caring: waits for the thread, frees the opener and any engine it opened. NULL is a
 *  no-op. */
void opener_free(struct opener *o);

#endif
