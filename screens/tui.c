/* The one input loop: keys, resize, idle lock, the chrome around screens. */
#include "tui.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "account.h"
#include "activity.h"
#include "erasure.h"
#include "text.h"
#include "screens.h"
#include "settings.h"
#include "ui.h"

/* How long get_wch waits for a key: the idle lock is checked this often. */
#define INPUT_POLL_MS 1000

static volatile sig_atomic_t stop_requested;
static bool curses_active;

static void request_stop(int signal_number)
{
	(void)signal_number;
	stop_requested = 1;
}

bool app_stop_requested(void)
{
	return stop_requested != 0;
}

/* Restores the terminal on every way out, fatal ones included. */
static void restore_terminal(void)
{
	if (curses_active) {
		endwin();
		curses_active = false;
	}
}

static struct app_frame *top_frame(struct app *app)
{
	return app->depth > 0 ? &app->stack[app->depth - 1] : NULL;
}

bool app_top_is(const struct app *app, const struct screen_ops *screen)
{
	return app->depth > 0 && app->stack[app->depth - 1].screen == screen;
}

static void frame_layout(struct app *app, struct app_frame *frame)
{
	if (frame->screen->layout)
		frame->screen->layout(frame->self, app);
}

static void layout_top(struct app *app)
{
	struct app_frame *frame = top_frame(app);
	if (frame)
		frame_layout(app, frame);
}

static void frame_draw(struct app *app, struct app_frame *frame)
{
	frame->screen->draw(frame->self, app);
}

static int frame_handle(struct app *app, struct app_frame *frame, enum action action, struct key_press key)
{
	return frame->screen->handle(frame->self, app, action, key);
}

static bool frame_typing(struct app *app, struct app_frame *frame)
{
	return frame->screen->typing && frame->screen->typing(frame->self, app);
}

static void frame_resume(struct app *app, struct app_frame *frame, const struct screen_result *result)
{
	if (frame->screen->resume)
		frame->screen->resume(frame->self, app, result);
}

/* The frame is off the stack: the screen frees what it holds, then the loop its state. */
static void frame_close(struct app *app, struct app_frame *frame)
{
	if (frame->screen->leave)
		frame->screen->leave(frame->self, app);
	free(frame->self);
	*frame = (struct app_frame){ 0 };
}

void app_push(struct app *app, const struct screen_ops *screen, const void *argument)
{
	if (app->depth >= APP_MAX_DEPTH) {
		app_message(app, true, "%s", _("Too many screens open: close one first."));
		return;
	}
	struct app_frame frame = { .screen = screen };
	if (screen->state_size > 0) {
		frame.self = calloc(1, screen->state_size);
		if (!frame.self) {
			app_message(app, true, "%s", _("Out of memory."));
			return;
		}
	}
	app->stack[app->depth++] = frame;
	/* The frame in the stack, not the local copy: open may push another screen. */
	struct app_frame *opened = &app->stack[app->depth - 1];
	if (screen->open)
		screen->open(opened->self, app, argument);
	layout_top(app);
}

void app_pop_with(struct app *app, const struct screen_result *result)
{
	if (app->depth == 0)
		return;
	struct app_frame frame = app->stack[--app->depth];
	/* Copied before the closing screen's state, which result may point into, is freed. */
	struct screen_result handed_back = { .outcome = SCREEN_CLOSED };
	if (result)
		handed_back = *result;
	handed_back.from = frame.screen;
	app->stack[app->depth] = (struct app_frame){ 0 };
	frame_close(app, &frame);
	if (app->depth == 0) {
		app->quit = true;
		return;
	}
	int depth = app->depth;
	frame_resume(app, top_frame(app), &handed_back);
	/* resume may have pushed a screen, which was laid out then. */
	if (app->depth == depth)
		layout_top(app);
}

void app_pop(struct app *app)
{
	app_pop_with(app, NULL);
}

void app_reset(struct app *app, const struct screen_ops *screen, const void *argument)
{
	while (app->depth > 0) {
		struct app_frame frame = app->stack[--app->depth];
		app->stack[app->depth] = (struct app_frame){ 0 };
		frame_close(app, &frame);
	}
	app->quit = false;
	app_push(app, screen, argument);
}

void app_fail(struct app *app, enum status status)
{
	app_message(app, true, "%s", status_explain(app->db, status));
}

void app_message(struct app *app, bool is_error, const char *format, ...)
{
	va_list arguments;
	va_start(arguments, format);
	vsnprintf(app->message, sizeof app->message, format, arguments);
	va_end(arguments);
	app->message_is_error = is_error;
}

void app_lock(struct app *app, bool idle)
{
	if (!app->logged_in || app_top_is(app, &lock_screen))
		return;
	account_note_lock(&app->session, idle);
	app->message[0] = '\0';   /* nothing of the register stays on a locked screen */
	app_push(app, &lock_screen, NULL);
}

