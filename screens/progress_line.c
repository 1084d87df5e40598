/* The progress line of long work: see progress_line.h. */
#include "progress_line.h"

#include <stdio.h>

#include "i18n.h"
#include "progress.h"

bool progress_line_goes_on(void)
{
	int delay = wgetdelay(stdscr);
	timeout(0);
	wint_t key;
	int kind;
	bool cancel = false, resized = false;
	while ((kind = get_wch(&key)) != ERR) {
		if (kind == OK && key == KEY_ESCAPE)
			cancel = true;
		else if (kind == KEY_CODE_YES && key == KEY_RESIZE)
			resized = true;
	}
	timeout(delay);
	if (resized)
		ungetch(KEY_RESIZE);
	return !cancel && !app_stop_requested();
}

static bool draw_progress(const struct progress *progress, void *context)
{
	struct app *app = context;
	char line[400], described[320];
	int width = app->cols - 2;
	/* The whole line when it fits, else without the unit (Finnish is longer). */
	for (int compact = 0; compact < 2; compact++) {
		if (compact)
			progress_describe_compact(progress, described, sizeof described);
		else
			progress_describe(progress, described, sizeof described);
		if (progress->cancellable)
			snprintf(line, sizeof line, _("%s  (Esc cancels)"), described);
		else
			snprintf(line, sizeof line, "%s", described);
		if (ui_text_width(line) <= width)
			break;
	}
	ui_draw_text(app->content_top + app->content_rows - 1, 1, width, line, COLOR_ROLE_WARNING, true);
	refresh();
	return progress_line_goes_on();
}

void progress_line_start(struct app *app)
{
	progress_watch(app->db, draw_progress, app);
}

void progress_line_stop(struct app *app)
{
	progress_watch(app->db, NULL, NULL);
}
