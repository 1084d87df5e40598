/* What the training and event screens pass each other. */
#ifndef REGDESK_TRAINING_SCREENS_H
#define REGDESK_TRAINING_SCREENS_H

#include "training.h"

/* Add (session_id 0) or change a training session (session_form_screen).
 * Saved, it closes with SCREEN_SAVED and the session's id. */
struct session_form_argument {
	long long session_id;
};

/* One training session: participants and attendance (session_screen). */
struct session_argument {
	long long session_id;
};

/* Register a participant for a session (quick_register_screen). Registered,
 * it closes with SCREEN_DONE and the person's contact id (0 if not known). */
struct quick_register_argument {
	long long session_id;
};

/* One event as the event list shows it (event_screen). */
struct event_argument {
	struct event event;
};

#endif