void app_log_out(struct app *app)
{
	if (app->logged_in)
		account_logout(&app->session);
	app->logged_in = false;
	memset(&app->session, 0, sizeof app->session);
	app_reset(app, &login_screen, NULL);
}

void app_register_replaced(struct app *app, const char *notice)
{
	char path[4096], error[1024], shown[512];
	text_copy(path, sizeof path, database_path(app->db));
	text_copy(shown, sizeof shown, notice);
	app->logged_in = false;
	memset(&app->session, 0, sizeof app->session);
	/* No screen may keep what it read from the replaced register. */
	app_reset(app, &login_screen, NULL);
	database_close(app->db);
	app->db = NULL;
	struct database *reopened;
	if (database_open(&reopened, path, error, sizeof error) != STATUS_OK) {
		snprintf(app->exit_error, sizeof app->exit_error, "%s", error);
		app->quit = true;
		return;
	}
	app->db = reopened;
	/* As at a start: the restored register's settings, an erasure it left unfinished. */
	settings_apply(app->db);
	if (!erasure_finish_pending(app->db))
		snprintf(shown + strlen(shown), sizeof shown - strlen(shown), " %s", status_explain(app->db, STATUS_ERR_INVALID));
	app_message(app, false, "%s", shown);
}

static bool too_small(const struct app *app)
{
	return app->rows < UI_MIN_ROWS || app->cols < UI_MIN_COLS;
}

static void draw_too_small(const struct app *app)
{
	erase();
	char line[160];
	snprintf(line, sizeof line, _("Enlarge the window to at least %dx%d (now %dx%d)."), UI_MIN_COLS,
		 UI_MIN_ROWS, app->cols, app->rows);
	int y = app->rows / 2;
	ui_draw_text(y > 0 ? y : 0, 0, app->cols, line, COLOR_ROLE_WARNING, false);
	curs_set(0);
	refresh();
}

static void draw_status_line(const struct app *app)
{
	char line[6000];
	if (app->logged_in)
		snprintf(line, sizeof line, " regdesk │ %s: %s (%s) │ %s: %s", _("User"), app->session.username,
			 role_label(app->session.role), _("Database"), database_path(app->db));
	else
		snprintf(line, sizeof line, " regdesk │ %s: %s", _("Database"), database_path(app->db));
	ui_draw_text(0, 0, app->cols, line, COLOR_ROLE_STATUS_BAR, true);
}

/* Back and help: kept on the key-help line when others give way. */
static bool key_always_shown(enum action action)
{
	return action == ACTION_BACK || action == ACTION_HELP;
}

#define KEY_HELP_MAX 24

/* One entry of the key-help line (" F2 save "). */
struct key_help_entry {
	enum action action;
	char text[160];
	int width;
};

/* The entry as the mode allows: while typing only keys that are not text
 * ("^N/Ins new", not "a/^N/Ins new"); compact: the first such key only.
 * Returns false when no key of the action works in the mode. */
static bool key_help_entry(const struct app_frame *frame, enum action action, bool typing, bool compact,
			   struct key_help_entry *entry)
{
	char keys[64];
	if (action_key_label_for(action, typing, compact, keys, sizeof keys) == 0)
		return false;
	entry->action = action;
	const char *words = frame->screen->key_words ? frame->screen->key_words(frame->self, action) : NULL;
	snprintf(entry->text, sizeof entry->text, " %s %s ", keys, words ? words : action_short_help(action));
	entry->width = ui_text_width(entry->text);
	return true;
}

/* The keys the screen offers now: its list, less what does not work for
 * this role, record or mode (key_works), and help always, just before back
 * (the loop opens help everywhere but on the help and lock screens). */
static int key_help_actions(const struct app *app, const struct app_frame *frame, enum action *out)
{
	const struct screen_ops *screen = frame->screen;
	const enum action *keys = screen->keys_now ? screen->keys_now(frame->self) : screen->key_help;
	bool help_wanted = screen != &help_screen && screen != &lock_screen;
	int count = 0;
	for (const enum action *action = keys; action && *action != ACTION_NONE && count < KEY_HELP_MAX - 1; action++) {
		if (screen->key_works && !screen->key_works(frame->self, app, *action))
			continue;
		if (*action == ACTION_HELP && !help_wanted)
			continue;
		if (*action == ACTION_HELP)
			help_wanted = false;
		if (*action == ACTION_BACK && help_wanted) {
			out[count++] = ACTION_HELP;
			help_wanted = false;
		}
		out[count++] = *action;
	}
	if (help_wanted)
		out[count++] = ACTION_HELP;
	return count;
}

/* Builds the line from the actions in order, each whole: full labels, or
 * compact (each key's first binding that works in the mode); an entry that
 * does not fit gives way, but back and help stay. Returns how many are shown. */
