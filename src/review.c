/* Retention rules and the annual review (notice §4.1, §4.2). */
#include "review.h"
#include "database_internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "consent.h"
#include "contact.h"
#include "erasure.h"
#include "erasure_internal.h"
#include "i18n.h"
#include "permission.h"
#include "progress.h"
#include "text.h"

#define RULES_MAX 32

static const struct {
	const char *code;
	const char *label;
} bases[] = {
#define ROW(name, code, label) [RETENTION_##name] = { code, label },
	RETENTION_BASES(ROW)
#undef ROW
}, reasons[] = {
#define ROW(name, code, label) [REVIEW_##name] = { code, label },
	REVIEW_REASONS(ROW)
#undef ROW
};

const char *retention_basis_label(enum retention_basis basis) { return _(bases[basis].label); }
const char *review_reason_label(enum review_reason reason) { return _(reasons[reason].label); }

bool review_reason_parse(const char *code, enum review_reason *out)
{
	for (int i = 0; i < REVIEW_REASON_COUNT; i++) {
		if (strcmp(code, reasons[i].code) == 0) {
			*out = (enum review_reason)i;
			return true;
		}
	}
	return false;
}

static enum status exec(struct database *db, const char *sql)
{
	return database_exec(db, sql) == STORAGE_OK ? STATUS_OK : database_fail(db, "review");
}

int retention_rules(struct database *db, struct retention_rule *out, int max)
{
	struct statement *statement = database_prepare(db,
		"SELECT code, name_en, name_fi, category, counts_from, months, active FROM retention_rule "
		/* The notice's order (§4.1): a rule's place is its index in the review queue. */
		"ORDER BY CASE code WHEN 'prospect-inactive' THEN 1 WHEN 'event-participant' THEN 2 "
		"WHEN 'training-participant' THEN 3 WHEN 'relationship-ended' THEN 4 ELSE 5 END, code");
	if (!statement)
		return -1;
	bool finnish = strcmp(i18n_language(), "fi") == 0;
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		struct retention_rule *rule = &out[count++];
		memset(rule, 0, sizeof *rule);
		text_copy(rule->code, sizeof rule->code, database_text(statement, 0));
		text_copy(rule->name, sizeof rule->name, database_text(statement, finnish ? 2 : 1));
		enum contact_category category;
		rule->category = contact_category_parse(database_text(statement, 3), &category) ? (int)category : -1;
		for (int b = 0; b < RETENTION_BASIS_COUNT; b++)
			if (strcmp(database_text(statement, 4), bases[b].code) == 0)
				rule->basis = (enum retention_basis)b;
		rule->months = statement_column_int(statement, 5);
		rule->active = statement_column_int(statement, 6) != 0;
	}
	database_finalize(statement);
	return count;
}

/* "prospect-inactive, event-participant, ...": the codes of the rules, for a
 * refusal of an unknown one. */
static void known_rules(struct database *db, char *out, size_t out_size)
{
	struct retention_rule rules[RULES_MAX];
	int count = retention_rules(db, rules, RULES_MAX);
	out[0] = '\0';
	for (int i = 0; i < count; i++)
		snprintf(out + strlen(out), out_size - strlen(out), "%s%.40s", i ? ", " : "", rules[i].code);
}

enum status retention_rule_set(struct session *session, const char *code, int months, bool active)
{
	enum status status = permission_require(session, PERMISSION_DECIDE_REQUESTS);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	if (months < 0 || months > 1200) {
		snprintf(db->error, sizeof db->error, "%s", _("months: 0 to 1200"));
		return STATUS_ERR_INVALID;
	}
	status = database_begin(db);
	struct statement *statement = status == STATUS_OK ? database_prepare(db,
		"UPDATE retention_rule SET months = ?, active = ? WHERE code = ?") : NULL;
	if (status == STATUS_OK && !statement)
		status = STATUS_ERR_DATABASE;
	if (statement) {
		statement_bind_int(statement, 1, months);
		statement_bind_int(statement, 2, active);
		statement_bind_text(statement, 3, code);
		if (statement_step(statement) != STORAGE_DONE)
			status = database_fail(db, "retention rule");
		else if (database_changes(db) != 1) {
			char known[1024];
			known_rules(db, known, sizeof known);
			snprintf(db->error, sizeof db->error, _("no retention rule '%.60s': the rules are %s"), code, known);
			status = STATUS_ERR_NOT_FOUND;
		}
		database_finalize(statement);
	}
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "retention.rule", "retention_rule", 0, code);
	return database_finish(db, status);
}

enum retention_verdict retention_due(const struct retention_rule *rules, int rule_count, const struct retention_facts *facts,
				     const char *today, int *due_rule, char due_on[11])
{
	*due_rule = -1;
	due_on[0] = '\0';
	for (int i = 0; i < rule_count; i++) {
		const struct retention_rule *rule = &rules[i];
		if (!rule->active)
			continue;
		if (rule->category >= 0 && !(facts->categories & (1u << rule->category)))
			continue;
		const char *from = rule->basis == RETENTION_LAST_ACTIVITY ? facts->last_activity
			: rule->basis == RETENTION_LAST_EVENT ? facts->last_event
			: rule->basis == RETENTION_CARD_EXPIRY ? facts->newest_card_expiry : facts->relationship_end;
		if (!*from)
			continue;   /* nothing to count from: this rule does not apply */
		char due[11];
		calendar_add_months(from, rule->months, due);
		if (strcmp(due, today) > 0)
			continue;
		if (*due_rule < 0 || strcmp(due, due_on) < 0) {
			*due_rule = i;
			text_copy(due_on, 11, due);
		}
	}
	if (*due_rule < 0)
		return RETENTION_NOT_DUE;
	/* A legal hold in force takes precedence (notice §4.2). */
	return *facts->hold_until && strcmp(facts->hold_until, today) >= 0 ? RETENTION_HELD : RETENTION_DUE;
}

/* One pass: per-contact dates gathered from the smaller tables first. The
 * queue is a temporary table of the session's connection (both engines drop
 * it when the connection closes); unqualified, its name finds it first. */
