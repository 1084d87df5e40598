/* Importing contacts from CSV files made by someone else's software: an
 * Excel export, an event's sign-up list (notice §1.5), an employer's list of
 * training participants (notice §1.4).
 *
 * The file is read through libcsv as a stream, never loaded: memory stays
 * flat whatever its size. Its encoding (UTF-8 with or without BOM, or
 * Windows-1252) and delimiter (, ; tab) are detected; its header row is
 * mapped to the register's fields in Finnish or English; each row is
 * validated and checked for duplicates with the contacts' own rules
 * (contact_find_duplicates); and the whole file is written in one
 * transaction: all or nothing. Every message names the file and the line.
 *
 * A dry run is the same pass rolled back at its end, so that its counts are
 * exactly what the import would do. */
#ifndef REGDESK_CSV_IMPORT_H
#define REGDESK_CSV_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "account.h"
#include "consent.h"
#include "contact.h"

/* Limits that keep memory flat whatever the file holds; a file past them is
 * refused with the line named. */
#define IMPORT_MAX_COLUMNS 1000
#define IMPORT_MAX_FIELD_BYTES (1024 * 1024)      /* one cell */
#define IMPORT_MAX_ROW_BYTES (4 * 1024 * 1024)    /* one row, all cells */
#define IMPORT_PREVIEW_ROWS 10                    /* rows shown as they will be stored */
#define IMPORT_ERRORS_KEPT 50                     /* row errors kept for display (all are counted) */

#define IMPORT_ENCODINGS(_) \
	_(AUTO,         "auto",         N_("detect")) \
	_(UTF8,         "utf-8",        N_("UTF-8")) \
	_(WINDOWS_1252, "windows-1252", N_("Windows-1252 (older Excel)"))

enum import_encoding {
#define IMPORT_ENCODING_ENUM(name, code, label) IMPORT_ENCODING_##name,
	IMPORT_ENCODINGS(IMPORT_ENCODING_ENUM)
#undef IMPORT_ENCODING_ENUM
	IMPORT_ENCODING_COUNT
};

/* What is done with a row that matches a contact already in the register
 * (or an earlier row of the same file). */
#define IMPORT_MATCH_POLICIES(_) \
	_(LINK, "link", N_("link to the existing contact")) \
	_(FILL, "fill", N_("link and fill its empty fields")) \
	_(SKIP, "skip", N_("skip the row"))

enum import_match_policy {
#define IMPORT_MATCH_ENUM(name, code, label) IMPORT_MATCH_##name,
	IMPORT_MATCH_POLICIES(IMPORT_MATCH_ENUM)
#undef IMPORT_MATCH_ENUM
	IMPORT_MATCH_COUNT
};

/* What is done with a row whose e-mail or phone matches a contact of
 * another name (accents and case aside): most likely another person sharing
 * a switchboard, a family line or a mailbox. The default is a new contact;
 * nothing is written onto the other record unless chosen. */
#define IMPORT_OTHER_NAME_POLICIES(_) \
	_(NEW,  "new",  N_("add a new contact")) \
	_(LINK, "link", N_("link to the contact of the other name")) \
	_(FILL, "fill", N_("link to it and fill its empty fields")) \
	_(SKIP, "skip", N_("skip the row"))

enum import_other_name_policy {
#define IMPORT_OTHER_NAME_ENUM(name, code, label) IMPORT_OTHER_NAME_##name,
	IMPORT_OTHER_NAME_POLICIES(IMPORT_OTHER_NAME_ENUM)
#undef IMPORT_OTHER_NAME_ENUM
	IMPORT_OTHER_NAME_COUNT
};

#define IMPORT_ROW_CHOICES_MAX 50                 /* rows of another name decided one by one (the screen) */

/* What a row turned out to be. */
#define IMPORT_OUTCOMES(_) \
	_(NEW,     "new",     N_("new")) \
	_(MATCH,   "match",   N_("in the register")) \
	_(IN_FILE, "in-file", N_("twice in the file")) \
	_(INVALID, "invalid", N_("invalid"))

enum import_outcome {
#define IMPORT_OUTCOME_ENUM(name, code, label) IMPORT_OUTCOME_##name,
	IMPORT_OUTCOMES(IMPORT_OUTCOME_ENUM)
#undef IMPORT_OUTCOME_ENUM
	IMPORT_OUTCOME_COUNT
};

const char *import_encoding_code(enum import_encoding encoding);
const char *import_encoding_label(enum import_encoding encoding);      /* translated */
bool import_encoding_parse(const char *code, enum import_encoding *out);
const char *import_match_policy_code(enum import_match_policy policy);
const char *import_match_policy_label(enum import_match_policy policy); /* translated */
bool import_match_policy_parse(const char *code, enum import_match_policy *out);
const char *import_outcome_label(enum import_outcome outcome);         /* translated */
const char *import_other_name_policy_code(enum import_other_name_policy policy);
const char *import_other_name_policy_label(enum import_other_name_policy policy); /* translated */
bool import_other_name_policy_parse(const char *code, enum import_other_name_policy *out);

