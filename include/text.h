/* Text handling shared by the screens, the command line and the core. */
#ifndef REGDESK_TEXT_H
#define REGDESK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when s is valid UTF-8. */
bool text_is_valid_utf8(const char *s);
/* Number of characters (code points) in valid UTF-8. */
size_t text_char_count(const char *s);

/* Copies s into out with control characters made visible (ESC becomes "^[",
 * DEL "^?", C1 controls "<U+009B>") and invalid UTF-8 replaced by U+FFFD, so
 * that text from the database or a CSV can never drive the terminal.
 * Always NUL-terminates; cuts at a character boundary when out is too small. */
void text_make_inert(const char *s, char *out, size_t out_size);

/* Finnish sort key: case and accents folded except å, ä, ö, which sort after
 * z in that order (… x y z å ä ö); ü sorts as y. Compare keys bytewise. */
void text_finnish_sort_key(const char *s, char *out, size_t out_size);

/* SQL collation "finnish" comparing Finnish sort keys. */
int text_finnish_compare(const char *a, int a_length, const char *b, int b_length);

/* Search folding: lower case, accents removed (ä→a, ö→o, å→a, é→e, ß→ss),
 * every other non-alphanumeric character a word break; words joined by one
 * space. "Söderström-Åkerlund" becomes "soderstrom akerlund". */
void text_search_fold(const char *s, char *out, size_t out_size);

/* Copies s made inert into out, cut or padded with spaces to exactly
 * columns display columns (for aligned text output). */
void text_fit_columns(const char *s, int columns, char *out, size_t out_size);

/* Copies at most out_size-1 bytes, never splitting a UTF-8 sequence. */
void text_copy(char *out, size_t out_size, const char *s);

#endif
