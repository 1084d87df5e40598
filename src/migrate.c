/* regdesk migrate: the open register copied into another engine's empty
 * register, table by table (include/migrate.h). */
#include "migrate.h"

#include <ctype.h>
#include <sodium.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "activity.h"
#include "audit.h"
#include "audit_internal.h"
#include "contact.h"
#include "database_internal.h"
#include "i18n.h"
#include "permission.h"
#include "progress.h"
#include "storage_postgresql.h"
#include "text.h"
#include "witness.h"

#define NAME_MAX_BYTES 64
#define KEY_MAX_COLUMNS 4
#define CHUNK_ROWS 5000          /* rows a PostgreSQL source hands over at a time (it sends a whole result) */
#define BATCH_PARAMETERS 8000    /* values one INSERT carries: one round trip for many rows */
#define BATCH_ROWS_MAX 500

struct column {
	char name[NAME_MAX_BYTES];
	bool blob;                 /* bytes (the audit chain's hashes): copied as they are */
	bool integer;              /* a PostgreSQL source's integer column: bound as a number */
	bool deferred;             /* refers to its own table: set after the table's rows are in */
};

struct table {
	char name[NAME_MAX_BYTES];
	struct column *columns;    /* the source's columns, every one of them also on the target */
	int column_count;
	int key[KEY_MAX_COLUMNS];  /* the primary key's columns (indexes into columns) */
	int key_count;
	long long rows;            /* on the source */
	long long sequence;        /* the source's last id drawn (sqlite_sequence, an identity), 0 when none */
	bool copied;               /* placed in the order */
};

struct plan {
	struct table *tables;
	int count;
	int *order;                /* indexes into tables, parents first */
	long long total_rows;
};

/* A deferred self-reference: row key -> value, set once the table is in. */
struct deferred {
	char *key;
	char *value;
	int column;
};

static enum status refuse(struct database *db, const char *format, ...) __attribute__((format(printf, 2, 3)));
static enum status refuse(struct database *db, const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(db->error, sizeof db->error, format, arguments);
	va_end(arguments);
	return STATUS_ERR_INVALID;
}

/* The target's failure, told on the source (whose error the caller reads). */
static enum status target_failed(struct database *source, struct database *target, const char *what)
{
	snprintf(source->error, sizeof source->error, _("the target (%s): %s"), what, database_error_message(target));
	return STATUS_ERR_DATABASE;
}

static enum status source_failed(struct database *source, const char *what)
{
	char message[400];
	text_copy(message, sizeof message, database_error_message(source));
	snprintf(source->error, sizeof source->error, _("the source (%s): %s"), what, message);
	return STATUS_ERR_DATABASE;
}

void migrate_target_shown(const char *target, char *out, size_t out_size)
{
	if (database_location_is_server(target))
		postgresql_uri_shown(target, out, out_size);
	else
		text_copy(out, out_size, target);
}

static bool postgresql(const struct database *db)
{
	return database_engine(db) == ENGINE_POSTGRESQL;
}

/* A name as SQL quotes it. Names come from the schema: plain identifiers. */
static void quoted(char *out, size_t out_size, const char *name)
{
	snprintf(out, out_size, "\"%s\"", name);
}

/* ---- what the schemas hold ---- */

/* Tables an engine keeps for itself, not register data: SQLite's own and
 * its FTS5 search tables with their shadow tables; PostgreSQL's schema
 * version (SQLite's user_version) and the word tables its triggers keep in
 * step with contact and organisation (SQLite's FTS5 tables). The target
 * rebuilds its own. */
static bool engine_table(struct database *db, const char *name, char virtual_tables[][NAME_MAX_BYTES], int virtual_count)
{
	if (postgresql(db)) {
		size_t length = strlen(name);
		return strcmp(name, "schema_version") == 0 ||
		       (length > 12 && strcmp(name + length - 12, "_search_word") == 0);
	}
	if (strncmp(name, "sqlite_", 7) == 0)
		return true;
	for (int i = 0; i < virtual_count; i++) {
		size_t length = strlen(virtual_tables[i]);
		if (strcmp(name, virtual_tables[i]) == 0 ||
		    (strncmp(name, virtual_tables[i], length) == 0 && name[length] == '_'))
			return true;
	}
	return false;
}

/* The register's tables on db, by name; malloc'ed, NULL on failure. */
static char (*table_names(struct database *db, int *count))[NAME_MAX_BYTES]
{
	*count = 0;
	char virtual_tables[16][NAME_MAX_BYTES];
	int virtual_count = 0;
	if (!postgresql(db)) {
		struct statement *statement = database_prepare(db,
			"SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'");
		if (!statement)
			return NULL;
		while (statement_step(statement) == STORAGE_ROW && virtual_count < 16)
			text_copy(virtual_tables[virtual_count++], NAME_MAX_BYTES, database_text(statement, 0));
		database_finalize(statement);
	}
	struct statement *statement = database_prepare(db, postgresql(db)
		? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
		  "AND table_type = 'BASE TABLE' ORDER BY table_name"
		: "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
	if (!statement)
		return NULL;
	char (*names)[NAME_MAX_BYTES] = NULL;
	int capacity = 0, rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		const char *name = database_text(statement, 0);
		if (engine_table(db, name, virtual_tables, virtual_count) || strlen(name) >= NAME_MAX_BYTES)
			continue;
		if (*count == capacity) {
			capacity = capacity ? 2 * capacity : 64;
			char (*grown)[NAME_MAX_BYTES] = realloc(names, (size_t)capacity * sizeof *grown);
			if (!grown) {
				rc = STORAGE_ERROR;
				break;
			}
			names = grown;
		}
		text_copy(names[(*count)++], NAME_MAX_BYTES, name);
	}
	database_finalize(statement);
	if (rc != STORAGE_DONE) {
		free(names);
		return NULL;
	}
	return names ? names : calloc(1, sizeof *names);
}

