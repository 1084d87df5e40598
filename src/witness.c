/* Witness lines of the audit chain's head (see witness.h). */
#include "witness.h"
#include "database_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "i18n.h"
#include "settings.h"
#include "storage_postgresql.h"

#define LINE_TAG "regdesk audit head #"

void witness_identity(const struct database *db, char *out, size_t out_size)
{
	char full[PATH_MAX];
	/* A PostgreSQL register is named by its URI, never with its password. */
	if (database_engine(db) == ENGINE_POSTGRESQL)
		postgresql_uri_shown(db->path, out, out_size);
	/* The same register under another spelling of its path is one identity. */
	else if (realpath(db->path, full))
		snprintf(out, out_size, "%s", full);
	else
		snprintf(out, out_size, "%s", db->path);
}

bool witness_setting_valid(const char *value)
{
	return strcmp(value, "syslog") == 0 || (strncmp(value, "file:/", 6) == 0 && value[6] != '\0');
}

bool witness_record(struct database *db, long long from_id, long long id, const unsigned char hash[WITNESS_HASH_BYTES])
{
	char target[SETTING_VALUE_MAX_CHARS * 4 + 1], identity[PATH_MAX], hex[2 * WITNESS_HASH_BYTES + 1];
	settings_get(db, SETTING_AUDIT_WITNESS, target, sizeof target);
	witness_identity(db, identity, sizeof identity);
	sodium_bin2hex(hex, sizeof hex, hash, WITNESS_HASH_BYTES);
	char line[PATH_MAX + 256];
	int length = snprintf(line, sizeof line, LINE_TAG "%lld %s from #%lld db=%s\n", id, hex, from_id, identity);
	if (length < 0 || (size_t)length >= sizeof line)
		return false;
	if (strncmp(target, "file:", 5) == 0) {
		int fd = open(target + 5, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			return false;
		/* One write with O_APPEND: lines of concurrent sessions never interleave. */
		bool written = write(fd, line, (size_t)length) == length && fsync(fd) == 0;
		return close(fd) == 0 && written;
	}
	/* The default, also for a value not understood: the system log, which
	 * journald or rsyslog keep root-owned and can forward to a log host. */
	line[length - 1] = '\0';
	openlog("regdesk", LOG_PID, LOG_AUTHPRIV);
	syslog(LOG_AUTHPRIV | LOG_INFO, "%s", line);
	closelog();
	return true;
}

/* Parses "#N HASH from #M db=PATH" after the tag; false when malformed. */
static bool parse_line(const char *text, struct witnessed_head *head, const char **identity)
{
	int used = 0;
	if (sscanf(text, "%lld %64[0-9a-f] from #%lld db=%n", &head->id, head->hash_hex, &head->from_id, &used) != 3 ||
	    used == 0 || strlen(head->hash_hex) != 2 * WITNESS_HASH_BYTES || head->id < 1 || head->from_id < 0 ||
	    head->from_id >= head->id)
		return false;
	*identity = text + used;
	return true;
}

struct witnessed_head *witness_read(struct database *db, const char *path, size_t *count)
{
	*count = 0;
	FILE *file = fopen(path, "r");
	if (!file) {
		snprintf(db->error, sizeof db->error, _("cannot read the witness file %s: %s"), path, strerror(errno));
		return NULL;
	}
	char identity[PATH_MAX];
	witness_identity(db, identity, sizeof identity);
	size_t capacity = 64;
	struct witnessed_head *heads = malloc(capacity * sizeof *heads);
	char *line = NULL;
	size_t line_size = 0;
	ssize_t length;
	while (heads && (length = getline(&line, &line_size, file)) >= 0) {
		while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
			line[--length] = '\0';
		/* The tag anywhere: journalctl and syslog files put a prefix first. */
		const char *tag = strstr(line, LINE_TAG), *named = NULL;
		struct witnessed_head head = { 0 };
		if (!tag || !parse_line(tag + strlen(LINE_TAG), &head, &named) || strcmp(named, identity) != 0)
			continue;
		if (*count == capacity) {
			capacity *= 2;
			struct witnessed_head *grown = realloc(heads, capacity * sizeof *heads);
			if (!grown) {
				free(heads);
				heads = NULL;
				break;
			}
			heads = grown;
		}
		heads[(*count)++] = head;
	}
	free(line);
	bool read_error = ferror(file);
	fclose(file);
	if (!heads || read_error) {
		const char *why = heads ? strerror(EIO) : strerror(ENOMEM);
		free(heads);
		snprintf(db->error, sizeof db->error, _("cannot read the witness file %s: %s"), path, why);
		return NULL;
	}
	return heads;
}