static const char *const queue_preparation_sqlite[] = {
	/* The queue of a large register is built in memory: on disk its writes
	 * dominated (make bench). Changing this drops earlier temp tables, which
	 * are rebuilt here anyway. */
	"PRAGMA temp_store = MEMORY",
	"DROP TABLE IF EXISTS temp.review_queue",
	/* Built in Finnish order: position is the order, so no sort is ever needed. */
	"CREATE TEMP TABLE review_queue (position INTEGER PRIMARY KEY, contact_id INTEGER NOT NULL, reason INTEGER NOT NULL, "
	"rule INTEGER NOT NULL, due_on INTEGER NOT NULL, last_reviewed INTEGER NOT NULL)",   /* numbers: a million rows */
	NULL,
};
static const char *const queue_preparation_postgresql[] = {
	"DROP TABLE IF EXISTS pg_temp.review_queue",
	"CREATE TEMP TABLE review_queue (position bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
	"contact_id bigint NOT NULL, reason integer NOT NULL, rule integer NOT NULL, due_on integer NOT NULL, "
	"last_reviewed integer NOT NULL)",
	NULL,
};

/* Whether this connection has built its review queue. On PostgreSQL a
 * statement on a missing table fails when it runs, and inside a
 * transaction that failure would abort the transaction: ask first. */
static bool queue_built(struct database *db)
{
	struct statement *statement = database_prepare(db, database_engine(db) == ENGINE_POSTGRESQL
		? "SELECT count(*) FROM pg_class WHERE oid = to_regclass('pg_temp.review_queue')"
		: "SELECT count(*) FROM sqlite_temp_master WHERE type = 'table' AND name = 'review_queue'");
	bool built = statement && statement_step(statement) == STORAGE_ROW && statement_column_int(statement, 0) > 0;
	database_finalize(statement);
	db->error[0] = '\0';
	return built;
}

/* One contact's facts from the smaller tables, dates as YYYYMMDD numbers
 * (0: none): a sorted array searched in memory costs less than a million
 * seeks into a table. */
struct fact {
	long long contact_id;
	unsigned categories;
	int last_event, card, session, consent, hold;
};

/* YYYY-MM-DD as the number YYYYMMDD; 0 for anything else. Called a few
 * million times in a pass over the register: no scanf. */
static int date_number(const char *date)
{
	static const char shape[] = "dddd-dd-dd";
	int number = 0;
	for (int i = 0; i < 10; i++) {
		if (shape[i] == '-') {
			if (date[i] != '-')
				return 0;
		} else if (date[i] >= '0' && date[i] <= '9') {
			number = number * 10 + (date[i] - '0');
		} else {
			return 0;
		}
	}
	return date[10] == '\0' ? number : 0;
}

/* The number YYYYMMDD back as YYYY-MM-DD; "" for 0 (no printf: see above). */
static void date_text(int number, char out[11])
{
	if (number <= 0 || number > 99991231) {
		out[0] = '\0';
		return;
	}
	for (int i = 9; i >= 0; i--) {
		if (i == 4 || i == 7) {
			out[i] = '-';
			continue;
		}
		out[i] = (char)('0' + number % 10);
		number /= 10;
	}
	out[10] = '\0';
}

static int compare_fact(const void *key, const void *element)
{
	long long id = *(const long long *)key, other = ((const struct fact *)element)->contact_id;
	return id < other ? -1 : id > other;
}

struct fact_list {
	struct fact *items;
	size_t count, capacity;
};

static bool fact_add(struct fact_list *list, const struct fact *fact)
{
	if (list->count == list->capacity) {
		size_t capacity = list->capacity ? list->capacity * 2 : 65536;
		struct fact *grown = realloc(list->items, capacity * sizeof *grown);
		if (!grown)
			return false;
		list->items = grown;
		list->capacity = capacity;
	}
	list->items[list->count++] = *fact;
	return true;
}

static int order_facts(const void *a, const void *b)
{
	long long x = ((const struct fact *)a)->contact_id, y = ((const struct fact *)b)->contact_id;
	return x < y ? -1 : x > y;
}

/* Per-contact dates from the smaller tables; each query gives contact_id and one date. */
static const struct {
	const char *sql;
	size_t field;   /* offsetof the date in struct fact */
} fact_sources[] = {
	{ "SELECT g.contact_id, max(e.date) FROM event_registration g JOIN event e ON e.id = g.event_id "
	  "WHERE g.status = 'registered' GROUP BY g.contact_id", offsetof(struct fact, last_event) },
	/* The newest card's expiry; a card that never expires keeps the person. */
	{ "SELECT contact_id, CASE WHEN min(valid_until) = '' THEN '' ELSE max(valid_until) END FROM certificate "
	  "GROUP BY contact_id", offsetof(struct fact, card) },
	{ "SELECT g.contact_id, max(substr(s.starts_at, 1, 10)) FROM registration g JOIN training_session s "
	  "ON s.id = g.session_id GROUP BY g.contact_id", offsetof(struct fact, session) },
	{ "SELECT contact_id, max(given_on) FROM consent_event GROUP BY contact_id", offsetof(struct fact, consent) },
	{ "SELECT contact_id, max(until) FROM legal_hold WHERE until >= ?1 GROUP BY contact_id", offsetof(struct fact, hold) },
};

/* Every contact's facts in contact order, merged from the categories (read
 * in key order, no sort) and the small tables; NULL when memory runs out. */
