# regdesk — build, run, test, install.
#   make run     install missing packages, build, start regdesk
#   make test    install missing packages, build, run every test (also under ASan+UBSan)
#   make bench   benchmarks; prints figures
#   make install PREFIX=/usr/local DESTDIR=    the program, translations, man page, config, timers
#   make install-office                        then, as root: the office install (README)

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
LOCALEDIR ?= $(PREFIX)/share/locale
MANDIR    ?= $(PREFIX)/share/man
# The office install's configuration file is SYSCONFDIR/regdesk/regdesk.conf.
SYSCONFDIR ?= /etc
UNITDIR   ?= /lib/systemd/system

# Debian packages the build, the program and the tests need.
PACKAGES := build-essential pkg-config libncurses-dev libsqlite3-dev libcsv-dev \
	libsodium-dev libutf8proc-dev libcmocka-dev libpq-dev gettext tmux tzdata python3 python3-jsonschema
# Building the Debian package of the office install (dpkg-buildpackage -us -uc).
PACKAGE_PACKAGES := debhelper dpkg-dev fakeroot
# make test also fuzzes the CSV reader with clang's libFuzzer (tests/fuzz/run.sh),
# and moves the clock of the real binary with faketime (dates in the register's zone).
FUZZ_PACKAGES := clang libclang-rt-dev
TEST_PACKAGES := $(FUZZ_PACKAGES) faketime util-linux postgresql

CC       ?= cc
WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
	-Wwrite-strings -Werror
