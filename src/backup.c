/* Backups, restores and integrity checks (notice §5.3). */
#include "review.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include "activity.h"
#include "audit.h"
#include "backup.h"
#include "database_internal.h"
#include "storage_postgresql.h"
#include "office.h"
#include "clock.h"
#include "i18n.h"
#include "permission.h"
#include "progress.h"
#include "text.h"
#include "witness.h"


__attribute__((format(printf, 2, 3)))
static enum status fail(struct database *db, const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(db->error, sizeof db->error, format, arguments);
	va_end(arguments);
	return STATUS_ERR_IO;
}

/* PostgreSQL's backups and their checks (at the end of this file). */
static enum status backup_write_postgresql(struct database *db, long long account_id, const char *path,
					   const struct backup_key *key, struct backup_result *result);
static bool is_pg_dump(const char *path);
static enum status check_file_postgresql(struct database *db, const char *path, const struct backup_key *key);

/* A file's size in whole MB, rounded up: the reading stages' total. */
static long long megabytes(int fd)
{
	struct stat status;
	return fstat(fd, &status) == 0 ? (status.st_size + (1 << 20) - 1) >> 20 : 0;
}

/* The file's SHA-256, read in full (a stage of its own: a 1 GB backup takes
 * seconds). false on a read error, with cancelled set when the watcher
 * stopped it (only when cancellable: nothing has changed yet). */
static bool file_sha256(struct database *db, const char *path, char hex[65], long long *bytes, bool cancellable,
			bool *cancelled)
{
	*cancelled = false;
	FILE *file = fopen(path, "rb");
	if (!file)
		return false;
	progress_begin(db, PROGRESS_READING, megabytes(fileno(file)), cancellable);
	crypto_hash_sha256_state state;
	crypto_hash_sha256_init(&state);
	unsigned char buffer[65536], digest[crypto_hash_sha256_BYTES];
	size_t length;
	*bytes = 0;
	while ((length = fread(buffer, 1, sizeof buffer, file)) > 0) {
		crypto_hash_sha256_update(&state, buffer, length);
		*bytes += (long long)length;
		if (!progress_advance(db, *bytes >> 20)) {
			*cancelled = true;
			break;
		}
	}
	bool ok = !ferror(file) && !*cancelled;
	fclose(file);
	if (ok)
		progress_end(db);
	crypto_hash_sha256_final(&state, digest);
	sodium_bin2hex(hex, 65, digest, sizeof digest);
	return ok;
}

/* Copies the file at from to to, private (office_file_mode); false on any error. */
static bool copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return false;
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, office_file_mode());
	bool ok = out >= 0;
	char buffer[65536];
	ssize_t length;
	while (ok && (length = read(in, buffer, sizeof buffer)) > 0)
		ok = write(out, buffer, (size_t)length) == length;
	if (out >= 0) {
		ok = ok && fsync(out) == 0;
		ok = close(out) == 0 && ok;
	}
	close(in);
	return ok;
}

/* Copies whole databases with the online backup API in one step: one read
 * snapshot of the source, which in WAL mode keeps no desk from writing. In
 * small steps, every commit of another desk between two steps restarted the
 * copy from its first page, so a large register under steady work was never
 * copied (issue 14). */
#define COPY_STEP_PAGES 1024           /* 4 MB at SQLite's default page size: a progress step */
#define COPY_CANCELLED (-1)            /* online_copy's answer when the watcher stopped it */

/* How many pages SQLite's file check runs between two looks at the watcher. */
#define CHECK_PROGRESS_OPCODES 100000

/* Copies the database from into to; the watcher of reporter sees the
 * pages as stage (cancellable: stopping rolls the destination back). The
 * source is read in one read transaction held across the steps: in WAL
 * mode other desks go on writing beside it, and the snapshot stays the
 * same, so the copy never restarts. Returns SQLite's code, or COPY_CANCELLED. */
static int online_copy(sqlite3 *from, sqlite3 *to, struct database *reporter, enum progress_stage stage, bool cancellable)
{
	bool own_read = sqlite3_get_autocommit(from);
	if (own_read && sqlite3_exec(from, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != STORAGE_OK) {
		sqlite3_exec(from, "ROLLBACK", NULL, NULL, NULL);
		own_read = false;
	}
	sqlite3_backup *backup = sqlite3_backup_init(to, "main", from, "main");
	if (!backup) {
		if (own_read)
			sqlite3_exec(from, "ROLLBACK", NULL, NULL, NULL);
		return sqlite3_errcode(to);
	}
	int rc;
	bool begun = false, cancelled = false;
	do {
		rc = sqlite3_backup_step(backup, COPY_STEP_PAGES);
		if (rc == STORAGE_BUSY || rc == STORAGE_LOCKED)
			sqlite3_sleep(10);
		if (rc != STORAGE_OK && rc != STORAGE_DONE)
			continue;
		int total = sqlite3_backup_pagecount(backup);
		if (!begun) {
			progress_begin(reporter, stage, total, cancellable);
			begun = true;
		}
		if (rc == STORAGE_OK && !progress_advance(reporter, total - sqlite3_backup_remaining(backup)))
			cancelled = true;
	} while (!cancelled && (rc == STORAGE_OK || rc == STORAGE_BUSY || rc == STORAGE_LOCKED));
	/* Before STORAGE_DONE, finishing rolls the destination back. */
	sqlite3_backup_finish(backup);
	if (own_read)
		sqlite3_exec(from, "ROLLBACK", NULL, NULL, NULL);
	progress_end(reporter);
	if (cancelled)
		return COPY_CANCELLED;
	return rc == STORAGE_DONE ? STORAGE_OK : rc;
}

static int check_progress(void *context)
{
	struct database *reporter = context;
	return !progress_advance(reporter, reporter->progress.done + 1);
}

/* SQLite's integrity_check; the watcher of reporter may stop it (a check
 * changes nothing), then false with reporter->progress.cancelled. */
static bool integrity_ok(sqlite3 *handle, struct database *reporter, char *problem, size_t problem_size)
{
	sqlite3_stmt *statement;
	progress_begin(reporter, PROGRESS_INTEGRITY, 0, true);
	if (sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &statement, NULL) != SQLITE_OK) {
		text_copy(problem, problem_size, sqlite3_errmsg(handle));
		progress_end(reporter);
		return false;
	}
	sqlite3_progress_handler(handle, CHECK_PROGRESS_OPCODES, check_progress, reporter);
	bool ok = sqlite3_step(statement) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(statement, 0), "ok") == 0;
	sqlite3_progress_handler(handle, 0, NULL, NULL);
	if (!ok)
		text_copy(problem, problem_size, sqlite3_column_text(statement, 0) ? (const char *)sqlite3_column_text(statement, 0)
										    : sqlite3_errmsg(handle));
	sqlite3_finalize(statement);
	progress_end(reporter);
	return ok;
}

/* ---- Encrypted backup files ----
 * "REGDESK-BACKUP-1", then 'K' (key file) or 'P' (passphrase: salt, then
 * argon2id's opslimit and memlimit as 8 bytes big-endian each), then the
 * secretstream header, then chunks: 4 bytes big-endian length and that many
 * bytes of ciphertext. The last chunk carries TAG_FINAL, so a cut-off file
 * is found; every chunk authenticates the bytes before the stream header. */
#define BACKUP_MAGIC "REGDESK-BACKUP-1"
#define PG_DUMP_MAGIC "PGDMP"     /* pg_dump's custom format (a PostgreSQL register's backup) */
#define BACKUP_MAGIC_BYTES 16
#define CHUNK_BYTES 65536
#define HEADER_MAX (BACKUP_MAGIC_BYTES + 1 + crypto_pwhash_SALTBYTES + 16)
#define KEY_BYTES crypto_secretstream_xchacha20poly1305_KEYBYTES

static void put_u64(unsigned char *out, unsigned long long value)
{
	for (int i = 7; i >= 0; i--, value >>= 8)
		out[i] = (unsigned char)value;
}

static unsigned long long get_u64(const unsigned char *in)
{
	unsigned long long value = 0;
	for (int i = 0; i < 8; i++)
		value = value << 8 | in[i];
	return value;
}

static bool key_wanted(const struct backup_key *key)
{
	return key && ((key->key_file && *key->key_file) || (key->passphrase_file && *key->passphrase_file));
}

/* Reads a whole small file (a key or a passphrase) into buffer; -1 on error. */
static ssize_t read_small_file(const char *path, unsigned char *buffer, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t total = 0, length;
	while ((size_t)total < size && (length = read(fd, buffer + total, size - (size_t)total)) > 0)
		total += length;
	close(fd);
	return total;
}