static struct fact *load_facts(struct database *db, const char *today, size_t *count)
{
	struct fact_list list = { 0 };
	bool ok = true;
	struct statement *statement = database_prepare(db, "SELECT contact_id, category FROM contact_category ORDER BY contact_id");
	if (!statement)
		return NULL;
	struct fact current = { .contact_id = -1 };
	while (ok && statement_step(statement) == STORAGE_ROW) {
		long long id = statement_column_int64(statement, 0);
		if (id != current.contact_id) {
			if (current.contact_id >= 0)
				ok = fact_add(&list, &current);
			current = (struct fact){ .contact_id = id };
		}
		enum contact_category category;
		if (contact_category_parse(database_text(statement, 1), &category))
			current.categories |= 1u << category;
	}
	database_finalize(statement);
	if (ok && current.contact_id >= 0)
		ok = fact_add(&list, &current);
	size_t categorised_total = list.count;   /* in id order: searched, never sorted */
	for (size_t s = 0; ok && s < sizeof fact_sources / sizeof fact_sources[0]; s++) {
		statement = database_prepare(db, fact_sources[s].sql);
		if (!statement) {
			ok = false;
			break;
		}
		if (statement_parameter_count(statement) > 0)
			statement_bind_text(statement, 1, today);
		while (ok && statement_step(statement) == STORAGE_ROW) {
			struct fact fact = { .contact_id = statement_column_int64(statement, 0) };
			int date = date_number(database_text(statement, 1));
			/* No categories anywhere (a register of held records): nothing to search. */
			struct fact *into = categorised_total ? bsearch(&fact.contact_id, list.items, categorised_total,
									sizeof *list.items, compare_fact) : NULL;
			if (!into) {
				if (!(ok = fact_add(&list, &fact)))
					break;
				into = &list.items[list.count - 1];
			}
			int *field = (int *)((char *)into + fact_sources[s].field);
			if (date > *field)
				*field = date;
		}
		database_finalize(statement);
	}
	if (!ok) {
		free(list.items);
		return NULL;
	}
	/* One entry per contact: facts of a contact without categories (none in
	 * a sound register) were appended; sort and merge them in. */
	if (list.count > categorised_total)
		qsort(list.items, list.count, sizeof *list.items, order_facts);
	size_t merged = 0;
	for (size_t i = 0; i < list.count; i++) {
		struct fact *fact = &list.items[i];
		if (merged && list.items[merged - 1].contact_id == fact->contact_id) {
			struct fact *into = &list.items[merged - 1];
			into->categories |= fact->categories;
			into->last_event = fact->last_event > into->last_event ? fact->last_event : into->last_event;
			into->card = fact->card > into->card ? fact->card : into->card;
			into->session = fact->session > into->session ? fact->session : into->session;
			into->consent = fact->consent > into->consent ? fact->consent : into->consent;
			into->hold = fact->hold > into->hold ? fact->hold : into->hold;
		} else {
			list.items[merged++] = *fact;
		}
	}
	*count = merged;
	return list.items ? list.items : calloc(1, sizeof(struct fact));
}

/* A restricted record whose last legal hold has ended (notice §4.2): it comes
 * back to the review to be erased in full. */
struct hold_ended {
	long long contact_id;
	char *sort_key;
	int ended_on;                   /* YYYYMMDD: the last hold's end */
};

static void free_hold_ended(struct hold_ended *list, size_t count)
{
	for (size_t i = 0; list && i < count; i++)
		free(list[i].sort_key);
	free(list);
}

/* The restricted records with no hold in force, in Finnish order (few:
 * read through their own index); NULL with count 0 when there are none. */
static bool load_hold_ended(struct database *db, const char *today, struct hold_ended **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	struct statement *statement = database_prepare(db,
		"SELECT c.id, c.sort_key, coalesce((SELECT max(until) FROM legal_hold h WHERE h.contact_id = c.id), c.restricted_until) "
		"FROM contact c INDEXED BY contact_restricted WHERE c.restricted_until <> '' AND c.merged_into IS NULL "
		"AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.contact_id = c.id AND h.until >= ?1) ORDER BY c.sort_key, c.id");
	if (!statement)
		return false;
	statement_bind_text(statement, 1, today);
	size_t capacity = 0;
	bool ok = true;
	while (ok && statement_step(statement) == STORAGE_ROW) {
		if (*count == capacity) {
			capacity = capacity ? capacity * 2 : 16;
			struct hold_ended *grown = realloc(*out, capacity * sizeof *grown);
			if (!grown) {
				ok = false;
				break;
			}
			*out = grown;
		}
		struct hold_ended *ended = &(*out)[*count];
		ended->contact_id = statement_column_int64(statement, 0);
		ended->sort_key = strdup(database_text(statement, 1));
		ended->ended_on = date_number(database_text(statement, 2));
		if (!ended->sort_key)
			ok = false;
		else
			(*count)++;
	}
	database_finalize(statement);
	if (!ok) {
		free_hold_ended(*out, *count);
		*out = NULL;
		*count = 0;
	}
	return ok;
}

/* The queue's rows as the pass finds them, in Finnish order. SQLite
 * inserts each in-process; PostgreSQL gathers QUEUE_BATCH rows and inserts
 * them in one statement (a round trip a row would dominate the pass), in
 * the order gathered: position stays the order. */
#define QUEUE_BATCH 5000
struct queue_writer {
	struct statement *insert;
	bool batched;
	bool failed;        /* an insert failed: the queue would be short, so it is not kept */
	int count;
	long long contact_id[QUEUE_BATCH];
	int reason[QUEUE_BATCH], rule[QUEUE_BATCH], due_on[QUEUE_BATCH], last_reviewed[QUEUE_BATCH];
};

static struct queue_writer *queue_writer_new(struct database *db)
{
	struct queue_writer *writer = calloc(1, sizeof *writer);
	if (!writer)
		return NULL;
	writer->batched = database_engine(db) == ENGINE_POSTGRESQL;
	writer->insert = database_prepare(db, writer->batched
		? "INSERT INTO review_queue (contact_id, reason, rule, due_on, last_reviewed) "
		  "SELECT * FROM unnest(CAST(?1 AS bigint[]), CAST(?2 AS integer[]), CAST(?3 AS integer[]), "
		  "CAST(?4 AS integer[]), CAST(?5 AS integer[]))"
		: "INSERT INTO review_queue (contact_id, reason, rule, due_on, last_reviewed) VALUES (?, ?, ?, ?, ?)");
	if (!writer->insert) {
		free(writer);
		return NULL;
	}
	return writer;
}

static void queue_writer_free(struct queue_writer *writer)
{
	if (writer)
		database_finalize(writer->insert);
	free(writer);
}

/* "{1,2,3}": a batch's column as an array's text. */
static char *array_text(const long long *wide, const int *narrow, int count)
{
	size_t size = (size_t)count * 21 + 3, used = 0;
	char *text = malloc(size);
	if (!text)
		return NULL;
	text[used++] = '{';
	for (int i = 0; i < count; i++)
		used += (size_t)snprintf(text + used, size - used, "%s%lld", i ? "," : "", wide ? wide[i] : (long long)narrow[i]);
	snprintf(text + used, size - used, "}");
	return text;
}

