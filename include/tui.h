/* The full-screen terminal interface (screens/). */
#ifndef REGDESK_TUI_H
#define REGDESK_TUI_H

#include "database.h"

/* Runs the interactive program on db until the user quits; returns an exit code. */
int tui_run(struct database *db);

#endif