static enum status read_key_file(struct database *db, const char *path, unsigned char key[KEY_BYTES])
{
	unsigned char buffer[256];
	ssize_t length = read_small_file(path, buffer, sizeof buffer);
	if (length < 0)
		return fail(db, _("cannot read the key file %s: %s"), path, strerror(errno));
	if (length == KEY_BYTES) {
		memcpy(key, buffer, KEY_BYTES);
		sodium_memzero(buffer, sizeof buffer);
		return STATUS_OK;
	}
	while (length > 0 && (buffer[length - 1] == '\n' || buffer[length - 1] == '\r' || buffer[length - 1] == ' '))
		length--;
	size_t decoded = 0;
	bool ok = length == 2 * KEY_BYTES &&
		  sodium_hex2bin(key, KEY_BYTES, (const char *)buffer, (size_t)length, NULL, &decoded, NULL) == 0 &&
		  decoded == KEY_BYTES;
	sodium_memzero(buffer, sizeof buffer);
	return ok ? STATUS_OK : fail(db, _("the key file %s must hold 32 bytes or 64 hex digits"), path);
}

/* The key from a passphrase file's first line, with the salt and limits given. */
static enum status derive_key(struct database *db, const char *path, const unsigned char *salt,
			      unsigned long long opslimit, size_t memlimit, unsigned char key[KEY_BYTES])
{
	unsigned char buffer[1024];
	ssize_t length = read_small_file(path, buffer, sizeof buffer);
	if (length < 0)
		return fail(db, _("cannot read the passphrase file %s: %s"), path, strerror(errno));
	size_t line = 0;
	while ((ssize_t)line < length && buffer[line] != '\n' && buffer[line] != '\r')
		line++;
	enum status status = STATUS_OK;
	if (line < 10)
		status = fail(db, _("the passphrase in %s must have at least 10 characters"), path);
	else if (crypto_pwhash(key, KEY_BYTES, (const char *)buffer, line, salt, opslimit, memlimit,
			       crypto_pwhash_ALG_ARGON2ID13) != 0)
		status = fail(db, "%s", _("not enough memory to derive the key from the passphrase"));
	sodium_memzero(buffer, sizeof buffer);
	return status;
}

/* True when the file at path starts as an encrypted backup. */
static bool is_encrypted(const char *path)
{
	unsigned char magic[BACKUP_MAGIC_BYTES];
	return read_small_file(path, magic, sizeof magic) == BACKUP_MAGIC_BYTES &&
	       memcmp(magic, BACKUP_MAGIC, BACKUP_MAGIC_BYTES) == 0;
}

static bool write_all(int fd, const void *bytes, size_t length)
{
	const unsigned char *p = bytes;
	while (length > 0) {
		ssize_t written = write(fd, p, length);
		if (written <= 0)
			return false;
		p += written;
		length -= (size_t)written;
	}
	return true;
}

static bool read_all(int fd, void *bytes, size_t length)
{
	unsigned char *p = bytes;
	while (length > 0) {
		ssize_t got = read(fd, p, length);
		if (got <= 0)
			return false;
		p += got;
		length -= (size_t)got;
	}
	return true;
}

/* Reads up to size bytes, fewer only at the end of the input (a pipe gives
 * short reads, and a short chunk would be taken for the last). */
static ssize_t read_full(int fd, unsigned char *buffer, size_t size)
{
	size_t total = 0;
	while (total < size) {
		ssize_t got = read(fd, buffer + total, size - total);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		total += (size_t)got;
	}
	return (ssize_t)total;
}

/* Bytes of a pg_dump archive counted as one progress step (the dump's
 * size is not known before it ends). */
#define DUMP_STEP_BYTES 4096

/* Encrypts what is read from in into fd. counted: the bytes are a
 * cancellable progress stage of db (a dump read from pg_dump's pipe); then
 * *cancelled tells whether the watcher stopped it. */
static enum status encrypt_stream(struct database *db, int in, int fd, const struct backup_key *key, bool counted,
				  bool *cancelled)
{
	*cancelled = false;
	unsigned char header[HEADER_MAX], secret[KEY_BYTES];
	size_t header_length = BACKUP_MAGIC_BYTES + 1;
	memcpy(header, BACKUP_MAGIC, BACKUP_MAGIC_BYTES);
	enum status status;
	if (key->key_file && *key->key_file) {
		header[BACKUP_MAGIC_BYTES] = 'K';
		status = read_key_file(db, key->key_file, secret);
	} else {
		header[BACKUP_MAGIC_BYTES] = 'P';
		unsigned char *salt = header + header_length;
		randombytes_buf(salt, crypto_pwhash_SALTBYTES);
		put_u64(salt + crypto_pwhash_SALTBYTES, crypto_pwhash_OPSLIMIT_INTERACTIVE);
		put_u64(salt + crypto_pwhash_SALTBYTES + 8, crypto_pwhash_MEMLIMIT_INTERACTIVE);
		header_length += crypto_pwhash_SALTBYTES + 16;
		status = derive_key(db, key->passphrase_file, salt, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				    crypto_pwhash_MEMLIMIT_INTERACTIVE, secret);
	}
	if (status != STATUS_OK)
		return status;
	crypto_secretstream_xchacha20poly1305_state state;
	unsigned char stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_init_push(&state, stream_header, secret);
	sodium_memzero(secret, sizeof secret);
	bool ok = in >= 0 && fd >= 0 && write_all(fd, header, header_length) &&
		  write_all(fd, stream_header, sizeof stream_header);
	static unsigned char chunk[CHUNK_BYTES], sealed[CHUNK_BYTES + crypto_secretstream_xchacha20poly1305_ABYTES];
	long long read_bytes = 0;
	/* Read one chunk ahead, so that the last one carries TAG_FINAL. */
	ssize_t length = ok ? read_full(in, chunk, sizeof chunk) : -1;
	ok = ok && length >= 0;
	while (ok && length >= 0) {
		static unsigned char next[CHUNK_BYTES];
		ssize_t next_length = length == (ssize_t)sizeof chunk ? read_full(in, next, sizeof next) : 0;
		if (next_length < 0) {
			ok = false;
			break;
		}
		unsigned char tag = next_length == 0 ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
		unsigned long long sealed_length;
		crypto_secretstream_xchacha20poly1305_push(&state, sealed, &sealed_length, chunk, (unsigned long long)length,
							   header, header_length, tag);
		unsigned char prefix[4] = { (unsigned char)(sealed_length >> 24), (unsigned char)(sealed_length >> 16),
					    (unsigned char)(sealed_length >> 8), (unsigned char)sealed_length };
		ok = write_all(fd, prefix, sizeof prefix) && write_all(fd, sealed, (size_t)sealed_length);
		read_bytes += length;
		if (ok && counted && !progress_advance(db, read_bytes / DUMP_STEP_BYTES)) {
			*cancelled = true;
			break;
		}
		if (tag)
			break;
		memcpy(chunk, next, (size_t)next_length);
		length = next_length;
	}
	sodium_memzero(chunk, sizeof chunk);
	int saved = errno;
	ok = ok && !*cancelled && fsync(fd) == 0;
	if (*cancelled)
		return STATUS_ERR_CANCELLED;
	if (!ok)
		return fail(db, _("cannot write the encrypted backup: %s"), strerror(saved ? saved : EIO));
	return STATUS_OK;
}

/* Encrypts the file plain into a new file out, private (office_file_mode). */
static enum status encrypt_file(struct database *db, const char *plain, const char *out, const struct backup_key *key)
{
	int in = open(plain, O_RDONLY | O_CLOEXEC);
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, office_file_mode());
	bool cancelled;
	enum status status = in >= 0 && fd >= 0 ? encrypt_stream(db, in, fd, key, false, &cancelled)
						: fail(db, _("cannot write the encrypted backup: %s"), strerror(errno));
	if (fd >= 0 && close(fd) != 0 && status == STATUS_OK)
		status = fail(db, _("cannot write the encrypted backup: %s"), strerror(errno));
	if (in >= 0)
		close(in);
	if (status != STATUS_OK)
		unlink(out);
	return status;
}

