/* The PostgreSQL engine (storage_postgresql.h).
 *
 * Results come as text and are read as SQLite's columns would be: integers
 * parsed, booleans as 1/0, bytea decoded. Statements kept in the cache are
 * prepared on the server under a name; a connection lost between two
 * transactions (a failover: the URI may name a primary and a standby with
 * target_session_attrs=read-write) is made again and the statements are
 * prepared afresh. A connection lost inside a transaction fails that
 * transaction: nothing was saved, and the desk says so. A write outside one
 * whose answer was lost is never sent again: the server may have committed
 * it already (it would be saved twice); the desk is told to check. */
#include "storage_postgresql.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "activity.h"
#include "calendar.h"
#include "i18n.h"
#include "migrations.h"
#include "text.h"

/* The key of the advisory lock every write transaction holds: one writer
 * at a time, as SQLite's BEGIN IMMEDIATE (a number no other program of the
 * database is likely to use: "regdesk" in ASCII). */
#define WRITER_LOCK_KEY "32199642085421931"

struct postgresql_statement {
	char *sql;                 /* translated to PostgreSQL's placeholders */
	bool repeatable;           /* safe to send again: see repeatable() */
	char name[24];             /* server-side name; "" when run unnamed */
	unsigned generation;       /* the connection it was prepared on */
	int parameter_count;
	char **values;             /* owned copies; NULL for SQL NULL */
	int *lengths;
	int *formats;              /* 1 for a blob (binary bytea), else 0 */
	PGresult *result;
	int row;                   /* the row the last step gave, from 0 */
	int rows;
	unsigned char **blobs;     /* decoded bytea of the current row, per column */
	size_t *blob_sizes;
	int blob_columns;
	/* A whole-register pass reads its rows through a server-side cursor,
	 * a batch at a time (postgresql_whole_register_pass). */
	struct database *db;       /* the connection, for the cursor's CLOSE at a reset */
	char cursor[32];           /* the open cursor's name; "" when none */
	bool cursor_more;          /* the last FETCH filled a batch: there may be more rows */
	bool cursor_held;          /* WITH HOLD: declared outside a transaction, outlives it */
	unsigned cursor_generation; /* the connection it was declared on */
	unsigned cursor_transaction; /* transactions ended before it was declared */
};

struct postgresql_connection_state {
	unsigned generation;       /* counts the connections made */
	unsigned transaction_generation; /* the connection the open transaction began on */
	char today[11];            /* the local date last given to the server */
	char message[512];
	bool whole_register_pass;  /* SELECTs read through cursors (postgresql_whole_register_pass) */
	unsigned cursors;          /* names given to cursors */
	unsigned transactions_ended; /* COMMITs and ROLLBACKs sent: a cursor without HOLD ends with its transaction */
};

/* The rows one FETCH brings: client memory holds one batch, not the result. */
#define CURSOR_BATCH_ROWS 1000

/* One connection per process, as with SQLite: the state is per database
 * struct, kept in the fields database_internal.h reserves. */
static struct postgresql_connection_state *state_of(struct database *db);

bool postgresql_uri(const char *path)
{
	return path && (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0);
}

void postgresql_uri_shown(const char *uri, char *out, size_t out_size)
{
	/* postgresql://user:secret@host/... -> postgresql://user@host/... */
	const char *scheme_end = strstr(uri, "://");
	const char *at = scheme_end ? strchr(scheme_end + 3, '@') : NULL;
	const char *slash = scheme_end ? strchr(scheme_end + 3, '/') : NULL;
	const char *colon = scheme_end ? strchr(scheme_end + 3, ':') : NULL;
	if (at && colon && colon < at && (!slash || at < slash))
		snprintf(out, out_size, "%.*s%s", (int)(colon - uri), uri, at);
	else
		snprintf(out, out_size, "%s", uri);
	/* A password may also come as a parameter: ?password=... (and
	 * sslpassword=..., the client key's): each one becomes "*". */
	for (char *password = strstr(out, "password="); password; password = strstr(password + 10, "password=")) {
		char *end = strchr(password, '&');
		size_t tail = end ? strlen(end) : 0;
		memmove(password + 9 + 1, end ? end : password + strlen(password), tail + 1);
		password[9] = '*';
	}
}

/* ---- translating SQL ---- */