static int key_help_line(const struct app *app, const struct app_frame *frame, const enum action *actions,
			 int action_count, bool typing,
			 bool compact, char *line, size_t line_size)
{
	struct key_help_entry entries[KEY_HELP_MAX];
	int count = 0, reserved = 0, width = 0, shown = 0;
	for (int i = 0; i < action_count; i++)
		if (key_help_entry(frame, actions[i], typing, compact && !key_always_shown(actions[i]), &entries[count])) {
			if (key_always_shown(actions[i]))
				reserved += entries[count].width;
			count++;
		}
	size_t used = 0;
	line[0] = '\0';
	for (int i = 0; i < count; i++) {
		if (key_always_shown(entries[i].action))
			reserved -= entries[i].width;
		else if (entries[i].width > app->cols - width - reserved)
			continue;
		size_t length = strlen(entries[i].text);
		if (used + length >= line_size)
			break;
		memcpy(line + used, entries[i].text, length + 1);
		used += length;
		width += entries[i].width;
		shown++;
	}
	return shown;
}

/* The screen's keys that work now, in the screen's order (the most used
 * first). Full labels unless compact ones let more keys on the line (the
 * help screen lists every key). */
static void draw_key_help(struct app *app, const struct app_frame *frame)
{
	bool typing = frame->screen->typing && frame->screen->typing(frame->self, app);
	enum action actions[KEY_HELP_MAX];
	int action_count = key_help_actions(app, frame, actions);
	char full[KEY_HELP_MAX * 160], compact[KEY_HELP_MAX * 160];
	int full_shown = key_help_line(app, frame, actions, action_count, typing, false, full, sizeof full);
	int compact_shown = key_help_line(app, frame, actions, action_count, typing, true, compact, sizeof compact);
	ui_draw_text(app->rows - 1, 0, app->cols, compact_shown > full_shown ? compact : full, COLOR_ROLE_KEY_HELP, true);
}

/* The message line, above the key-help line. A message that does not fit
 * one row wraps onto the row above (over the content's last row, until the
 * next key); one that does not fit two ends with "…", and the help screen
 * (`?`) shows it whole (issue 16: nothing cut at 80 columns). The terminal
 * cursor stays where the screen put it. */
#define MESSAGE_MAX_ROWS 2
static void draw_message(const struct app *app, const char *text, enum color_role role)
{
	int cursor_y, cursor_x;
	getyx(stdscr, cursor_y, cursor_x);
	int rows = ui_wrapped_rows(app->cols, MESSAGE_MAX_ROWS, text);
	if (rows < 1)
		rows = 1;
	for (int row = app->rows - 1 - rows; row < app->rows - 1; row++) {
		move(row, 0);
		clrtoeol();
	}
	ui_draw_wrapped(app->rows - 1 - rows, 0, app->cols, rows, text, role);
	move(cursor_y, cursor_x);
}

static void draw_all(struct app *app)
{
	if (too_small(app)) {
		draw_too_small(app);
		return;
	}
	struct app_frame *frame = top_frame(app);
	const struct screen_ops *screen = frame->screen;
	erase();
	curs_set(0);
	draw_status_line(app);
	char title[256];
	snprintf(title, sizeof title, " %s", _(screen->title));
	ui_draw_text(1, 0, app->cols, title, COLOR_ROLE_TITLE, true);
	move(app->rows - 2, 0);
	clrtoeol();
	draw_key_help(app, frame);
	/* The screen draws before the message (which may take the content's last
	 * row) and places the cursor, which the message leaves where it is. */
	frame_draw(app, frame);
	if (app->message[0])
		draw_message(app, app->message,
			     app->message_is_error ? COLOR_ROLE_MESSAGE_ERROR : COLOR_ROLE_MESSAGE_INFO);
	refresh();
}

/* While a save waits for another desk (activity.h), the message line says
 * for what; when the wait ends it shows its own message again. */
static void show_wait(const char *waiting_for, void *context)
{
	struct app *app = context;
	if (!app || !curses_active || too_small(app))
		return;
	move(app->rows - 2, 0);
	clrtoeol();
	if (waiting_for)
		draw_message(app, waiting_for, COLOR_ROLE_MESSAGE_INFO);
	else if (app->message[0])
		draw_message(app, app->message,
			     app->message_is_error ? COLOR_ROLE_MESSAGE_ERROR : COLOR_ROLE_MESSAGE_INFO);
	refresh();
}

/* After an Esc from get_wch: the rest of an escape sequence ncurses did not
 * know (a bracketed paste's ESC [ 2 0 0 ~, a function key the terminfo entry
 * lacks, ESC O x) arrives at once behind it. Such a sequence is read whole
 * and ignored, so that it never acts as a plain Esc that leaves a form
 * (issue 16). Returns whether one was read; a lone Esc (or Esc Esc, or Esc
 * and a key typed after it) is left as it was. */