/* Decrypts the backup at path into fd (a file or a pipe). */
static enum status decrypt_stream(struct database *db, const char *path, int fd, const struct backup_key *key, bool drain)
{
	if (!key_wanted(key))
		return fail(db, _("%s is encrypted: give its key file or passphrase file"), path);
	int in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return fail(db, _("cannot open the backup: %s"), strerror(errno));
	unsigned char header[HEADER_MAX], secret[KEY_BYTES];
	size_t header_length = BACKUP_MAGIC_BYTES + 1;
	enum status status = STATUS_OK;
	if (!read_all(in, header, header_length) || memcmp(header, BACKUP_MAGIC, BACKUP_MAGIC_BYTES) != 0) {
		status = fail(db, _("%s is not a regdesk backup"), path);
	} else if (header[BACKUP_MAGIC_BYTES] == 'K') {
		if (!key->key_file || !*key->key_file)
			status = fail(db, _("%s was encrypted with a key file: give --key-file"), path);
		else
			status = read_key_file(db, key->key_file, secret);
	} else if (header[BACKUP_MAGIC_BYTES] == 'P') {
		unsigned char *salt = header + header_length;
		if (!key->passphrase_file || !*key->passphrase_file) {
			status = fail(db, _("%s was encrypted with a passphrase: give --passphrase-file"), path);
		} else if (!read_all(in, salt, crypto_pwhash_SALTBYTES + 16)) {
			status = fail(db, _("%s is cut short"), path);
		} else {
			header_length += crypto_pwhash_SALTBYTES + 16;
			unsigned long long opslimit = get_u64(salt + crypto_pwhash_SALTBYTES);
			unsigned long long memlimit = get_u64(salt + crypto_pwhash_SALTBYTES + 8);
			/* Limits from the file are bounded: a forged header must not ask for 1 TB. */
			if (opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE ||
			    memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE)
				status = fail(db, _("%s is not a regdesk backup"), path);
			else
				status = derive_key(db, key->passphrase_file, salt, opslimit, (size_t)memlimit, secret);
		}
	} else {
		status = fail(db, _("%s is not a regdesk backup"), path);
	}
	unsigned char stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	crypto_secretstream_xchacha20poly1305_state state;
	if (status == STATUS_OK) {
		bool started = read_all(in, stream_header, sizeof stream_header) &&
			       crypto_secretstream_xchacha20poly1305_init_pull(&state, stream_header, secret) == 0;
		if (!started)
			status = fail(db, _("%s is cut short"), path);
	}
	sodium_memzero(secret, sizeof secret);
	if (status != STATUS_OK) {
		close(in);
		return status;
	}
	static unsigned char sealed[CHUNK_BYTES + crypto_secretstream_xchacha20poly1305_ABYTES], chunk[CHUNK_BYTES];
	bool finished = false, ok = true;
	/* Stopping loses nothing: the plain copy is removed below. */
	progress_begin(db, PROGRESS_READING, megabytes(in), true);
	long long read_bytes = 0;
	while (ok && !finished) {
		unsigned char prefix[4];
		if (!read_all(in, prefix, sizeof prefix)) {
			status = fail(db, _("%s is cut short: its end is missing"), path);
			break;
		}
		unsigned long long sealed_length = (unsigned long long)prefix[0] << 24 | (unsigned long long)prefix[1] << 16 |
						   (unsigned long long)prefix[2] << 8 | prefix[3];
		unsigned long long length;
		unsigned char tag;
		if (sealed_length < crypto_secretstream_xchacha20poly1305_ABYTES || sealed_length > sizeof sealed ||
		    !read_all(in, sealed, (size_t)sealed_length)) {
			status = fail(db, _("%s is cut short: its end is missing"), path);
			break;
		}
		if (crypto_secretstream_xchacha20poly1305_pull(&state, chunk, &length, &tag, sealed, sealed_length, header,
							       header_length) != 0) {
			status = fail(db, _("%s cannot be decrypted: a wrong key or passphrase, or the file was changed"), path);
			break;
		}
		if (fd >= 0 && !write_all(fd, chunk, (size_t)length)) {
			/* A reader that has what it wants (pg_restore --list) closes
			 * its end: the rest is still decrypted, to be authenticated. */
			ok = errno == EPIPE && drain;
			fd = -1;
		}
		finished = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
		read_bytes += (long long)sealed_length + 4;
		if (!progress_advance(db, read_bytes >> 20)) {
			status = progress_cancelled(db, _("cancelled: nothing was changed"));
			break;
		}
	}
	if (status == STATUS_OK)
		progress_end(db);
	sodium_memzero(chunk, sizeof chunk);
	unsigned char extra;
	if (status == STATUS_OK && finished && read(in, &extra, 1) != 0)
		status = fail(db, _("%s has data after its end"), path);
	if (status == STATUS_OK && !ok)
		status = fail(db, _("cannot decrypt the backup: %s"), strerror(errno));
	close(in);
	return status;
}

/* Decrypts the backup at path into the new file out (0600). */
static enum status decrypt_file(struct database *db, const char *path, const char *out, const struct backup_key *key)
{
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, office_file_mode());
	enum status status = fd >= 0 ? decrypt_stream(db, path, fd, key, false)
				     : fail(db, _("cannot decrypt the backup: %s"), strerror(errno));
	if (fd >= 0 && close(fd) != 0 && status == STATUS_OK)
		status = fail(db, _("cannot decrypt the backup: %s"), strerror(errno));
	if (status != STATUS_OK)
		unlink(out);
	return status;
}

bool backup_make_key(const char *path, char *error, size_t error_size)
{
	if (sodium_init() < 0) {
		snprintf(error, error_size, "%s", status_message(STATUS_ERR_NO_MEMORY));
		return false;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(error, error_size, _("cannot create the key file %s: %s"), path, strerror(errno));
		return false;
	}
	unsigned char key[KEY_BYTES];
	char hex[2 * KEY_BYTES + 2];
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	strcat(hex, "\n");
	bool ok = write_all(fd, hex, strlen(hex)) && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	sodium_memzero(key, sizeof key);
	sodium_memzero(hex, sizeof hex);
	if (!ok) {
		snprintf(error, error_size, _("cannot write the key file %s: %s"), path, strerror(errno));
		unlink(path);
	}
	return ok;
}

/* ---- Plain copies beside the database ----
 * An encrypted backup's plain copy is made, and a backup to restore or
 * check is decrypted, beside the database (the folder that already holds
 * the plain register), never beside the backup. Each is held under an
 * exclusive flock while in use, so that the cleanup at the next open
 * removes only copies whose process is gone. */
