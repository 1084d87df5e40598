/* The brute-force reference the search tests share (tests/unit/test_contacts.c,
 * tests/unit/test_search_plans.c): the register's rows matched and sorted
 * here, in C, for the core's search to be compared with. */
#ifndef REGDESK_UNIT_SEARCH_REFERENCE_H
#define REGDESK_UNIT_SEARCH_REFERENCE_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct reference_row {
	long long id;
	char key[1200];        /* the Finnish sort key */
	char words[1024];      /* the folded search words */
	unsigned categories;   /* 1u << enum contact_category */
	bool restricted;
};

/* Finnish order: the sort key, then the id (as the core's pages). */
static inline int reference_compare(const void *a, const void *b)
{
	const struct reference_row *x = a, *y = b;
	int order = strcmp(x->key, y->key);
	return order ? order : (x->id > y->id) - (x->id < y->id);
}

static inline void reference_sort(struct reference_row *rows, int count)
{
	qsort(rows, (size_t)count, sizeof *rows, reference_compare);
}

/* True when every word of the folded query starts some word of the folded text. */
static inline bool reference_words_start(const char *text, const char *query)
{
	for (const char *word = query; *word;) {
		size_t length = strcspn(word, " ");
		bool found = false;
		for (const char *candidate = text; *candidate && !found;) {
			size_t candidate_length = strcspn(candidate, " ");
			found = candidate_length >= length && strncmp(candidate, word, length) == 0;
			candidate += candidate_length;
			candidate += strspn(candidate, " ");
		}
		if (!found)
			return false;
		word += length;
		word += strspn(word, " ");
	}
	return true;
}

#endif