static bool name_listed(char (*names)[NAME_MAX_BYTES], int count, const char *name)
{
	for (int i = 0; i < count; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* A table's stored columns on db (generated ones are left out): names and,
 * on PostgreSQL, whether bytes or an integer. Returns the count, -1 on failure. */
static int read_columns(struct database *db, const char *table, struct column **out)
{
	*out = NULL;
	struct statement *statement = database_prepare(db, postgresql(db)
		? "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
		  "AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position"
		: "SELECT name, upper(type) FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid");
	if (!statement)
		return -1;
	statement_bind_text(statement, 1, table);
	int count = 0, capacity = 0, rc;
	struct column *columns = NULL;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		if (count == capacity) {
			capacity = capacity ? 2 * capacity : 32;
			struct column *grown = realloc(columns, (size_t)capacity * sizeof *grown);
			if (!grown) {
				rc = STORAGE_ERROR;
				break;
			}
			columns = grown;
		}
		const char *type = database_text(statement, 1);
		struct column *column = &columns[count++];
		memset(column, 0, sizeof *column);
		text_copy(column->name, sizeof column->name, database_text(statement, 0));
		column->blob = strcmp(type, "bytea") == 0 || strcmp(type, "BLOB") == 0;
		column->integer = strcmp(type, "INTEGER") == 0 || strcmp(type, "bigint") == 0 || strcmp(type, "integer") == 0 || strcmp(type, "smallint") == 0;
	}
	database_finalize(statement);
	if (rc != STORAGE_DONE) {
		free(columns);
		return -1;
	}
	*out = columns;
	return count;
}

static int column_index(const struct table *table, const char *name)
{
	for (int i = 0; i < table->column_count; i++)
		if (strcmp(table->columns[i].name, name) == 0)
			return i;
	return -1;
}

/* The primary key's columns, in the key's order. */
static bool read_key(struct database *db, struct table *table)
{
	struct statement *statement = database_prepare(db, postgresql(db)
		? "SELECT k.column_name FROM information_schema.table_constraints c "
		  "JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name "
		  "AND k.table_schema = c.table_schema AND k.table_name = c.table_name "
		  "WHERE c.table_schema = current_schema() AND c.table_name = ? AND c.constraint_type = 'PRIMARY KEY' "
		  "ORDER BY k.ordinal_position"
		: "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk");
	if (!statement)
		return false;
	statement_bind_text(statement, 1, table->name);
	table->key_count = 0;
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		int index = column_index(table, database_text(statement, 0));
		if (index >= 0 && table->key_count < KEY_MAX_COLUMNS)
			table->key[table->key_count++] = index;
	}
	database_finalize(statement);
	return rc == STORAGE_DONE;
}

/* A foreign key of the target: child's column refers to parent. */
struct reference {
	char child[NAME_MAX_BYTES];
	char column[NAME_MAX_BYTES];
	char parent[NAME_MAX_BYTES];
};

static struct reference *read_references(struct database *db, int *count)
{
	*count = 0;
	struct statement *statement = database_prepare(db, postgresql(db)
		? "SELECT c.relname, a.attname, p.relname FROM pg_constraint k "
		  "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid "
		  "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
		  "WHERE k.contype = 'f' AND c.relnamespace = CAST(current_schema() AS regnamespace)"
		: "SELECT m.name, f.\"from\", f.\"table\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
		  "WHERE m.type = 'table'");
	if (!statement)
		return NULL;
	struct reference *references = NULL;
	int capacity = 0, rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		if (*count == capacity) {
			capacity = capacity ? 2 * capacity : 64;
			struct reference *grown = realloc(references, (size_t)capacity * sizeof *grown);
			if (!grown) {
				rc = STORAGE_ERROR;
				break;
			}
			references = grown;
		}
		struct reference *reference = &references[(*count)++];
		text_copy(reference->child, sizeof reference->child, database_text(statement, 0));
		text_copy(reference->column, sizeof reference->column, database_text(statement, 1));
		text_copy(reference->parent, sizeof reference->parent, database_text(statement, 2));
	}
	database_finalize(statement);
	if (rc != STORAGE_DONE) {
		free(references);
		return NULL;
	}
	return references ? references : calloc(1, sizeof *references);
}

/* Whether text names table as where it inserts ("INTO table", any case). */
static bool inserts_into(const char *text, const char *table)
{
	size_t length = strlen(table);
	for (const char *p = text; (p = strcasestr(p, "into")) != NULL; p += 4) {
		bool starts = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		const char *name = p + 4;
		if (!starts || !isspace((unsigned char)*name))
			continue;
		while (isspace((unsigned char)*name))
			name++;
		if (strncmp(name, "public.", 7) == 0)
			name += 7;
		if (strncasecmp(name, table, length) == 0 && !(isalnum((unsigned char)name[length]) || name[length] == '_'))
			return true;
	}
	return false;
}

