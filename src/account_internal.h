/* Account internals shared with the unit tests only. */
#ifndef REGDESK_ACCOUNT_INTERNAL_H
#define REGDESK_ACCOUNT_INTERNAL_H

#include <stdbool.h>

/* The unit tests' fixtures make hundreds of accounts, and at the interactive
 * limits (64 MB, run under AddressSanitizer) those argon2id hashes were most
 * of make test's time. The fixture turns this on; the stored hash names its
 * own parameters, so logging in verifies either kind. Only tests/unit calls
 * it (tests/e2e/test_structure.sh checks), and test_accounts checks the
 * program's own parameters with it off. */
void account_hash_cheaply_for_tests(bool cheaply);

#endif
