#include "i18n.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "office.h"

/* Written by the Makefile into the build tree (absent in the fuzz build). */
#if defined(__has_include)
#if __has_include("install_paths.h")
#include "install_paths.h"
#endif
#endif
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static char current_language[3] = "en";

static bool uses_utf8(void)
{
	const char *codeset = nl_langinfo(CODESET);
	return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/* The language the environment asks for, as gettext would read it. */
static const char *environment_language(void)
{
	const char *names[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *value = getenv(names[i]);
		if (value && *value)
			return value;
	}
	return "";
}

/* Catalogs next to the binary (a build tree) win over the install prefix,
 * so that the program runs from any directory. */
static void find_catalogs(char *out, size_t out_size)
{
	char executable[PATH_MAX];
	ssize_t length = readlink("/proc/self/exe", executable, sizeof executable - 1);
	if (length > 0) {
		executable[length] = '\0';
		char *slash = strrchr(executable, '/');
		if (slash) {
			*slash = '\0';
			char candidate[PATH_MAX + 64];
			struct stat info;
			snprintf(candidate, sizeof candidate, "%s/locale", executable);
			/* Not for a setgid run: a catalog's formats are trusted. */
			if (!office_mode() && stat(candidate, &info) == 0 && S_ISDIR(info.st_mode)) {
				snprintf(out, out_size, "%s", candidate);
				return;
			}
			/* Installed as PREFIX/bin/regdesk: the catalogs are in PREFIX/share/locale,
			 * whatever PREFIX the program was compiled with. */
			snprintf(candidate, sizeof candidate, "%s/../share/locale/fi/LC_MESSAGES/regdesk.mo", executable);
			if (stat(candidate, &info) == 0 && S_ISREG(info.st_mode)) {
				snprintf(out, out_size, "%s/../share/locale", executable);
				return;
			}
		}
	}
	snprintf(out, out_size, "%s", LOCALEDIR);
}

bool i18n_init(const char *language_override)
{
	if (!setlocale(LC_ALL, "") || !uses_utf8()) {
		/* The user's locale is missing or not UTF-8: keep UTF-8 for Finnish
		 * letters, and the user's language through LANGUAGE below. */
		setlocale(LC_ALL, "C.UTF-8");
		setlocale(LC_COLLATE, "");
		setlocale(LC_TIME, "");
	}
	const char *wanted = language_override ? language_override : environment_language();
	if (language_override && strcmp(language_override, "fi") != 0 &&
	    strcmp(language_override, "en") != 0)
		return false;
	strcpy(current_language, strncmp(wanted, "fi", 2) == 0 ? "fi" : "en");
	/* LANGUAGE wins over the locale in gettext (except in the "C" locale,
	 * which we never run in) and is how --lang and a missing fi_FI locale work. */
	setenv("LANGUAGE", current_language, 1);

	char directory[PATH_MAX + 64];
	find_catalogs(directory, sizeof directory);
	bindtextdomain("regdesk", directory);
	bind_textdomain_codeset("regdesk", "UTF-8");
	textdomain("regdesk");
	return true;
}

const char *i18n_language(void)
{
	return current_language;
}

void i18n_switch(const char *language, char previous[3])
{
	/* The gettext manual's way to change the language at run time. */
	extern int _nl_msg_cat_cntr;
	strcpy(previous, current_language);
	strcpy(current_language, strcmp(language, "fi") == 0 ? "fi" : "en");
	setenv("LANGUAGE", current_language, 1);
	++_nl_msg_cat_cntr;
}
