/* Trainings and events (notice §1.3, §1.4, §1.5, §2.6, §2.7): courses,
 * sessions, registrations, attendance, certificates and permit cards, events.
 * A trainer sees only their own sessions and those sessions' participants;
 * the core enforces it. */
#ifndef REGDESK_TRAINING_H
#define REGDESK_TRAINING_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "contact.h"

#define CERTIFICATE_KINDS(_) \
	_(NONE,        "none",        N_("no certificate")) \
	_(CERTIFICATE, "certificate", N_("certificate")) \
	_(PERMIT_CARD, "permit-card", N_("permit card"))

enum certificate_kind {
#define CERTIFICATE_KIND_ENUM(name, code, label) CERTIFICATE_KIND_##name,
	CERTIFICATE_KINDS(CERTIFICATE_KIND_ENUM)
#undef CERTIFICATE_KIND_ENUM
	CERTIFICATE_KIND_COUNT
};

/* Who registered a participant (notice §1.4). */
#define REGISTRARS(_) \
	_(SELF,     "self",     N_("the person themselves")) \
	_(EMPLOYER, "employer", N_("their employer")) \
	_(OTHER,    "other",    N_("another registering party"))

enum registrar {
#define REGISTRAR_ENUM(name, code, label) REGISTRAR_##name,
	REGISTRARS(REGISTRAR_ENUM)
#undef REGISTRAR_ENUM
	REGISTRAR_COUNT
};

#define ATTENDANCES(_) \
	_(UNMARKED, "",        N_("not marked")) \
	_(PRESENT,  "present", N_("present")) \
	_(ABSENT,   "absent",  N_("absent")) \
	_(PARTLY,   "partly",  N_("partly present"))

enum attendance {
#define ATTENDANCE_ENUM(name, code, label) ATTENDANCE_##name,
	ATTENDANCES(ATTENDANCE_ENUM)
#undef ATTENDANCE_ENUM
	ATTENDANCE_COUNT
};

const char *certificate_kind_label(enum certificate_kind kind);
const char *registrar_label(enum registrar registrar);
const char *attendance_label(enum attendance attendance);

struct course {
	long long id;
	char name[801];
	char description[4001];
	enum certificate_kind certificate_kind;
	int validity_months;            /* 0: the certificate does not expire */
};

enum status course_save(struct session *session, struct course *course);
int course_list(struct session *session, struct course *out, int max);

struct training_session {
	long long id;
	long long course_id;
	char course_name[801];
	char starts_at[17];             /* YYYY-MM-DD HH:MM */
	char place[801];
	int capacity;                   /* 0: no limit */
	long long trainer_account_id;   /* one of our trainers, or */
	long long external_trainer_id;  /* an external trainer from the recipients (notice §2.6) */
	char trainer_name[801];
	int registered;                 /* registrations not cancelled */
	int present;
};

/* Saves a session. A trainer may only create and change their own. */
enum status training_session_save(struct session *session, struct training_session *training);
enum status training_session_load(struct session *session, long long id, struct training_session *out);
/* Sessions the user may see (a trainer: their own), newest first. */
int training_session_list(struct session *session, struct training_session *out, int max);

struct participant {
	long long registration_id;
	long long contact_id;
	char name[402];                 /* "Last, First" */
	char organisation[801];
	char email[255];
	enum registrar registrar;
	char registrar_name[401];
	bool cancelled;
	enum attendance attendance;
	char certificate_number[64];    /* "" until issued */
	char valid_until[11];
};

/* Participants of a session in Finnish order (a trainer: own sessions only).
 * Returns the count (<= max) or -1 with the reason in db->error. */
int training_participants(struct session *session, long long session_id, struct participant *out, int max);

/* Registers an existing contact; adds the category "training participant". */
enum status training_register(struct session *session, long long session_id, long long contact_id,
			      enum registrar registrar, const char *registrar_name);

/* Quick registration at the session: creates a contact with the minimum a
 * training needs (name, organisation, optional e-mail), category training
 * participant and the data source that matches who registered them, then
 * registers it. When a likely duplicate exists (contact_find_duplicates),
 * returns STATUS_ERR_EXISTS with the candidates unless force is set. A
 * trainer is shown none of the register and links no one outside their
 * sessions: the participant is created as typed and flagged "possible
 * duplicate" of each record found (by e-mail or by name), for reception or
 * the privacy officer to merge or dismiss. */
struct quick_participant {
	char first_name[401];
	char last_name[401];
	char organisation[801];         /* found by name or created */
	char email[255];
	enum registrar registrar;
	char registrar_name[401];
};
enum status training_quick_add(struct session *session, long long session_id, const struct quick_participant *person,
			       bool force, struct contact_duplicate *duplicates, int *duplicate_count,
			       long long *contact_id);