static bool word_at(const char *p, const char *word)
{
	size_t length = strlen(word);
	return strncasecmp(p, word, length) == 0 && !isalnum((unsigned char)p[length]) && p[length] != '_';
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* The words at p, one blank or more between them (SQL may break a line
 * anywhere); returns where they end, or NULL. */
static const char *words_at(const char *p, const char *const *words)
{
	for (int i = 0; words[i]; i++) {
		if (i > 0) {
			const char *after = skip_space(p);
			if (after == p)
				return NULL;
			p = after;
		}
		if (!word_at(p, words[i]))
			return NULL;
		p += strlen(words[i]);
	}
	return p;
}

/* Whether running sql twice does what running it once does: a query that
 * only reads (regdesk's SQL functions change nothing), a session setting,
 * VACUUM. A write's answer lost with the connection does not say whether
 * the server committed it, so a write is never sent again. */
static bool repeatable(const char *sql)
{
	const char *p = skip_space(sql);
	if (word_at(p, "SELECT") || word_at(p, "SHOW") || word_at(p, "SET") || word_at(p, "VACUUM") ||
	    word_at(p, "ANALYZE"))
		return true;
	if (!word_at(p, "WITH"))
		return false;
	/* A WITH may hold an INSERT, UPDATE or DELETE: any such word (even in
	 * a string) counts as a write. */
	for (; *p; p++) {
		bool word_start = p == sql || (!isalnum((unsigned char)p[-1]) && p[-1] != '_');
		if (word_start && (word_at(p, "INSERT") || word_at(p, "UPDATE") || word_at(p, "DELETE") ||
				   word_at(p, "MERGE")))
			return false;
	}
	return true;
}

struct sql_buffer {
	char *text;
	size_t used, size;
	bool failed;
};

static void put(struct sql_buffer *out, const char *bytes, size_t length)
{
	if (out->failed)
		return;
	if (out->used + length + 1 > out->size) {
		size_t size = (out->used + length + 1) * 2;
		char *bigger = realloc(out->text, size);
		if (!bigger) {
			out->failed = true;
			return;
		}
		out->text = bigger;
		out->size = size;
	}
	memcpy(out->text + out->used, bytes, length);
	out->used += length;
	out->text[out->used] = '\0';
}

char *postgresql_translate(const char *sql, int *parameter_count)
{
	static const char *const indexed_by[] = { "INDEXED", "BY", NULL };
	static const char *const not_indexed[] = { "NOT", "INDEXED", NULL };
	static const char *const or_ignore_words[] = { "INSERT", "OR", "IGNORE", NULL };
	struct sql_buffer out = { NULL, 0, 0, false };
	put(&out, "", 0);
	int highest = 0;
	bool or_ignore = false;
	size_t returning_at = 0;   /* where a top-level RETURNING starts in out; 0 if none */
	int depth = 0;             /* parentheses */
	for (const char *p = sql; *p && !out.failed;) {
		if (*p == '\'' || *p == '"') {   /* literals and quoted names as they are */
			const char *start = p;
			char quote = *p++;
			while (*p) {
				if (*p++ == quote) {
					if (*p == quote)
						p++;   /* a doubled quote inside */
					else
						break;
				}
			}
			put(&out, start, (size_t)(p - start));
			continue;
		}
		if (p[0] == '-' && p[1] == '-') {   /* comments go: a ? in them is no parameter */
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			p = end ? end + 2 : p + strlen(p);
			put(&out, " ", 1);
			continue;
		}
		if (*p == '?') {
			p++;
			int number;
			if (isdigit((unsigned char)*p)) {
				char *end;
				number = (int)strtol(p, &end, 10);
				p = end;
			} else {
				number = highest + 1;
			}
			if (number > highest)
				highest = number;
			char placeholder[16];
			put(&out, placeholder, (size_t)snprintf(placeholder, sizeof placeholder, "$%d", number));
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 0)
			depth--;
		bool boundary = p == sql || (!isalnum((unsigned char)p[-1]) && p[-1] != '_');
		const char *after;
		if (boundary && ((after = words_at(p, indexed_by)) != NULL)) {
			/* SQLite's planner hints: PostgreSQL plans for itself. */
			p = skip_space(after);
			while (isalnum((unsigned char)*p) || *p == '_')
				p++;
			continue;
		}
		if (boundary && ((after = words_at(p, not_indexed)) != NULL)) {
			p = after;
			continue;
		}
		if (boundary && ((after = words_at(p, or_ignore_words)) != NULL)) {
			put(&out, "INSERT", 6);
			p = after;
			or_ignore = true;
			continue;
		}
		if (boundary && depth == 0 && or_ignore && !returning_at && word_at(p, "RETURNING"))
			returning_at = out.used;
		put(&out, p++, 1);
	}
	if (out.failed) {
		free(out.text);
		return NULL;
	}
	size_t end = out.used;
	while (end > 0 && strchr(" \t\r\n;", out.text[end - 1]))
		end--;
	out.text[end] = '\0';
	out.used = end;
	if (or_ignore) {
		/* ON CONFLICT comes before a RETURNING clause. */
		const char *clause = " ON CONFLICT DO NOTHING";
		size_t at = returning_at && returning_at < end ? returning_at : end;
		char *tail = strdup(out.text + at);
		if (!tail) {
			free(out.text);
			return NULL;
		}
		out.used = at;
		put(&out, clause, strlen(clause));
		if (*tail)
			put(&out, " ", 1);
		put(&out, tail, strlen(tail));
		free(tail);
		if (out.failed) {
			free(out.text);
			return NULL;
		}
	}
	*parameter_count = highest;
	return out.text;
}

/* ---- errors ---- */

static int code_of_sqlstate(const char *sqlstate)
{
	if (!sqlstate || !*sqlstate)
		return STORAGE_ERROR;
	static const struct {
		const char *sqlstate;
		int code;
	} codes[] = {
		{ "23505", STORAGE_CONSTRAINT_UNIQUE },
		{ "23503", STORAGE_CONSTRAINT_FOREIGNKEY },
		{ "23514", STORAGE_CONSTRAINT_CHECK },
		{ "23502", STORAGE_CONSTRAINT_NOTNULL },
		{ "P0001", STORAGE_CONSTRAINT_TRIGGER },   /* a trigger's RAISE, as SQLite's RAISE(ABORT) */
		{ "40001", STORAGE_BUSY },
		{ "40P01", STORAGE_BUSY },
		{ "55P03", STORAGE_BUSY },
		{ "25006", STORAGE_READONLY },               /* a standby, or a read-only transaction */
		{ "42501", STORAGE_READONLY },               /* no privilege: the role may not write here */
		{ "53100", STORAGE_FULL },
		{ "57014", STORAGE_INTERRUPT },
	};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(codes[i].sqlstate, sqlstate) == 0)
			return codes[i].code;
	if (strncmp(sqlstate, "23", 2) == 0)
		return STORAGE_CONSTRAINT;
	return STORAGE_ERROR;
}

/* libpq's messages may span lines ("server closed the connection
 * unexpectedly\n\tThis probably means..."); the desk shows one line. */
static void one_line(char *out, size_t out_size, const char *text)
{
	size_t used = 0;
	bool blank = false;
	for (const char *p = text ? text : ""; *p && used + 1 < out_size; p++) {
		if (*p == '\n' || *p == '\t' || *p == '\r' || *p == ' ') {
			blank = used > 0;
			continue;
		}
		if (blank && used + 2 < out_size)
			out[used++] = ' ';
		blank = false;
		out[used++] = *p;
	}
	out[used] = '\0';
}

