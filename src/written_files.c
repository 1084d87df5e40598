/* Files the program writes that hold personal data, and their deletion at
 * erasure (GDPR Art. 5(1)(c), 17, 25; issue 13). */
#include "written_files.h"
#include "database_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "i18n.h"
#include "office.h"
#include "permission.h"
#include "settings.h"
#include "text.h"

static bool make_private_folder(const char *path)
{
	if (office_mode()) {
		/* The office's folder (2770, group regdesk): made by the install;
		 * made here, by whoever comes first, only when it is missing. */
		if (mkdir(path, office_folder_mode()) == 0)
			chmod(path, office_folder_mode());
		else if (errno != EEXIST)
			return false;
		return true;
	}
	char partial[4096];
	text_copy(partial, sizeof partial, path);
	for (char *p = partial + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(partial, 0700) != 0 && errno != EEXIST)
			return false;
		*p = '/';
	}
	if (mkdir(partial, 0700) != 0 && errno != EEXIST)
		return false;
	return chmod(partial, 0700) == 0;   /* the folder itself is private even if it existed */
}

bool files_folder_path(struct database *db, const char *name, char *out, size_t out_size)
{
	char folder[4096];
	settings_get(db, SETTING_FILES_FOLDER, folder, sizeof folder);
	if (office_config())   /* the office install's folder, whatever the setting says */
		text_copy(folder, sizeof folder, office_config()->files_folder);
	if (!*folder) {
		const char *data_home = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
		if (data_home && *data_home == '/')
			snprintf(folder, sizeof folder, "%s/regdesk/files", data_home);
		else if (home && *home)
			snprintf(folder, sizeof folder, "%s/.local/share/regdesk/files", home);
		else {
			snprintf(db->error, sizeof db->error, "%s", _("set the files folder under Settings: neither XDG_DATA_HOME nor HOME is set"));
			return false;
		}
	}
	if (!make_private_folder(folder)) {
		snprintf(db->error, sizeof db->error, _("Cannot create the directory %s: %s"), folder, strerror(errno));
		return false;
	}
	if ((size_t)snprintf(out, out_size, "%s/%s", folder, name) >= out_size) {
		snprintf(db->error, sizeof db->error, "%s", _("The database path is too long."));
		return false;
	}
	return true;
}

enum status written_file_record(struct session *session, const char *path, const char *kind, long long contact_id)
{
	char now[32];
	clock_format_iso(clock_now(), now, sizeof now);
	return database_run(session->db, "INSERT INTO written_file (path, kind, contact_id, written_at, written_by) VALUES (?, ?, ?, ?, ?)",
			    "ttiti", path, kind, contact_id, now, session->account_id);
}

static void add_path(struct erasure_files *out, const char *path)
{
	if (!*path || access(path, F_OK) != 0 || out->count >= ERASURE_FILES_MAX)
		return;
	for (int i = 0; i < out->count; i++)
		if (strcmp(out->path[i], path) == 0)
			return;
	text_copy(out->path[out->count++], sizeof out->path[0], path);
}

enum status erasure_list_files(struct session *session, long long contact_id, struct erasure_files *out)
{
	out->count = 0;
	enum status status = permission_require(session, PERMISSION_ERASE);
	if (status != STATUS_OK)
		return status;
	struct statement *statement = database_prepare(session->db,
		"SELECT path FROM written_file WHERE contact_id = ?1 UNION "
		"SELECT d.file_name FROM disclosure d JOIN disclosure_contact dc ON dc.disclosure_id = d.id "
		"WHERE dc.contact_id = ?1 AND d.file_name <> '' ORDER BY 1");
	if (!statement)
		return STATUS_ERR_DATABASE;
	statement_bind_int64(statement, 1, contact_id);
	while (statement_step(statement) == STORAGE_ROW)
		add_path(out, database_text(statement, 0));
	database_finalize(statement);
	return STATUS_OK;
}

enum status erasure_delete_files(struct session *session, long long contact_id, const struct erasure_files *files,
				 int *deleted)
{
	*deleted = 0;
	enum status status = permission_require(session, PERMISSION_ERASE);
	if (status != STATUS_OK)
		return status;
	for (int i = 0; i < files->count; i++) {
		if (unlink(files->path[i]) == 0 || errno == ENOENT) {
			(*deleted)++;
			database_run(session->db, "DELETE FROM written_file WHERE path = ?", "t", files->path[i]);
		}
	}
	char fields[64];
	snprintf(fields, sizeof fields, "files:%d", *deleted);
	status = database_begin(session->db);
	if (status == STATUS_OK)
		status = audit_append(session->db, session->account_id, "erasure.files", "contact", contact_id, fields);
	status = database_finish(session->db, status);
	if (status == STATUS_OK && *deleted < files->count) {
		snprintf(session->db->error, sizeof session->db->error, _("%d of %d files could not be deleted"),
			 files->count - *deleted, files->count);
		return STATUS_ERR_IO;
	}
	return status;
}