/* Inserts the gathered rows; returns how many were queued. */
static long long queue_flush(struct queue_writer *writer)
{
	if (!writer->batched || writer->count == 0)
		return 0;
	char *columns[5] = {
		array_text(writer->contact_id, NULL, writer->count), array_text(NULL, writer->reason, writer->count),
		array_text(NULL, writer->rule, writer->count), array_text(NULL, writer->due_on, writer->count),
		array_text(NULL, writer->last_reviewed, writer->count),
	};
	bool ok = true;
	statement_reset(writer->insert);
	for (int c = 0; c < 5; c++) {
		ok = ok && columns[c];
		statement_bind_text(writer->insert, c + 1, columns[c]);
	}
	long long queued = ok && statement_step(writer->insert) == STORAGE_DONE ? writer->count : 0;
	if (!queued)
		writer->failed = true;
	for (int c = 0; c < 5; c++)
		free(columns[c]);
	writer->count = 0;
	return queued;
}

/* Queues one row (PostgreSQL: gathers it); returns the rows queued now. */
static long long queue_row(struct queue_writer *writer, long long contact_id, int reason, int rule, int due_on,
			   int last_reviewed)
{
	if (writer->batched) {
		int i = writer->count++;
		writer->contact_id[i] = contact_id;
		writer->reason[i] = reason;
		writer->rule[i] = rule;
		writer->due_on[i] = due_on;
		writer->last_reviewed[i] = last_reviewed;
		return writer->count == QUEUE_BATCH ? queue_flush(writer) : 0;
	}
	struct statement *insert = writer->insert;
	statement_reset(insert);
	statement_bind_int64(insert, 1, contact_id);
	statement_bind_int(insert, 2, reason);
	statement_bind_int(insert, 3, rule);
	statement_bind_int(insert, 4, due_on);
	statement_bind_int(insert, 5, last_reviewed);
	if (statement_step(insert) == STORAGE_DONE)
		return 1;
	writer->failed = true;
	return 0;
}

/* Queues the hold-ended records that sort before (sort_key, id), or all
 * that are left when sort_key is NULL: the queue stays in Finnish order. */
static long long queue_hold_ended(struct queue_writer *insert, const struct hold_ended *list, size_t count, size_t *next,
				  const char *sort_key, long long id)
{
	long long queued = 0;
	for (; *next < count; (*next)++) {
		const struct hold_ended *ended = &list[*next];
		if (sort_key) {
			int order = strcmp(ended->sort_key, sort_key);
			if (order > 0 || (order == 0 && ended->contact_id > id))
				break;
		}
		queued += queue_row(insert, ended->contact_id, (int)REVIEW_HOLD_ENDED, -1, ended->ended_on, 0);
	}
	return queued;
}

/* The contacts the queue's pass walks, for its progress. */
static long long count_candidates(struct database *db)
{
	struct statement *statement = database_prepare(db,
		"SELECT count(*) FROM contact WHERE merged_into IS NULL AND restricted_until = ''");
	long long count = statement && statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : 0;
	database_finalize(statement);
	return count;
}