static struct postgresql_connection_state *state_of(struct database *db)
{
	return (struct postgresql_connection_state *)db->postgresql_state;
}

static bool connection_lost(struct database *db)
{
	return PQstatus(db->postgresql) != CONNECTION_OK;
}

/* Whether a failed result means the server is gone. libpq does not always
 * mark the connection bad at once: a failure with no SQLSTATE is its own
 * (the socket closed under it: "server closed the connection
 * unexpectedly"), and 57P01-57P03 are the server shutting down. */
static bool lost_by(struct database *db, PGresult *result)
{
	if (connection_lost(db))
		return true;
	if (!result || PQresultStatus(result) != PGRES_FATAL_ERROR)
		return false;
	const char *sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
	return !sqlstate || strncmp(sqlstate, "08", 2) == 0 || strncmp(sqlstate, "57P0", 4) == 0;
}

/* Keeps the failure's words and SQLSTATE; returns its STORAGE_* code. */
static int record_failure(struct database *db, PGresult *result)
{
	struct postgresql_connection_state *state = state_of(db);
	const char *sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (lost_by(db, result) || (connection_lost(db) && !result)) {
		/* The server went away (a failover, a restart): whatever the
		 * transaction had done is undone on the server. */
		snprintf(state->message, sizeof state->message, "%s",
			 _("the connection to the database server was lost: nothing was saved; try again"));
		sqlstate = "08006";
	} else {
		one_line(state->message, sizeof state->message,
			 primary && *primary ? primary : PQerrorMessage(db->postgresql));
	}
	snprintf(db->postgresql_sqlstate, sizeof db->postgresql_sqlstate, "%s", sqlstate ? sqlstate : "");
	return code_of_sqlstate(sqlstate);
}

/* A refusal of the engine's own, with a SQLSTATE that tells its kind. */
static int refuse(struct database *db, const char *sqlstate, const char *message)
{
	snprintf(state_of(db)->message, sizeof state_of(db)->message, "%s", message);
	snprintf(db->postgresql_sqlstate, sizeof db->postgresql_sqlstate, "%s", sqlstate);
	return code_of_sqlstate(sqlstate);
}

static void succeeded(struct database *db)
{
	db->postgresql_sqlstate[0] = '\0';
	state_of(db)->message[0] = '\0';
}

const char *postgresql_error_message(struct database *db)
{
	return state_of(db)->message;
}

int postgresql_error_code(struct database *db)
{
	if (!db->postgresql_sqlstate[0])
		return state_of(db)->message[0] ? STORAGE_ERROR : STORAGE_OK;
	return code_of_sqlstate(db->postgresql_sqlstate);
}

/* ---- the connection ---- */

/* The server's notices (a WARNING, a NOTICE) would be written to stderr,
 * across the desk's screen: the engine reports failures itself. */
static void ignore_notice(void *unused, const char *message)
{
	(void)unused;
	(void)message;
}

/* Each connection's settings: warnings only; no JIT compilation (a search
 * over thousands of hits is costed above jit_above_cost, and compiling it
 * takes longer, about 100 ms, than running it); no parallel workers (a
 * search over two words' ranges ran in three processes that each hashed a
 * whole range, slower than one on a busy server); and a cursor planned for
 * all its rows, since only whole-register passes read through one (planned
 * for the first tenth, an export walked the sort index with a random table
 * read per row instead of reading the table and sorting). The client's
 * text is UTF-8, whatever PGCLIENTENCODING says. */
#define SESSION_SETTINGS "SET client_min_messages = warning; SET client_encoding = 'UTF8'; SET jit = off; " \
	"SET max_parallel_workers_per_gather = 0; SET cursor_tuple_fraction = 1.0"

/* After a failover: a new connection to whichever host now takes writes
 * (PQreset tries the URI's hosts again, with its target_session_attrs).
 * Never inside a transaction: its work was lost with the old connection,
 * and going on would commit half of it. The statements are prepared again
 * lazily (generation), regdesk.today given again. */
static bool reconnect(struct database *db)
{
	PQreset(db->postgresql);
	if (PQstatus(db->postgresql) != CONNECTION_OK) {
		if (getenv("REGDESK_TRACE_SQL"))
			fprintf(stderr, "regdesk: PostgreSQL: no new connection: %s\n", PQerrorMessage(db->postgresql));
		return false;
	}
	struct postgresql_connection_state *state = state_of(db);
	state->generation++;
	state->today[0] = '\0';
	PQclear(PQexec(db->postgresql, SESSION_SETTINGS));
	return true;
}

static bool reconnect_between_transactions(struct database *db)
{
	return db->transaction_depth == 0 && reconnect(db);
}

/* SQL's local_today() reads the date C gives it (calendar_today), so the
 * two never disagree, even with the clock overridden. set_config is undone
 * with a transaction that rolls back: postgresql_rollback forgets it. */
static int give_today(struct database *db)
{
	struct postgresql_connection_state *state = state_of(db);
	char today[11];
	calendar_today(today);
	if (strcmp(today, state->today) == 0)
		return STORAGE_OK;
	const char *values[1] = { today };
	PGresult *result = PQexecParams(db->postgresql, "SELECT set_config('regdesk.today', $1, false)", 1, NULL,
					values, NULL, NULL, 0);
	int rc = PQresultStatus(result) == PGRES_TUPLES_OK ? STORAGE_OK : record_failure(db, result);
	PQclear(result);
	if (rc == STORAGE_OK)
		memcpy(state->today, today, sizeof today);
	return rc;
}

/* Reads what the server sent since the last statement: a server that ended
 * the session (a restart, a failover, pg_terminate_backend) left its last
 * words and the socket's end there, and libpq marks the connection bad. So
 * a statement goes to the new connection before it is sent at all, instead
 * of failing on the old one (nothing is waited for: the socket is
 * non-blocking). */
