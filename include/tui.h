/* The full-screen terminal interface (screens/). */
#ifndef REGDESK_TUI_H
#define REGDESK_TUI_H

#include "database.h"

/* Runs the interactive program on *db until the user quits; returns an exit
 * code. A restore on the backups screen reopens the register: *db is then
 * the new connection (NULL when it could not be reopened), for the caller to close. */
int tui_run(struct database **db);

#endif