/* Where a column goes. */
enum import_target_kind {
	IMPORT_TARGET_IGNORE,
	IMPORT_TARGET_FIELD,          /* a contact field */
	IMPORT_TARGET_FULL_NAME,      /* "First Last": split at the last space */
	IMPORT_TARGET_ORGANISATION,   /* the organisation's name: found in the register or added */
	IMPORT_TARGET_BUSINESS_ID,    /* the organisation's business ID (Y-tunnus) */
	IMPORT_TARGET_BAN,            /* yes: an objection to the purpose (notice §1.5, §6.3) */
	IMPORT_TARGET_CONSENT,        /* yes: a consent to the purpose (notice §1.3, §6.3) */
};

struct import_target {
	enum import_target_kind kind;
	enum contact_field field;     /* IMPORT_TARGET_FIELD */
	char purpose[41];             /* IMPORT_TARGET_BAN, IMPORT_TARGET_CONSENT: a purpose code */
};

/* "first_name", "organisation", "ban:postal-mail", "ignore", ... as the
 * command line and saved mappings write a target. */
void import_target_code(const struct import_target *target, char *out, size_t out_size);
/* "First name", "Ban: postal direct mail", "(not imported)"; translated. */
void import_target_label(struct database *db, const struct import_target *target, char *out, size_t out_size);
/* Parses a target code; a purpose must exist in the register. */
bool import_target_parse(struct database *db, const char *code, struct import_target *out);

/* ---- The reading path on its own (tests, fuzzing) ---- */

/* One record of the file: its cells as UTF-8, NUL-terminated (owned by the
 * reader, valid during the call), and the line it starts on. */
struct csv_record {
	long long line;
	int count;
	const char *const *cells;
};

/* Reads stream (the file name is for messages) as the import does: refuses
 * binary and UTF-16 text; detects the encoding unless one is given; skips a
 * UTF-8 byte order mark; detects the delimiter from the header unless one is
 * given (0); converts Windows-1252 to UTF-8; and calls visit for each record
 * until it returns false. The detected encoding and delimiter are written
 * back when the pointers are given. Returns true when the stream was read
 * to its end or visit stopped it; false with "name:line: message" in error.
 * Memory stays within the limits above. */
bool csv_import_read_stream(FILE *stream, const char *name, enum import_encoding *encoding, char *delimiter,
			    bool (*visit)(const struct csv_record *record, void *context), void *context,
			    char *error, size_t error_size);

/* ---- An import ---- */

/* Progress of a pass, about every 100 ms. */
struct import_progress {
	long long rows;               /* data rows done */
	long long bytes, total_bytes; /* of the file */
	double seconds;               /* since the pass started */
	double rows_per_second;
	double seconds_left;          /* estimate from the bytes left; -1 while unknown */
	bool dry_run;
};
/* Returning false cancels the pass: nothing is written. */
typedef bool (*import_progress_callback)(const struct import_progress *progress, void *context);

struct import_options {
	char delimiter;                       /* ',', ';' or '\t'; 0 detects it from the header */
	enum import_encoding encoding;        /* IMPORT_ENCODING_AUTO detects it */
	unsigned categories;                  /* given to every contact of the file (notice §1) */
	enum data_source source;              /* where the file's data came from (notice §1.4, §1.5) */
	char source_detail[201];              /* the event or the employer, named */
	enum consent_channel statement_channel; /* how the file's bans and consents were received */
	enum import_match_policy on_match;    /* a match of the same name */
	enum import_other_name_policy on_other_name; /* a match by e-mail or phone of another name */
	struct import_row_choice {            /* on_other_name for one row, by its line (the screen) */
		long long line;
		enum import_other_name_policy policy;
	} row_choices[IMPORT_ROW_CHOICES_MAX];
	int row_choice_count;
	bool skip_invalid;                    /* skip invalid rows instead of stopping the import */
	char rejects_path[4096];              /* skipped rows are written here ("" for none) */
	long long event_id;                   /* register each contact to this event (notice §1.5); 0 for none */
	long long training_session_id;        /* register each contact to this training session (notice §1.4); 0 for none */
	import_progress_callback progress;    /* NULL for none */
	void *progress_context;
};

/* Defaults: detect, no categories, source the person, channel web form,
 * link matches of the same name, a new contact for a match of another name,
 * stop at an invalid row. */
void import_options_init(struct import_options *options);

struct import_counts {
	long long rows;                       /* data rows read */
	long long new_contacts;               /* rows that are (or would be) new contacts */
	long long matches;                    /* rows matching a contact already in the register */
	long long in_file_duplicates;         /* rows matching an earlier row of the file */
	long long invalid;                    /* rows with an error */
	long long linked, filled, skipped;    /* what was done with the matching rows */
	long long other_names;                /* rows whose e-mail or phone matches a contact of another name */
	long long organisations;              /* organisations added */
	long long bans, consents;             /* statements recorded from ban and consent columns */
	long long registrations;              /* to the event or the training session */
	long long formula_cells;              /* cells a spreadsheet would run as formulas, stored as plain text */
	long long rejected;                   /* invalid rows written to the rejects file */
};