static void notice_lost_connection(struct database *db)
{
	for (int reads = 0; reads < 3 && !connection_lost(db); reads++)
		if (!PQconsumeInput(db->postgresql))
			break;
}

/* Before a statement is sent: outside a transaction a connection found lost
 * is made again (the statement has not left yet, so nothing is sent twice)
 * and the server given today's date. */
static int ready_to_send(struct database *db)
{
	if (db->transaction_depth == 0)
		notice_lost_connection(db);
	if (connection_lost(db) && !reconnect_between_transactions(db))
		return record_failure(db, NULL);
	int rc = give_today(db);
	if (rc != STORAGE_OK && connection_lost(db) && reconnect_between_transactions(db))
		rc = give_today(db);
	return rc;
}

/* A write outside a transaction whose answer was lost with the connection:
 * the server may have committed it or not. Not sent again (it could be
 * saved twice); the desk says to check. */
static int lost_while_writing(struct database *db)
{
	state_of(db)->today[0] = '\0';
	return refuse(db, "08007", _("the connection to the database server was lost while saving: check whether the change was saved"));
}

static bool ends_transaction(const char *sql)
{
	sql = skip_space(sql);
	return word_at(sql, "COMMIT") || word_at(sql, "ROLLBACK") || word_at(sql, "END") || word_at(sql, "ABORT");
}

static int command(struct database *db, const char *sql)
{
	if (ends_transaction(sql))
		state_of(db)->transactions_ended++;
	PGresult *result = PQexec(db->postgresql, sql);
	ExecStatusType status = PQresultStatus(result);
	int rc = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? STORAGE_OK : record_failure(db, result);
	if (rc == STORAGE_OK) {
		const char *changed = PQcmdTuples(result);
		db->postgresql_changes = changed && *changed ? atoll(changed) : 0;
		succeeded(db);
	}
	PQclear(result);
	return rc;
}

int postgresql_exec(struct database *db, const char *sql)
{
	int rc = ready_to_send(db);
	if (rc != STORAGE_OK)
		return rc;
	int parameters = 0;
	char *translated = postgresql_translate(sql, &parameters);
	if (!translated)
		return refuse(db, "53200", _("Out of memory."));
	rc = command(db, translated);
	if (rc != STORAGE_OK && connection_lost(db) && db->transaction_depth == 0) {
		if (!repeatable(translated))
			rc = lost_while_writing(db);
		else if (reconnect(db) && give_today(db) == STORAGE_OK)
			rc = command(db, translated);
	}
	free(translated);
	return rc;
}

int postgresql_begin(struct database *db)
{
	/* database_begin counts the transaction before it asks: nothing has
	 * run in it yet, so a connection lost since the last one may be made
	 * again here. */
	if (connection_lost(db) && !reconnect(db))
		return record_failure(db, NULL);
	int rc = command(db, "BEGIN");
	if (rc != STORAGE_OK && (connection_lost(db) || strncmp(db->postgresql_sqlstate, "08", 2) == 0) && reconnect(db))
		rc = command(db, "BEGIN");
	if (rc != STORAGE_OK)
		return rc;
	state_of(db)->transaction_generation = state_of(db)->generation;
	/* Wait for another desk's write as SQLite's busy handler does: with
	 * the same notice and the same limit (activity.h). */
	for (int attempts = 0;; attempts++) {
		PGresult *result = PQexec(db->postgresql, "SELECT pg_try_advisory_xact_lock(" WRITER_LOCK_KEY ")");
		if (PQresultStatus(result) != PGRES_TUPLES_OK) {
			rc = record_failure(db, result);
			PQclear(result);
			postgresql_rollback(db);
			return rc;
		}
		bool locked = PQgetvalue(result, 0, 0)[0] == 't';
		PQclear(result);
		if (locked)
			return give_today(db);
		if (!activity_busy_handler(db, attempts)) {
			postgresql_rollback(db);
			return refuse(db, "55P03", "another desk holds the write lock");
		}
	}
}

int postgresql_commit(struct database *db)
{
	struct postgresql_connection_state *state = state_of(db);
	/* Only the connection the transaction began on may commit it: a new
	 * one has none, and COMMIT there would "succeed" with nothing saved. */
	if (connection_lost(db) || state->transaction_generation != state->generation ||
	    PQtransactionStatus(db->postgresql) == PQTRANS_IDLE) {
		state->today[0] = '\0';
		return connection_lost(db) ? record_failure(db, NULL)
		     : refuse(db, "08006", _("the connection to the database server was lost: nothing was saved; try again"));
	}
	state->transactions_ended++;
	PGresult *result = PQexec(db->postgresql, "COMMIT");
	int rc;
	if (PQresultStatus(result) != PGRES_COMMAND_OK) {
		rc = record_failure(db, result);
		if (connection_lost(db))
			/* Lost while committing: the server may have committed or not. */
			rc = refuse(db, "08007", _("the connection to the database server was lost while saving: check whether the change was saved"));
	} else if (strcmp(PQcmdStatus(result), "COMMIT") != 0) {
		/* A transaction in which a statement failed ends in ROLLBACK,
		 * reported as a success: it saved nothing. */
		rc = refuse(db, "25P02", _("a step of the change failed: nothing was saved"));
	} else {
		rc = STORAGE_OK;
		succeeded(db);
	}
	PQclear(result);
	if (rc != STORAGE_OK)
		state->today[0] = '\0';
	return rc;
}

void postgresql_rollback(struct database *db)
{
	/* A SET of the transaction (regdesk.today) is undone with it. */
	state_of(db)->today[0] = '\0';
	state_of(db)->transactions_ended++;
	if (!connection_lost(db) && PQtransactionStatus(db->postgresql) != PQTRANS_IDLE)
		PQclear(PQexec(db->postgresql, "ROLLBACK"));
}

