/* Long work's progress on the screen (issue 16): an export, a bulk erasure,
 * the review queue, a backup, the check. While the core works, the last
 * content row shows "Exporting: 12000 of 50000 contacts (24 %), 8000/s,
 * 0:05 left" and Esc cancels where stopping loses nothing (the core says
 * when: struct progress's cancellable). A signal asking regdesk to stop
 * cancels too. Keys typed meanwhile are dropped. */
#ifndef REGDESK_PROGRESS_LINE_H
#define REGDESK_PROGRESS_LINE_H

#include "ui.h"

/* Watch the long work of the core call that follows; stop after it. */
void progress_line_start(struct app *app);
void progress_line_stop(struct app *app);
/* Reads the keys pressed meanwhile without waiting: false when Esc asked to
 * stop (or regdesk is stopping). A resize is kept for the loop. For long
 * work with a line of its own (import). */
bool progress_line_goes_on(void);

#endif
