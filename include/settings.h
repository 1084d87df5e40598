/* Settings kept in the database, with defaults when unset. */
#ifndef REGDESK_SETTINGS_H
#define REGDESK_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include "database.h"

#ifndef N_
#define N_(text) (text)
#endif

/* key, default value, short label (the settings screen), description */
#define SETTINGS(_) \
	_(LOCK_IDLE_MINUTES, "lock_idle_minutes", "10", N_("Lock after idle minutes"), \
	  N_("minutes of inactivity before the screen locks (0: never)")) \
	_(CONTROLLER_NAME, "controller_name", "Mipro Oy", N_("Controller"), N_("the controller (notice §6.5)")) \
	_(CONTROLLER_ADDRESS, "controller_address", "Kunnanmäki 9, 50600 Mikkeli", N_("Controller's address"), \
	  N_("the controller's address (notice §6.5)")) \
	_(PRIVACY_EMAIL, "privacy_email", "privacy@mipro.fi", N_("Privacy contact"), \
	  N_("the privacy contact (notice §6.9)")) \
	_(SUPERVISORY_AUTHORITY, "supervisory_authority", \
	  "Tietosuojavaltuutetun toimisto (Office of the Data Protection Ombudsman), Lintulahdenkuja 4, 00530 Helsinki; " \
	  "PL 800, 00531 Helsinki; tietosuoja.fi", N_("Supervisory authority"), \
	  N_("the supervisory authority named in access reports (notice §6.8)")) \
	_(TIME_ZONE, "time_zone", "Europe/Helsinki", N_("Time zone"), \
	  N_("the register's time zone: today's date and deadlines follow it (tz database name)")) \
	_(REPORT_NAMES_STAFF, "report_names_staff", "no", N_("Reports name staff"), \
	  N_("yes: access reports name the employees who consulted a record; no: only their role (CJEU C-579/21)")) \
	_(FILES_FOLDER, "files_folder", "", N_("Files folder"), \
	  N_("where the screens save reports and exports, private (0700); empty: beside the database's default folder")) \
	_(AUDIT_WITNESS, "audit_witness", "syslog", N_("Audit witness"), \
	  N_("where each new audit chain head is witnessed: syslog (authpriv) or file:/full/path"))

enum setting {
#define SETTING_ENUM(name, key, fallback, label, description) SETTING_##name,
	SETTINGS(SETTING_ENUM)
#undef SETTING_ENUM
	SETTING_COUNT
};

/* Copies the setting's value (or its default) into out. */
void settings_get(struct database *db, enum setting setting, char *out, size_t out_size);
long settings_get_long(struct database *db, enum setting setting);
enum status settings_set(struct database *db, enum setting setting, const char *value);
const char *settings_key(enum setting setting);
const char *settings_description(enum setting setting);   /* translated */
const char *settings_label(enum setting setting);         /* translated, short */
/* Longest value a setting takes, in characters. */
#define SETTING_VALUE_MAX_CHARS 200
bool settings_parse(const char *key, enum setting *out);
/* Puts the stored settings that the core keeps in process state into force:
 * the register's time zone (every "today" follows it). Called after opening. */
void settings_apply(struct database *db);
/* A yes/no setting: true for "yes" (also "kyllä"), false otherwise. */
bool settings_get_flag(struct database *db, enum setting setting);
/* The idle lock's limit in seconds; 0: never. */
long settings_lock_idle_seconds(struct database *db);
/* True when value may be stored for setting; else false with a translated reason. */
bool settings_validate(enum setting setting, const char *value, char *reason, size_t reason_size);
/* A privacy officer's change of a setting, audited; an invalid value is
 * STATUS_ERR_INVALID with the reason in db->error. */
struct session;
enum status settings_change(struct session *session, enum setting setting, const char *value);

#endif