/* A row as it will be stored, for the preview. */
struct import_preview_row {
	long long line;
	enum import_outcome outcome;
	long long contact_id;                 /* the matching contact (IMPORT_OUTCOME_MATCH); 0 otherwise */
	long long duplicate_line;             /* IMPORT_OUTCOME_IN_FILE: the earlier row's line; 0 when not known */
	char name[402];                       /* "Last, First" */
	char organisation[201];
	char email[255];
	char phone[41];
	char city[101];
	char reason[640];                     /* IMPORT_OUTCOME_INVALID: why (every problem of the row) */
	long long other_name_id;              /* a contact of another name with the same e-mail or phone; 0 if none */
	char other_name_reason[256];          /* "same phone as Matti Virtanen #12, another name" */
	enum import_other_name_policy other_name_policy; /* what was done with the row */
};

struct import_error {
	long long line;
	char message[640];                    /* translated; every problem of the row; no cell values, only field names */
};

struct import_report {
	struct import_counts counts;
	struct import_preview_row preview[IMPORT_PREVIEW_ROWS];
	int preview_count;
	struct import_error errors[IMPORT_ERRORS_KEPT];
	int error_count;                      /* kept; counts.invalid counts them all */
	struct import_other_name_row {        /* rows matching a contact of another name, for choosing per row */
		long long line;
		long long contact_id;
		char row_name[402];               /* the row's "Last, First" */
		char reason[256];                 /* "same phone as Matti Virtanen #12, another name" */
		enum import_other_name_policy policy; /* as done in this pass */
	} other_name_rows[IMPORT_ROW_CHOICES_MAX];
	int other_name_row_count;             /* kept; counts.other_names counts them all */
	char sha256[65];                      /* of the bytes read, hex */
	double seconds;                       /* the pass, from the first byte to the commit */
	bool committed;                       /* the rows are in the register */
	bool bulk_indexed;                    /* the search index was rebuilt once at the end */
	bool cancelled;                       /* the progress callback stopped the pass */
};

struct csv_import;

/* Opens path for importing (needs PERMISSION_EDIT_CONTACTS): checks that it
 * is a readable text file, detects its encoding and delimiter (unless
 * options give them), reads its header and first row, and proposes a
 * mapping: a saved mapping of the same header shape when there is one,
 * else the columns whose headers name a field in Finnish or English.
 * options are copied. On failure returns a status with "file:line: message"
 * in session->db->error and *out NULL. */
enum status csv_import_open(struct session *session, const char *path, const struct import_options *options,
			    struct csv_import **out);
void csv_import_close(struct csv_import *import);

/* The options in force; a caller may change the batch attributes, the match
 * policy and the invalid-row handling between a dry run and the import. */
struct import_options *csv_import_options(struct csv_import *import);

const char *csv_import_path(const struct csv_import *import);
enum import_encoding csv_import_encoding(const struct csv_import *import);   /* as detected */
char csv_import_delimiter(const struct csv_import *import);                  /* as detected */
bool csv_import_had_bom(const struct csv_import *import);
long long csv_import_line_count(const struct csv_import *import);             /* lines of the file */
long long csv_import_file_bytes(const struct csv_import *import);

/* The columns: header text and the first data row's cell as read (make them
 * inert before showing them), and the target of each. */
int csv_import_column_count(const struct csv_import *import);
const char *csv_import_column_header(const struct csv_import *import, int column);
const char *csv_import_column_sample(const struct csv_import *import, int column);
struct import_target csv_import_column_target(const struct csv_import *import, int column);
void csv_import_set_column_target(struct csv_import *import, int column, const struct import_target *target);

/* The choosable targets, in the order a screen cycles through them. */
int csv_import_target_count(const struct csv_import *import);
struct import_target csv_import_target_at(const struct csv_import *import, int index);
/* Index of target in that order; 0 (ignore) when not there. */
int csv_import_target_index(const struct csv_import *import, const struct import_target *target);

/* True when the mapping can be imported: names mapped, no field twice;
 * otherwise false with the translated reason. */
bool csv_import_mapping_ready(const struct csv_import *import, char *reason, size_t reason_size);

/* Saved mappings: by name, for the next file of the same shape. */
const char *csv_import_applied_mapping(const struct csv_import *import); /* "" when none was applied */
enum status csv_import_apply_mapping(struct csv_import *import, const char *name);
enum status csv_import_save_mapping(struct csv_import *import, const char *name);

/* One pass over the file in one transaction. A dry run is rolled back at its
 * end (and audited as "import.dry-run"); otherwise the rows are committed,
 * with one "import" audit entry (file name, SHA-256, counts) beside each
 * contact's own. With invalid rows and options->skip_invalid unset, nothing
 * is written and STATUS_ERR_INVALID is returned; with it set, invalid rows
 * are skipped and written to options->rejects_path with their line and
 * reason. Each contact created or linked is registered to the event or the
 * training session the options name, the registrar following the data
 * source (an employer, another party, or the person). A cancel from the progress callback, a database error (a full
 * disk) or a fatal file error rolls everything back. report is always
 * filled; on error db->error has the message. */
enum status csv_import_run(struct csv_import *import, bool dry_run, struct import_report *report);

#endif