/* Rows a trigger of the target writes when another table's row arrives
 * (a link that records its recipients): that table goes first, so that
 * the trigger finds the copied rows in place and adds none of its own.
 * Each as a reference "child (the trigger's table) after parent". */
static struct reference *read_trigger_writes(struct database *db, const struct plan *plan, int *count)
{
	*count = 0;
	struct statement *statement = database_prepare(db, postgresql(db)
		? "SELECT c.relname, p.prosrc FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
		  "JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal "
		  "AND c.relnamespace = CAST(current_schema() AS regnamespace)"
		: "SELECT tbl_name, sql FROM sqlite_schema WHERE type = 'trigger'");
	if (!statement)
		return NULL;
	struct reference *writes = calloc((size_t)plan->count * 4 + 1, sizeof *writes);
	int rc;
	while (writes && (rc = statement_step(statement)) == STORAGE_ROW) {
		const char *on = database_text(statement, 0), *body = database_text(statement, 1);
		for (int i = 0; i < plan->count && *count < plan->count * 4; i++) {
			if (strcmp(plan->tables[i].name, on) == 0 || !inserts_into(body, plan->tables[i].name))
				continue;
			struct reference *write = &writes[(*count)++];
			text_copy(write->child, sizeof write->child, on);
			text_copy(write->parent, sizeof write->parent, plan->tables[i].name);
		}
	}
	database_finalize(statement);
	return writes;
}

static int table_index(const struct plan *plan, const char *name)
{
	for (int i = 0; i < plan->count; i++)
		if (strcmp(plan->tables[i].name, name) == 0)
			return i;
	return -1;
}

/* Places the tables parents first (Kahn's order, by name among equals).
 * edges[i] are "child after parent" pairs; a cycle through the trigger
 * edges drops those, one through foreign keys leaves the rest by name
 * (SQLite defers the check to the commit; PostgreSQL says which row). */
static void order_tables(struct plan *plan, struct reference *edges[2], int edge_count[2])
{
	int placed = 0;
	/* Pass 0 heeds both kinds of edges, pass 1 the foreign keys only, pass 2 none. */
	for (int pass = 0; pass < 3 && placed < plan->count; pass++) {
		int kinds = 2 - pass;
		bool progress = true;
		while (progress && placed < plan->count) {
			progress = false;
			for (int i = 0; i < plan->count && !progress; i++) {
				struct table *table = &plan->tables[i];
				if (table->copied)
					continue;
				bool ready = true;
				for (int kind = 0; kind < kinds && ready; kind++) {
					for (int e = 0; e < edge_count[kind] && ready; e++) {
						if (strcmp(edges[kind][e].child, table->name) != 0 ||
						    strcmp(edges[kind][e].parent, table->name) == 0)
							continue;
						int parent = table_index(plan, edges[kind][e].parent);
						ready = parent < 0 || plan->tables[parent].copied;
					}
				}
				if (ready) {
					/* The first ready by name: the same order every time. */
					table->copied = true;
					plan->order[placed++] = i;
					progress = true;
				}
			}
		}
	}
}

static void plan_free(struct plan *plan)
{
	for (int i = 0; i < plan->count; i++)
		free(plan->tables[i].columns);
	free(plan->tables);
	free(plan->order);
	memset(plan, 0, sizeof *plan);
}

