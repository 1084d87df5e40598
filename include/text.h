/* Text handling shared by the screens, the command line and the core. */
#ifndef REGDESK_TEXT_H
#define REGDESK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The one UTF-8 decoder: the code point at s and its length in bytes, or 0
 * when s does not start with a valid sequence (overlong forms, surrogates,
 * values above U+10FFFF, a sequence cut short). */
size_t text_decode_utf8(const char *s, uint32_t *code_point);
/* Writes code_point as UTF-8 into out (4 bytes at most); returns its length. */
size_t text_encode_utf8(uint32_t code_point, char *out);

/* Unicode NFC, the composed form: "a" + U+0308 (as macOS and some web forms
 * send it) becomes "ä". Every input boundary stores text this way (forms,
 * the core's setters, the CSV reader). Invalid UTF-8 is left as it is, for
 * validation to refuse. text_nfc returns a malloc'd copy (NULL: no memory);
 * text_nfc_into copies into out (which may be s itself), cut at a character
 * boundary;
 * text_nfc_replace replaces *slot (false: no memory, *slot unchanged). */
char *text_nfc(const char *s);
void text_nfc_into(const char *s, char *out, size_t out_size);
bool text_nfc_replace(char **slot);
/* The one code point base and mark compose to under NFC ('a', U+0308: 'ä'),
 * or 0 when they stay two. */
uint32_t text_compose(uint32_t base, uint32_t mark);

/* True when s is valid UTF-8. */
bool text_is_valid_utf8(const char *s);
/* Number of characters (code points) in valid UTF-8. */
size_t text_char_count(const char *s);

/* Copies s into out with control characters made visible (ESC becomes "^[",
 * DEL "^?", C1 controls "<U+009B>") and invalid UTF-8 replaced by U+FFFD, so
 * that text from the database or a CSV can never drive the terminal.
 * Always NUL-terminates; cuts at a character boundary when out is too small. */
void text_make_inert(const char *s, char *out, size_t out_size);

/* Finnish sort key, the CLDR Finnish collation (as glibc's fi_FI has it):
 * composed first, so NFD and NFC text get the same key. First level: letters
 * and digits, case and accents folded, except å, ä, ö, which sort after z in
 * that order (… x y z å ä ö); ü sorts as y, æ as ä, ø as ö; letters with no
 * decomposition sort with their base letter (Ł with L, Đ with D); spaces and
 * punctuation do not count ("Mäkinen" before "Mäki-Petäjä"). The key is the
 * first level only (so "Éric" and "ERIC" have the key of "eric"); the
 * collation text_finnish_compare breaks its ties by the accents, then the
 * case (small letters first), as CLDR does. Compare keys bytewise. */
void text_finnish_sort_key(const char *s, char *out, size_t out_size);

/* SQL collation "finnish" comparing Finnish sort keys. */
int text_finnish_compare(const char *a, int a_length, const char *b, int b_length);

/* Search folding (of the composed text, so NFD finds NFC and back): lower
 * case, accents removed (ä→a, ö→o, å→a, é→e, ł→l, ß→ss),
 * every other non-alphanumeric character a word break; words joined by one
 * space. "Söderström-Åkerlund" becomes "soderstrom akerlund". */
void text_search_fold(const char *s, char *out, size_t out_size);

/* Copies s made inert into out, cut or padded with spaces to exactly
 * columns display columns (for aligned text output). */
void text_fit_columns(const char *s, int columns, char *out, size_t out_size);

/* A name word typed all in lower case with its first letter, and each
 * letter after a hyphen or apostrophe, in upper case ("pöyhönen-åkerlund"
 * becomes "Pöyhönen-Åkerlund"); a word with any capital is copied as typed. */
void text_capitalise_name(const char *word, char *out, size_t out_size);

/* Copies at most out_size-1 bytes, never splitting a UTF-8 sequence. */
void text_copy(char *out, size_t out_size, const char *s);

#endif
