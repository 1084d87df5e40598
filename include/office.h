/* The office install (issue 14): regdesk installed setgid to the group
 * `regdesk` for a whole office on one host. Staff OS accounts are not in
 * the group: they reach the register, its files and backups only through
 * the program, its roles and its audit trail. Office mode is on when the
 * program runs setgid (effective group differs from the real one); a plain
 * build run by its user never is, and keeps $XDG_DATA_HOME. */
#ifndef REGDESK_OFFICE_H
#define REGDESK_OFFICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "config.h"

/* First thing in main: detects the setgid run and then cleans the
 * environment (only the terminal, language and NO_COLOR stay; PATH and
 * HOME are set from the system), disables core dumps and ptrace access,
 * and sets umask 007. Nothing else reads the environment before it. */
void office_start(void);

/* Reads the configuration file (in office mode only; true otherwise): the
 * compiled-in SYSCONFDIR/regdesk/regdesk.conf under the root the program
 * was installed into (DESTDIR, for a scratch install), never a path from
 * the environment or the command line. It must belong to root and be
 * writable by nobody else. */
bool office_load_config(char *error, size_t error_size);

bool office_mode(void);
/* The configuration read by office_load_config; NULL outside office mode. */
const struct config *office_config(void);
/* The administrator or the system timers: office mode run by root. They
 * may create the register and back it up without a regdesk login. */
bool office_is_service(void);

/* The database to open: --db (given, may be NULL) or the default. In office
 * mode the configured one; --db only inside its folder; REGDESK_DB and
 * XDG_DATA_HOME are not read; a register not yet there is created only by
 * root. False with the reason in error. */
bool office_database_path(const char *given, char *out, size_t out_size, char *error, size_t error_size);

/* Whether path (existing or to be created) resolves inside folder,
 * symbolic links followed. */
bool office_path_inside(const char *path, const char *folder);

/* A file regdesk writes with personal data (report, export, rejects): in
 * office mode a bare name goes into the files folder and any other path
 * must be inside it. out gets the path to write. */
bool office_output_path(const char *given, char *out, size_t out_size, char *error, size_t error_size);

/* A backup written or restored: in office mode only inside backup_folder. */
bool office_backup_path_allowed(const char *path, char *error, size_t error_size);
/* The default backup in office mode: backup_folder/regdesk-<weekday>.db, a
 * week of rolling copies. False outside office mode. */
bool office_default_backup_path(char *out, size_t out_size);
/* The key file that encrypts backups in office mode (backup_key), NULL
 * when none is configured or outside office mode: the backup and restore
 * commands use it when --key-file is not given. */
const char *office_backup_key_file(void);

/* Modes of what regdesk creates: 0660 and 02770 with the group in office
 * mode (other sessions run as other users), 0600 and 0700 otherwise. */
mode_t office_file_mode(void);
mode_t office_folder_mode(void);
/* The umask while the database and its WAL are created. */
mode_t office_private_umask(void);

/* Opens a file the user names as input (an import) with the user's own
 * rights, not the group's: nobody reads the register's folder through it. */
FILE *office_open_user_file(const char *path, const char *mode);

#endif
