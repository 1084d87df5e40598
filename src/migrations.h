/* Schema migrations embedded at build time from data/migrations/ (generated). */
#ifndef REGDESK_MIGRATIONS_H
#define REGDESK_MIGRATIONS_H

struct migration {
	const char *name;          /* file name, e.g. "0001_foundation.sql" */
	const char *sql;           /* its whole text */
};

extern const struct migration migrations[];
extern const int migration_count;
/* The same numbered steps in PostgreSQL's dialect (data/migrations/postgresql/). */
extern const struct migration postgresql_migrations[];
extern const int postgresql_migration_count;

#endif