long long postgresql_last_insert_id(struct database *db)
{
	/* lastval(): the identity the last INSERT of this session drew. */
	PGresult *result = PQexec(db->postgresql, "SELECT lastval()");
	long long id = PQresultStatus(result) == PGRES_TUPLES_OK ? atoll(PQgetvalue(result, 0, 0)) : 0;
	PQclear(result);
	return id;
}

/* ---- statements ---- */

struct postgresql_statement *postgresql_prepare(struct database *db, const char *sql, bool keep)
{
	struct postgresql_statement *statement = calloc(1, sizeof *statement);
	if (!statement)
		return NULL;
	statement->sql = postgresql_translate(sql, &statement->parameter_count);
	statement->repeatable = statement->sql && repeatable(statement->sql);
	int count = statement->parameter_count > 0 ? statement->parameter_count : 1;
	statement->values = calloc((size_t)count, sizeof *statement->values);
	statement->lengths = calloc((size_t)count, sizeof *statement->lengths);
	statement->formats = calloc((size_t)count, sizeof *statement->formats);
	if (!statement->sql || !statement->values || !statement->lengths || !statement->formats) {
		postgresql_statement_free(db, statement);
		snprintf(db->error, sizeof db->error, "%s", _("Out of memory."));
		return NULL;
	}
	if (keep)
		snprintf(statement->name, sizeof statement->name, "regdesk_%d", ++db->postgresql_statements);
	statement->db = db;
	statement->generation = (unsigned)-1;   /* prepared at its first step */
	return statement;
}

static void forget_row(struct postgresql_statement *statement)
{
	for (int i = 0; i < statement->blob_columns; i++) {
		PQfreemem(statement->blobs[i]);
		statement->blobs[i] = NULL;
	}
}

/* Closes the statement's cursor where it still exists: a cursor without
 * HOLD went with its transaction, and a CLOSE in the next one would fail
 * (and spoil that transaction). */
static void close_cursor(struct postgresql_statement *statement)
{
	if (!statement->cursor[0])
		return;
	struct database *db = statement->db;
	struct postgresql_connection_state *state = db->postgresql && db->postgresql_state ? state_of(db) : NULL;
	bool alive = state && !connection_lost(db) && statement->cursor_generation == state->generation &&
		     (statement->cursor_held ? PQtransactionStatus(db->postgresql) != PQTRANS_INERROR
					     : PQtransactionStatus(db->postgresql) == PQTRANS_INTRANS &&
						       statement->cursor_transaction == state->transactions_ended);
	if (alive) {
		char close[64];
		snprintf(close, sizeof close, "CLOSE %s", statement->cursor);
		PQclear(PQexec(db->postgresql, close));
	}
	statement->cursor[0] = '\0';
	statement->cursor_more = false;
}

void postgresql_reset(struct postgresql_statement *statement)
{
	forget_row(statement);
	close_cursor(statement);
	PQclear(statement->result);
	statement->result = NULL;
	statement->row = -1;
	statement->rows = 0;
}

void postgresql_clear_bindings(struct postgresql_statement *statement)
{
	for (int i = 0; i < statement->parameter_count; i++) {
		free(statement->values[i]);
		statement->values[i] = NULL;
		statement->lengths[i] = 0;
		statement->formats[i] = 0;
	}
}

void postgresql_statement_free(struct database *db, struct postgresql_statement *statement)
{
	if (!statement)
		return;
	postgresql_reset(statement);
	if (statement->values)
		postgresql_clear_bindings(statement);
	if (statement->name[0] && db->postgresql && statement->generation == state_of(db)->generation &&
	    db->transaction_depth == 0) {
		char deallocate[64];
		snprintf(deallocate, sizeof deallocate, "DEALLOCATE %s", statement->name);
		PQclear(PQexec(db->postgresql, deallocate));
	}
	free(statement->values);
	free(statement->lengths);
	free(statement->formats);
	free(statement->blobs);
	free(statement->blob_sizes);
	free(statement->sql);
	free(statement);
}

static int bind_copy(struct postgresql_statement *statement, int index, const char *bytes, size_t length, int format)
{
	if (index < 1 || index > statement->parameter_count)
		return STORAGE_ERROR;   /* SQLite's SQLITE_RANGE */
	char *copy = NULL;
	if (bytes) {
		copy = malloc(length + 1);
		if (!copy)
			return STORAGE_ERROR;
		memcpy(copy, bytes, length);
		copy[length] = '\0';
	}
	free(statement->values[index - 1]);
	statement->values[index - 1] = copy;
	statement->lengths[index - 1] = (int)length;
	statement->formats[index - 1] = format;
	return STORAGE_OK;
}

int postgresql_bind_int64(struct postgresql_statement *statement, int index, long long value)
{
	char text[24];
	int length = snprintf(text, sizeof text, "%lld", value);
	return bind_copy(statement, index, text, (size_t)length, 0);
}

int postgresql_bind_text(struct postgresql_statement *statement, int index, const char *text)
{
	return bind_copy(statement, index, text, text ? strlen(text) : 0, 0);
}

int postgresql_bind_blob(struct postgresql_statement *statement, int index, const void *bytes, int length)
{
	return bind_copy(statement, index, bytes ? bytes : "", bytes ? (size_t)length : 0, 1);
}

int postgresql_bind_null(struct postgresql_statement *statement, int index)
{
	return bind_copy(statement, index, NULL, 0, 0);
}

int postgresql_parameter_count(struct postgresql_statement *statement)
{
	return statement->parameter_count;
}

/* Runs the statement; *sent says whether it left (a failed PQprepare
 * before it means it did not). */