static int plain_copy_open(struct database *db, const char *suffix, char *path, size_t path_size)
{
	snprintf(path, path_size, "%s.%s", db->path, suffix);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, office_file_mode());
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		errno = EBUSY;
		return -1;
	}
	if (ftruncate(fd, 0) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void plain_copy_remove(const char *path, int fd)
{
	/* SQLite's own files of the copy too: a WAL-mode copy opened to check it. */
	static const char *const suffixes[] = { "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char companion[4300];
		snprintf(companion, sizeof companion, "%s%s", path, suffixes[i]);
		unlink(companion);
	}
	unlink(path);
	if (fd >= 0)
		close(fd);
}

/* Removes path when no process holds it under flock. */
static void remove_if_abandoned(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		plain_copy_remove(path, -1);
	close(fd);
}

enum status backup_write(struct database *db, long long account_id, const char *path, const struct backup_key *key,
			 struct backup_result *result)
{
	memset(result, 0, sizeof *result);
	if (!office_backup_path_allowed(path, db->error, sizeof db->error))
		return STATUS_ERR_FORBIDDEN;
	if (sodium_init() < 0)
		return STATUS_ERR_NO_MEMORY;
	if (database_engine(db) == ENGINE_POSTGRESQL)
		return backup_write_postgresql(db, account_id, path, key, result);
	bool encrypt = key_wanted(key);
	char temporary[4200];
	snprintf(temporary, sizeof temporary, "%s.part", path);
	plain_copy_remove(temporary, -1);    /* a killed backup's leftover, with SQLite's files of it */
	char plain[4200] = "";
	int plain_fd = -1;
	if (encrypt) {
		plain_fd = plain_copy_open(db, "backup-plain", plain, sizeof plain);
		if (plain_fd < 0)
			return fail(db, _("cannot create the backup: %s"), strerror(errno));
	} else {
		int fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, office_file_mode());
		if (fd < 0)
			return fail(db, _("cannot create the backup: %s"), strerror(errno));
		close(fd);
		text_copy(plain, sizeof plain, temporary);
	}
	/* The head is copied before the pages: a head that lags behind the copy
	 * verifies, one ahead would not. Both take their names only at the end,
	 * so a failed backup leaves an earlier one of the same name whole. */
	char head_copy[4300], head_final[4300];
	snprintf(head_final, sizeof head_final, "%s.audit-head", path);
	snprintf(head_copy, sizeof head_copy, "%s.audit-head.part", path);
	unlink(head_copy);
	bool have_head = *db->audit_head_path && faccessat(AT_FDCWD, db->audit_head_path, R_OK, AT_EACCESS) == 0;
	if (have_head && !copy_file(db->audit_head_path, head_copy)) {
		int saved = errno;
		unlink(temporary);
		unlink(head_copy);
		plain_copy_remove(plain, plain_fd);
		return fail(db, _("cannot copy the audit chain head: %s"), strerror(saved));
	}
	sqlite3 *target;
	int rc = sqlite3_open_v2(plain, &target, SQLITE_OPEN_READWRITE, NULL);
	/* Stopping the copy or its check loses nothing: the .part goes. */
	if (rc == STORAGE_OK)
		rc = online_copy(db->handle, target, db, PROGRESS_BACKUP, true);
	/* A copy that is no WAL database: checking it read-only later leaves no
	 * -wal and -shm files beside the backup. */
	if (rc == STORAGE_OK)
		rc = sqlite3_exec(target, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	char problem[512] = "";
	bool intact = rc == STORAGE_OK && integrity_ok(target, db, problem, sizeof problem);
	bool cancelled = rc == COPY_CANCELLED || (rc == STORAGE_OK && !intact && db->progress.cancelled);
	if (rc != STORAGE_OK)
		text_copy(problem, sizeof problem, sqlite3_errmsg(target));
	sqlite3_close(target);
	enum status status = STATUS_OK;
	if (cancelled)
		status = progress_cancelled(db, _("backup cancelled: no backup file was written"));
	else if (!intact)
		status = fail(db, rc == STORAGE_OK ? _("the backup failed its check: %s") : _("the backup could not be written: %s"),
			      problem);
	if (status == STATUS_OK && encrypt)
		status = encrypt_file(db, plain, temporary, key);
	if (encrypt)
		plain_copy_remove(plain, plain_fd);
	/* The digest of the bytes that take the name, read before they take it. */
	bool not_cancelled;   /* written: reading it back is not a point to stop at */
	if (status == STATUS_OK && !file_sha256(db, temporary, result->sha256, &result->bytes, false, &not_cancelled))
		status = fail(db, _("cannot read the backup back: %s"), strerror(errno));
	if (status == STATUS_OK) {
		chmod(temporary, office_file_mode());
		if (rename(temporary, path) != 0 || (have_head && rename(head_copy, head_final) != 0))
			status = fail(db, _("cannot write the backup: %s"), strerror(errno));
	}
	if (status != STATUS_OK) {
		unlink(temporary);
		unlink(head_copy);
		return status;
	}
	/* Written: from here on nothing makes it a failed backup. */
	if (audit_append(db, account_id, "backup.write", "", 0, encrypt ? "database,encrypted" : "database") != STATUS_OK)
		snprintf(result->warning, sizeof result->warning, _("the backup was written, but its audit entry was not: %s"),
			 db->error);
	return STATUS_OK;
}

/* Opens a file read-only as a database struct, for checks; its head file
 * is head_path (the backup's, also for a decrypted copy of it). */
static bool open_for_check(const char *path, const char *head_path, struct database *out, char *problem, size_t problem_size)
{
	memset(out, 0, sizeof *out);
	text_copy(out->path, sizeof out->path, path);
	text_copy(out->audit_head_path, sizeof out->audit_head_path, head_path);
	if (sqlite3_open_v2(path, &out->handle, SQLITE_OPEN_READONLY, NULL) != STORAGE_OK) {
		text_copy(problem, problem_size, database_error_message(out));
		sqlite3_close(out->handle);
		return false;
	}
	return true;
}

/* integrity, foreign keys, schema version, audit chain: the first problem in problem. */
static bool check_handle(struct database *db, bool check_version, char *problem, size_t problem_size, char *note,
			 size_t note_size)
{
	/* PostgreSQL keeps its own pages and enforces every reference as it
	 * writes; SQLite's file is checked here. */
	if (database_engine(db) == ENGINE_SQLITE) {
		if (!integrity_ok(db->handle, db, problem, problem_size))
			return false;
		struct statement *statement = database_prepare(db, "PRAGMA foreign_key_check");
		if (!statement) {
			text_copy(problem, problem_size, database_error_message(db));
			return false;
		}
		if (statement_step(statement) == STORAGE_ROW) {
			snprintf(problem, problem_size, _("a row of %s refers to a missing %s"), statement_column_text(statement, 0),
				 statement_column_text(statement, 2));
			database_finalize(statement);
			return false;
		}
		database_finalize(statement);
	}
	if (check_version) {
		int version = database_stored_version(db);
		if (version != database_schema_version()) {
			snprintf(problem, problem_size, _("schema version %d, this regdesk writes %d"), version, database_schema_version());
			return false;
		}
	}
	struct audit_verification verification;
	if (audit_verify(db, &verification) != STATUS_OK) {
		if (db->progress.cancelled)
			return false;
		snprintf(problem, problem_size, _("audit trail: %s"), verification.problem[0] ? verification.problem : db->error);
		return false;
	}
	if (note)
		text_copy(note, note_size, verification.note);
	return true;
}

enum status backup_check(struct database *db)
{
	return backup_check_noted(db, NULL, 0);
}

enum status backup_check_noted(struct database *db, char *note, size_t note_size)
{
	char problem[512] = "";
	if (check_handle(db, true, problem, sizeof problem, note, note_size))
		return STATUS_OK;
	if (db->progress.cancelled)
		return progress_cancelled(db, _("check cancelled: nothing was changed"));
	text_copy(db->error, sizeof db->error, problem);
	return STATUS_ERR_AUDIT_BROKEN;
}

/* A backup ready for checks: decrypted beside the live database when
 * encrypted (*plain_fd then holds the copy; remove it with plain_copy_remove). */
static enum status open_backup(struct database *db, const char *path, const struct backup_key *key, struct database *backup,
			       char *plain, size_t plain_size, int *plain_fd)
{
	*plain_fd = -1;
	text_copy(plain, plain_size, path);
	if (faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) != 0)
		return fail(db, _("cannot open the backup: %s"), strerror(errno));
	if (is_encrypted(path)) {
		*plain_fd = plain_copy_open(db, "restore-plain", plain, plain_size);
		if (*plain_fd < 0)
			return fail(db, _("cannot decrypt the backup: %s"), strerror(errno));
		enum status status = decrypt_file(db, path, plain, key);
		if (status != STATUS_OK) {
			plain_copy_remove(plain, *plain_fd);
			*plain_fd = -1;
			return status;
		}
	}
	char head[4300], problem[512] = "";
	snprintf(head, sizeof head, "%s.audit-head", path);
	if (!open_for_check(plain, head, backup, problem, sizeof problem)) {
		if (*plain_fd >= 0)
			plain_copy_remove(plain, *plain_fd);
		*plain_fd = -1;
		return fail(db, _("cannot open the backup: %s"), problem);
	}
	return STATUS_OK;
}

enum status backup_check_file(struct database *db, const char *path, const struct backup_key *key)
{
	if (sodium_init() < 0)
		return STATUS_ERR_NO_MEMORY;
	if (database_engine(db) == ENGINE_POSTGRESQL || is_pg_dump(path))
		return check_file_postgresql(db, path, key);
	struct database backup;
	char plain[4200], problem[512] = "";
	int plain_fd;
	enum status status = open_backup(db, path, key, &backup, plain, sizeof plain, &plain_fd);
	if (status != STATUS_OK)
		return status;
	progress_share(&backup, db);
	bool sound = check_handle(&backup, true, problem, sizeof problem, NULL, 0);
	bool cancelled = !sound && backup.progress.cancelled;
	sqlite3_close(backup.handle);
	if (plain_fd >= 0)
		plain_copy_remove(plain, plain_fd);
	if (sound)
		return STATUS_OK;
	if (cancelled)
		return progress_cancelled(db, _("check cancelled: nothing was changed"));
	text_copy(db->error, sizeof db->error, problem);
	return STATUS_ERR_AUDIT_BROKEN;
}

/* ---- Restore ----
 * Files beside the database DB while a restore runs:
 *   DB.restore-lock     flock held by the restoring process
 *   DB.restore-new      the restored register with its restore entry, made aside
 *   DB.restore-journal  "<id> <hash>": the restored trail's head; written once
 *                       DB.restore-new is complete, removed once the head file
 *                       names it. Whoever finds it (backup_finish_restore)
 *                       installs that head when the live trail carries it, and
 *                       otherwise (the pages never went in) removes it.
 *   DB.replaced.part    the replaced database while it is copied aside */

static void restore_path(const struct database *db, const char *suffix, char *out, size_t out_size)
{
	snprintf(out, out_size, "%s.%s", db->path, suffix);
}

static bool write_journal(const char *journal, long long id, const char *hex)
{
	char temporary[4400];
	snprintf(temporary, sizeof temporary, "%s.new", journal);
	int fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, office_file_mode());
	if (fd < 0)
		return false;
	char line[160];
	int length = snprintf(line, sizeof line, "%lld %s\n", id, hex);
	bool ok = write_all(fd, line, (size_t)length) && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	ok = ok && rename(temporary, journal) == 0;
	if (!ok)
		unlink(temporary);
	return ok;
}

