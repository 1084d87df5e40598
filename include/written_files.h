/* Files the program writes that hold personal data (access reports,
 * exports): one private folder set by the privacy officer, and the list an
 * erasure offers to delete (GDPR Art. 5(1)(c), 17, 25; issue 13). */
#ifndef REGDESK_WRITTEN_FILES_H
#define REGDESK_WRITTEN_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"

/* The files folder (setting files_folder, else $XDG_DATA_HOME/regdesk/files
 * or ~/.local/share/regdesk/files), created 0700; out holds name inside it.
 * False with db->error when it cannot be made. */
bool files_folder_path(struct database *db, const char *name, char *out, size_t out_size);

/* Logs a file written for a person (kind "report" or "export"). */
enum status written_file_record(struct session *session, const char *path, const char *kind, long long contact_id);

/* The local files that still exist and hold the person's data: access
 * reports logged for them and exports whose disclosure names them. */
#define ERASURE_FILES_MAX 64
struct erasure_files {
	int count;
	char path[ERASURE_FILES_MAX][4096];
};
enum status erasure_list_files(struct session *session, long long contact_id, struct erasure_files *out);
/* Deletes the listed files (privacy officer), audited with the count;
 * deleted gets how many went. */
enum status erasure_delete_files(struct session *session, long long contact_id, const struct erasure_files *files,
				 int *deleted);

#endif