static PGresult *execute(struct database *db, struct postgresql_statement *statement, bool *sent)
{
	struct postgresql_connection_state *state = state_of(db);
	*sent = false;
	if (statement->name[0] && statement->generation != state->generation) {
		PGresult *prepared = PQprepare(db->postgresql, statement->name, statement->sql, 0, NULL);
		if (PQresultStatus(prepared) != PGRES_COMMAND_OK)
			return prepared;
		PQclear(prepared);
		statement->generation = state->generation;
	}
	const char *const *values = (const char *const *)statement->values;
	*sent = true;
	if (statement->name[0])
		return PQexecPrepared(db->postgresql, statement->name, statement->parameter_count, values,
				      statement->lengths, statement->formats, 0);
	return PQexecParams(db->postgresql, statement->sql, statement->parameter_count, NULL, values,
			    statement->lengths, statement->formats, 0);
}

void postgresql_whole_register_pass(struct database *db, bool on)
{
	state_of(db)->whole_register_pass = on;
}

/* The next batch of the statement's cursor; closed once it runs dry. */
static PGresult *fetch(struct database *db, struct postgresql_statement *statement)
{
	char sql[64];
	snprintf(sql, sizeof sql, "FETCH %d FROM %s", CURSOR_BATCH_ROWS, statement->cursor);
	PGresult *result = PQexec(db->postgresql, sql);
	statement->cursor_more = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == CURSOR_BATCH_ROWS;
	if (!statement->cursor_more)
		close_cursor(statement);
	return result;
}

/* Declares a cursor for the statement with its parameters and fetches the
 * first batch. Inside a transaction the cursor lives in it (other
 * statements may run between two FETCHes, e.g. an export's inserts);
 * outside one it is declared WITH HOLD, kept by the server until closed. */
static PGresult *open_cursor(struct database *db, struct postgresql_statement *statement)
{
	struct postgresql_connection_state *state = state_of(db);
	bool held = PQtransactionStatus(db->postgresql) == PQTRANS_IDLE;
	char name[sizeof statement->cursor];
	snprintf(name, sizeof name, "regdesk_cursor_%u", ++state->cursors);
	size_t size = strlen(statement->sql) + 96;
	char *declare = malloc(size);
	if (!declare)
		return NULL;
	snprintf(declare, size, "DECLARE %s NO SCROLL CURSOR%s FOR %s", name, held ? " WITH HOLD" : "", statement->sql);
	PGresult *result = PQexecParams(db->postgresql, declare, statement->parameter_count, NULL,
					(const char *const *)statement->values, statement->lengths, statement->formats, 0);
	free(declare);
	if (PQresultStatus(result) != PGRES_COMMAND_OK)
		return result;
	PQclear(result);
	memcpy(statement->cursor, name, sizeof name);
	statement->cursor_held = held;
	statement->cursor_generation = state->generation;
	statement->cursor_transaction = state->transactions_ended;
	return fetch(db, statement);
}

/* Whether the statement reads rows a cursor can give: a SELECT (DECLARE
 * takes no INSERT ... RETURNING). */
static bool reads_through_cursor(struct database *db, struct postgresql_statement *statement)
{
	return state_of(db)->whole_register_pass && word_at(skip_space(statement->sql), "SELECT");
}

static PGresult *run(struct database *db, struct postgresql_statement *statement, bool *sent)
{
	if (!reads_through_cursor(db, statement))
		return execute(db, statement, sent);
	*sent = true;   /* a DECLARE reads: safe to send again */
	return open_cursor(db, statement);
}

/* Puts result in the statement as its current rows, before the first. */
static void take_rows(struct postgresql_statement *statement, PGresult *result)
{
	PQclear(statement->result);
	statement->result = result;
	statement->rows = PQresultStatus(result) == PGRES_TUPLES_OK ? PQntuples(result) : 0;
	statement->row = -1;
	int columns = PQnfields(result);
	if (columns > statement->blob_columns) {
		free(statement->blobs);
		free(statement->blob_sizes);
		statement->blobs = calloc((size_t)columns, sizeof *statement->blobs);
		statement->blob_sizes = calloc((size_t)columns, sizeof *statement->blob_sizes);
		statement->blob_columns = statement->blobs && statement->blob_sizes ? columns : 0;
	}
}

static int refused(struct database *db, struct postgresql_statement *statement, PGresult *result)
{
	int rc = record_failure(db, result);
	/* For whoever ports a query: the statement, never its values. */
	if (getenv("REGDESK_TRACE_SQL"))
		fprintf(stderr, "regdesk: PostgreSQL refused%s: %s\n  %s\n",
			db->transaction_depth > 0 ? " (in a transaction)" : "", state_of(db)->message, statement->sql);
	PQclear(result);
	return rc;
}

int postgresql_step(struct database *db, struct postgresql_statement *statement)
{
	forget_row(statement);
	if (statement->result && statement->row + 1 >= statement->rows && statement->cursor_more) {
		/* The cursor's next batch. */
		PGresult *result = fetch(db, statement);
		if (PQresultStatus(result) != PGRES_TUPLES_OK) {
			close_cursor(statement);
			PQclear(statement->result);
			statement->result = NULL;
			statement->rows = 0;
			statement->row = -1;
			return refused(db, statement, result);
		}
		take_rows(statement, result);
	}
	if (!statement->result) {
		int rc = ready_to_send(db);
		if (rc != STORAGE_OK)
			return rc;
		bool sent;
		PGresult *result = run(db, statement, &sent);
		if (lost_by(db, result) && db->transaction_depth == 0) {
			PQclear(result);
			result = NULL;
			/* The server went away between transactions: a statement
			 * that never left, or one that only reads, again on the host
			 * that now takes writes (prepared there afresh, with today
			 * given again). */
			if (sent && !statement->repeatable)
				return lost_while_writing(db);
			if (reconnect(db) && give_today(db) == STORAGE_OK)
				result = run(db, statement, &sent);
		}
		ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			close_cursor(statement);
			return refused(db, statement, result);
		}
		succeeded(db);
		const char *changed = PQcmdTuples(result);
		if (changed && *changed)
			db->postgresql_changes = atoll(changed);
		take_rows(statement, result);
	}
	if (statement->row + 1 < statement->rows) {
		statement->row++;
		return STORAGE_ROW;
	}
	statement->row = statement->rows;
	return STORAGE_DONE;
}

