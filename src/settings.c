#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "i18n.h"
#include "permission.h"
#include "validate.h"

#include "text.h"

static const struct {
	const char *key;
	const char *fallback;
	const char *description;
} settings[] = {
#define SETTING_ROW(name, key, fallback, description) [SETTING_##name] = { key, fallback, description },
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

enum status settings_change(struct session *session, enum setting setting, const char *value)
{
	enum status status = permission_require(session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return status;
	char reason[160];
	if (!validate_text(value, 200, false, false, reason, sizeof reason)) {
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
	return database_commit(session->db);
}

void settings_get(struct database *db, enum setting setting, char *out, size_t out_size)
{
	text_copy(out, out_size, settings[setting].fallback);
	sqlite3_stmt *statement = database_prepare(db, "SELECT value FROM setting WHERE key = ?");
	if (!statement)
		return;
	sqlite3_bind_text(statement, 1, settings[setting].key, -1, SQLITE_STATIC);
	if (sqlite3_step(statement) == SQLITE_ROW)
		text_copy(out, out_size, (const char *)sqlite3_column_text(statement, 0));
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
	sqlite3_stmt *statement = database_prepare(db,
		"INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	if (!statement) {
		database_rollback(db);
		return STATUS_ERR_DATABASE;
	}
	sqlite3_bind_text(statement, 1, settings[setting].key, -1, SQLITE_STATIC);
	sqlite3_bind_text(statement, 2, value, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(statement);
	database_finalize(statement);
	if (rc != SQLITE_DONE) {
		status = database_fail(db, "setting");
		database_rollback(db);
		return status;
	}
	return database_commit(db);
}
