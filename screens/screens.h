/* Every screen of regdesk, one line each. */
#ifndef REGDESK_SCREENS_H
#define REGDESK_SCREENS_H

#include "ui.h"

extern const struct screen_ops first_run_screen;   /* no accounts yet: create the first privacy officer */
extern const struct screen_ops login_screen;
extern const struct screen_ops main_menu_screen;
extern const struct screen_ops password_screen;    /* change one's own password (forced after a reset) */
extern const struct screen_ops settings_screen;    /* privacy officer: idle lock, controller, authority */
extern const struct screen_ops users_screen;       /* privacy officer: accounts */
extern const struct screen_ops user_form_screen;   /* add a user, set role, reset password */
extern const struct screen_ops audit_log_screen;   /* privacy officer: browse and filter the trail */
extern const struct screen_ops help_screen;
extern const struct screen_ops lock_screen;
extern const struct screen_ops contacts_screen;         /* search and list the register */
extern const struct screen_ops contact_detail_screen;   /* one person's record (an audited view) */
extern const struct screen_ops contact_form_screen;     /* add or edit, with the duplicate check */
extern const struct screen_ops contact_merge_screen;    /* merge two records of one person */
extern const struct screen_ops organisations_screen;    /* list, search, or choose an organisation */
extern const struct screen_ops organisation_detail_screen; /* an organisation and its contacts */
extern const struct screen_ops organisation_form_screen;
extern const struct screen_ops consents_screen;          /* one person's bans and consents, with history */
extern const struct screen_ops recipients_screen;        /* privacy officer: recipients of disclosures */
extern const struct screen_ops recipient_form_screen;
extern const struct screen_ops purposes_screen;          /* privacy officer: purposes, and adding one */
extern const struct screen_ops purpose_form_screen;
extern const struct screen_ops export_screen;            /* privacy officer: a list for a purpose and recipient */
extern const struct screen_ops disclosures_screen;       /* privacy officer: the disclosure log */
extern const struct screen_ops disclosure_form_screen;   /* a disclosure made by hand, on a contact */
extern const struct screen_ops trainings_screen;         /* training sessions (a trainer: their own) */
extern const struct screen_ops session_form_screen;      /* a new or changed session */
extern const struct screen_ops session_screen;           /* participants, attendance, certificates */
extern const struct screen_ops quick_register_screen;    /* pick or quickly add a participant */
extern const struct screen_ops courses_screen;           /* courses and what they lead to */
extern const struct screen_ops expiring_screen;          /* certificates and cards expiring soon */
extern const struct screen_ops events_screen;            /* customer events */
extern const struct screen_ops event_screen;             /* an event's registrations and door attendance */
extern const struct screen_ops requests_screen;          /* the request queue by deadline */
extern const struct screen_ops request_form_screen;      /* a new request: in person, letter or other */
extern const struct screen_ops request_screen;           /* one request at the desk: ID check, matching, report */
extern const struct screen_ops report_screen;            /* the access report on screen; print, save */
extern const struct screen_ops hold_form_screen;         /* a legal hold on a contact */
extern const struct screen_ops erasure_screen;           /* erasure preview and confirmation */
extern const struct screen_ops review_screen;            /* the annual review queue and its decisions */
extern const struct screen_ops rounds_screen;            /* past review rounds and their summaries */
extern const struct screen_ops retention_screen;         /* privacy officer: the retention rules, and changing one */
extern const struct screen_ops backup_screen;            /* backups and the integrity check */
extern const struct screen_ops restore_screen;           /* restoring the register from a backup */
extern const struct screen_ops import_screen;            /* import contacts from a CSV file */

#endif