static bool has_value(struct postgresql_statement *statement, int column)
{
	return statement->result && statement->row >= 0 && statement->row < statement->rows &&
	       column < PQnfields(statement->result) && !PQgetisnull(statement->result, statement->row, column);
}

long long postgresql_column_int64(struct postgresql_statement *statement, int column)
{
	if (!has_value(statement, column))
		return 0;
	const char *text = PQgetvalue(statement->result, statement->row, column);
	if (text[0] == 't' && text[1] == '\0')
		return 1;       /* a boolean, as SQLite's 1 */
	if (text[0] == 'f' && text[1] == '\0')
		return 0;
	return strtoll(text, NULL, 10);
}

const char *postgresql_column_text(struct postgresql_statement *statement, int column)
{
	if (!has_value(statement, column))
		return NULL;
	return PQgetvalue(statement->result, statement->row, column);
}

/* bytea's type (pg_type.h): only its columns are decoded; a text that
 * happens to begin with \x is text. */
#define BYTEA_TYPE 17

static bool is_bytea(struct postgresql_statement *statement, int column)
{
	return PQftype(statement->result, column) == BYTEA_TYPE;
}

const void *postgresql_column_blob(struct postgresql_statement *statement, int column)
{
	if (!has_value(statement, column))
		return NULL;
	if (!is_bytea(statement, column))
		return PQgetvalue(statement->result, statement->row, column);   /* SQLite gives a text's bytes */
	if (column >= statement->blob_columns)
		return NULL;
	if (!statement->blobs[column]) {
		const char *text = PQgetvalue(statement->result, statement->row, column);
		size_t size = 0;
		statement->blobs[column] = PQunescapeBytea((const unsigned char *)text, &size);
		statement->blob_sizes[column] = size;
	}
	return statement->blobs[column];
}

int postgresql_column_bytes(struct postgresql_statement *statement, int column)
{
	if (!has_value(statement, column))
		return 0;
	if (!is_bytea(statement, column))
		return PQgetlength(statement->result, statement->row, column);
	if (!postgresql_column_blob(statement, column))
		return 0;
	return (int)statement->blob_sizes[column];
}

/* ---- what the writer does (activity.c) ---- */

void postgresql_announce(struct database *db, const char *line)
{
	if (!db->postgresql || connection_lost(db))
		return;
	const char *values[1] = { line ? line : "regdesk" };
	PQclear(PQexecParams(db->postgresql, "SELECT set_config('application_name', $1, false)", 1, NULL, values,
			     NULL, NULL, 0));
}

bool postgresql_writer_announcement(struct database *db, char *out, size_t out_size)
{
	/* The advisory lock's key in pg_locks: its high and low 32 bits. */
	PGresult *result = PQexec(db->postgresql,
		"SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
		"WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
		"AND l.classid::bigint = (" WRITER_LOCK_KEY "::bigint >> 32) "
		"AND l.objid::bigint = (" WRITER_LOCK_KEY "::bigint & 4294967295) "
		"AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
		"AND l.pid <> pg_backend_pid()");
	bool found = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0 && !PQgetisnull(result, 0, 0);
	if (found)
		snprintf(out, out_size, "%s", PQgetvalue(result, 0, 0));
	PQclear(result);
	return found;
}

/* ---- erasure's VACUUM ---- */

bool postgresql_may_vacuum(struct database *db, char *why, size_t why_size)
{
	/* VACUUM by a role that neither owns a table nor (PostgreSQL 17 and
	 * later) holds MAINTAIN on it skips that table with a mere warning:
	 * the dead rows of an erasure would stay while regdesk said they went. */
	PGresult *result = PQexec(db->postgresql,
		"SELECT current_user, (SELECT count(*) FROM pg_class c "
		"WHERE c.relkind IN ('r', 'm') AND c.relnamespace = to_regnamespace(current_schema()) "
		"AND NOT pg_has_role(c.relowner, 'USAGE') "
		"AND NOT CASE WHEN current_setting('server_version_num')::int >= 170000 "
		"THEN has_table_privilege(c.oid, 'MAINTAIN') ELSE false END)");
	if (PQresultStatus(result) != PGRES_TUPLES_OK) {
		record_failure(db, result);
		PQclear(result);
		snprintf(why, why_size, "%s", state_of(db)->message);
		return false;
	}
	bool allowed = atoll(PQgetvalue(result, 0, 1)) == 0;
	if (!allowed)
		snprintf(why, why_size,
			 _("the database role %s may not VACUUM the register's tables: the database owner's scheduled "
			   "regdesk check finishes it"),
			 PQgetvalue(result, 0, 0));
	PQclear(result);
	return allowed;
}

/* ---- opening: connect, settings, migrations ---- */

static int read_version(struct database *db, int *version)
{
	PGresult *result = PQexec(db->postgresql, "SELECT to_regclass('schema_version') IS NOT NULL");
	if (PQresultStatus(result) != PGRES_TUPLES_OK) {
		int rc = record_failure(db, result);
		PQclear(result);
		return rc;
	}
	bool exists = PQgetvalue(result, 0, 0)[0] == 't';
	PQclear(result);
	*version = 0;
	if (!exists)
		return STORAGE_OK;
	result = PQexec(db->postgresql, "SELECT coalesce(max(version), 0) FROM schema_version");
	if (PQresultStatus(result) != PGRES_TUPLES_OK) {
		int rc = record_failure(db, result);
		PQclear(result);
		return rc;
	}
	*version = atoi(PQgetvalue(result, 0, 0));
	PQclear(result);
	return STORAGE_OK;
}

