/* Past review rounds with their signed-off summaries: the evidence that the
 * annual assessment of notice §4.1 was done. */
#include <stdio.h>
#include <string.h>

#include "listbox.h"
#include "review.h"
#include "screens.h"

#define ROUNDS_MAX 50
#define LINES_MAX 400

static struct review_round rounds[ROUNDS_MAX];
static int round_count;
static char *lines[LINES_MAX];
static char text[ROUNDS_MAX * 256 + 8192];
static int line_count;
static struct listbox list;

static long round_rows(void *context)
{
	(void)context;
	return line_count;
}

static void draw_round_line(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	(void)selected;
	ui_draw_text(y, x + 1, width - 1, lines[index], COLOR_ROLE_NORMAL, true);
}

static void rounds_enter(struct app *app, void *argument)
{
	(void)argument;
	static struct review_round fetched[ROUNDS_MAX];
	round_count = review_rounds(&app->session, fetched, ROUNDS_MAX);
	if (round_count < 0)
		round_count = 0;
	memcpy(rounds, fetched, sizeof rounds);
	/* The newest round's summary in full, then one line per earlier round. */
	size_t used = 0;
	for (int i = 0; i < round_count && used + 1 < sizeof text; i++) {
		int written = i == 0 && *rounds[0].summary
			? snprintf(text + used, sizeof text - used, "%s\n", rounds[0].summary)
			: snprintf(text + used, sizeof text - used, _("Round %d: opened %.10s, closed %.10s\n"), rounds[i].year,
				   rounds[i].opened_at, *rounds[i].closed_at ? rounds[i].closed_at : _("(open)"));
		if (written < 0)
			break;
		used += (size_t)written < sizeof text - used ? (size_t)written : sizeof text - used - 1;
	}
	line_count = 0;
	for (char *line = text; *line && line_count < LINES_MAX;) {
		lines[line_count++] = line;
		char *end = strchr(line, '\n');
		if (!end)
			break;
		*end = '\0';
		line = end + 1;
	}
	listbox_init(&list, round_rows, draw_round_line, NULL);
}

static void rounds_layout(struct app *app)
{
	listbox_layout(&list, app->content_top, 0, app->content_rows, app->cols);
}

static void rounds_draw(struct app *app)
{
	if (round_count == 0)
		ui_draw_text(app->content_top, 2, app->cols - 4, _("No review rounds yet."), COLOR_ROLE_DIM, false);
	listbox_draw(&list);
}

static int rounds_handle(struct app *app, enum action action, struct key_press key)
{
	(void)app;
	(void)key;
	return listbox_handle(&list, action) ? SCREEN_HANDLED : 0;
}

static const enum action rounds_keys[] = { ACTION_PAGE_DOWN, ACTION_BACK, ACTION_NONE };

const struct screen_ops rounds_screen = {
	.title = N_("Review rounds"),
	.legacy.enter = rounds_enter,
	.legacy.layout = rounds_layout,
	.legacy.draw = rounds_draw,
	.legacy.handle = rounds_handle,
	.key_help = rounds_keys,
};
