/* Account internals shared with the unit tests only. */
#ifndef REGDESK_ACCOUNT_INTERNAL_H
#define REGDESK_ACCOUNT_INTERNAL_H

#include <stdbool.h>

/* The tests make hundreds of accounts and log in thousands of times, and at
 * the interactive limits (64 MB, under AddressSanitizer) those argon2id hashes
 * were most of make test's time. The sanitizer build (-DREGDESK_TEST_BUILD)
 * and the unit tests' fixture hash at the minimum cost; the stored hash names
 * its own parameters, so logging in verifies either kind. Only tests/unit
 * calls this (tests/e2e/test_structure.sh checks), and test_accounts checks
 * the program's own parameters with it off. */
void account_hash_cheaply_for_tests(bool cheaply);

#endif