/* Whether this role may run the pending steps: the owner of the schema's
 * tables (or a member of the owning role, or a superuser), or anyone who
 * may create in an empty database. The application role of roles.sql may
 * not: it must not fail half-way through a step instead. */
static int may_migrate(struct database *db, bool *allowed, char *role, size_t role_size)
{
	PGresult *result = PQexec(db->postgresql,
		"SELECT CASE WHEN to_regclass('schema_version') IS NULL "
		"THEN has_schema_privilege(current_schema(), 'CREATE') "
		"ELSE pg_has_role((SELECT relowner FROM pg_class WHERE oid = to_regclass('schema_version')), 'USAGE') END, "
		"current_user");
	if (PQresultStatus(result) != PGRES_TUPLES_OK) {
		int rc = record_failure(db, result);
		PQclear(result);
		return rc;
	}
	*allowed = PQgetvalue(result, 0, 0)[0] == 't';
	snprintf(role, role_size, "%s", PQgetvalue(result, 0, 1));
	PQclear(result);
	return STORAGE_OK;
}

/* Every pending step in one transaction, under the writer lock, so that two
 * desks starting at once do not both migrate. */
static int migrate(struct database *db, char *detail, size_t detail_size)
{
	int rc = command(db, "BEGIN");
	if (rc == STORAGE_OK)
		rc = command(db, "SELECT pg_advisory_xact_lock(" WRITER_LOCK_KEY ")");
	int version = 0;
	if (rc == STORAGE_OK)
		rc = read_version(db, &version);
	for (int i = version; rc == STORAGE_OK && i < postgresql_migration_count; i++) {
		rc = command(db, postgresql_migrations[i].sql);
		if (rc != STORAGE_OK) {
			snprintf(detail, detail_size, "%s: %.400s", postgresql_migrations[i].name, state_of(db)->message);
			break;
		}
		char step[96];
		snprintf(step, sizeof step, "INSERT INTO schema_version (version) VALUES (%d)", i + 1);
		rc = command(db, step);
	}
	if (rc == STORAGE_OK)
		return command(db, "COMMIT");
	if (!*detail)
		snprintf(detail, detail_size, "%s", state_of(db)->message);
	PQclear(PQexec(db->postgresql, "ROLLBACK"));
	return rc;
}

enum status postgresql_open(struct database *db, const char *uri, char *error, size_t error_size)
{
	db->engine = ENGINE_POSTGRESQL;
	/* Every message names the database by this: never its password. */
	postgresql_uri_shown(uri, db->path, sizeof db->path);
	db->postgresql_state = calloc(1, sizeof(struct postgresql_connection_state));
	if (!db->postgresql_state) {
		snprintf(error, error_size, "%s", status_message(STATUS_ERR_NO_MEMORY));
		return STATUS_ERR_NO_MEMORY;
	}
	db->postgresql = PQconnectdb(uri);
	if (db->postgresql)
		PQsetNoticeProcessor(db->postgresql, ignore_notice, NULL);
	if (PQstatus(db->postgresql) != CONNECTION_OK) {
		char detail[512];
		one_line(detail, sizeof detail, PQerrorMessage(db->postgresql));
		snprintf(error, error_size, _("Cannot connect to the database %s: %s"), db->path, detail);
		return STATUS_ERR_DATABASE;
	}
	/* Names like Ähtäri and Åkerlund are stored as UTF-8 and their
	 * characters counted (the search's word starts, 0025): a database of
	 * another encoding would garble them or miss them in a search. */
	const char *encoding = PQparameterStatus(db->postgresql, "server_encoding");
	if (!encoding || strcmp(encoding, "UTF8") != 0) {
		snprintf(error, error_size,
			 _("%s is not a UTF-8 database (its encoding is %s): ask IT to create it with ENCODING 'UTF8'"),
			 db->path, encoding ? encoding : "?");
		return STATUS_ERR_DATABASE;
	}
	char detail[512] = "";
	int rc = command(db, SESSION_SETTINGS);
	int version = 0;
	if (rc == STORAGE_OK)
		rc = read_version(db, &version);
	if (rc == STORAGE_OK && version > postgresql_migration_count) {
		snprintf(error, error_size,
			 _("%s was written by a newer regdesk (schema %d; this one knows %d): use the newer regdesk."),
			 db->path, version, postgresql_migration_count);
		return STATUS_ERR_DATABASE;
	}
	if (rc == STORAGE_OK && version < postgresql_migration_count) {
		bool allowed = false;
		char role[128] = "";
		rc = may_migrate(db, &allowed, role, sizeof role);
		if (rc == STORAGE_OK && !allowed) {
			if (version == 0)
				snprintf(error, error_size,
					 _("%s has no regdesk schema yet and the role %s may not create it: ask IT to create it "
					   "as the database's owner (regdesk --db URI-of-the-owner check), then to run roles.sql"),
					 db->path, role);
			else
				snprintf(error, error_size,
					 _("%s has schema %d and this regdesk needs %d, but the role %s may not change the schema: "
					   "ask IT to upgrade it as the database's owner (regdesk --db URI-of-the-owner check), "
					   "then to run roles.sql again"),
					 db->path, version, postgresql_migration_count, role);
			return STATUS_ERR_DATABASE;
		}
	}
	if (rc == STORAGE_OK && version < postgresql_migration_count)
		rc = migrate(db, detail, sizeof detail);
	if (rc != STORAGE_OK) {
		if (!*detail)
			snprintf(detail, sizeof detail, "%s", state_of(db)->message);
		snprintf(error, error_size, _("Cannot use the database %s: %s"), db->path, detail);
		return STATUS_ERR_DATABASE;
	}
	return STATUS_OK;
}

void postgresql_close(struct database *db)
{
	PQfinish(db->postgresql);
	db->postgresql = NULL;
	free(db->postgresql_state);
	db->postgresql_state = NULL;
}
