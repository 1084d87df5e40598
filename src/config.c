/* The office install's configuration file (issue 14). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "database.h"
#include "i18n.h"
#include "storage_postgresql.h"
#include "text.h"

#define CONFIG_FILE_MAX 65536   /* a few lines; anything larger is not a regdesk.conf */

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t length = strlen(s);
	while (length > 0 && (s[length - 1] == ' ' || s[length - 1] == '\t' || s[length - 1] == '\r'))
		s[--length] = '\0';
	return s;
}

bool config_parse(const char *text, const char *name, struct config *out, char *error, size_t error_size)
{
	static const struct {
		const char *key;
		size_t offset;
	} keys[] = {
		{ "database", offsetof(struct config, database) },
		{ "files_folder", offsetof(struct config, files_folder) },
		{ "backup_folder", offsetof(struct config, backup_folder) },
		{ "backup_key", offsetof(struct config, backup_key) },
	};
	memset(out, 0, sizeof *out);
	char *copy = strdup(text);
	if (!copy) {
		snprintf(error, error_size, "%s", strerror(ENOMEM));
		return false;
	}
	bool ok = true;
	int line_number = 0;
	for (char *line = copy, *next; ok && line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line_number++;
		char *content = trim(line);
		if (!*content || *content == '#')
			continue;
		char *equals = strchr(content, '=');
		if (!equals) {
			snprintf(error, error_size, _("%s line %d: expected 'key = value'"), name, line_number);
			ok = false;
			break;
		}
		*equals = '\0';
		char *key = trim(content), *value = trim(equals + 1);
		size_t k = 0;
		while (k < sizeof keys / sizeof keys[0] && strcmp(keys[k].key, key) != 0)
			k++;
		if (k == sizeof keys / sizeof keys[0]) {
			snprintf(error, error_size, _("%s line %d: unknown key '%s'"), name, line_number, key);
			ok = false;
		} else if (strcmp(keys[k].key, "database") == 0 && database_location_is_server(value)) {
			/* A PostgreSQL register (issue 17): a URI, no file path. */
			if (strlen(value) >= CONFIG_PATH_MAX) {
				snprintf(error, error_size, _("%s line %d: the database URI is too long"), name, line_number);
				ok = false;
			} else {
				text_copy(out->database, CONFIG_PATH_MAX, value);
			}
		} else if (*value != '/' || strstr(value, "/../") || strlen(value) >= CONFIG_PATH_MAX ||
			   (strlen(value) >= 3 && strcmp(value + strlen(value) - 3, "/..") == 0)) {
			snprintf(error, error_size, _("%s line %d: %s must be an absolute path without '..'"), name, line_number, key);
			ok = false;
		} else {
			char *target = (char *)out + keys[k].offset;
			size_t length = strlen(value);
			while (length > 1 && value[length - 1] == '/')   /* a folder's trailing slash */
				value[--length] = '\0';
			text_copy(target, CONFIG_PATH_MAX, value);
		}
	}
	free(copy);
	if (!ok)
		return false;
	const char *missing = !*out->database ? "database" : !*out->files_folder ? "files_folder"
			    : !*out->backup_folder ? "backup_folder" : NULL;
	if (missing) {
		snprintf(error, error_size, _("%s: the key %s is missing"), name, missing);
		return false;
	}
	return true;
}

bool config_read(const char *path, struct config *out, char *error, size_t error_size)
{
	FILE *file = fopen(path, "re");
	if (!file) {
		snprintf(error, error_size, _("cannot read the configuration %s: %s"), path, strerror(errno));
		return false;
	}
	char *text = malloc(CONFIG_FILE_MAX + 1);
	size_t length = text ? fread(text, 1, CONFIG_FILE_MAX + 1, file) : 0;
	bool read_error = !text || ferror(file);
	fclose(file);
	if (read_error || length > CONFIG_FILE_MAX) {
		snprintf(error, error_size, _("cannot read the configuration %s: %s"), path,
			 read_error ? strerror(errno) : _("the file is too large"));
		free(text);
		return false;
	}
	text[length] = '\0';
	bool ok = config_parse(text, path, out, error, error_size);
	free(text);
	return ok;
}

bool config_password_exposed(const struct config *config, unsigned file_mode)
{
	if (!database_location_is_server(config->database) || !(file_mode & 0004))
		return false;
	char shown[CONFIG_PATH_MAX];
	postgresql_uri_shown(config->database, shown, sizeof shown);
	return strcmp(shown, config->database) != 0;   /* the shown form drops a password */
}