static bool skip_unknown_sequence(void)
{
	wint_t next;
	timeout(0);
	int kind = get_wch(&next);
	bool sequence = kind == OK && (next == '[' || next == 'O');
	if (kind == KEY_CODE_YES)
		ungetch((int)next);   /* not a sequence: the key is read again next */
	else if (kind == OK && !sequence)
		unget_wch(next);
	if (sequence) {
		/* CSI: parameters and intermediates, then one final byte 0x40-0x7e;
		 * SS3: one byte. Bounded, and waiting briefly for a slow line. */
		timeout(25);
		bool csi = next == '[';
		for (int read = 0; read < 32; read++) {
			kind = get_wch(&next);
			if (kind != OK)
				break;
			if (!csi || (next >= 0x40 && next <= 0x7e))
				break;
		}
	}
	timeout(INPUT_POLL_MS);
	return sequence;
}

static void resize(struct app *app)
{
	getmaxyx(stdscr, app->rows, app->cols);
	app->content_top = 3;
	app->content_rows = app->rows - 5;
	if (!too_small(app))
		layout_top(app);
}

int tui_run(struct database **db)
{
	struct app app = { 0 };
	app.db = *db;

	struct sigaction action = { 0 };
	action.sa_handler = request_stop;
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
	sigaction(SIGHUP, &action, NULL);

	atexit(restore_terminal);
	if (!initscr()) {
		fprintf(stderr, "regdesk: %s\n", _("cannot start the terminal interface"));
		return 1;
	}
	curses_active = true;
	set_escdelay(25);
	cbreak();
	/* Ctrl-S saves: the terminal's XON/XOFF flow control must not take it. */
	struct termios modes;
	if (tcgetattr(STDIN_FILENO, &modes) == 0) {
		modes.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
		tcsetattr(STDIN_FILENO, TCSANOW, &modes);
		def_prog_mode();
	}
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	timeout(INPUT_POLL_MS);
	ui_colors_init();
	resize(&app);
	activity_set_wait_notice(show_wait, &app);

	app.last_input = time(NULL);
	if (account_count(app.db) == 0)
		app_push(&app, &first_run_screen, NULL);
	else
		app_push(&app, &login_screen, NULL);

	bool redraw = true;
	while (!app.quit && !stop_requested) {
		if (redraw)
			draw_all(&app);
		redraw = false;
		wint_t key;
		int kind = get_wch(&key);
		if (kind == ERR) {
			if (errno == EINTR)
				continue;
			/* Read each second: a change on the settings screen applies at once. */
			long idle_limit = app.logged_in ? settings_lock_idle_seconds(app.db) : 0;
			if (idle_limit > 0 && time(NULL) - app.last_input >= idle_limit &&
			    !app_top_is(&app, &lock_screen)) {
				app_lock(&app, true);
				redraw = true;
			}
			continue;
		}
		bool is_function_key = kind == KEY_CODE_YES;
		if (is_function_key && key == KEY_RESIZE) {
			resize(&app);
			redraw = true;
			continue;
		}
		if (!is_function_key && key == KEY_ESCAPE && skip_unknown_sequence()) {
			app.last_input = time(NULL);
			app_message(&app, false, "%s", _("A key the terminal sent is not known here: it did nothing."));
			redraw = true;
			continue;
		}
		app.last_input = time(NULL);
		redraw = true;
		if (too_small(&app))
			continue;
		struct app_frame *frame = top_frame(&app);
		bool typing = frame_typing(&app, frame);
		enum action action_name = action_for_key(key, is_function_key, typing);
		if (action_name == ACTION_LOCK) {
			app_lock(&app, false);
			continue;
		}
		if (action_name == ACTION_HELP && !app_top_is(&app, &help_screen) && !app_top_is(&app, &lock_screen)) {
			app_push(&app, &help_screen, NULL);
			continue;
		}
		app.message[0] = '\0';
		struct key_press press = { key, is_function_key };
		int flags = frame_handle(&app, frame, action_name, press);
		/* A screen that does not take Back or q for itself is left. */
		if (!(flags & SCREEN_HANDLED) && (action_name == ACTION_BACK || action_name == ACTION_QUIT))
			app_pop(&app);
	}
	if (app.logged_in)
		account_logout(&app.session);
	/* Every screen's state is freed (the sanitizers' leak check runs at exit). */
	while (app.depth > 0) {
		struct app_frame frame = app.stack[--app.depth];
		frame_close(&app, &frame);
	}
	activity_set_wait_notice(NULL, NULL);
	restore_terminal();
	*db = app.db;
	if (app.exit_error[0]) {
		fprintf(stderr, "regdesk: %s\n", app.exit_error);
		return 1;
	}
	return 0;
}