static long long count_rows(struct database *db, const char *table)
{
	char sql[160], name[NAME_MAX_BYTES + 2];
	quoted(name, sizeof name, table);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", name);
	struct statement *statement = database_prepare(db, sql);
	long long count = statement && statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

/* The last id the source drew for table's single integer key, beyond the
 * rows it still has: SQLite's sqlite_sequence (AUTOINCREMENT), PostgreSQL's
 * identity sequence. 0 when it keeps none. */
static long long source_sequence(struct database *db, const struct table *table)
{
	struct statement *statement;
	if (postgresql(db)) {
		statement = database_prepare(db,
			"SELECT coalesce((SELECT s.last_value FROM pg_sequences s WHERE "
			"CAST(quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename) AS regclass) = "
			"CAST(pg_get_serial_sequence(?1, ?2) AS regclass)), 0)");
		if (!statement)
			return 0;
		statement_bind_text(statement, 1, table->name);
		statement_bind_text(statement, 2, table->columns[table->key[0]].name);
	} else {
		statement = database_prepare(db, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0)");
		if (!statement) {
			db->error[0] = '\0';   /* no AUTOINCREMENT table at all */
			return 0;
		}
		statement_bind_text(statement, 1, table->name);
	}
	long long sequence = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : 0;
	database_finalize(statement);
	return sequence;
}

static bool single_key(const struct table *table)
{
	return table->key_count == 1;
}

/* Reads both schemas into plan: the source's tables, each also on the target
 * with every column, in an order the target's foreign keys and triggers
 * accept. */
static enum status make_plan(struct database *source, struct database *target, struct plan *plan)
{
	memset(plan, 0, sizeof *plan);
	int source_count = 0, target_count = 0;
	char (*source_tables)[NAME_MAX_BYTES] = table_names(source, &source_count);
	if (!source_tables)
		return source_failed(source, _("its tables"));
	char (*target_tables)[NAME_MAX_BYTES] = table_names(target, &target_count);
	if (!target_tables) {
		free(source_tables);
		return target_failed(source, target, _("its tables"));
	}
	enum status status = STATUS_OK;
	plan->tables = calloc((size_t)source_count + 1, sizeof *plan->tables);
	plan->order = calloc((size_t)source_count + 1, sizeof *plan->order);
	if (!plan->tables || !plan->order)
		status = STATUS_ERR_NO_MEMORY;
	for (int i = 0; status == STATUS_OK && i < source_count; i++) {
		if (!name_listed(target_tables, target_count, source_tables[i])) {
			status = refuse(source, _("the target has no table %s: is it this regdesk's schema?"), source_tables[i]);
			break;
		}
		struct table *table = &plan->tables[plan->count++];
		text_copy(table->name, sizeof table->name, source_tables[i]);
		table->column_count = read_columns(source, table->name, &table->columns);
		struct column *target_columns = NULL;
		int target_column_count = read_columns(target, table->name, &target_columns);
		if (table->column_count < 0 || target_column_count < 0) {
			status = table->column_count < 0 ? source_failed(source, table->name)
							 : target_failed(source, target, table->name);
			free(target_columns);
			break;
		}
		for (int c = 0; c < table->column_count && status == STATUS_OK; c++) {
			bool found = false;
			for (int t = 0; t < target_column_count && !found; t++)
				found = strcmp(target_columns[t].name, table->columns[c].name) == 0;
			if (!found)
				status = refuse(source, _("the target's table %s has no column %s: is it this regdesk's schema?"),
						table->name, table->columns[c].name);
		}
		free(target_columns);
		if (status == STATUS_OK && !read_key(source, table))
			status = source_failed(source, table->name);
		if (status == STATUS_OK && (table->rows = count_rows(source, table->name)) < 0)
			status = source_failed(source, table->name);
		if (status == STATUS_OK && single_key(table))
			table->sequence = source_sequence(source, table);
		plan->total_rows += table->rows;
	}
	free(source_tables);
	free(target_tables);
	if (status != STATUS_OK)
		return status;

	/* The target's foreign keys and triggers decide the order. */
	struct reference *edges[2] = { NULL, NULL };
	int edge_count[2] = { 0, 0 };
	edges[0] = read_references(target, &edge_count[0]);
	if (edges[0])
		edges[1] = read_trigger_writes(target, plan, &edge_count[1]);
	if (!edges[0] || !edges[1]) {
		free(edges[0]);
		return target_failed(source, target, _("its foreign keys"));
	}
	/* A reference to the table itself (a merged record, the account that
	 * made another) is set once every row of the table is in. */
	for (int e = 0; e < edge_count[0]; e++) {
		if (strcmp(edges[0][e].child, edges[0][e].parent) != 0)
			continue;
		int t = table_index(plan, edges[0][e].child);
		int c = t >= 0 ? column_index(&plan->tables[t], edges[0][e].column) : -1;
		if (c >= 0 && single_key(&plan->tables[t]) && plan->tables[t].key[0] != c)
			plan->tables[t].columns[c].deferred = true;
	}
	order_tables(plan, edges, edge_count);
	free(edges[0]);
	free(edges[1]);
	return STATUS_OK;
}

/* ---- copying ---- */

static void deferred_free(struct deferred *deferred, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(deferred[i].key);
		free(deferred[i].value);
	}
	free(deferred);
}

/* "SELECT "a", "b" FROM "t" [WHERE (keys) > (?, ...)] ORDER BY keys [LIMIT n]". */
static char *select_sql(const struct table *table, bool chunked, bool after)
{
	size_t size = 256 + (size_t)table->column_count * (NAME_MAX_BYTES + 4) + 4 * KEY_MAX_COLUMNS * (NAME_MAX_BYTES + 4);
	char *sql = malloc(size);
	if (!sql)
		return NULL;
	size_t used = (size_t)snprintf(sql, size, "SELECT ");
	for (int c = 0; c < table->column_count; c++)
		used += (size_t)snprintf(sql + used, size - used, "%s\"%s\"", c ? ", " : "", table->columns[c].name);
	used += (size_t)snprintf(sql + used, size - used, " FROM \"%s\"", table->name);
	if (table->key_count > 0) {
		if (after) {
			used += (size_t)snprintf(sql + used, size - used, " WHERE (");
			for (int k = 0; k < table->key_count; k++)
				used += (size_t)snprintf(sql + used, size - used, "%s\"%s\"", k ? ", " : "",
							 table->columns[table->key[k]].name);
			used += (size_t)snprintf(sql + used, size - used, ") > (");
			for (int k = 0; k < table->key_count; k++)
				used += (size_t)snprintf(sql + used, size - used, "%s?", k ? ", " : "");
			used += (size_t)snprintf(sql + used, size - used, ")");
		}
		used += (size_t)snprintf(sql + used, size - used, " ORDER BY ");
		for (int k = 0; k < table->key_count; k++)
			used += (size_t)snprintf(sql + used, size - used, "%s\"%s\"", k ? ", " : "",
						 table->columns[table->key[k]].name);
		if (chunked)
			snprintf(sql + used, size - used, " LIMIT %d", CHUNK_ROWS);
	}
	return sql;
}