/* Fsyncs the folder holding path, so that a rename in it survives a crash. */
static void sync_folder(const char *path)
{
	char folder[4200];
	text_copy(folder, sizeof folder, path);
	char *slash = strrchr(folder, '/');
	if (slash == folder)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(folder, ".");
	int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* True when entry id of db's trail has the hash hex and is a restore's. */
static bool trail_has_restore(struct database *db, long long id, const char *hex)
{
	struct statement *statement = database_prepare(db, "SELECT hash, action FROM audit_entry WHERE id = ?");
	if (!statement)
		return false;
	statement_bind_int64(statement, 1, id);
	char stored[65] = "";
	bool restore = false;
	if (statement_step(statement) == STORAGE_ROW && statement_column_bytes(statement, 0) == 32) {
		sodium_bin2hex(stored, sizeof stored, statement_column_blob(statement, 0), 32);
		restore = strcmp(database_text(statement, 1), AUDIT_RESTORE_ACTION) == 0;
	}
	database_finalize(statement);
	return restore && strcmp(stored, hex) == 0;
}

/* The restored trail is live: its head file and witness name the restore. */
static void install_restored_head(struct database *db, long long id, const char *hex)
{
	if (*db->audit_head_path)
		audit_install_head(db->audit_head_path, id, hex);
	unsigned char hash[32];
	if (sodium_hex2bin(hash, sizeof hash, hex, strlen(hex), NULL, NULL, NULL) == 0)
		witness_record(db, id - 1, id, hash);
}

static void remove_restore_leftovers(struct database *db)
{
	static const char *const suffixes[] = { "restore-new", "restore-new-journal", "restore-new-wal", "restore-new-shm",
						"replaced.part", "replaced.part-journal", "replaced.part-wal",
						"replaced.part-shm", "restore-journal.new" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char path[4300];
		restore_path(db, suffixes[i], path, sizeof path);
		unlink(path);
	}
}

void backup_finish_restore(struct database *db)
{
	if (!*db->audit_head_path)
		return;
	char path[4300];
	restore_path(db, "backup-plain", path, sizeof path);
	remove_if_abandoned(path);
	char lock_path[4300];
	restore_path(db, "restore-lock", lock_path, sizeof lock_path);
	int lock = open(lock_path, O_RDONLY | O_CLOEXEC);
	/* A restore that is running (or a killed one still being torn down)
	 * holds the lock: wait a little for it, then leave it its own work. */
	bool locked = lock < 0;
	for (int tries = 0; !locked && tries < 100; tries++) {
		locked = flock(lock, LOCK_EX | LOCK_NB) == 0;
		if (!locked)
			usleep(50 * 1000);
	}
	if (!locked) {
		close(lock);
		return;
	}
	char journal[4300];
	restore_path(db, "restore-journal", journal, sizeof journal);
	FILE *file = fopen(journal, "r");
	if (file) {
		long long id = 0;
		char hex[65] = "";
		bool parsed = fscanf(file, "%lld %64s", &id, hex) == 2;
		fclose(file);
		/* The pages went in: the head follows them. Otherwise the old
		 * register stands with its own head, and the journal goes. */
		if (parsed && trail_has_restore(db, id, hex))
			install_restored_head(db, id, hex);
		unlink(journal);
		sync_folder(journal);
	}
	remove_restore_leftovers(db);
	restore_path(db, "restore-plain", path, sizeof path);
	plain_copy_remove(path, -1);
	if (lock >= 0) {
		unlink(lock_path);
		close(lock);
	}
}

/* The restored register made aside at new_path: the backup's pages and the
 * restore's own entry. Its head comes back in id and hex. */
static enum status make_restored(struct database *db, sqlite3 *backup, const char *new_path, long long account_id,
				 const char *fields, long long *id, char hex[65])
{
	unlink(new_path);
	struct database restored;
	memset(&restored, 0, sizeof restored);
	text_copy(restored.path, sizeof restored.path, new_path);   /* no head path: no head file, no witness */
	int rc = sqlite3_open_v2(new_path, &restored.handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == STORAGE_OK)
		rc = online_copy(backup, restored.handle, db, PROGRESS_RESTORE_MAKE, true);
	if (rc == STORAGE_OK)
		rc = sqlite3_exec(restored.handle, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL", NULL, NULL, NULL);
	enum status status = rc == STORAGE_OK ? STATUS_OK
		: rc == COPY_CANCELLED ? progress_cancelled(db, _("restore cancelled: the database is unchanged"))
		: fail(db, _("cannot make the restored register: %s"), sqlite3_errstr(rc));
	if (status == STATUS_OK)
		status = audit_append(&restored, account_id, AUDIT_RESTORE_ACTION, "", 0, fields);
	if (status == STATUS_OK)
		status = audit_tail(&restored, id, hex);
	if (status != STATUS_OK && !db->error[0])
		text_copy(db->error, sizeof db->error, restored.error);
	sqlite3_close(restored.handle);
	chmod(new_path, office_file_mode());
	return status;
}

/* A PostgreSQL register is not replaced under running desks: a backup goes
 * into an empty database (backup_restore_postgresql), which the
 * configuration then names (README, "Several sites: PostgreSQL"). */
static enum status refuse_restore_in_place(struct database *db)
{
	return database_refuse(db, _("on PostgreSQL a backup is restored into an empty database, not over the register: "
				     "regdesk restore FILE --to postgresql://... (README, \"Several sites: PostgreSQL\")"));
}

enum status backup_restore(struct database *db, long long account_id, const char *path, const struct backup_key *key,
			   char *kept_path, size_t kept_size)
{
	kept_path[0] = '\0';
	if (database_engine(db) == ENGINE_POSTGRESQL)
		return refuse_restore_in_place(db);
	if (!office_backup_path_allowed(path, db->error, sizeof db->error))
		return STATUS_ERR_FORBIDDEN;
	if (sodium_init() < 0)
		return STATUS_ERR_NO_MEMORY;
	char lock_path[4300];
	restore_path(db, "restore-lock", lock_path, sizeof lock_path);
	int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, office_file_mode());
	if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
		if (lock >= 0)
			close(lock);
		return fail(db, "%s", _("another restore of this database is running"));
	}
	struct database backup;
	char plain[4200], problem[512] = "", sha256[65] = "";
	long long bytes = 0;
	int plain_fd = -1;
	enum status status = STATUS_OK;
	bool reading_cancelled = false;
	if (!file_sha256(db, path, sha256, &bytes, true, &reading_cancelled))
		status = reading_cancelled ? progress_cancelled(db, _("restore cancelled: the database is unchanged"))
				   : fail(db, _("cannot open the backup: %s"), strerror(errno));
	if (status == STATUS_OK)
		status = open_backup(db, path, key, &backup, plain, sizeof plain, &plain_fd);
	if (status != STATUS_OK) {
		unlink(lock_path);
		close(lock);
		return status;
	}
	progress_share(&backup, db);
	bool intact = check_handle(&backup, true, problem, sizeof problem, NULL, 0);
	if (!intact) {
		bool cancelled = backup.progress.cancelled;
		sqlite3_close(backup.handle);
		if (plain_fd >= 0)
			plain_copy_remove(plain, plain_fd);
		unlink(lock_path);
		close(lock);
		if (cancelled)
			return progress_cancelled(db, _("restore cancelled: the database is unchanged"));
		return fail(db, _("the backup is not sound, nothing restored: %s"), problem);
	}
	/* The replaced trail's end, named in the restored trail. */
	long long replaced_last = 0;
	char replaced_hash[65] = "";
	status = audit_tail(db, &replaced_last, replaced_hash);

	/* Keep the database being replaced beside it, under its name only when whole. */
	char stamp[32], kept_part[4300];
	clock_format_iso(clock_now(), stamp, sizeof stamp);
	for (char *p = stamp; *p; p++)
		if (*p == ':')
			*p = '-';
	snprintf(kept_path, kept_size, "%s.replaced-%s", db->path, stamp);
	restore_path(db, "replaced.part", kept_part, sizeof kept_part);
	unlink(kept_part);
	sqlite3 *kept;
	int rc = status == STATUS_OK ? sqlite3_open_v2(kept_part, &kept, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
				     : STORAGE_ERROR;
	if (rc == STORAGE_OK)
		rc = online_copy(db->handle, kept, db, PROGRESS_RESTORE_KEEP, true);
	if (status == STATUS_OK)
		sqlite3_close(kept);
	chmod(kept_part, office_file_mode());
	if (rc == STORAGE_OK && rename(kept_part, kept_path) != 0)
		rc = SQLITE_CANTOPEN;
	if (status == STATUS_OK && rc == COPY_CANCELLED) {
		unlink(kept_part);
		kept_path[0] = '\0';
		status = progress_cancelled(db, _("restore cancelled: the database is unchanged"));
	} else if (status == STATUS_OK && rc != STORAGE_OK) {
		status = fail(db, _("cannot keep the current database aside: %s"), sqlite3_errstr(rc));
	}
	if (status == STATUS_OK) {
		char kept_head[4400];
		snprintf(kept_head, sizeof kept_head, "%s.audit-head", kept_path);
		if (*db->audit_head_path && faccessat(AT_FDCWD, db->audit_head_path, R_OK, AT_EACCESS) == 0)
			copy_file(db->audit_head_path, kept_head);
	}

	/* The restored register, made aside with its restore entry. */
	char new_path[4300], journal[4300], fields[4600], new_hex[65] = "";
	long long new_id = 0;
	restore_path(db, "restore-new", new_path, sizeof new_path);
	restore_path(db, "restore-journal", journal, sizeof journal);
	audit_restore_fields(fields, sizeof fields, replaced_last, replaced_hash, sha256, path);
	if (status == STATUS_OK)
		db->error[0] = '\0';
	if (status == STATUS_OK)
		status = make_restored(db, backup.handle, new_path, account_id, fields, &new_id, new_hex);
	sqlite3_close(backup.handle);
	if (plain_fd >= 0)
		plain_copy_remove(plain, plain_fd);
	if (status == STATUS_OK && !write_journal(journal, new_id, new_hex))
		status = fail(db, _("cannot write the restore journal: %s"), strerror(errno));
	if (status == STATUS_OK)
		sync_folder(journal);

	/* The live database takes the restored pages in one transaction. */
	if (status == STATUS_OK) {
		sqlite3 *restored;
		rc = sqlite3_open_v2(new_path, &restored, SQLITE_OPEN_READONLY, NULL);
		/* Stopping rolls the one transaction back: the register stays as it was. */
		if (rc == STORAGE_OK)
			rc = online_copy(restored, db->handle, db, PROGRESS_RESTORE_COPY, true);
		sqlite3_close(restored);
		if (rc == COPY_CANCELLED) {
			unlink(journal);
			status = progress_cancelled(db, _("restore cancelled: the database is unchanged"));
		} else if (rc != STORAGE_OK) {
			unlink(journal);
			status = fail(db, _("the restore failed; the database is unchanged: %s"), sqlite3_errstr(rc));
		}
	}
	/* Cancelled: nothing was replaced, so nothing is kept aside either. */
	if (status == STATUS_ERR_CANCELLED && kept_path[0]) {
		char kept_head[4400];
		snprintf(kept_head, sizeof kept_head, "%s.audit-head", kept_path);
		unlink(kept_head);
		unlink(kept_path);
		kept_path[0] = '\0';
	}
	if (status == STATUS_OK) {
		db->audit_tail_known = false;
		database_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
		install_restored_head(db, new_id, new_hex);
		unlink(journal);
		sync_folder(journal);
	}
	remove_restore_leftovers(db);
	unlink(lock_path);
	close(lock);
	return status;
}

/* ---- Restore for a logged-in privacy officer: the rules the batch command
 * and the backups screen share (README "Installing for an office"). ---- */

void backup_key_or_install(struct backup_key *key)
{
	if (key->key_file && !*key->key_file)
		key->key_file = NULL;
	if (key->passphrase_file && !*key->passphrase_file)
		key->passphrase_file = NULL;
	if (!key->key_file && !key->passphrase_file)
		key->key_file = office_backup_key_file();   /* the office install's backups are encrypted */
}

/* The privacy officer's, a path allowed here, one way to decrypt. */
static enum status restore_allowed(struct session *session, const char *path, struct backup_key *key)
{
	struct database *db = session->db;
	enum status status = permission_require(session, PERMISSION_MANAGE_USERS);
	if (status != STATUS_OK)
		return status;
	if (!path || !*path)
		return database_refuse(db, _("name the backup file to restore"));
	if (key->key_file && *key->key_file && key->passphrase_file && *key->passphrase_file)
		return database_refuse(db, _("give a key file or a passphrase file, not both"));
	backup_key_or_install(key);
	if (!office_backup_path_allowed(path, db->error, sizeof db->error))
		return STATUS_ERR_FORBIDDEN;
	return STATUS_OK;
}

/* "2026-12-06T08:40:00Z" as local display time; the text itself when it is not one. */
static void iso_as_local(const char *iso, char *out, size_t out_size)
{
	struct tm utc = { 0 };
	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &utc.tm_year, &utc.tm_mon, &utc.tm_mday, &utc.tm_hour, &utc.tm_min,
		   &utc.tm_sec) != 6) {
		text_copy(out, out_size, iso);
		return;
	}
	utc.tm_year -= 1900;
	utc.tm_mon -= 1;
	clock_format_local(timegm(&utc), out, out_size);
}

