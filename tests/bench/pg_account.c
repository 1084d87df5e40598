/* The benchmark's officer on a PostgreSQL register.
 *
 *   pg_account URI
 *
 * Opens (and so migrates) the empty database at URI and creates the first
 * privacy officer "bench" / "benchmark-password" through the core, as
 * tests/bench/generate.c does for an SQLite register: the login the search
 * benchmark and the terminal driver use, with its audit entries. The
 * contacts come after, copied by tests/bench/pg_seed.sh. */
#include <stdio.h>

#include "account.h"
#include "database.h"
#include "database_internal.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s URI\n", argv[0]);
		return 2;
	}
	struct database *db;
	char error[1024];
	if (database_open(&db, argv[1], error, sizeof error) != STATUS_OK) {
		fprintf(stderr, "pg_account: %s\n", error);
		return 1;
	}
	struct session session;
	if (account_create_first(db, "bench", "Benchmark Officer", "benchmark-password", "2020-01-02", &session) != STATUS_OK) {
		fprintf(stderr, "pg_account: first account: %s\n", db->error);
		return 1;
	}
	account_logout(&session);
	database_close(db);
	return 0;
}
