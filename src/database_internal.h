/* The register's connection as the core sees it: SQLite handles and the
 * statement cache. Only src/ includes this; screens see struct database as
 * an opaque type (include/database.h). */
#ifndef REGDESK_DATABASE_INTERNAL_H
#define REGDESK_DATABASE_INTERNAL_H

#include <sqlite3.h>
#include "database.h"
#include "progress.h"
#include "storage.h"

struct pg_conn;
struct postgresql_statement;

/* A prepared statement of either engine (storage.h). */
struct statement {
	struct database *db;
	sqlite3_stmt *sqlite;              /* the SQLite engine's */
	struct postgresql_statement *postgresql; /* the PostgreSQL engine's */
	bool cached;                       /* kept in db->statements, reused */
};

struct database {
	enum storage_engine engine;
	sqlite3 *handle;           /* SQLite: open connection, foreign keys on, WAL */
	struct pg_conn *postgresql; /* PostgreSQL: the libpq connection */
	void *postgresql_state;    /* the engine's own (storage_postgresql.c) */
	int postgresql_statements; /* names given to server-side prepared statements */
	long long postgresql_changes; /* rows the last command changed */
	char postgresql_sqlstate[6]; /* the last error's SQLSTATE, "" after success */
	char path[4096];           /* file name as given, or ":memory:" */
	char audit_head_path[4200]; /* file keeping the audit chain head; "" for :memory: */
	int transaction_depth;     /* nesting of database_begin() calls */
	/* Run once each after the open transaction commits (database_after_commit). */
	void (*after_commit[4])(struct database *db);
	int after_commit_count;
	bool audit_chain_started;  /* this connection wrote the chain's first entry: the head file may be created */
	bool bulk_load;            /* search indexes are rebuilt at the end, not kept per row */
	/* The audit chain's newest entry as this connection wrote it, known only
	 * inside the write transaction that wrote it (nobody else can append
	 * meanwhile): a bulk import appends without reading it back per row. */
	bool audit_tail_known;
	long long audit_tail_id;
	unsigned char audit_tail_hash[32];
	long long audit_commit_from; /* the chain's tail before the open transaction's first entry: witnessed with the new head */
	char last_country[4];      /* the last code found in the country table (reference data, never changed) */
	struct cached_statement {
		char *sql;             /* the text it was prepared from; owned */
		const char *given;     /* the pointer it was last asked for with: a string literal is found without hashing */
		unsigned hash;
		struct statement *statement;
		bool in_use;
	} statements[128];         /* prepared once, reused: preparing dominated bulk work */
	int statement_count;
	char error[512];           /* the failing operation's detail, one line, for the user;
	                            * cleared when a session's operation starts
	                            * (permission_require); read via status_explain */
	/* A write waiting for another desk (activity.c): since when, when the
	 * side file was last read, and what the notice was last told. */
	struct database_wait {
		double started, checked;
		bool long_operation;       /* a live long operation holds the database: no time limit */
		char shown[256];           /* "" when the notice was not told */
	} wait;
	int activity_depth;        /* nesting of activity_begin() on this connection */
	double activity_written;   /* when the side file was last written (monotonic seconds) */
	int activity_percent;
	int activity_what;
	char activity_who[128];
	/* Long work's progress (progress.h): who watches, and the stage running. */
	progress_watcher progress_watcher;
	void *progress_context;
	double progress_interval;  /* seconds between two calls of the watcher */
	struct progress progress;
};


/* After an erasure commits: removes what the engine still keeps of deleted
 * rows (SQLite: merges the search segments, VACUUM, empties the WAL;
 * PostgreSQL: VACUUM, so dead tuples are gone from the tables) and clears
 * erasure_pending. On failure says why and returns false. */
bool database_wipe_deleted(struct database *db, char *why, size_t why_size);

/* The schema version the register says it has; -1 when unreadable. */
int database_stored_version(struct database *db);

/* Whether hook is registered to run after the open transaction commits. */
bool database_will_run_after_commit(const struct database *db, void (*hook)(struct database *db));

/* Registers SQL functions on a connection:
 * words_match(search_text, folded_query) is 1 when every word of the query
 * is the start of some word of search_text; nfc(text), finnish_sort_key(text)
 * and search_fold(text) are the functions of text.h (for migrations). */
int text_register_sql_functions(sqlite3 *handle);

#endif