/* "INSERT INTO "t" ("a", "b") VALUES (?, ?), (?, ?)" for rows rows. */
static char *insert_sql(const struct table *table, int rows)
{
	size_t size = 128 + (size_t)table->column_count * (NAME_MAX_BYTES + 4) + (size_t)rows * ((size_t)table->column_count * 3 + 4);
	char *sql = malloc(size);
	if (!sql)
		return NULL;
	size_t used = (size_t)snprintf(sql, size, "INSERT INTO \"%s\" (", table->name);
	for (int c = 0; c < table->column_count; c++)
		used += (size_t)snprintf(sql + used, size - used, "%s\"%s\"", c ? ", " : "", table->columns[c].name);
	used += (size_t)snprintf(sql + used, size - used, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		sql[used++] = r ? ',' : ' ';
		sql[used++] = '(';
		for (int c = 0; c < table->column_count; c++) {
			if (c)
				sql[used++] = ',';
			sql[used++] = '?';
		}
		sql[used++] = ')';
	}
	sql[used] = '\0';
	return sql;
}

/* One copy's state. */
struct copy {
	struct database *source, *target;
	long long done;            /* rows copied so far, all tables */
	bool cancelled;
};

/* A value of the source's current row as text ("" for NULL): a key or a
 * deferred reference, kept past the row. */
static char *value_text(struct statement *statement, int column)
{
	return strdup(database_text(statement, column));
}

/* Binds the source row's column c to parameter p of the insert. */
static void bind_value(struct copy *copy, struct statement *from, int c, const struct column *column,
		       struct statement *insert, int p)
{
	if (statement_column_type(from, c) == STORAGE_NULL) {
		statement_bind_null(insert, p);
		return;
	}
	if (postgresql(copy->source)) {
		if (column->blob) {
			const void *bytes = statement_column_blob(from, c);
			statement_bind_blob(insert, p, bytes ? bytes : "", statement_column_bytes(from, c));
		} else if (column->integer) {
			statement_bind_int64(insert, p, statement_column_int64(from, c));
		} else {
			statement_bind_text(insert, p, statement_column_text(from, c));
		}
		return;
	}
	switch (statement_column_type(from, c)) {
	case SQLITE_INTEGER:
		statement_bind_int64(insert, p, statement_column_int64(from, c));
		break;
	case SQLITE_BLOB: {
		const void *bytes = statement_column_blob(from, c);
		statement_bind_blob(insert, p, bytes ? bytes : "", statement_column_bytes(from, c));
		break;
	}
	default:
		statement_bind_text(insert, p, statement_column_text(from, c));
		break;
	}
}

/* The insert for the next rows of a table: a full batch, or one of the
 * size of what is left (prepared once). */
struct inserts {
	const struct table *table;
	struct database *target;
	int batch_rows, rest_rows;
	char *batch_sql, *rest_sql;
	struct statement *batch, *rest;
};

static struct statement *next_insert(struct inserts *inserts, long long left, int *rows)
{
	/* More rows than counted (never, the source being held) go one at a
	 * time and are refused by the count at the end. */
	int want = left >= inserts->batch_rows ? inserts->batch_rows : left > 0 ? (int)left : 1;
	*rows = want;
	if (want == inserts->batch_rows) {
		if (!inserts->batch) {
			inserts->batch_sql = insert_sql(inserts->table, want);
			inserts->batch = inserts->batch_sql ? database_prepare(inserts->target, inserts->batch_sql) : NULL;
		}
		return inserts->batch;
	}
	if (inserts->rest && inserts->rest_rows != want) {
		database_finalize(inserts->rest);
		free(inserts->rest_sql);
		inserts->rest = NULL;
		inserts->rest_sql = NULL;
	}
	if (!inserts->rest) {
		inserts->rest_rows = want;
		inserts->rest_sql = insert_sql(inserts->table, want);
		inserts->rest = inserts->rest_sql ? database_prepare(inserts->target, inserts->rest_sql) : NULL;
	}
	return inserts->rest;
}

static void inserts_free(struct inserts *inserts)
{
	database_finalize(inserts->batch);
	database_finalize(inserts->rest);
	free(inserts->batch_sql);
	free(inserts->rest_sql);
}