CPPFLAGS += -Iinclude -D_GNU_SOURCE -DREGDESK_VERSION='"$(VERSION)"'
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 $(WARNINGS)
CURSES_LIBS := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
UTF8PROC_LIBS := $(shell pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc)
PQ_CFLAGS := $(shell pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
PQ_LIBS  := $(shell pkg-config --libs libpq 2>/dev/null || echo -lpq)
LIBS     := $(CURSES_LIBS) -lsqlite3 -lcsv -lsodium $(UTF8PROC_LIBS) $(PQ_LIBS)

SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

CORE_SOURCES    := $(sort $(wildcard src/*.c))
SCREEN_SOURCES  := $(sort $(wildcard screens/*.c))
MIGRATIONS      := $(sort $(wildcard data/migrations/*.sql))
PG_MIGRATIONS   := $(sort $(wildcard data/migrations/postgresql/0*.sql))
LANGUAGES       := fi en
UNIT_SOURCES    := $(sort $(wildcard tests/unit/test_*.c))

# A bare `make` builds the program: the first target, before the generated rules.
all: build/regdesk build/regdesk.1

# Two build trees: build/ (release) and build-asan/ (sanitizers, used by the tests).
define tree
# Only the core sees src/ (struct database, SQLite): screens go through include/.
$(1)/core/%.o: src/%.c $(wildcard include/*.h src/*.h) | $(1)/core
	$$(CC) $$(CPPFLAGS) -Isrc -I$(1) $(PQ_CFLAGS) $$(CFLAGS) $(2) -c $$< -o $$@
# The install paths compiled in; rewritten only when they change, so that
# `make install PREFIX=/usr` after a plain `make` rebuilds what uses them.
$(1)/core/office.o $(1)/core/i18n.o: $(1)/install_paths.h
$(1)/install_paths.h: FORCE | $(1)/core
	@printf '#define BINDIR "%s"\n#define SYSCONFDIR "%s"\n#define LOCALEDIR "%s"\n' \
		'$$(BINDIR)' '$$(SYSCONFDIR)' '$$(LOCALEDIR)' > $$@.new
	@cmp -s $$@.new $$@ && rm -f $$@.new || mv $$@.new $$@
$(1)/screens/%.o: screens/%.c $(wildcard include/*.h screens/*.h) | $(1)/screens
	$$(CC) $$(CPPFLAGS) $$(CFLAGS) $(2) -c $$< -o $$@
$(1)/migrations.o: $(1)/migrations.c src/migrations.h
	$$(CC) $$(CPPFLAGS) -Isrc $$(CFLAGS) $(2) -c $$< -o $$@
# The folder too: its time changes when a migration is removed or renamed.
$(1)/migrations.c: $(MIGRATIONS) $(PG_MIGRATIONS) data/migrations $(wildcard data/migrations/postgresql) src/embed_migrations.sh | $(1)/core
	sh src/embed_migrations.sh $(MIGRATIONS) -- $(PG_MIGRATIONS) > $$@
$(1)/libregdesk.a: $(patsubst src/%.c,$(1)/core/%.o,$(filter-out src/main.c,$(CORE_SOURCES))) $(1)/migrations.o
	rm -f $$@ && ar rcs $$@ $$^
$(1)/regdesk: $(1)/core/main.o $(patsubst screens/%.c,$(1)/screens/%.o,$(SCREEN_SOURCES)) $(1)/libregdesk.a $(foreach l,$(LANGUAGES),$(1)/locale/$(l)/LC_MESSAGES/regdesk.mo)
	$$(CC) $$(CFLAGS) $(2) $$(LDFLAGS) -o $$@ $(1)/core/main.o $(patsubst screens/%.c,$(1)/screens/%.o,$(SCREEN_SOURCES)) $(1)/libregdesk.a $$(LIBS)
$(1)/locale/%/LC_MESSAGES/regdesk.mo: data/po/%.po
	mkdir -p $$(dir $$@) && msgfmt --check -o $$@ $$<
$(1)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(1)/libregdesk.a | $(1)/tests
	$$(CC) $$(CPPFLAGS) -Isrc -Itests/unit $(PQ_CFLAGS) $$(CFLAGS) $(2) $$(LDFLAGS) -o $$@ $$< $(1)/libregdesk.a $$(LIBS) -lcmocka
# The form and drawing widgets' test links them, and curses, too.
$(1)/tests/test_form: tests/unit/test_form.c $(wildcard tests/unit/*.h) $(1)/screens/form.o $(1)/screens/draw.o $(1)/libregdesk.a | $(1)/tests
	$$(CC) $$(CPPFLAGS) -Isrc -Iscreens -Itests/unit $(PQ_CFLAGS) $$(CFLAGS) $(2) $$(LDFLAGS) -o $$@ $$< $(1)/screens/form.o $(1)/screens/draw.o $(1)/libregdesk.a $$(LIBS) -lcmocka
# The man page: its COMMANDS from the program's command table (data/man/build.sh).
$(1)/regdesk.1: data/man/regdesk.1 data/man/build.sh $(1)/regdesk
	sh data/man/build.sh $(1)/regdesk data/man/regdesk.1 > $$@.tmp && mv $$@.tmp $$@
$(1)/core $(1)/screens $(1)/tests:
	mkdir -p $$@
endef

$(eval $(call tree,build,))
# The sanitizer build is the test build: it hashes new passwords at argon2id's
# minimum cost (src/account_internal.h), or make test's ~2,000 logins would
# spend most of its time there. The release build, which the login-timing and
# office-install tests run, keeps the interactive limits.
$(eval $(call tree,build-asan,$(SANITIZE) -DREGDESK_TEST_BUILD))

UNIT_TESTS      := $(patsubst tests/unit/%.c,build-asan/tests/%,$(UNIT_SOURCES))

.PHONY: all run test unit e2e bench fuzz deps install install-office uninstall clean pot deb FORCE
FORCE:

# Installs missing Debian packages when root; otherwise names the command and stops.
deps:
	@missing=""; for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "regdesk needs these Debian packages. Run, then try again:"; \
			echo "  sudo apt-get install -y$$missing"; exit 1; \
		fi; \
	fi

run: deps
	$(MAKE) build/regdesk
	./build/regdesk $(ARGS)

# The CSV import's reading path under libFuzzer (clang): make test runs it
# for FUZZ_SHORT seconds, make fuzz for FUZZ_SECONDS; both skip with a message
# where clang or its fuzzer runtime is missing (tests/fuzz/run.sh).
FUZZ_SHORT   ?= 30
FUZZ_SECONDS ?= 600

test: PACKAGES += $(TEST_PACKAGES)
test: deps
	$(MAKE) build/regdesk build-asan/regdesk build-asan/regdesk.1 $(UNIT_TESTS)
	sh tests/run-all.sh all --fuzz $(FUZZ_SHORT)

fuzz: PACKAGES += $(FUZZ_PACKAGES)
fuzz: deps
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

unit: $(UNIT_TESTS)
	sh tests/run-all.sh unit

e2e: build-asan/regdesk build-asan/regdesk.1
	sh tests/run-all.sh e2e

bench: PACKAGES += postgresql
bench: deps
	$(MAKE) build/regdesk
	sh tests/bench/run.sh
	sh tests/bench/import.sh

pot:
	sh data/po/update.sh

# The configuration is installed only where none is (an edited one stays);
# the systemd units name the installed binary.
install: build/regdesk build/regdesk.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(SYSCONFDIR)/regdesk $(DESTDIR)$(UNITDIR)
	install -m 755 build/regdesk $(DESTDIR)$(BINDIR)/regdesk
	install -m 644 build/regdesk.1 $(DESTDIR)$(MANDIR)/man1/regdesk.1
	for l in $(LANGUAGES); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
		install -m 644 build/locale/$$l/LC_MESSAGES/regdesk.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/regdesk.mo; \
	done
	[ -e $(DESTDIR)$(SYSCONFDIR)/regdesk/regdesk.conf ] || { \
		sed 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' data/office/regdesk.conf > $(DESTDIR)$(SYSCONFDIR)/regdesk/regdesk.conf && \
		chmod 640 $(DESTDIR)$(SYSCONFDIR)/regdesk/regdesk.conf; }
	for u in regdesk-backup.service regdesk-backup.timer regdesk-check.service regdesk-check.timer; do \
		sed 's|@BINDIR@|$(BINDIR)|g; s|@SYSCONFDIR@|$(SYSCONFDIR)|g' data/office/$$u > $(DESTDIR)$(UNITDIR)/$$u && \
		chmod 644 $(DESTDIR)$(UNITDIR)/$$u; \
	done
	install -d $(DESTDIR)$(PREFIX)/share/regdesk
	install -m 755 data/office/office-setup.sh $(DESTDIR)$(PREFIX)/share/regdesk/office-setup.sh

# What the Debian package's postinst does, for an install from source: the
# group, the folders, the setgid bit, the backup key; then the timers.
install-office:
	sh data/office/office-setup.sh --root '$(DESTDIR)' --bindir '$(BINDIR)' --sysconfdir '$(SYSCONFDIR)'
	if [ -z '$(DESTDIR)' ] && [ -d /run/systemd/system ]; then \
		systemctl daemon-reload && systemctl enable --now regdesk-backup.timer regdesk-check.timer; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/regdesk $(DESTDIR)$(MANDIR)/man1/regdesk.1
	for l in $(LANGUAGES); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/regdesk.mo; done
	for u in regdesk-backup.service regdesk-backup.timer regdesk-check.service regdesk-check.timer; do \
		rm -f $(DESTDIR)$(UNITDIR)/$$u; done
	rm -f $(DESTDIR)$(PREFIX)/share/regdesk/office-setup.sh

# The Debian package of the office install, in the parent folder (README).
deb: PACKAGES += $(PACKAGE_PACKAGES)
deb: deps
	dpkg-buildpackage -us -uc -b

clean:
	rm -rf build build-asan