enum status backup_preview_restore(struct session *session, const char *path, const struct backup_key *given,
				   struct backup_preview *preview)
{
	struct database *db = session->db;
	memset(preview, 0, sizeof *preview);
	struct backup_key key = *given;
	enum status status = restore_allowed(session, path, &key);
	if (status != STATUS_OK)
		return status;
	if (database_engine(db) == ENGINE_POSTGRESQL)
		return refuse_restore_in_place(db);
	if (sodium_init() < 0)
		return STATUS_ERR_NO_MEMORY;
	struct stat file;
	if (stat(path, &file) != 0)
		return fail(db, _("cannot open the backup: %s"), strerror(errno));
	preview->bytes = (long long)file.st_size;
	clock_format_local(file.st_mtime, preview->written, sizeof preview->written);
	preview->encrypted = is_encrypted(path);
	struct database backup;
	char plain[4200];
	int plain_fd;
	status = open_backup(db, path, &key, &backup, plain, sizeof plain, &plain_fd);
	if (status != STATUS_OK)
		return status;
	/* The backup's trail ends where its head file says; the full check runs at the restore. */
	struct statement *statement = database_prepare(&backup, "SELECT id, at, hash FROM audit_entry ORDER BY id DESC LIMIT 1");
	if (!statement) {
		status = fail(db, _("%s is not a regdesk backup"), path);
	} else {
		if (statement_step(statement) == STORAGE_ROW) {
			preview->last_entry = statement_column_int64(statement, 0);
			iso_as_local(database_text(statement, 1), preview->last_at, sizeof preview->last_at);
			if (statement_column_bytes(statement, 2) == 32)
				sodium_bin2hex(preview->last_hash, sizeof preview->last_hash,
					       statement_column_blob(statement, 2), 32);
		}
		database_finalize(statement);
	}
	sqlite3_close(backup.handle);
	if (plain_fd >= 0)
		plain_copy_remove(plain, plain_fd);
	if (status != STATUS_OK)
		return status;
	char replaced_hash[65];
	return audit_tail(db, &preview->replaced_last, replaced_hash);
}

enum status backup_restore_by_officer(struct session *session, const char *path, const struct backup_key *given,
				      char *kept_path, size_t kept_size)
{
	struct database *db = session->db;
	kept_path[0] = '\0';
	struct backup_key key = *given;
	enum status status = restore_allowed(session, path, &key);
	if (status != STATUS_OK)
		return status;
	if (database_engine(db) == ENGINE_POSTGRESQL)
		return refuse_restore_in_place(db);
	db->error[0] = '\0';
	/* Other desks waiting on the register see who restores it. */
	activity_begin(db, ACTIVITY_RESTORE, session->username);
	status = backup_restore(db, session->account_id, path, &key, kept_path, kept_size);
	activity_end(db);
	return status;
}

/* True when the file starts as a SQLite database or an encrypted backup. */
static bool looks_like_backup(const char *path, bool *encrypted)
{
	unsigned char magic[16];
	if (read_small_file(path, magic, sizeof magic) != (ssize_t)sizeof magic)
		return false;
	*encrypted = memcmp(magic, BACKUP_MAGIC, BACKUP_MAGIC_BYTES) == 0;
	return *encrypted || memcmp(magic, "SQLite format 3", 16) == 0 ||
	       memcmp(magic, PG_DUMP_MAGIC, sizeof PG_DUMP_MAGIC - 1) == 0;
}

bool backup_folder(char *out, size_t out_size)
{
	if (office_config())
		return (size_t)snprintf(out, out_size, "%s", office_config()->backup_folder) < out_size;
	const char *home = getenv("HOME");
	return home && *home && (size_t)snprintf(out, out_size, "%s", home) < out_size;
}

static int newest_first(const void *left, const void *right)
{
	const struct backup_file *a = left, *b = right;
	return a->modified < b->modified ? 1 : a->modified > b->modified ? -1 : strcmp(a->path, b->path);
}

int backup_list_newest(const char *folder, struct backup_file *out, int max)
{
	DIR *directory = opendir(folder);
	if (!directory || max <= 0) {
		if (directory)
			closedir(directory);
		return 0;
	}
	int count = 0;
	struct dirent *entry;
	while ((entry = readdir(directory)) != NULL) {
		size_t length = strlen(entry->d_name);
		/* The files beside a backup or a database are not backups. */
		if (entry->d_name[0] == '.' || (length > 11 && strcmp(entry->d_name + length - 11, ".audit-head") == 0) ||
		    (length > 5 && strcmp(entry->d_name + length - 5, ".part") == 0))
			continue;
		struct backup_file file = { 0 };
		if ((size_t)snprintf(file.path, sizeof file.path, "%s/%s", folder, entry->d_name) >= sizeof file.path)
			continue;
		struct stat status;
		if (stat(file.path, &status) != 0 || !S_ISREG(status.st_mode) || !looks_like_backup(file.path, &file.encrypted))
			continue;
		file.bytes = (long long)status.st_size;
		file.modified = (long long)status.st_mtime;
		clock_format_local(status.st_mtime, file.modified_text, sizeof file.modified_text);
		if (count < max) {
			out[count++] = file;
		} else {
			/* Full: the new one replaces the oldest kept when newer. */
			qsort(out, (size_t)count, sizeof *out, newest_first);
			if (newest_first(&file, &out[count - 1]) < 0)
				out[count - 1] = file;
		}
	}
	closedir(directory);
	qsort(out, (size_t)count, sizeof *out, newest_first);
	return count;
}

/* ---- PostgreSQL (issue 17) ----
 * A backup of a PostgreSQL register is pg_dump's custom format, one
 * consistent snapshot that no desk waits for, read from its pipe and
 * encrypted as it comes (no plain copy on any disk) with the same
 * secretstream format, the same SHA-256, audit entry and .part rule as
 * SQLite's. Its check decrypts into pg_restore --list; a restore goes into
 * an empty database (pg_restore as the owner role), never over the live
 * one. The password never reaches a command line: the tools get the
 * connection without it and the password in their environment only. */

