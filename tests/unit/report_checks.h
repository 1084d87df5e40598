/* Helpers the report tests share (tests/unit/test_requests.c,
 * tests/unit/test_report.c): text expectations, and a small strict JSON
 * grammar checker (RFC 8259 grammar; no semantics), so that a JSON report is
 * checked without a parser library; and the build tree's catalogs, so that
 * a Finnish report is really Finnish. */
#ifndef REGDESK_UNIT_REPORT_CHECKS_H
#define REGDESK_UNIT_REPORT_CHECKS_H

#include <libintl.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

static inline void expect_contains(const char *text, const char *wanted, const char *where)
{
	if (!strstr(text, wanted))
		fail_msg("%s lacks \"%s\"", where, wanted);
}

static inline void expect_lacks(const char *text, const char *unwanted, const char *where)
{
	if (strstr(text, unwanted))
		fail_msg("%s contains \"%s\"", where, unwanted);
}

/* ---- A small strict JSON checker (RFC 8259 grammar; no semantics) ---- */

static inline void json_space(const char **p)
{
	while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
		(*p)++;
}

static inline bool json_value(const char **p, int depth);

static inline bool json_string(const char **p)
{
	if (**p != '"')
		return false;
	for ((*p)++; **p != '"'; (*p)++) {
		if ((unsigned char)**p < 0x20)
			return false;   /* a raw control character, or the end of the text */
		if (**p != '\\')
			continue;
		(*p)++;
		if (**p == 'u') {
			for (int i = 0; i < 4; i++)
				if (!strchr("0123456789abcdefABCDEF", *++*p) || !**p)
					return false;
		} else if (!**p || !strchr("\"\\/bfnrt", **p)) {
			return false;
		}
	}
	(*p)++;
	return true;
}

static inline bool json_number(const char **p)
{
	const char *start = *p;
	if (**p == '-')
		(*p)++;
	while (**p >= '0' && **p <= '9')
		(*p)++;
	if (**p == '.')
		for ((*p)++; **p >= '0' && **p <= '9'; (*p)++)
			;
	if (**p == 'e' || **p == 'E') {
		(*p)++;
		if (**p == '+' || **p == '-')
			(*p)++;
		while (**p >= '0' && **p <= '9')
			(*p)++;
	}
	return *p > start && (*p)[-1] >= '0' && (*p)[-1] <= '9';
}

/* '{' or '[' with members or elements, separated by commas, no trailing comma. */
static inline bool json_container(const char **p, int depth, bool object)
{
	char close = object ? '}' : ']';
	(*p)++;
	json_space(p);
	if (**p == close) {
		(*p)++;
		return true;
	}
	for (;;) {
		json_space(p);
		if (object) {
			if (!json_string(p))
				return false;
			json_space(p);
			if (**p != ':')
				return false;
			(*p)++;
		}
		if (!json_value(p, depth + 1))
			return false;
		json_space(p);
		if (**p == close) {
			(*p)++;
			return true;
		}
		if (**p != ',')
			return false;
		(*p)++;
	}
}

static inline bool json_value(const char **p, int depth)
{
	if (depth > 64)
		return false;
	json_space(p);
	switch (**p) {
	case '{': return json_container(p, depth, true);
	case '[': return json_container(p, depth, false);
	case '"': return json_string(p);
	case 't': return strncmp(*p, "true", 4) == 0 && (*p += 4);
	case 'f': return strncmp(*p, "false", 5) == 0 && (*p += 5);
	case 'n': return strncmp(*p, "null", 4) == 0 && (*p += 4);
	default: return json_number(p);
	}
}

/* One JSON text and nothing after it but white space. */
static inline bool json_parses(const char *text)
{
	const char *p = text;
	if (!json_value(&p, 0))
		return false;
	json_space(&p);
	return *p == '\0';
}

/* The catalogs of the build tree beside this test binary (build-asan/locale);
 * false when absent. */
static inline bool bind_build_catalogs(void)
{
	char executable[PATH_MAX];
	ssize_t length = readlink("/proc/self/exe", executable, sizeof executable - 1);
	if (length <= 0)
		return false;
	executable[length] = '\0';
	char *slash = strrchr(executable, '/');
	if (!slash)
		return false;
	*slash = '\0';
	char directory[PATH_MAX + 32], catalog[PATH_MAX + 96];
	snprintf(directory, sizeof directory, "%s/../locale", executable);
	snprintf(catalog, sizeof catalog, "%s/fi/LC_MESSAGES/regdesk.mo", directory);
	struct stat info;
	if (stat(catalog, &info) != 0)
		return false;
	i18n_init("en");
	bindtextdomain("regdesk", directory);
	return true;
}

#endif