/* Copies one table's rows, in key order, many rows an INSERT. */
static enum status copy_table(struct copy *copy, const struct table *table)
{
	struct database *source = copy->source, *target = copy->target;
	if (table->rows == 0)
		return STATUS_OK;
	int columns = table->column_count;
	struct inserts inserts = { .table = table, .target = target };
	inserts.batch_rows = BATCH_PARAMETERS / (columns ? columns : 1);
	inserts.batch_rows = inserts.batch_rows < 1 ? 1 : inserts.batch_rows > BATCH_ROWS_MAX ? BATCH_ROWS_MAX : inserts.batch_rows;
	/* A PostgreSQL source sends a whole result at once: a big table comes
	 * in chunks, each after the last one's key. SQLite streams its rows. */
	bool chunked = postgresql(source) && table->key_count > 0;
	char *first_sql = select_sql(table, chunked, false), *next_sql = select_sql(table, chunked, true);
	struct deferred *deferred = NULL;
	size_t deferred_count = 0, deferred_capacity = 0;
	char *last_key[KEY_MAX_COLUMNS] = { NULL };
	enum status status = first_sql && next_sql ? STATUS_OK : STATUS_ERR_NO_MEMORY;
	long long inserted = 0;
	int pending = 0, insert_rows = 0;
	struct statement *insert = NULL;
	for (bool first = true; status == STATUS_OK; first = false) {
		struct statement *from = database_prepare(source, first ? first_sql : next_sql);
		if (!from) {
			status = source_failed(source, table->name);
			break;
		}
		for (int k = 0; !first && k < table->key_count; k++)
			statement_bind_text(from, k + 1, last_key[k]);
		long long chunk = 0;
		int rc = STORAGE_DONE;
		while (status == STATUS_OK && (rc = statement_step(from)) == STORAGE_ROW) {
			chunk++;
			if (!insert) {
				insert = next_insert(&inserts, table->rows - inserted, &insert_rows);
				if (!insert) {
					status = target_failed(source, target, table->name);
					break;
				}
			}
			for (int c = 0; c < columns && status == STATUS_OK; c++) {
				const struct column *column = &table->columns[c];
				int p = pending * columns + c + 1;
				if (column->deferred && statement_column_type(from, c) != STORAGE_NULL) {
					if (deferred_count == deferred_capacity) {
						deferred_capacity = deferred_capacity ? 2 * deferred_capacity : 64;
						struct deferred *grown = realloc(deferred, deferred_capacity * sizeof *grown);
						if (!grown) {
							status = STATUS_ERR_NO_MEMORY;
							break;
						}
						deferred = grown;
					}
					deferred[deferred_count++] = (struct deferred){
						value_text(from, table->key[0]), value_text(from, c), c };
					statement_bind_null(insert, p);
				} else {
					bind_value(copy, from, c, column, insert, p);
				}
			}
			if (chunked && chunk % CHUNK_ROWS == 0) {
				for (int k = 0; k < table->key_count; k++) {
					free(last_key[k]);
					last_key[k] = value_text(from, table->key[k]);
				}
			}
			if (status == STATUS_OK && ++pending == insert_rows) {
				int step = statement_step(insert);
				statement_reset(insert);
				if (step != STORAGE_DONE)
					status = target_failed(source, target, table->name);
				inserted += pending;
				pending = 0;
				insert = NULL;
			}
			copy->done++;
			if (status == STATUS_OK && !progress_advance(source, copy->done)) {
				copy->cancelled = true;
				status = STATUS_ERR_CANCELLED;
			}
		}
		if (status == STATUS_OK && rc != STORAGE_DONE)
			status = source_failed(source, table->name);
		database_finalize(from);
		if (!chunked || chunk < CHUNK_ROWS)
			break;
	}
	inserts_free(&inserts);
	for (int k = 0; k < KEY_MAX_COLUMNS; k++)
		free(last_key[k]);

	/* The references to rows of the same table, now that all are in. */
	for (size_t i = 0; status == STATUS_OK && i < deferred_count; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "UPDATE \"%s\" SET \"%s\" = ? WHERE \"%s\" = ?", table->name,
			 table->columns[deferred[i].column].name, table->columns[table->key[0]].name);
		struct statement *update = database_prepare(target, sql);
		if (!update) {
			status = target_failed(source, target, table->name);
			break;
		}
		statement_bind_text(update, 1, deferred[i].value);
		statement_bind_text(update, 2, deferred[i].key);
		if (statement_step(update) != STORAGE_DONE)
			status = target_failed(source, target, table->name);
		database_finalize(update);
	}
	deferred_free(deferred, deferred_count);
	free(first_sql);
	free(next_sql);
	if (status != STATUS_OK)
		return status;
	/* Every row arrived (the source is held: its count stands), and no
	 * trigger of the target added any. */
	long long arrived = count_rows(target, table->name);
	if (pending > 0 || arrived != table->rows) {
		snprintf(source->error, sizeof source->error, _("%s: %lld rows on the source, %lld arrived"), table->name,
			 table->rows, arrived);
		return STATUS_ERR_DATABASE;
	}
	return STATUS_OK;
}

static long long max_key(struct database *db, const struct table *table)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT coalesce(max(\"%s\"), 0) FROM \"%s\"", table->columns[table->key[0]].name,
		 table->name);
	struct statement *statement = database_prepare(db, sql);
	long long max = statement && statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : 0;
	database_finalize(statement);
	return max;
}

/* New rows on the target get ids past every id the source gave, kept or
 * erased since: record numbers are never reused. */