long long review_build_queue(struct session *session)
{
	if (permission_require(session, PERMISSION_ERASE) != STATUS_OK)
		return -1;
	struct database *db = session->db;
	struct retention_rule rules[RULES_MAX];
	int rule_count = retention_rules(db, rules, RULES_MAX);
	if (rule_count < 0)
		return -1;
	char today[11], year_ago[11];
	calendar_today(today);
	calendar_add_months(today, -12, year_ago);
	const char *const *preparation = database_engine(db) == ENGINE_POSTGRESQL ? queue_preparation_postgresql
										    : queue_preparation_sqlite;
	for (size_t i = 0; preparation[i]; i++)
		if (exec(db, preparation[i]) != STATUS_OK)
			return -1;
	size_t fact_count, ended_count, ended_next = 0;
	/* Stopping loses nothing: the queue stays empty until built again (issue 16). */
	progress_begin(db, PROGRESS_REVIEW_QUEUE, count_candidates(db), true);
	/* The facts and the contacts read in one transaction (one snapshot).
	 * On PostgreSQL the whole-register pass starts with it, so that the
	 * facts too come a batch at a time through cursors (which live in a
	 * transaction); SQLite maps the file for the walk below only. */
	exec(db, "BEGIN");
	if (database_engine(db) == ENGINE_POSTGRESQL)
		database_whole_register_pass(db, true);
	struct hold_ended *hold_ended = NULL;
	if (!load_hold_ended(db, today, &hold_ended, &ended_count)) {
		exec(db, "ROLLBACK");
		database_whole_register_pass(db, false);
		progress_end(db);
		return -1;
	}
	struct fact *all_facts = load_facts(db, today, &fact_count);
	if (!all_facts) {
		exec(db, "ROLLBACK");
		database_whole_register_pass(db, false);
		free_hold_ended(hold_ended, ended_count);
		progress_end(db);
		return -1;
	}
	/* The register in Finnish order through an index that holds just these dates. */
	struct statement *contacts = database_prepare(db,
		"SELECT c.id, c.sort_key, substr(c.changed_at, 1, 10), c.interest_date, c.relationship_start, c.relationship_end, "
		"c.last_reviewed FROM contact c INDEXED BY contact_review "
		"WHERE c.merged_into IS NULL AND c.restricted_until = '' ORDER BY c.sort_key, c.id");
	struct queue_writer *insert = queue_writer_new(db);
	if (!contacts || !insert) {
		exec(db, "ROLLBACK");
		database_whole_register_pass(db, false);
		database_finalize(contacts);
		queue_writer_free(insert);
		free(all_facts);
		free_hold_ended(hold_ended, ended_count);
		progress_end(db);
		return -1;
	}
	long long queued = 0, walked = 0;
	bool cancelled = false;
	/* Reading the whole register once: mapped, not copied through a small cache. */
	database_whole_register_pass(db, true);
	int walk = STORAGE_DONE;
	while ((walk = statement_step(contacts)) == STORAGE_ROW && !insert->failed) {
		if (!progress_advance(db, walked++)) {
			cancelled = true;
			break;
		}
		long long id = statement_column_int64(contacts, 0);
		queued += queue_hold_ended(insert, hold_ended, ended_count, &ended_next, database_text(contacts, 1), id);
		const struct fact *found = bsearch(&id, all_facts, fact_count, sizeof *all_facts, compare_fact);
		struct fact none = { 0 };
		if (!found)
			found = &none;
		struct retention_facts facts = { 0 };
		char event[11], session_date[11], consent[11];
		date_text(found->last_event, event);
		date_text(found->session, session_date);
		date_text(found->consent, consent);
		facts.categories = found->categories;
		/* Last activity: the newest of any date the register knows of the person. */
		const char *candidates[] = { database_text(contacts, 2), database_text(contacts, 3), database_text(contacts, 4),
					     event, session_date, consent };
		for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
			if (strcmp(candidates[i], facts.last_activity) > 0)
				text_copy(facts.last_activity, sizeof facts.last_activity, candidates[i]);
		text_copy(facts.last_event, sizeof facts.last_event, event);
		date_text(found->card, facts.newest_card_expiry);
		const char *ended = database_text(contacts, 5);
		if (*ended && strcmp(ended, today) <= 0)
			text_copy(facts.relationship_end, sizeof facts.relationship_end, ended);
		date_text(found->hold, facts.hold_until);
		int due_rule;
		char due_on[11];
		enum retention_verdict verdict = retention_due(rules, rule_count, &facts, today, &due_rule, due_on);
		const char *last_reviewed = database_text(contacts, 6);
		/* Kept on review after it became due, within the year: the officer's
		 * decision stands until the next annual review (notice §4.1). */
		if (verdict != RETENTION_NOT_DUE && *last_reviewed && strcmp(last_reviewed, due_on) >= 0 &&
		    strcmp(last_reviewed, year_ago) >= 0)
			continue;
		enum review_reason reason;
		if (verdict == RETENTION_DUE)
			reason = REVIEW_RULE;
		else if (verdict == RETENTION_HELD)
			reason = REVIEW_HELD;
		else if (*facts.relationship_end)
			reason = REVIEW_ENDED;
		else if (!*last_reviewed)
			reason = REVIEW_NEVER;
		else if (strcmp(last_reviewed, year_ago) < 0)
			reason = REVIEW_STALE;
		else
			continue;
		queued += queue_row(insert, id, (int)reason, due_rule, date_number(due_on), date_number(last_reviewed));
	}
	/* A read or an insert that failed mid-way (a lost connection, say)
	 * would leave a queue without some of the people due: none is kept,
	 * and the failure is told (notice §4.1: every one due is reviewed). */
	bool failed = !cancelled && (insert->failed || (walk != STORAGE_DONE && walk != STORAGE_ROW));
	if (failed)
		database_fail(db, "review queue");
	database_finalize(contacts);   /* its cursor closed inside the transaction it lives in */
	if (!cancelled && !failed) {
		queued += queue_hold_ended(insert, hold_ended, ended_count, &ended_next, NULL, 0);
		queued += queue_flush(insert);
		failed = insert->failed;
		if (failed)
			database_fail(db, "review queue");
	}
	if (!cancelled && !failed && exec(db, "COMMIT") != STATUS_OK)
		failed = true;
	else if (cancelled || failed)
		database_exec(db, "ROLLBACK");
	database_whole_register_pass(db, false);
	queue_writer_free(insert);
	free(all_facts);
	free_hold_ended(hold_ended, ended_count);
	progress_end(db);
	if (cancelled) {
		progress_cancelled(db, _("cancelled: the review queue was not built"));
		return -1;
	}
	return failed ? -1 : queued;
}

#define QUEUE_FILTER \
	" WHERE (?1 < 0 OR EXISTS (SELECT 1 FROM contact_category cc WHERE cc.contact_id = q.contact_id AND cc.category = " \
	"CASE ?1 WHEN 0 THEN 'customer' WHEN 1 THEN 'stakeholder' WHEN 2 THEN 'maintenance' WHEN 3 THEN 'prospect' " \
	"WHEN 4 THEN 'training' ELSE 'event' END)) AND (?2 = 0 OR c.organisation_id = ?2) AND (?3 < 0 OR q.reason = ?3) " \
	"AND (?4 < -1 OR q.rule = ?4)"

/* The index of a rule in the rules' order, -1 when unknown. */
static int rule_index(struct database *db, const char *code)
{
	struct retention_rule rules[RULES_MAX];
	int count = retention_rules(db, rules, RULES_MAX);
	for (int i = 0; i < count; i++)
		if (strcmp(rules[i].code, code) == 0)
			return i;
	return -1;
}

static void bind_queue_filter(struct database *db, struct statement *statement, const struct review_filter *filter)
{
	statement_bind_int(statement, 1, filter ? filter->category : -1);
	statement_bind_int64(statement, 2, filter ? filter->organisation_id : 0);
	bool hold_ended = filter && filter->rule_code && strcmp(filter->rule_code, REVIEW_RULE_HOLD_ENDED) == 0;
	statement_bind_int(statement, 3, hold_ended ? REVIEW_HOLD_ENDED : filter ? filter->reason : -1);
	statement_bind_int(statement, 4, filter && filter->rule_code && !hold_ended ? rule_index(db, filter->rule_code) : -2);
}

