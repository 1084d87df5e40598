/* The office install (issue 14): see office.h. */
#include "office.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "calendar.h"
#include "database.h"
#include "i18n.h"
#include "text.h"

/* Written by the Makefile into the build tree (absent in the fuzz build). */
#if defined(__has_include)
#if __has_include("install_paths.h")
#include "install_paths.h"
#endif
#endif
#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#ifndef BINDIR
#define BINDIR "/usr/local/bin"
#endif

static bool office_on;
static bool config_loaded;
static struct config office_configuration;

/* Values kept from the environment must be plain names: a locale, a
 * terminal type, a number; never a path or anything the shell would read. */
static bool plain_value(const char *value, const char *extra)
{
	if (!value || !*value || strlen(value) > 64)
		return false;
	for (const char *p = value; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr(extra, *p)))
			return false;
	return true;
}

static void clean_environment(void)
{
	/* The terminal, the language and colour; TZ is not kept: the register
	 * has its own time zone (setting time_zone) and the trail is UTC. */
	static const struct {
		const char *name, *extra;
	} kept[] = {
		{ "TERM", "-_.+" },
		{ "LANG", "_.@-" }, { "LANGUAGE", "_.@:-" }, { "LC_ALL", "_.@-" }, { "LC_CTYPE", "_.@-" },
		{ "LC_MESSAGES", "_.@-" }, { "LC_COLLATE", "_.@-" }, { "LC_TIME", "_.@-" },
		{ "NO_COLOR", "" }, { "COLUMNS", "" }, { "LINES", "" },
	};
	enum { KEPT = sizeof kept / sizeof kept[0] };
	char values[KEPT][65];
	bool present[KEPT];
	for (size_t i = 0; i < KEPT; i++) {
		const char *value = getenv(kept[i].name);
		present[i] = plain_value(value, kept[i].extra);
		if (present[i])
			text_copy(values[i], sizeof values[i], value);
	}
	clearenv();
	for (size_t i = 0; i < KEPT; i++)
		if (present[i])
			setenv(kept[i].name, values[i], 1);
	setenv("PATH", "/usr/bin:/bin", 1);
	struct passwd *user = getpwuid(getuid());
	if (user && user->pw_dir && *user->pw_dir == '/')
		setenv("HOME", user->pw_dir, 1);
}

void office_start(void)
{
	office_on = getegid() != getgid();
	if (!office_on)
		return;
	clean_environment();
	/* No core file and no ptrace or /proc access by the user: the memory
	 * holds the register's pages and the session's password hash. */
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	umask(007);
}

bool office_mode(void)
{
	return office_on;
}

const struct config *office_config(void)
{
	return office_on && config_loaded ? &office_configuration : NULL;
}

bool office_is_service(void)
{
	return office_on && getuid() == 0;
}

/* The root the program was installed into: "" for an installed binary,
 * the DESTDIR of a scratch install (BINDIR/regdesk under it). */
static void install_root(char *out, size_t out_size)
{
	char executable[PATH_MAX];
	ssize_t length = readlink("/proc/self/exe", executable, sizeof executable - 1);
	out[0] = '\0';
	if (length <= 0)
		return;
	executable[length] = '\0';
	const char *suffix = BINDIR "/regdesk";
	size_t suffix_length = strlen(suffix);
	if ((size_t)length > suffix_length && strcmp(executable + length - suffix_length, suffix) == 0) {
		executable[length - suffix_length] = '\0';
		text_copy(out, out_size, executable);
	}
}