static enum status continue_ids(struct copy *copy, const struct table *table)
{
	struct database *target = copy->target;
	if (!single_key(table) || !table->columns[table->key[0]].integer)
		return STATUS_OK;
	long long last = max_key(copy->source, table);
	if (table->sequence > last)
		last = table->sequence;
	if (last <= 0)
		return STATUS_OK;
	/* PostgreSQL: the key's identity. SQLite: an AUTOINCREMENT table's
	 * sqlite_sequence row (the others take max(id) + 1 by themselves). */
	static const char *const postgresql_sql[] = {
		"SELECT setval(CAST(s AS regclass), CAST(?3 AS bigint)) FROM "
		"(SELECT pg_get_serial_sequence(?1, ?2) AS s) AS q WHERE s IS NOT NULL",
		NULL };
	static const char *const sqlite_sql[] = {
		"UPDATE sqlite_sequence SET seq = ?3 WHERE name = ?1 AND seq < ?3 AND ?2 IS NOT NULL",
		"INSERT INTO sqlite_sequence (name, seq) SELECT ?1, ?3 WHERE ?2 IS NOT NULL "
		"AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?1) "
		"AND EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1 AND sql LIKE '%AUTOINCREMENT%')",
		NULL };
	for (const char *const *sql = postgresql(target) ? postgresql_sql : sqlite_sql; *sql; sql++) {
		struct statement *statement = database_prepare(target, *sql);
		if (!statement)
			return target_failed(copy->source, target, table->name);
		statement_bind_text(statement, 1, table->name);
		statement_bind_text(statement, 2, table->columns[table->key[0]].name);
		statement_bind_int64(statement, 3, last);
		int rc;
		while ((rc = statement_step(statement)) == STORAGE_ROW)
			;
		database_finalize(statement);
		if (rc != STORAGE_DONE)
			return target_failed(copy->source, target, table->name);
	}
	return STATUS_OK;
}

/* The target holds no register yet: no account, no audit entry, no contact. */
static enum status require_empty(struct database *source, struct database *target, const char *shown)
{
	static const char *const registers[] = { "account", "audit_entry", "contact" };
	for (size_t i = 0; i < sizeof registers / sizeof registers[0]; i++) {
		long long rows = count_rows(target, registers[i]);
		if (rows < 0)
			return target_failed(source, target, registers[i]);
		if (rows > 0)
			return refuse(source, _("%s already holds a register (its table %s is not empty): the target must be empty"),
				      shown, registers[i]);
	}
	return STATUS_OK;
}

/* The chain arrived as it left: the same newest entry, and every hash
 * recomputes on the target. An SQLite target gets its head file first, so
 * that the check reads it as `regdesk check` will. */
static enum status verify_chain(struct copy *copy, struct migrate_result *result)
{
	struct database *source = copy->source, *target = copy->target;
	long long source_id = 0, target_id = 0;
	char source_hash[65] = "", target_hash[65] = "";
	if (audit_tail(source, &source_id, source_hash) != STATUS_OK)
		return source_failed(source, "audit_entry");
	if (audit_tail(target, &target_id, target_hash) != STATUS_OK)
		return target_failed(source, target, "audit_entry");
	if (target_id != source_id || strcmp(target_hash, source_hash) != 0) {
		snprintf(source->error, sizeof source->error,
			 _("the audit trail did not arrive whole: the source ends at #%lld, the target at #%lld"), source_id,
			 target_id);
		return STATUS_ERR_AUDIT_BROKEN;
	}
	if (*target->audit_head_path && target_id > 0 &&
	    !audit_install_head(target->audit_head_path, target_id, target_hash)) {
		snprintf(source->error, sizeof source->error, _("cannot write the audit chain head %s: %s"),
			 target->audit_head_path, strerror(errno));
		return STATUS_ERR_IO;
	}
	struct audit_verification verification;
	enum status status = audit_verify(target, &verification);
	if (status != STATUS_OK) {
		snprintf(source->error, sizeof source->error, _("the audit trail on the target does not verify: %s"),
			 verification.problem[0] ? verification.problem : target->error);
		return status == STATUS_ERR_CANCELLED ? STATUS_ERR_AUDIT_BROKEN : status;
	}
	result->audit_entries = verification.entries;
	return STATUS_OK;
}

/* The register's rows go in as copied: the target's own reference data
 * (countries, purposes, settings the migrations seeded) makes way. */
static enum status clear_seeded_rows(struct copy *copy, const struct plan *plan)
{
	for (int i = plan->count - 1; i >= 0; i--) {
		const struct table *table = &plan->tables[plan->order[i]];
		long long rows = count_rows(copy->target, table->name);
		if (rows < 0)
			return target_failed(copy->source, copy->target, table->name);
		if (rows == 0)
			continue;
		char sql[160];
		snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", table->name);
		if (database_exec(copy->target, sql) != STORAGE_OK)
			return target_failed(copy->source, copy->target, table->name);
	}
	return STATUS_OK;
}

static enum status copy_everything(struct copy *copy, const struct plan *plan, struct migrate_result *result)
{
	struct database *target = copy->target;
	enum status status = STATUS_OK;
	/* SQLite checks the references at the commit: a record merged into a
	 * later one arrives before it. */
	if (!postgresql(target) && database_exec(target, "PRAGMA defer_foreign_keys = ON") != STORAGE_OK)
		status = target_failed(copy->source, target, "PRAGMA defer_foreign_keys");
	/* The whole register is written in one transaction: with the small
	 * everyday page cache its index pages would spill to the WAL again and
	 * again (a 64 MB cache, as a bulk import's; the file is closed after). */
	if (status == STATUS_OK && !postgresql(target) && database_exec(target, "PRAGMA cache_size = -65536") != STORAGE_OK)
		status = target_failed(copy->source, target, "PRAGMA cache_size");
	if (status == STATUS_OK)
		status = clear_seeded_rows(copy, plan);
	progress_begin(copy->source, PROGRESS_MIGRATE, plan->total_rows, true);
	for (int i = 0; status == STATUS_OK && i < plan->count; i++) {
		const struct table *table = &plan->tables[plan->order[i]];
		status = copy_table(copy, table);
		if (status == STATUS_OK)
			status = continue_ids(copy, table);
		if (status == STATUS_OK) {
			result->tables++;
			result->rows += table->rows;
		}
	}
	progress_end(copy->source);
	if (status == STATUS_OK)
		status = contact_store_rebuild_search(target);
	if (status == STATUS_OK)
		status = audit_forget_witness_mark(target);
	if (status == STATUS_OK)
		status = verify_chain(copy, result);
	return status;
}