/* One connection option, quoted for a libpq connection string. */
static void conninfo_append(char *out, size_t out_size, const char *keyword, const char *value)
{
	size_t used = strlen(out);
	used += (size_t)snprintf(out + used, used < out_size ? out_size - used : 0, "%s%s='", used ? " " : "", keyword);
	for (const char *p = value; *p && used + 3 < out_size; p++) {
		if (*p == '\'' || *p == '\\')
			out[used++] = '\\';
		out[used++] = *p;
	}
	if (used + 2 <= out_size) {
		out[used++] = '\'';
		out[used] = '\0';
	}
}

/* The connection string of options (libpq's) without its secrets, and the
 * password apart. false when it does not fit. */
static bool conninfo_split(PQconninfoOption *options, char *conninfo, size_t conninfo_size, char *password,
			   size_t password_size)
{
	conninfo[0] = '\0';
	password[0] = '\0';
	for (PQconninfoOption *option = options; option && option->keyword; option++) {
		if (!option->val || !*option->val)
			continue;
		if (strcmp(option->keyword, "password") == 0) {
			text_copy(password, password_size, option->val);
			continue;
		}
		if (strcmp(option->keyword, "sslpassword") == 0)
			continue;   /* a secret too; the tools ask libpq's defaults for it */
		conninfo_append(conninfo, conninfo_size, option->keyword, option->val);
	}
	return strlen(conninfo) + 1 < conninfo_size;
}

/* A PostgreSQL tool run with the connection split as above: argv[] names
 * the tool and its arguments, "--dbname" and the connection string are
 * appended. Its stdin and stdout are in and out (-1: /dev/null), its
 * stderr the file errors. The password goes in PGPASSWORD of the child's
 * environment only (visible to nobody but the same user). */
struct pg_tool {
	pid_t pid;
};

static bool pg_tool_start(struct pg_tool *tool, const char *const *arguments, const char *conninfo, const char *password,
			  int in, int out, int errors)
{
	const char *argv[16];
	int argc = 0;
	for (; arguments[argc] && argc < 12; argc++)
		argv[argc] = arguments[argc];
	if (conninfo) {
		argv[argc++] = "--no-password";
		argv[argc++] = "--dbname";
		argv[argc++] = conninfo;
	}
	argv[argc] = NULL;
	extern char **environ;
	size_t count = 0;
	while (environ[count])
		count++;
	char **environment = calloc(count + 2, sizeof *environment);
	char *password_variable = NULL;
	if (!environment)
		return false;
	size_t used = 0;
	for (size_t i = 0; i < count; i++)
		if (strncmp(environ[i], "PGPASSWORD=", 11) != 0)
			environment[used++] = environ[i];
	if (password && *password) {
		size_t size = strlen(password) + 12;
		password_variable = malloc(size);
		if (!password_variable) {
			free(environment);
			return false;
		}
		snprintf(password_variable, size, "PGPASSWORD=%s", password);
		environment[used++] = password_variable;
	}
	environment[used] = NULL;
	tool->pid = fork();
	if (tool->pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(in >= 0 ? in : null, STDIN_FILENO);
		dup2(out >= 0 ? out : null, STDOUT_FILENO);
		dup2(errors >= 0 ? errors : null, STDERR_FILENO);
		signal(SIGPIPE, SIG_DFL);
		execvpe(argv[0], (char *const *)argv, environment);
		/* Read back by tool_errors, which names the tool. */
		dprintf(STDERR_FILENO, "%s%s\n", strerror(errno), errno == ENOENT ? " (the package postgresql-client)" : "");
		_exit(127);
	}
	if (password_variable) {
		sodium_memzero(password_variable, strlen(password_variable));
		free(password_variable);
	}
	free(environment);
	return tool->pid > 0;
}

/* Waits for the tool; true when it exited 0. */
static bool pg_tool_finish(struct pg_tool *tool, bool stop)
{
	if (tool->pid <= 0)
		return false;
	if (stop)
		kill(tool->pid, SIGTERM);
	int wait_status;
	while (waitpid(tool->pid, &wait_status, 0) < 0 && errno == EINTR)
		;
	tool->pid = 0;
	return WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
}

/* What a tool wrote to its stderr file, one line, for a message. */
static void tool_errors(FILE *errors, const char *tool, char *out, size_t out_size)
{
	char text[600] = "";
	if (errors) {
		rewind(errors);
		size_t length = fread(text, 1, sizeof text - 1, errors);
		text[length] = '\0';
	}
	for (char *p = text; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	size_t length = strlen(text);
	while (length > 0 && text[length - 1] == ' ')
		text[--length] = '\0';
	char clean[600];
	text_make_inert(text, clean, sizeof clean);
	snprintf(out, out_size, "%s: %s", tool, *clean ? clean : _("failed"));
}

/* The live connection's options, split for a tool. */
static bool live_conninfo(struct database *db, char *conninfo, size_t conninfo_size, char *password, size_t password_size)
{
	PQconninfoOption *options = PQconninfo(db->postgresql);
	bool ok = options && conninfo_split(options, conninfo, conninfo_size, password, password_size);
	if (options) {
		for (PQconninfoOption *option = options; option->keyword; option++)
			if (option->val && strcmp(option->keyword, "password") == 0)
				sodium_memzero(option->val, strlen(option->val));
		PQconninfoFree(options);
	}
	return ok;
}

static enum status backup_write_postgresql(struct database *db, long long account_id, const char *path,
					   const struct backup_key *key, struct backup_result *result)
{
	bool encrypt = key_wanted(key);
	char temporary[4200], conninfo[4096], password[512];
	snprintf(temporary, sizeof temporary, "%s.part", path);
	plain_copy_remove(temporary, -1);   /* a killed backup's leftover, with SQLite's files of one */
	char head_leftover[4300];
	snprintf(head_leftover, sizeof head_leftover, "%s.audit-head.part", path);
	unlink(head_leftover);
	if (!live_conninfo(db, conninfo, sizeof conninfo, password, sizeof password))
		return fail(db, "%s", _("the backup could not be written: the connection's settings are too long"));
	int fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, office_file_mode());
	if (fd < 0) {
		sodium_memzero(password, sizeof password);
		return fail(db, _("cannot create the backup: %s"), strerror(errno));
	}
	FILE *errors = tmpfile();
	int pipe_ends[2] = { -1, -1 };
	struct pg_tool dump = { 0 };
	static const char *const arguments[] = { "pg_dump", "--format=custom", NULL };
	bool started = errors && pipe2(pipe_ends, O_CLOEXEC) == 0 &&
		       pg_tool_start(&dump, arguments, conninfo, password, -1, pipe_ends[1], fileno(errors));
	sodium_memzero(password, sizeof password);
	if (pipe_ends[1] >= 0)
		close(pipe_ends[1]);
	enum status status = STATUS_OK;
	bool cancelled = false;
	unsigned char magic[sizeof PG_DUMP_MAGIC - 1] = { 0 };
	if (!started) {
		status = fail(db, _("the backup could not be written: %s"), strerror(errno));
	} else {
		/* The dump's bytes are the stage: its size is known only at its end. */
		progress_begin(db, PROGRESS_BACKUP, 0, true);
		if (encrypt) {
			status = encrypt_stream(db, pipe_ends[0], fd, key, true, &cancelled);
		} else {
			static unsigned char chunk[CHUNK_BYTES];
			long long copied = 0;
			ssize_t length;
			while ((length = read_full(pipe_ends[0], chunk, sizeof chunk)) > 0) {
				if (copied == 0)
					memcpy(magic, chunk, length >= (ssize_t)sizeof magic ? sizeof magic : (size_t)length);
				if (!write_all(fd, chunk, (size_t)length)) {
					status = fail(db, _("cannot write the backup: %s"), strerror(errno));
					break;
				}
				copied += length;
				if (!progress_advance(db, copied / DUMP_STEP_BYTES)) {
					cancelled = true;
					break;
				}
			}
			if (status == STATUS_OK && !cancelled && (length < 0 || fsync(fd) != 0))
				status = fail(db, _("cannot write the backup: %s"), strerror(errno));
		}
		progress_end(db);
	}
	if (pipe_ends[0] >= 0)
		close(pipe_ends[0]);
	bool dumped = pg_tool_finish(&dump, cancelled || status != STATUS_OK);
	if (close(fd) != 0 && status == STATUS_OK && !cancelled)
		status = fail(db, _("cannot write the backup: %s"), strerror(errno));
	if (cancelled)
		status = progress_cancelled(db, _("backup cancelled: no backup file was written"));
	else if (status == STATUS_OK && !dumped) {
		char problem[700];
		tool_errors(errors, "pg_dump", problem, sizeof problem);
		status = fail(db, _("the backup could not be written: %s"), problem);
	} else if (status == STATUS_OK && !encrypt && memcmp(magic, PG_DUMP_MAGIC, sizeof magic) != 0)
		status = fail(db, _("the backup failed its check: %s"), _("pg_dump wrote no custom-format archive"));
	if (errors)
		fclose(errors);
	bool not_cancelled;
	if (status == STATUS_OK && !file_sha256(db, temporary, result->sha256, &result->bytes, false, &not_cancelled))
		status = fail(db, _("cannot read the backup back: %s"), strerror(errno));
	if (status == STATUS_OK) {
		chmod(temporary, office_file_mode());
		if (rename(temporary, path) != 0)
			status = fail(db, _("cannot write the backup: %s"), strerror(errno));
	}
	if (status != STATUS_OK) {
		unlink(temporary);
		return status;
	}
	if (audit_append(db, account_id, "backup.write", "", 0, encrypt ? "database,encrypted" : "database") != STATUS_OK)
		snprintf(result->warning, sizeof result->warning, _("the backup was written, but its audit entry was not: %s"),
			 db->error);
	return STATUS_OK;
}