/* Contacts a user may pick for a session: the register for reception and the
 * privacy officer, a trainer's own past participants for a trainer. */
int training_candidates(struct session *session, const char *text, struct contact_row *out, int max);

enum status training_cancel_registration(struct session *session, long long registration_id);
enum status training_mark(struct session *session, long long registration_id, enum attendance attendance);
/* Marks every registered participant not yet marked as present. */
enum status training_mark_all_present(struct session *session, long long session_id, int *marked);

/* Issues the course's certificate or permit card to present participants
 * who lack one: number, issue date, valid until (issue date + validity). */
enum status training_issue_certificates(struct session *session, long long session_id, int *issued);

struct expiring_card {
	long long contact_id;
	char name[402];
	char email[255];
	char course[801];
	enum certificate_kind certificate_kind;
	char kind[32];                  /* its label, translated */
	char number[64];
	char valid_until[11];
};
/* Cards expiring within days (0 -> 90) from today, soonest first. */
int training_expiring(struct session *session, int days, struct expiring_card *out, int max);

/* The participant list for the session's external trainer: names and
 * organisations only (notice §2.6), written and logged as a disclosure. */
enum status training_export_for_trainer(struct session *session, long long session_id, const char *path,
					char sha256_hex[65], long long *count);

/* ---- Events ---- */

struct event {
	long long id;
	char name[801];
	char date[11];
	long long venue_recipient_id;   /* 0: our own premises */
	char venue_name[801];
	char place[801];
	int registered, present;
};

enum status event_save(struct session *session, struct event *event);
int event_list(struct session *session, struct event *out, int max);
/* One event with its counts; STATUS_ERR_NOT_FOUND with db->error naming it. */
enum status event_load(struct session *session, long long id, struct event *out);

#define EVENT_SOURCES(_) \
	_(SIGN_UP,   "sign-up",   N_("sign-up form")) \
	_(WEB,       "web",       N_("web")) \
	_(EMAIL,     "email",     N_("e-mail")) \
	_(PHONE,     "phone",     N_("phone")) \
	_(IN_PERSON, "in-person", N_("in person")) \
	_(OTHER,     "other",     N_("other"))

enum event_source {
#define EVENT_SOURCE_ENUM(name, code, label) EVENT_SOURCE_##name,
	EVENT_SOURCES(EVENT_SOURCE_ENUM)
#undef EVENT_SOURCE_ENUM
	EVENT_SOURCE_COUNT
};
const char *event_source_label(enum event_source source);

struct event_guest {
	long long registration_id;
	long long contact_id;
	char name[402];
	char organisation[801];
	enum event_source source;
	bool cancelled;
	bool present;
};

/* Registers a contact to an event from a sign-up (notice §1.5); adds the
 * category "event participant". */
enum status event_register(struct session *session, long long event_id, long long contact_id, enum event_source source);
int event_guests(struct session *session, long long event_id, struct event_guest *out, int max);
/* Marks attendance at the door; attending marks the contact (notice §1.3). */
enum status event_mark(struct session *session, long long registration_id, bool present);
enum status event_cancel_registration(struct session *session, long long registration_id);
/* Names only, for a third-party venue's entry check (notice §2.7); logged as a disclosure. */
enum status event_export_for_venue(struct session *session, long long event_id, const char *path,
				   char sha256_hex[65], long long *count);

/* What a contact took part in, for the contact detail. */
struct participation {
	char date[17];
	char what[801];                 /* course or event name */
	char kind[16];                  /* "training" or "event" */
	char status[64];                /* translated attendance or certificate */
};
int training_participations(struct session *session, long long contact_id, struct participation *out, int max);

/* One training or event registration in full, for the access report. */
struct participation_detail {
	bool event;                     /* an event registration, else a training one */
	char date[17];                  /* the session's start or the event's date */
	char what[801];                 /* course or event name */
	char place[801];
	char registered_on[32];
	enum registrar registrar;       /* training: who registered the person (notice §1.4) */
	char registrar_name[401];       /* the employer or other party, "" when self */
	enum event_source source;       /* event: how the sign-up came (notice §1.5) */
	bool cancelled;
	enum attendance attendance;     /* an event knows present and absent only */
	enum certificate_kind certificate_kind; /* CERTIFICATE_KIND_NONE until issued */
	char certificate_number[64];
	char issued_on[11];
	char valid_until[11];           /* "" when it does not expire */
	char external_party[801];       /* the external trainer or the venue, "" when our own */
	char trainer_username[129];     /* our own trainer, "" when external or an event */
};
/* Every registration of the contact, oldest first, streamed to visit
 * (STATUS_OK goes on, else stops and is returned); a failed read is
 * STATUS_ERR_DATABASE with db->error. */
enum status training_participations_each(struct session *session, long long contact_id,
					 enum status (*visit)(const struct participation_detail *row, void *context),
					 void *context);

#endif