/* A new file's traces, when the copy into it failed. */
static void remove_new_file(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", ".audit-head", ".audit-head.new" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char file[4200];
		snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
		unlink(file);
	}
}

static double now_seconds(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Whether the target names something that can be made: a postgresql://
 * URI, or a file that does not exist yet (not the register itself). */
static enum status check_target(struct database *source, const char *target, const char *shown)
{
	if (!target || !*target)
		return refuse(source, "%s", _("give the target: --to postgresql://... or --to FILE.db"));
	if (database_location_is_server(target))
		return strcmp(target, database_path(source)) == 0
			? refuse(source, "%s", _("the target is the register itself"))
			: STATUS_OK;
	if (strstr(target, "://") || strncmp(target, "postgres", 8) == 0)
		return refuse(source, _("%s is not a PostgreSQL connection URI: write postgresql://[user@]host[:port]/database"),
			      shown);
	struct stat info;
	if (lstat(target, &info) == 0)
		return refuse(source, _("%s already exists: the target must be a new file"), shown);
	if (errno != ENOENT)
		return refuse(source, _("cannot use %s: %s"), shown, strerror(errno));
	return STATUS_OK;
}

enum status migrate_register(struct session *session, const char *target_location, struct migrate_result *result)
{
	memset(result, 0, sizeof *result);
	enum status status = permission_require(session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return status;
	struct database *source = session->db;
	double started = now_seconds();
	migrate_target_shown(target_location ? target_location : "", result->target_shown, sizeof result->target_shown);
	status = check_target(source, target_location, result->target_shown);
	if (status != STATUS_OK)
		return status;
	bool new_file = !database_location_is_server(target_location);

	struct database *target = NULL;
	char error[512] = "";
	status = database_open(&target, target_location, error, sizeof error);
	if (status != STATUS_OK) {
		text_copy(source->error, sizeof source->error, error);
		if (new_file)
			remove_new_file(target_location);
		return status;
	}
	struct copy copy = { .source = source, .target = target };
	struct plan plan = { 0 };
	if (database_stored_version(target) != database_schema_version())
		status = refuse(source, _("%s has schema version %d, this regdesk writes %d"), result->target_shown,
				database_stored_version(target), database_schema_version());
	if (status == STATUS_OK)
		status = require_empty(source, target, result->target_shown);
	/* The source is held for writing: the copy is of one moment. Desks
	 * that wait meanwhile are told what for, and wait it out. */
	bool source_open = false, target_open = false;
	if (status == STATUS_OK)
		activity_begin(source, ACTIVITY_MIGRATE, session->username);
	if (status == STATUS_OK) {
		status = database_begin(source);
		source_open = status == STATUS_OK;
	}
	if (status == STATUS_OK) {
		char fields[600];
		snprintf(fields, sizeof fields, "to=%s", result->target_shown);
		status = audit_append(source, session->account_id, MIGRATE_AUDIT_ACTION, "", 0, fields);
	}
	if (status == STATUS_OK)
		status = make_plan(source, target, &plan);
	if (status == STATUS_OK) {
		status = database_begin(target);
		if (status == STATUS_OK)
			target_open = true;
		else
			text_copy(source->error, sizeof source->error, target->error);
	}
	if (status == STATUS_OK)
		status = copy_everything(&copy, &plan, result);
	if (status == STATUS_OK) {
		status = database_commit(target);
		target_open = false;
		if (status != STATUS_OK)
			text_copy(source->error, sizeof source->error, target->error);
	}
	if (status == STATUS_OK) {
		status = database_commit(source);
		source_open = false;
	}
	if (target_open)
		database_rollback(target);
	if (source_open)
		database_rollback(source);
	activity_end(source);
	plan_free(&plan);
	if (status == STATUS_OK) {
		/* The witness learns the new register's head as it learns any commit's. */
		long long id = 0;
		char hex[65] = "";
		unsigned char hash[WITNESS_HASH_BYTES];
		if (audit_tail(target, &id, hex) == STATUS_OK && id > 0 &&
		    sodium_hex2bin(hash, sizeof hash, hex, strlen(hex), NULL, NULL, NULL) == 0)
			witness_record(target, 0, id, hash);
	}
	database_close(target);
	if (status != STATUS_OK && new_file)
		remove_new_file(target_location);
	if (copy.cancelled)
		return progress_cancelled(source, _("migration cancelled: nothing was copied"));
	result->seconds = now_seconds() - started;
	return status;
}
