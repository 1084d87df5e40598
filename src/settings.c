#include "settings.h"
#include "database_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "calendar.h"
#include "i18n.h"
#include "office.h"
#include "permission.h"
#include "validate.h"
#include "witness.h"

#include "text.h"

static const struct {
	const char *key;
	const char *fallback;
	const char *label;
	const char *description;
} settings[] = {
#define SETTING_ROW(name, key, fallback, label, description) [SETTING_##name] = { key, fallback, label, description },
	SETTINGS(SETTING_ROW)
#undef SETTING_ROW
};

const char *settings_key(enum setting setting)
{
	return settings[setting].key;
}

const char *settings_description(enum setting setting)
{
	return _(settings[setting].description);
}

const char *settings_label(enum setting setting)
{
	return _(settings[setting].label);
}

bool settings_parse(const char *key, enum setting *out)
{
	for (int setting = 0; setting < SETTING_COUNT; setting++) {
		if (strcmp(key, settings[setting].key) == 0) {
			*out = (enum setting)setting;
			return true;
		}
	}
	return false;
}

/* Minutes as seconds: digits with an optional fraction after '.' or ','
 * (the same in every locale, so no strtod); -1 when not a number from 0 to
 * 480 (the screen faces visitors: at most a working day, or never). */
static long parse_minutes(const char *text)
{
	long whole = 0, fraction = 0, scale = 1;
	const char *p = text;
	if (!*p)
		return -1;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((whole = whole * 10 + (*p - '0')) > 480)
			return -1;
	if (*p == '.' || *p == ',') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++)
			if (scale < 1000) {
				fraction = fraction * 10 + (*p - '0');
				scale *= 10;
			}
	}
	if (*p || (whole == 480 && fraction > 0))
		return -1;
	return whole * 60 + (fraction * 60 + scale / 2) / scale;
}

/* A yes/no value in either language. */
static bool is_flag_word(const char *value, bool yes)
{
	static const char *const words[2][2] = { { "no", "ei" }, { "yes", "kyllä" } };
	for (int i = 0; i < 2; i++)
		if (strcmp(value, words[yes][i]) == 0)
			return true;
	return false;
}

bool settings_get_flag(struct database *db, enum setting setting)
{
	char value[32];
	settings_get(db, setting, value, sizeof value);
	return is_flag_word(value, true);
}

long settings_lock_idle_seconds(struct database *db)
{
	char value[64];
	settings_get(db, SETTING_LOCK_IDLE_MINUTES, value, sizeof value);
	long seconds = parse_minutes(value);
	return seconds > 0 ? seconds : 0;
}

bool settings_validate(enum setting setting, const char *value, char *reason, size_t reason_size)
{
	if (!validate_text(value, SETTING_VALUE_MAX_CHARS, false, false, reason, reason_size))
		return false;
	if (setting == SETTING_FILES_FOLDER && office_mode()) {
		snprintf(reason, reason_size, "%s", _("in the office install the files folder is set in regdesk.conf"));
		return false;
	}
	if (setting == SETTING_FILES_FOLDER && *value && *value != '/') {
		snprintf(reason, reason_size, "%s", _("a full path starting with /, or empty for the default"));
		return false;
	}
	if (setting == SETTING_LOCK_IDLE_MINUTES && parse_minutes(value) < 0) {
		snprintf(reason, reason_size, "%s", _("0 to 480 (0: never), e.g. 10 or 0.5"));
		return false;
	}
	if (setting == SETTING_TIME_ZONE && !calendar_zone_exists(value)) {
		snprintf(reason, reason_size, "%s", _("a time zone of the tz database, e.g. Europe/Helsinki"));
		return false;
	}
	if (setting == SETTING_AUDIT_WITNESS && !witness_setting_valid(value)) {
		snprintf(reason, reason_size, "%s", _("syslog, or file: and a full path, e.g. file:/var/log/regdesk-witness.log"));
		return false;
	}
	if (setting == SETTING_REPORT_NAMES_STAFF && !is_flag_word(value, true) && !is_flag_word(value, false)) {
		snprintf(reason, reason_size, "%s", _("yes or no"));
		return false;
	}
	return true;
}

void settings_apply(struct database *db)
{
	char zone[SETTING_VALUE_MAX_CHARS * 4 + 1];
	settings_get(db, SETTING_TIME_ZONE, zone, sizeof zone);
	/* A zone the system lost (tzdata removed) falls back to the default. */
	if (!calendar_set_zone(zone))
		calendar_set_zone(settings[SETTING_TIME_ZONE].fallback);
}

enum status settings_change(struct session *session, enum setting setting, const char *value)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return status;
	char reason[160];
	bool valid = settings_validate(setting, value, reason, sizeof reason);
	if (!valid) {
		snprintf(session->db->error, sizeof session->db->error, "%s", reason);
		return STATUS_ERR_INVALID;
	}
	status = database_begin(session->db);
	if (status == STATUS_OK)
		status = settings_set(session->db, setting, value);
	if (status == STATUS_OK)
		status = audit_append(session->db, session->account_id, "setting.change", "setting", 0, settings[setting].key);
	if (status != STATUS_OK) {
		database_rollback(session->db);
		return status;
	}
	status = database_commit(session->db);
	if (status == STATUS_OK && setting == SETTING_TIME_ZONE)
		settings_apply(session->db);
	return status;
}

void settings_get(struct database *db, enum setting setting, char *out, size_t out_size)
{
	text_copy(out, out_size, settings[setting].fallback);
	struct statement *statement = database_prepare(db, "SELECT value FROM setting WHERE key = ?");
	if (!statement)
		return;
	statement_bind_text(statement, 1, settings[setting].key);
	if (statement_step(statement) == STORAGE_ROW)
		text_copy(out, out_size, statement_column_text(statement, 0));
	database_finalize(statement);
}

long settings_get_long(struct database *db, enum setting setting)
{
	char value[32];
	settings_get(db, setting, value, sizeof value);
	char *end;
	long number = strtol(value, &end, 10);
	if (*end != '\0' || end == value)
		number = strtol(settings[setting].fallback, NULL, 10);
	return number;
}

enum status settings_set(struct database *db, enum setting setting, const char *value)
{
	enum status status = database_begin(db);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(db,
		"INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	if (!statement) {
		database_rollback(db);
		return STATUS_ERR_DATABASE;
	}
	statement_bind_text(statement, 1, settings[setting].key);
	statement_bind_text(statement, 2, value);
	int rc = statement_step(statement);
	database_finalize(statement);
	if (rc != STORAGE_DONE) {
		status = database_fail(db, "setting");
		database_rollback(db);
		return status;
	}
	return database_commit(db);
}
