/* The office install's configuration file (issue 14): where the register,
 * its files, backups and backup key live. Read only by the installed,
 * setgid program (see office.h); a plain build never reads it. */
#ifndef REGDESK_CONFIG_H
#define REGDESK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_PATH_MAX 4096

struct config {
	char database[CONFIG_PATH_MAX];      /* database = /var/lib/regdesk/regdesk.db, or a
	                                      * postgresql:// URI (issue 17) */
	char files_folder[CONFIG_PATH_MAX];  /* files_folder = /var/lib/regdesk/files: reports and exports */
	char backup_folder[CONFIG_PATH_MAX]; /* backup_folder = /var/lib/regdesk/backups */
	char backup_key[CONFIG_PATH_MAX];    /* backup_key = /etc/regdesk/backup.key (optional) */
};

/* Reads "key = value" lines ('#' starts a comment line) from path into out.
 * Every value is an absolute path, but database may be a libpq URI
 * (postgresql://...); database, files_folder and backup_folder are required. False with a one-line reason naming the line in error. */
bool config_read(const char *path, struct config *out, char *error, size_t error_size);

/* The same from text already in memory; name is used in messages. */
bool config_parse(const char *text, const char *name, struct config *out, char *error, size_t error_size);

/* Whether the configuration holds the database's password (in its URI)
 * while a file of file_mode lets others read it: it must be 0640
 * root:regdesk then. */
bool config_password_exposed(const struct config *config, unsigned file_mode);

#endif