long long review_queue_count(struct session *session, const struct review_filter *filter)
{
	if (permission_require(session, PERMISSION_ERASE) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT count(*) FROM review_queue q JOIN contact c ON c.id = q.contact_id" QUEUE_FILTER);
	if (!statement)
		return -1;
	bind_queue_filter(session->db, statement, filter);
	long long count = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : -1;
	database_finalize(statement);
	return count;
}

int review_queue_page(struct session *session, const struct review_filter *filter, long long offset,
		      struct review_item *out, int limit)
{
	if (permission_require(session, PERMISSION_ERASE) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT q.contact_id, c.last_name || ', ' || c.first_name, coalesce(o.name, ''), q.reason, q.rule, q.due_on, "
		"q.last_reviewed FROM review_queue q JOIN contact c ON c.id = q.contact_id "
		"LEFT JOIN organisation o ON o.id = c.organisation_id" QUEUE_FILTER
		" ORDER BY q.position LIMIT ?5 OFFSET ?6");
	if (!statement)
		return -1;
	bind_queue_filter(session->db, statement, filter);
	statement_bind_int(statement, 5, limit);
	struct retention_rule rules[RULES_MAX];
	int rule_count = retention_rules(session->db, rules, RULES_MAX);
	statement_bind_int64(statement, 6, offset);
	int count = 0;
	while (count < limit && statement_step(statement) == STORAGE_ROW) {
		struct review_item *item = &out[count++];
		memset(item, 0, sizeof *item);
		item->contact_id = statement_column_int64(statement, 0);
		text_copy(item->name, sizeof item->name, database_text(statement, 1));
		text_copy(item->organisation, sizeof item->organisation, database_text(statement, 2));
		item->reason = (enum review_reason)statement_column_int(statement, 3);
		int rule = statement_column_int(statement, 4);
		if (rule >= 0 && rule < rule_count)
			text_copy(item->rule_code, sizeof item->rule_code, rules[rule].code);
		else if (item->reason == REVIEW_HOLD_ENDED)
			text_copy(item->rule_code, sizeof item->rule_code, REVIEW_RULE_HOLD_ENDED);
		date_text(statement_column_int(statement, 5), item->due_on);
		date_text(statement_column_int(statement, 6), item->last_reviewed);
	}
	database_finalize(statement);
	return count;
}

static long long open_round(struct database *db)
{
	struct statement *statement = database_prepare(db, "SELECT id FROM review_round WHERE closed_at = '' ORDER BY id DESC LIMIT 1");
	if (!statement)
		return 0;
	long long id = statement_step(statement) == STORAGE_ROW ? statement_column_int64(statement, 0) : 0;
	database_finalize(statement);
	return id;
}

/* The words for a decision code of review_decision, in the user's language. */
static const char *decision_label(const char *code)
{
	if (strcmp(code, "keep") == 0)
		return _("kept");
	if (strcmp(code, "end-relationship") == 0)
		return _("relationship ended");
	if (strcmp(code, "held") == 0)
		return _("held (legal hold)");
	if (strcmp(code, "erase") == 0)
		return _("erased");
	return code;
}

/* Records a decision (in the open round, if any); unless in a batch (which
 * clears the queue's rows at its end), takes the contact off the queue. */
static enum status record_decision(struct session *session, long long contact_id, const char *decision, const char *reason,
				   const char *rule_code, bool batch)
{
	struct database *db = session->db;
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	long long round = open_round(db);
	struct statement *statement = database_prepare(db,
		"INSERT INTO review_decision (round_id, contact_id, decision, reason, rule_code, decided_at, decided_by) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!statement)
		return STATUS_ERR_DATABASE;
	if (round)
		statement_bind_int64(statement, 1, round);
	statement_bind_int64(statement, 2, contact_id);
	statement_bind_text(statement, 3, decision);
	statement_bind_text(statement, 4, reason);
	statement_bind_text(statement, 5, rule_code ? rule_code : "");
	statement_bind_text(statement, 6, now);
	statement_bind_int64(statement, 7, session->account_id);
	int rc = statement_step(statement);
	database_finalize(statement);
	if (rc != STORAGE_DONE)
		return database_fail(db, "review decision");
	/* The queue may not be built in this connection. */
	statement = batch || !queue_built(db) ? NULL : database_prepare(db, "DELETE FROM review_queue WHERE contact_id = ?");
	if (statement) {
		statement_bind_int64(statement, 1, contact_id);
		rc = statement_step(statement);
		database_finalize(statement);
		if (rc != STORAGE_DONE)
			return database_fail(db, "review queue");
	}
	return STATUS_OK;
}

enum status review_keep(struct session *session, long long contact_id, const char *reason)
{
	enum status status = permission_require(session, PERMISSION_ERASE);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	if (!reason || !*reason) {
		snprintf(db->error, sizeof db->error, "%s", _("give the reason for keeping the record (notice §4.1)"));
		return STATUS_ERR_INVALID;
	}
	char today[11];
	calendar_today(today);
	status = database_begin(db);
	struct statement *statement = status == STATUS_OK ? database_prepare(db,
		"UPDATE contact SET last_reviewed = ?, version = version + 1 WHERE id = ? AND merged_into IS NULL") : NULL;
	if (status == STATUS_OK && !statement)
		status = STATUS_ERR_DATABASE;
	if (statement) {
		statement_bind_text(statement, 1, today);
		statement_bind_int64(statement, 2, contact_id);
		if (statement_step(statement) != STORAGE_DONE)
			status = database_fail(db, "review");
		else if (database_changes(db) != 1)
			status = STATUS_ERR_NOT_FOUND;
		database_finalize(statement);
	}
	if (status == STATUS_OK)
		status = record_decision(session, contact_id, "keep", reason, NULL, false);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "review.keep", "contact", contact_id, "last_reviewed");
	return database_finish(db, status);
}

enum status review_end_relationship(struct session *session, long long contact_id)
{
	enum status status = permission_require(session, PERMISSION_ERASE);
	if (status != STATUS_OK)
		return status;
	char today[11];
	calendar_today(today);
	struct database *db = session->db;
	status = database_begin(db);
	if (status == STATUS_OK)
		status = contact_end_relationship(session, contact_id, today);
	if (status == STATUS_OK)
		status = record_decision(session, contact_id, "end-relationship", "", NULL, false);
	return database_finish(db, status);
}

enum status review_erase(struct session *session, long long contact_id, const char *rule_code)
{
	struct database *db = session->db;
	struct erasure_preview preview;
	enum status status = database_begin(db);
	if (status == STATUS_OK)
		status = erasure_erase_person(session, contact_id, 0, &preview);
	if (status == STATUS_OK)
		status = record_decision(session, contact_id, preview.held ? "held" : "erase", "", rule_code, false);
	status = database_finish(db, status);
	if (status == STATUS_OK) {
		activity_begin(db, ACTIVITY_ERASURE, session->username);
		erasure_leave_no_trace(db);
		activity_end(db);
	}
	return status;
}

enum status review_erase_rule(struct session *session, const char *rule_code, bool preview, long long *erased,
			      long long *held)
{
	*erased = *held = 0;
	enum status status = permission_require(session, PERMISSION_ERASE);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	/* The hold-ended records are one more "rule": due once the last hold ended. */
	bool hold_ended = strcmp(rule_code, REVIEW_RULE_HOLD_ENDED) == 0;
	int rule = rule_index(db, rule_code);
	if (rule < 0 && !hold_ended) {
		char known[1024];
		known_rules(db, known, sizeof known);
		snprintf(known + strlen(known), sizeof known - strlen(known), ", %s", REVIEW_RULE_HOLD_ENDED);
		snprintf(db->error, sizeof db->error, _("unknown rule '%.60s': the rules are %s"), rule_code, known);
		return STATUS_ERR_INVALID;
	}
	struct statement *statement = database_prepare(db, hold_ended
		? "SELECT contact_id, reason FROM review_queue WHERE reason = ? ORDER BY contact_id"
		: "SELECT contact_id, reason FROM review_queue WHERE rule = ? AND reason IN (0, 1) ORDER BY contact_id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int(statement, 1, hold_ended ? (int)REVIEW_HOLD_ENDED : rule);
	/* Up to the whole register's ids: on PostgreSQL a batch at a time. */
	database_whole_register_pass(db, true);
	long long capacity = 1024, count = 0;
	long long *ids = malloc((size_t)capacity * sizeof *ids);
	int rc = STORAGE_DONE;
	while (ids && (rc = statement_step(statement)) == STORAGE_ROW) {
		if (statement_column_int(statement, 1) == REVIEW_HELD) {
			(*held)++;
			continue;
		}
		if (count == capacity) {
			long long *grown = realloc(ids, (size_t)(capacity *= 2) * sizeof *ids);
			if (!grown) {
				free(ids);
				ids = NULL;
				break;
			}
			ids = grown;
		}
		ids[count++] = statement_column_int64(statement, 0);
	}
	database_finalize(statement);
	database_whole_register_pass(db, false);
	if (!ids)
		return STATUS_ERR_NO_MEMORY;
	if (rc != STORAGE_DONE) {   /* e.g. no queue built in this connection */
		free(ids);
		return database_fail(db, "review queue");
	}
	if (preview) {
		*erased = count;
		free(ids);
		return STATUS_OK;
	}
	/* A bulk erasure holds the database a while: other desks wait, told why. */
	activity_begin(db, ACTIVITY_ERASURE, session->username);
	/* One transaction: a cancel before the commit rolls every person back,
	 * so stopping loses nothing; the rewrite after the commit cannot stop. */
	progress_begin(db, PROGRESS_ERASURE, count, true);
	status = database_begin(db);
	for (long long i = 0; status == STATUS_OK && i < count; i++) {
		struct erasure_preview person;
		if (!progress_advance(db, i)) {
			status = progress_cancelled(db, _("erasure cancelled: nobody was erased"));
			break;
		}
		status = erasure_erase_person(session, ids[i], 0, &person);
		if (status == STATUS_OK)
			status = record_decision(session, ids[i], "erase", "", rule_code, true);
	}
	if (status == STATUS_OK)
		status = hold_ended ? database_run(db, "DELETE FROM review_queue WHERE reason = ?", "i", (long long)REVIEW_HOLD_ENDED)
			: database_run(db, "DELETE FROM review_queue WHERE rule = ? AND reason = 0", "i", (long long)rule);
	if (status == STATUS_OK) {
		char fields[128];
		snprintf(fields, sizeof fields, "rule:%s,count:%lld", rule_code, count);
		status = audit_append(db, session->account_id, "review.erase-rule", "retention_rule", 0, fields);
	}
	free(ids);
	if (status == STATUS_OK)
		progress_end(db);   /* before the commit: a cancel now would be too late */
	status = database_finish(db, status);
	progress_end(db);
	if (status == STATUS_OK) {
		*erased = count;
		erasure_leave_no_trace(db);
	}
	activity_end(db);
	return status;
}

enum status review_round_open(struct session *session, int year, long long *id)
{
	enum status status = permission_require(session, PERMISSION_ERASE);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	if (open_round(db)) {
		snprintf(db->error, sizeof db->error, "%s", _("a review round is already open: close it first"));
		return STATUS_ERR_INVALID;
	}
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	status = database_begin(db);
	struct statement *statement = status == STATUS_OK ? database_prepare(db,
		"INSERT INTO review_round (year, opened_at, opened_by) VALUES (?, ?, ?)") : NULL;
	if (status == STATUS_OK && !statement)
		status = STATUS_ERR_DATABASE;
	if (statement) {
		statement_bind_int(statement, 1, year);
		statement_bind_text(statement, 2, now);
		statement_bind_int64(statement, 3, session->account_id);
		if (statement_step(statement) != STORAGE_DONE)
			status = database_fail(db, "review round");
		database_finalize(statement);
	}
	if (status == STATUS_OK)
		*id = database_last_insert_id(db);
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "review.round-open", "review_round", *id, "year");
	return database_finish(db, status);
}

enum status review_round_close(struct session *session, struct review_round *out)
{
	enum status status = permission_require(session, PERMISSION_ERASE);
	if (status != STATUS_OK)
		return status;
	struct database *db = session->db;
	long long round = open_round(db);
	if (!round) {
		snprintf(db->error, sizeof db->error, "%s", _("no review round is open"));
		return STATUS_ERR_INVALID;
	}
	memset(out, 0, sizeof *out);
	out->id = round;
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	FILE *summary = fmemopen(out->summary, sizeof out->summary - 1, "w");
	if (!summary)
		return STATUS_ERR_NO_MEMORY;
	struct statement *statement = database_prepare(db, "SELECT year, opened_at FROM review_round WHERE id = ?");
	if (statement) {
		statement_bind_int64(statement, 1, round);
		if (statement_step(statement) == STORAGE_ROW) {
			out->year = statement_column_int(statement, 0);
			text_copy(out->opened_at, sizeof out->opened_at, database_text(statement, 1));
		}
		database_finalize(statement);
	}
	fprintf(summary, _("Annual review of the register (notice §4.1), year %d\n"), out->year);
	fprintf(summary, _("Opened %s, closed %s by %s (%s).\n\n"), out->opened_at, now, session->full_name, session->username);
	statement = database_prepare(db,
		"SELECT decision, CASE WHEN rule_code = '' THEN '-' ELSE rule_code END, count(*) FROM review_decision "
		"WHERE round_id = ? GROUP BY 1, 2 ORDER BY 1, 2");
	if (statement) {
		statement_bind_int64(statement, 1, round);
		fprintf(summary, "%s\n", _("Decisions (rule, count, decision):"));
		while (statement_step(statement) == STORAGE_ROW)
			fprintf(summary, "  %-22s %6d  %s\n", database_text(statement, 1), statement_column_int(statement, 2),
				decision_label(database_text(statement, 0)));
		database_finalize(statement);
	}
	struct retention_rule rules[RULES_MAX];
	int count = retention_rules(db, rules, RULES_MAX);
	fprintf(summary, "\n%s\n", _("Retention rules in force:"));
	for (int i = 0; i < count; i++)
		fprintf(summary, "  %-22s %s, %d %s %s%s\n", rules[i].code, rules[i].name, rules[i].months, _("months after"),
			retention_basis_label(rules[i].basis), rules[i].active ? "" : _(" (off)"));
	fclose(summary);
	text_copy(out->closed_at, sizeof out->closed_at, now);
	status = database_begin(db);
	statement = status == STATUS_OK ? database_prepare(db,
		"UPDATE review_round SET closed_at = ?, closed_by = ?, summary = ? WHERE id = ?") : NULL;
	if (status == STATUS_OK && !statement)
		status = STATUS_ERR_DATABASE;
	if (statement) {
		statement_bind_text(statement, 1, now);
		statement_bind_int64(statement, 2, session->account_id);
		statement_bind_text(statement, 3, out->summary);
		statement_bind_int64(statement, 4, round);
		if (statement_step(statement) != STORAGE_DONE)
			status = database_fail(db, "review round");
		database_finalize(statement);
	}
	if (status == STATUS_OK)
		status = audit_append(db, session->account_id, "review.round-close", "review_round", round, "summary");
	return database_finish(db, status);
}

int review_rounds(struct session *session, struct review_round *out, int max)
{
	if (permission_require(session, PERMISSION_ERASE) != STATUS_OK)
		return -1;
	struct statement *statement = database_prepare(session->db,
		"SELECT id, year, opened_at, closed_at, summary FROM review_round ORDER BY id DESC");
	if (!statement)
		return -1;
	int count = 0;
	while (count < max && statement_step(statement) == STORAGE_ROW) {
		struct review_round *round = &out[count++];
		round->id = statement_column_int64(statement, 0);
		round->year = statement_column_int(statement, 1);
		text_copy(round->opened_at, sizeof round->opened_at, database_text(statement, 2));
		text_copy(round->closed_at, sizeof round->closed_at, database_text(statement, 3));
		text_copy(round->summary, sizeof round->summary, database_text(statement, 4));
	}
	database_finalize(statement);
	return count;
}

void review_status(struct session *session, long long *due, char last_closed[32], bool *open_round_flag)
{
	*due = -1;
	last_closed[0] = '\0';
	*open_round_flag = false;
	if (!permission_allows(session->role, PERMISSION_ERASE))
		return;
	struct database *db = session->db;
	struct statement *statement = queue_built(db)
		? database_prepare(db, "SELECT count(*) FROM review_queue WHERE reason IN (0, ?)") : NULL;
	if (statement) {
		statement_bind_int(statement, 1, REVIEW_HOLD_ENDED);
		if (statement_step(statement) == STORAGE_ROW)
			*due = statement_column_int64(statement, 0);
		database_finalize(statement);
	} else {
		db->error[0] = '\0';   /* the queue is not built yet in this session */
	}
	statement = database_prepare(db, "SELECT coalesce(max(closed_at), '') FROM review_round WHERE closed_at <> ''");
	if (statement) {
		if (statement_step(statement) == STORAGE_ROW)
			text_copy(last_closed, 32, database_text(statement, 0));
		database_finalize(statement);
	}
	*open_round_flag = open_round(db) != 0;
}

/* ==== Read functions for the access report (report.c); nothing else here ==== */

enum status review_decisions_each(struct session *session, long long contact_id,
				  enum status (*visit)(const struct review_decision_record *record, void *context),
				  void *context)
{
	bool finnish = strcmp(i18n_language(), "fi") == 0;
	struct statement *statement = database_prepare(session->db, finnish
		? "SELECT d.decided_at, d.decision, d.reason, coalesce(r.name_fi, d.rule_code), coalesce(a.username, '') "
		  "FROM review_decision d LEFT JOIN retention_rule r ON r.code = d.rule_code LEFT JOIN account a ON a.id = d.decided_by "
		  "WHERE d.contact_id IN (SELECT id FROM contact WHERE id = ?1 OR merged_into = ?1) ORDER BY d.decided_at, d.id"
		: "SELECT d.decided_at, d.decision, d.reason, coalesce(r.name_en, d.rule_code), coalesce(a.username, '') "
		  "FROM review_decision d LEFT JOIN retention_rule r ON r.code = d.rule_code LEFT JOIN account a ON a.id = d.decided_by "
		  "WHERE d.contact_id IN (SELECT id FROM contact WHERE id = ?1 OR merged_into = ?1) ORDER BY d.decided_at, d.id");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	enum status status = STATUS_OK;
	struct review_decision_record record;
	int rc;
	while ((rc = statement_step(statement)) == STORAGE_ROW) {
		memset(&record, 0, sizeof record);
		text_copy(record.decided_at, sizeof record.decided_at, database_text(statement, 0));
		text_copy(record.decision, sizeof record.decision, database_text(statement, 1));
		text_copy(record.decision_label, sizeof record.decision_label, decision_label(record.decision));
		text_copy(record.reason, sizeof record.reason, database_text(statement, 2));
		text_copy(record.rule_name, sizeof record.rule_name, database_text(statement, 3));
		text_copy(record.decided_by, sizeof record.decided_by, database_text(statement, 4));
		status = visit(&record, context);
		if (status != STATUS_OK)
			break;
	}
	if (status == STATUS_OK && rc != STORAGE_DONE)
		status = database_fail(session->db, "review decisions");
	database_finalize(statement);
	return status;
}

/* ==== End of the access report's read functions ==== */
