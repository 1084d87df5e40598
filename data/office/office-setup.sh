#!/bin/sh
# The office install's system side (README "Installing for an office"), run
# as root by the Debian package's postinst and by `make install-office`:
# the group, the setgid binary, the folders, the configuration's and the
# backup key's modes. Safe to run again; it changes nothing already right.
#   sh office-setup.sh [--root DIR] [--bindir DIR] [--sysconfdir DIR] [--group NAME|GID] [--statoverride]
# --root is a scratch install's DESTDIR: the binary and the configuration
# are found under it; the folders are those the configuration names.
set -eu
root= bindir=/usr/bin sysconfdir=/etc group=regdesk statoverride=no
while [ $# -gt 0 ]; do
	case $1 in
	--root) root=$2; shift ;;
	--bindir) bindir=$2; shift ;;
	--sysconfdir) sysconfdir=$2; shift ;;
	--group) group=$2; shift ;;
	--statoverride) statoverride=yes ;;
	*) echo "office-setup.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
if [ "$(id -u)" != 0 ]; then
	echo "office-setup.sh: run as root (sudo make install-office)" >&2
	exit 1
fi
binary=$root$bindir/regdesk
config=$root$sysconfdir/regdesk/regdesk.conf
[ -x "$binary" ] || { echo "office-setup.sh: $binary is missing: make install first" >&2; exit 1; }
[ -f "$config" ] || { echo "office-setup.sh: $config is missing: make install first" >&2; exit 1; }

# A system group; staff accounts are NOT added to it.
case $group in
*[!0-9]*)
	if ! getent group "$group" >/dev/null; then
		if command -v addgroup >/dev/null 2>&1; then addgroup --system "$group" >/dev/null
		else groupadd --system "$group"; fi
	fi ;;
esac

# The binary runs setgid to the group: the only way into the register.
if [ "$statoverride" = yes ]; then
	dpkg-statoverride --list "$bindir/regdesk" >/dev/null ||
		dpkg-statoverride --update --add root "$group" 2755 "$bindir/regdesk"
else
	chown "root:$group" "$binary"
	chmod 2755 "$binary"
fi

# The configuration: root writes it, the program reads it through the group.
chown root:root "$root$sysconfdir/regdesk"
chmod 755 "$root$sysconfdir/regdesk"
chown "root:$group" "$config"
chmod 640 "$config"

value() {
	sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\\(.*[^[:space:]]\\)[[:space:]]*\$/\\1/p" "$config" | tail -n 1
}
database=$(value database)
files=$(value files_folder)
backups=$(value backup_folder)
key=$(value backup_key)
[ -n "$database" ] && [ -n "$files" ] && [ -n "$backups" ] ||
	{ echo "office-setup.sh: $config must name database, files_folder and backup_folder" >&2; exit 1; }

# The folders: the group's alone (2770: new files and folders keep the group).
for folder in "${database%/*}" "$files" "$backups"; do
	mkdir -p "$folder"
	chown "root:$group" "$folder"
	chmod 2770 "$folder"
done
# Files already there (an upgrade, or a register made before) join the group.
for file in "$database" "$database-wal" "$database-shm" "$database.audit-head"; do
	if [ -e "$file" ]; then chgrp "$group" "$file"; chmod 660 "$file"; fi
done

# The backup key: 32 random bytes, made once, never replaced (old backups
# need it). Keep a copy of it somewhere safe, apart from the backups.
if [ -n "$key" ] && [ ! -e "$key" ]; then
	mkdir -p "${key%/*}"
	(umask 077; head -c 32 /dev/urandom > "$key.new")
	mv "$key.new" "$key"
fi
if [ -n "$key" ] && [ -e "$key" ]; then
	chown "root:$group" "$key"
	chmod 640 "$key"
fi
