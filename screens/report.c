/* The access report on screen at the desk: only this person's data while
 * the visitor is there (notice §6.1). Left/Right switch Finnish and English,
 * F2 saves the text and JSON files, P prints with lp. */
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "consent.h"
#include "listbox.h"
#include "report.h"
#include "request_screens.h"
#include "request.h"
#include "screens.h"
#include "written_files.h"

/* Everything one opening of the report keeps. */
struct report_state {
	long long request_id;
	long long contact_id;
	char *text;                       /* the report, owned */
	char **lines;                     /* pointers into text, owned; every line, however many */
	int line_count;
	char language[3];
	struct listbox list;
};

static long report_rows(void *context)
{
	const struct report_state *state = context;
	return state->line_count;
}

static void draw_report_line(void *context, long index, int y, int x, int width, bool selected)
{
	const struct report_state *state = context;
	(void)selected;
	ui_draw_text(y, x + 1, width - 1, state->lines[index], COLOR_ROLE_NORMAL, true);
}

/* Frees the report's text: the person's data leave memory. */
static void forget(struct report_state *state)
{
	free(state->text);
	free(state->lines);
	state->text = NULL;
	state->lines = NULL;
	state->line_count = 0;
}

static bool produce(struct report_state *state, struct app *app)
{
	forget(state);
	size_t size = 0;
	FILE *memory = open_memstream(&state->text, &size);
	if (!memory)
		return false;
	enum status status = report_write(&app->session, state->request_id, state->contact_id, state->language, REPORT_TEXT, memory);
	fclose(memory);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return false;
	}
	int count = 0;
	for (const char *p = state->text; p && *p; p++)
		count += *p == '\n';
	state->lines = calloc((size_t)count + 1, sizeof *state->lines);
	if (!state->lines) {
		app_message(app, true, "%s", status_message(STATUS_ERR_NO_MEMORY));
		return false;
	}
	for (char *line = state->text; line && *line && state->line_count <= count;) {
		state->lines[state->line_count++] = line;
		char *end = strchr(line, '\n');
		if (!end)
			break;
		*end = '\0';
		line = end + 1;
	}
	return true;
}

static void report_open(void *self, struct app *app, const void *argument)
{
	struct report_state *state = self;
	const struct report_argument *given = argument;
	state->request_id = given->request_id;
	state->contact_id = given->contact_id;
	snprintf(state->language, sizeof state->language, "%s", i18n_language());
	listbox_init(&state->list, report_rows, draw_report_line, state);
	produce(state, app);
}

static void report_layout(void *self, struct app *app)
{
	struct report_state *state = self;
	listbox_layout(&state->list, app->content_top, 0, app->content_rows, app->cols);
}

static void report_draw(void *self, struct app *app)
{
	struct report_state *state = self;
	(void)app;
	listbox_draw(&state->list);
}


static int report_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct report_state *state = self;
	if (action == ACTION_DOWN || action == ACTION_UP) {
		long step = action == ACTION_DOWN ? 1 : -1;
		if (state->list.first + step >= 0 && state->list.first + step + state->list.height <= state->line_count + (step < 0 ? state->list.height : 0))
			state->list.first += step;
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if (key.function && (key.code == KEY_LEFT || key.code == KEY_RIGHT)) {
		snprintf(state->language, sizeof state->language, "%s", strcmp(state->language, "fi") == 0 ? "en" : "fi");
		produce(state, app);
		listbox_clamp(&state->list);
		return SCREEN_HANDLED;
	}
	char path[4096], json_path[4096];
	if (action == ACTION_SAVE) {
		enum status status = report_save(&app->session, state->request_id, state->contact_id, state->language, REPORT_TEXT, path, sizeof path);
		if (status == STATUS_OK)
			status = report_save(&app->session, state->request_id, state->contact_id, state->language, REPORT_JSON, json_path, sizeof json_path);
		if (status == STATUS_OK)
			app_message(app, false, _("Saved %s and %s."), path, json_path);
		else
			app_fail(app, status);
		return SCREEN_HANDLED;
	}
	if (action == ACTION_PRINT) {
		enum status status = report_save(&app->session, state->request_id, state->contact_id, state->language, REPORT_TEXT, path, sizeof path);
		if (status == STATUS_OK)
			status = report_print(&app->session, path);
		if (status == STATUS_OK)
			app_message(app, false, "%s", _("Sent to the printer."));
		else
			app_fail(app, status);
		return SCREEN_HANDLED;
	}
	return 0;
}

static void report_leave(void *self, struct app *app)
{
	(void)app;
	forget(self);   /* the person's data leave memory with the screen */
}

static const enum action report_keys[] = { ACTION_PAGE_DOWN, ACTION_SAVE, ACTION_PRINT, ACTION_BACK, ACTION_NONE };

const struct screen_ops report_screen = {
	.title = N_("Access report (Left/Right: suomi/English)"),
	.state_size = sizeof(struct report_state),
	.open = report_open,
	.layout = report_layout,
	.draw = report_draw,
	.handle = report_handle,
	.leave = report_leave,
	.key_help = report_keys,
};
