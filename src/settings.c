#include "settings.h"

#include <stdlib.h>

#include "text.h"

static const struct {
	const char *key;
	const char *fallback;
} settings[] = {
#define SETTING_ROW(name, key, fallback, description) [SETTING_##name] = { key, fallback },
	SETTINGS(SETTING_ROW)
#undef SETTING_ROW
};

const char *settings_key(enum setting setting)
{
	return settings[setting].key;
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
	sqlite3_finalize(statement);
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
	sqlite3_finalize(statement);
	if (rc != SQLITE_DONE) {
		status = database_fail(db, "setting");
		database_rollback(db);
		return status;
	}
	return database_commit(db);
}