/* Only root may have written it: the file and its folder. */
static bool owned_by_root(const char *path)
{
	struct stat info;
	return stat(path, &info) == 0 && info.st_uid == 0 && (info.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

bool office_load_config(char *error, size_t error_size)
{
	if (!office_on)
		return true;
	char root[PATH_MAX], folder[PATH_MAX + 64], path[PATH_MAX + 128];
	install_root(root, sizeof root);
	snprintf(folder, sizeof folder, "%s%s/regdesk", root, SYSCONFDIR);
	snprintf(path, sizeof path, "%s/regdesk.conf", folder);
	if (!owned_by_root(folder) || !owned_by_root(path)) {
		snprintf(error, error_size, _("%s must exist, belong to root and be writable by root alone (office install)"), path);
		return false;
	}
	if (!config_read(path, &office_configuration, error, error_size))
		return false;
	struct stat info;
	if (stat(path, &info) == 0 && config_password_exposed(&office_configuration, (unsigned)info.st_mode)) {
		snprintf(error, error_size, _("%s holds the database password and everyone may read it: make it 0640 root:regdesk"),
			 path);
		return false;
	}
	config_loaded = true;
	if (database_location_is_server(office_configuration.database))
		return true;   /* a PostgreSQL register: no folder of its own here */
	/* SQLite's temporary files (a VACUUM's copy of the register) go into
	 * the register's own folder, not a /tmp file the user owns. */
	char database_folder[CONFIG_PATH_MAX];
	text_copy(database_folder, sizeof database_folder, office_configuration.database);
	char *slash = strrchr(database_folder, '/');
	if (slash)
		*(slash == database_folder ? slash + 1 : slash) = '\0';
	setenv("SQLITE_TMPDIR", database_folder, 1);
	return true;
}

bool office_path_inside(const char *path, const char *folder)
{
	char folder_real[PATH_MAX], resolved[PATH_MAX + 256];
	if (!realpath(folder, folder_real))
		return false;
	struct stat info;
	if (lstat(path, &info) == 0) {
		if (!realpath(path, resolved))
			return false;
	} else {
		char directory[PATH_MAX];
		text_copy(directory, sizeof directory, path);
		char *slash = strrchr(directory, '/');
		const char *name = slash ? slash + 1 : path;
		if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			return false;
		char directory_real[PATH_MAX];
		if (slash == directory)
			strcpy(directory, "/");
		else if (slash)
			*slash = '\0';
		else
			strcpy(directory, ".");
		if (!realpath(directory, directory_real))
			return false;
		snprintf(resolved, sizeof resolved, "%s/%s", directory_real, name);
	}
	size_t length = strlen(folder_real);
	return strncmp(resolved, folder_real, length) == 0 && (resolved[length] == '/' || strcmp(folder_real, "/") == 0);
}

bool office_database_path(const char *given, char *out, size_t out_size, char *error, size_t error_size)
{
	if (!office_on) {
		if (given) {
			text_copy(out, out_size, given);
			return true;
		}
		return database_default_path(out, out_size, error, error_size);
	}
	const struct config *config = office_config();
	if (database_location_is_server(config->database)) {
		/* The register is the configured server's: no other, and no file
		 * to look for (the URI is never printed: it may hold a password). */
		if (given && strcmp(given, config->database) != 0) {
			snprintf(error, error_size, "%s", _("in the office install the register is the database the configuration names: leave out --db"));
			return false;
		}
		text_copy(out, out_size, config->database);
		return true;
	}
	char folder[CONFIG_PATH_MAX];
	text_copy(folder, sizeof folder, config->database);
	char *slash = strrchr(folder, '/');
	if (slash)
		*(slash == folder ? slash + 1 : slash) = '\0';
	if (given && !office_path_inside(given, folder)) {
		snprintf(error, error_size, _("in the office install --db must name a file in %s"), folder);
		return false;
	}
	text_copy(out, out_size, given ? given : config->database);
	struct stat info;
	if (stat(out, &info) != 0 && getuid() != 0) {
		snprintf(error, error_size,
			 _("the register %s does not exist yet: the administrator creates it and its first privacy officer as root"), out);
		return false;
	}
	return true;
}

bool office_output_path(const char *given, char *out, size_t out_size, char *error, size_t error_size)
{
	if (!office_on || !office_config()) {
		text_copy(out, out_size, given);
		return true;
	}
	const char *folder = office_config()->files_folder;
	if (!strchr(given, '/')) {
		mkdir(folder, office_folder_mode());
		if ((size_t)snprintf(out, out_size, "%s/%s", folder, given) >= out_size) {
			snprintf(error, error_size, "%s", _("The database path is too long."));
			return false;
		}
		return true;
	}
	if (!office_path_inside(given, folder)) {
		snprintf(error, error_size, _("in the office install files are written only into %s"), folder);
		return false;
	}
	text_copy(out, out_size, given);
	return true;
}

bool office_backup_path_allowed(const char *path, char *error, size_t error_size)
{
	if (!office_on || !office_config())
		return true;
	const char *folder = office_config()->backup_folder;
	if (office_path_inside(path, folder))
		return true;
	snprintf(error, error_size, _("in the office install backups are kept only in %s"), folder);
	return false;
}

bool office_default_backup_path(char *out, size_t out_size)
{
	if (!office_on || !office_config())
		return false;
	static const char *const weekdays[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	char today[11];
	calendar_today(today);
	struct tm date = { .tm_year = atoi(today) - 1900, .tm_mon = atoi(today + 5) - 1, .tm_mday = atoi(today + 8), .tm_hour = 12 };
	time_t noon = timegm(&date);
	struct tm normalised;
	gmtime_r(&noon, &normalised);
	return (size_t)snprintf(out, out_size, "%s/regdesk-%s.db", office_config()->backup_folder,
				weekdays[normalised.tm_wday]) < out_size;
}

const char *office_backup_key_file(void)
{
	return office_config() && *office_config()->backup_key ? office_config()->backup_key : NULL;
}

mode_t office_file_mode(void)
{
	return office_on ? 0660 : 0600;
}

mode_t office_folder_mode(void)
{
	return office_on ? 02770 : 0700;
}

mode_t office_private_umask(void)
{
	return office_on ? 007 : 077;
}

FILE *office_open_user_file(const char *path, const char *mode)
{
	if (!office_on)
		return fopen(path, mode);
	gid_t group = getegid();
	if (setegid(getgid()) != 0)
		return NULL;
	FILE *file = fopen(path, mode);
	int saved = errno;
	if (setegid(group) != 0) {   /* cannot happen: the saved set-group-ID is the group */
		if (file)
			fclose(file);
		errno = saved;
		abort();
	}
	errno = saved;
	return file;
}
