/* Past review rounds with their signed-off summaries: the evidence that the
 * annual assessment of notice §4.1 was done. */
#include <stdio.h>
#include <string.h>

#include "listbox.h"
#include "review.h"
#include "screens.h"

#define ROUNDS_MAX 50
#define LINES_MAX 400

struct rounds_state {
	struct review_round rounds[ROUNDS_MAX];
	int round_count;
	char text[ROUNDS_MAX * 256 + 8192];   /* the lines below, each cut at its newline */
	char *lines[LINES_MAX];               /* into text */
	int line_count;
	struct listbox list;
};

static long round_rows(void *context)
{
	const struct rounds_state *state = context;
	return state->line_count;
}

static void draw_round_line(void *context, long index, int y, int x, int width, bool selected)
{
	const struct rounds_state *state = context;
	(void)selected;
	ui_draw_text(y, x + 1, width - 1, state->lines[index], COLOR_ROLE_NORMAL, true);
}

static void rounds_open(void *self, struct app *app, const void *argument)
{
	struct rounds_state *state = self;
	(void)argument;
	state->round_count = review_rounds(&app->session, state->rounds, ROUNDS_MAX);
	if (state->round_count < 0)
		state->round_count = 0;
	const struct review_round *rounds = state->rounds;
	char *text = state->text;
	size_t size = sizeof state->text;
	/* The newest round's summary in full, then one line per earlier round. */
	size_t used = 0;
	for (int i = 0; i < state->round_count && used + 1 < size; i++) {
		int written = i == 0 && *rounds[0].summary
			? snprintf(text + used, size - used, "%s\n", rounds[0].summary)
			: snprintf(text + used, size - used, _("Round %d: opened %.10s, closed %.10s\n"), rounds[i].year,
				   rounds[i].opened_at, *rounds[i].closed_at ? rounds[i].closed_at : _("(open)"));
		if (written < 0)
			break;
		used += (size_t)written < size - used ? (size_t)written : size - used - 1;
	}
	state->line_count = 0;
	for (char *line = text; *line && state->line_count < LINES_MAX;) {
		state->lines[state->line_count++] = line;
		char *end = strchr(line, '\n');
		if (!end)
			break;
		*end = '\0';
		line = end + 1;
	}
	listbox_init(&state->list, round_rows, draw_round_line, state);
}

static void rounds_layout(void *self, struct app *app)
{
	struct rounds_state *state = self;
	listbox_layout(&state->list, app->content_top, 0, app->content_rows, app->cols);
}

static void rounds_draw(void *self, struct app *app)
{
	struct rounds_state *state = self;
	if (state->round_count == 0)
		ui_draw_text(app->content_top, 2, app->cols - 4, _("No review rounds yet."), COLOR_ROLE_DIM, false);
	listbox_draw(&state->list);
}

static int rounds_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct rounds_state *state = self;
	(void)app;
	(void)key;
	return listbox_handle(&state->list, action) ? SCREEN_HANDLED : 0;
}

static const enum action rounds_keys[] = { ACTION_PAGE_DOWN, ACTION_BACK, ACTION_NONE };

/* Page down only where there is more. */
static bool rounds_key_works(const void *self, const struct app *app, enum action action)
{
	const struct rounds_state *state = self;
	(void)app;
	return action != ACTION_PAGE_DOWN || listbox_would_move(&state->list, action);
}

const struct screen_ops rounds_screen = {
	.title = N_("Review rounds"),
	.state_size = sizeof(struct rounds_state),
	.open = rounds_open,
	.layout = rounds_layout,
	.draw = rounds_draw,
	.handle = rounds_handle,
	.key_help = rounds_keys,
	.key_works = rounds_key_works,
};