/* Whether the file is a pg_dump archive as it stands (not encrypted). */
static bool is_pg_dump(const char *path)
{
	unsigned char magic[sizeof PG_DUMP_MAGIC - 1];
	return read_small_file(path, magic, sizeof magic) == (ssize_t)sizeof magic &&
	       memcmp(magic, PG_DUMP_MAGIC, sizeof magic) == 0;
}

/* Feeds the backup at path (decrypted when encrypted) to a PostgreSQL tool
 * reading its stdin; out takes the tool's stdout (-1: none). true when the
 * whole backup went in and the tool exited 0; else the reason in db->error. */
static enum status feed_pg_tool(struct database *db, const char *path, const struct backup_key *key,
				const char *const *arguments, const char *conninfo, const char *password, int out)
{
	int in = -1;
	bool encrypted = is_encrypted(path);
	if (!encrypted) {
		in = open(path, O_RDONLY | O_CLOEXEC);
		if (in < 0)
			return fail(db, _("cannot open the backup: %s"), strerror(errno));
		if (!is_pg_dump(path)) {
			close(in);
			return fail(db, _("%s is not a PostgreSQL backup (pg_dump's custom format)"), path);
		}
	}
	FILE *errors = tmpfile();
	int pipe_ends[2] = { -1, -1 };
	struct pg_tool tool = { 0 };
	bool started = errors && (!encrypted || pipe2(pipe_ends, O_CLOEXEC) == 0) &&
		       pg_tool_start(&tool, arguments, conninfo, password, encrypted ? pipe_ends[0] : in, out, fileno(errors));
	if (pipe_ends[0] >= 0)
		close(pipe_ends[0]);
	if (in >= 0)
		close(in);
	enum status status = STATUS_OK;
	if (!started)
		status = fail(db, _("cannot run %s: %s"), arguments[0], strerror(errno));
	/* A tool that stops reading must not stop regdesk: EPIPE instead of SIGPIPE. */
	void (*previous)(int) = signal(SIGPIPE, SIG_IGN);
	if (status == STATUS_OK && encrypted)
		status = decrypt_stream(db, path, pipe_ends[1], key, out >= 0);
	if (pipe_ends[1] >= 0)
		close(pipe_ends[1]);
	bool done = pg_tool_finish(&tool, status != STATUS_OK);
	signal(SIGPIPE, previous);
	if (status == STATUS_OK && !done) {
		char problem[700];
		tool_errors(errors, arguments[0], problem, sizeof problem);
		status = fail(db, _("%s is not a sound PostgreSQL backup: %s"), path, problem);
	}
	if (errors)
		fclose(errors);
	return status;
}

/* pg_restore --list of the backup: it decrypts and reads whole, and its
 * table of contents holds the register's audit trail and schema version. */
static enum status check_file_postgresql(struct database *db, const char *path, const struct backup_key *key)
{
	if (faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) != 0)
		return fail(db, _("cannot open the backup: %s"), strerror(errno));
	FILE *list = tmpfile();
	if (!list)
		return fail(db, _("cannot open the backup: %s"), strerror(errno));
	/* The list reads the table of contents; the decryption goes on to the
	 * end, so a changed or cut-off byte anywhere is found. */
	static const char *const arguments[] = { "pg_restore", "--list", NULL };
	enum status status = feed_pg_tool(db, path, key, arguments, NULL, NULL, fileno(list));
	if (status == STATUS_OK) {
		rewind(list);
		char line[1024];
		bool trail = false, version = false;
		while (fgets(line, sizeof line, list)) {
			trail = trail || strstr(line, "TABLE DATA public audit_entry ");
			version = version || strstr(line, "TABLE DATA public schema_version ");
		}
		if (!trail || !version)
			status = fail(db, _("%s is not a regdesk backup"), path);
	}
	fclose(list);
	return status;
}

/* Whether the database at conninfo holds no table of its own: a restore
 * goes only into an empty one. */
static enum status target_empty(struct database *db, const char *uri)
{
	PGconn *target = PQconnectdb(uri);
	enum status status = STATUS_OK;
	char shown[4096];
	postgresql_uri_shown(uri, shown, sizeof shown);
	if (PQstatus(target) != CONNECTION_OK) {
		char detail[512];
		text_copy(detail, sizeof detail, PQerrorMessage(target));
		detail[strcspn(detail, "\n")] = '\0';
		status = fail(db, _("Cannot connect to the database %s: %s"), shown, detail);
	} else {
		PGresult *result = PQexec(target, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
						  "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
						  "AND c.relkind IN ('r', 'p', 'v', 'S')");
		if (PQresultStatus(result) != PGRES_TUPLES_OK)
			status = fail(db, _("Cannot use the database %s: %s"), shown, PQresultErrorMessage(result));
		else if (atoll(PQgetvalue(result, 0, 0)) != 0) {
			char reason[4300];
			snprintf(reason, sizeof reason, _("%s is not empty: a backup is restored only into an empty database"), shown);
			status = database_refuse(db, reason);
		}
		PQclear(result);
	}
	PQfinish(target);
	return status;
}

enum status backup_restore_postgresql(struct session *session, const char *path, const struct backup_key *given,
				      const char *to)
{
	struct database *db = session->db;
	struct backup_key key = *given;
	enum status status = restore_allowed(session, path, &key);
	if (status != STATUS_OK)
		return status;
	if (!to || !postgresql_uri(to))
		return database_refuse(db, _("name the empty database to restore into: --to postgresql://..."));
	if (sodium_init() < 0)
		return STATUS_ERR_NO_MEMORY;
	db->error[0] = '\0';
	char sha256[65] = "";
	long long bytes = 0;
	bool cancelled = false;
	if (!file_sha256(db, path, sha256, &bytes, true, &cancelled))
		return cancelled ? progress_cancelled(db, _("restore cancelled: the database is unchanged"))
				 : fail(db, _("cannot open the backup: %s"), strerror(errno));
	status = target_empty(db, to);
	if (status != STATUS_OK)
		return status;
	PQconninfoOption *options = PQconninfoParse(to, NULL);
	char conninfo[4096], password[512];
	bool split = options && conninfo_split(options, conninfo, sizeof conninfo, password, sizeof password);
	if (options)
		PQconninfoFree(options);
	if (!split)
		return fail(db, "%s", _("the connection URI given with --to cannot be read"));
	/* One transaction: a failed or stopped restore leaves the database empty.
	 * Objects belong to the role restoring (the owner role of the URI). */
	static const char *const arguments[] = { "pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", NULL };
	activity_begin(db, ACTIVITY_RESTORE, session->username);
	status = feed_pg_tool(db, path, &key, arguments, conninfo, password, -1);
	activity_end(db);
	sodium_memzero(password, sizeof password);
	if (status != STATUS_OK)
		return status;
	/* The restored register is checked as any, and its trail names the restore. */
	long long replaced_last = 0;
	char replaced_hash[65] = "", problem[512] = "", error[1024] = "";
	status = audit_tail(db, &replaced_last, replaced_hash);
	if (status != STATUS_OK)
		return status;
	struct database *restored = NULL;
	if (database_open(&restored, to, error, sizeof error) != STATUS_OK)
		return fail(db, _("the restored database cannot be opened: %s"), error);
	progress_share(restored, db);
	if (!check_handle(restored, true, problem, sizeof problem, NULL, 0)) {
		database_close(restored);
		return fail(db, _("the backup is not sound: %s; drop the database it was restored into"), problem);
	}
	char fields[4600];
	audit_restore_fields(fields, sizeof fields, replaced_last, replaced_hash, sha256, path);
	long long id = 0;
	char hex[65] = "";
	status = audit_append(restored, session->account_id, AUDIT_RESTORE_ACTION, "", 0, fields);
	if (status == STATUS_OK)
		status = audit_tail(restored, &id, hex);
	if (status == STATUS_OK)
		install_restored_head(restored, id, hex);
	else
		text_copy(db->error, sizeof db->error, restored->error);
	database_close(restored);
	return status;
}
