/* Restoring the register from a backup (privacy officer, notice §5.3): the
 * newest backups in the backup folder or any file, its key when encrypted, a
 * preview of what happens, a typed confirmation, progress with Esc to cancel;
 * then the desk reopens the restored register and asks for a login. The
 * rules (who, which folder, which key) are the core's, shared with `regdesk
 * restore` (backup_restore_by_officer). */
#include <stdio.h>
#include <string.h>

#include "backup.h"
#include "form.h"
#include "listbox.h"
#include "permission.h"
#include "progress_line.h"
#include "screens.h"
#include "text.h"

#define NEWEST_MAX 8

enum mode { CHOOSING, NAMING, PREVIEWING };
enum { BACKUP_FILE, KEY_FILE, PASSPHRASE_FILE, FIELD_COUNT };

struct restore_state {
	enum mode mode;
	char folder[4200];
	struct backup_file newest[NEWEST_MAX];
	int newest_count;
	struct listbox list;
	struct form_field fields[FIELD_COUNT];
	struct form form;
	struct form_field confirm_field;
	struct form confirm;
	struct backup_preview preview;
	char path[4200];                  /* the backup previewed */
	char problem[1200];               /* why the last preview or restore failed, wrapped under the form */
};

static long newest_rows(void *context)
{
	const struct restore_state *state = context;
	return state->newest_count;
}

static void draw_newest(void *context, long index, int y, int x, int width, bool selected)
{
	const struct restore_state *state = context;
	const struct backup_file *file = &state->newest[index];
	const char *name = strrchr(file->path, '/') ? strrchr(file->path, '/') + 1 : file->path;
	char size[40];
	snprintf(size, sizeof size, "%lld", file->bytes);
	static const int widths[] = { 17, 36, 12, 0 };
	const char *cells[] = { file->modified_text, name, size, file->encrypted ? _("encrypted") : "" };
	ui_draw_row(y, x + 1, width - 1, widths, cells, 4, selected ? COLOR_ROLE_SELECTED : COLOR_ROLE_NORMAL);
}

static void name_file(struct restore_state *state, const char *path)
{
	form_set_value(&state->form, BACKUP_FILE, path);
	state->form.focus = BACKUP_FILE;
	state->mode = NAMING;
}

static void restore_open(void *self, struct app *app, const void *argument)
{
	struct restore_state *state = self;
	(void)app;
	(void)argument;
	state->fields[BACKUP_FILE] = (struct form_field){ .label = N_("Backup file"), .max_chars = 250 };
	state->fields[KEY_FILE] = (struct form_field){ .label = N_("Key file"), .max_chars = 250 };
	state->fields[PASSPHRASE_FILE] = (struct form_field){ .label = N_("Passphrase file"), .max_chars = 250 };
	form_init(&state->form, state->fields, FIELD_COUNT, state);
	state->confirm_field = (struct form_field){ .label = N_("Confirmation"), .max_chars = 40 };
	form_init(&state->confirm, &state->confirm_field, 1, state);
	listbox_init(&state->list, newest_rows, draw_newest, state);
	/* The office install's key is the default there, as in `regdesk restore`. */
	struct backup_key key = { NULL, NULL };
	backup_key_or_install(&key);
	if (key.key_file)
		form_set_value(&state->form, KEY_FILE, key.key_file);
	if (backup_folder(state->folder, sizeof state->folder))
		state->newest_count = backup_list_newest(state->folder, state->newest, NEWEST_MAX);
	char start[4300];
	snprintf(start, sizeof start, "%s/", state->folder);
	name_file(state, state->folder[0] ? start : "");
	if (state->newest_count > 0)
		state->mode = CHOOSING;
}

static void restore_layout(void *self, struct app *app)
{
	struct restore_state *state = self;
	int rows = state->newest_count < app->content_rows - 4 ? state->newest_count : app->content_rows - 4;
	listbox_layout(&state->list, app->content_top + 2, 0, rows, app->cols);
	form_layout(&state->form, app->content_top + 3, 1, app->cols, 0);
	form_layout(&state->confirm, app->content_top + 12, 1, app->cols, 0);
}

static void draw_preview(struct restore_state *state, struct app *app)
{
	const struct backup_preview *preview = &state->preview;
	int y = app->content_top, width = app->cols - 2;
	char line[4600];
	snprintf(line, sizeof line, _("Backup: %s"), state->path);
	ui_draw_text(y++, 1, width, line, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, preview->encrypted ? _("Written %s, %lld bytes, encrypted.") : _("Written %s, %lld bytes, not encrypted."),
		 preview->written, preview->bytes);
	ui_draw_text(y++, 1, width, line, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("Its audit trail ends at entry #%lld, of %s; audit head:"), preview->last_entry,
		 preview->last_at);
	ui_draw_text(y++, 1, width, line, COLOR_ROLE_NORMAL, false);
	ui_draw_text(y++, 3, width - 2, preview->last_hash, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("The register now ends at entry #%lld. It is kept aside, whole, as"), preview->replaced_last);
	ui_draw_text(y++, 1, width, line, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("%s.replaced-<date and time>"), database_path(app->db));
	ui_draw_text(y++, 3, width - 2, line, COLOR_ROLE_NORMAL, false);
	ui_draw_wrapped(y, 1, width, 2,
			_("The backup is checked first. The restored trail records the restore; audit verify names the entries replaced."),
			COLOR_ROLE_DIM);
	y += 2;
	ui_draw_wrapped(y, 1, width, 2,
			_("Close regdesk on every other desk first: a desk left open would go on with the replaced register."),
			COLOR_ROLE_WARNING);
	y += 2;
	ui_draw_text(y, 1, width, _("Then this desk opens the restored register and asks you to log in again."), COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("Type %s to confirm (Esc: back):"), _("restore"));
	ui_draw_text(state->confirm.top - 1, 1, width, line, COLOR_ROLE_WARNING, false);
	form_draw(&state->confirm);
	form_place_cursor(&state->confirm);
}

static void restore_draw(void *self, struct app *app)
{
	struct restore_state *state = self;
	int width = app->cols - 2;
	char line[4400];
	if (state->mode == PREVIEWING) {
		draw_preview(state, app);
		return;
	}
	if (state->mode == CHOOSING) {
		snprintf(line, sizeof line, _("The newest backups in %s:"), state->folder);
		ui_draw_text(app->content_top, 1, width, line, COLOR_ROLE_NORMAL, false);
		ui_draw_text(app->content_top + 1, 1, width, _("Enter chooses one; Tab names another file."), COLOR_ROLE_DIM, false);
		listbox_draw(&state->list);
		return;
	}
	ui_draw_text(app->content_top, 1, width,
		     _("The backup replaces the whole register; the current one is kept aside."), COLOR_ROLE_NORMAL, false);
	ui_draw_text(app->content_top + 1, 1, width,
		     _("An encrypted backup needs the key file or passphrase file it was written with."), COLOR_ROLE_DIM, false);
	int below = state->form.top + form_height(&state->form) + 1;
	ui_draw_text(below, 1, width, _("F2 shows what the restore will do."), COLOR_ROLE_DIM, false);
	/* A path makes the reason long: it is wrapped here, not cut on the message line. */
	if (state->problem[0])
		ui_draw_wrapped(below + 2, 1, width, 4, state->problem, COLOR_ROLE_FIELD_ERROR);
	form_draw(&state->form);
	form_place_cursor(&state->form);
}

static void read_key(const struct restore_state *state, char *key_file, char *passphrase_file, size_t size,
		     struct backup_key *key)
{
	form_value(&state->form, KEY_FILE, key_file, size);
	form_value(&state->form, PASSPHRASE_FILE, passphrase_file, size);
	*key = (struct backup_key){ key_file, passphrase_file };
}

static int handle_naming(struct restore_state *state, struct app *app, enum action action, struct key_press key)
{
	enum form_result outcome = form_handle(&state->form, action, key);
	if (outcome == FORM_CANCEL) {
		if (state->newest_count > 0)
			state->mode = CHOOSING;
		else
			app_pop(app);
		return SCREEN_HANDLED;
	}
	if (outcome != FORM_SUBMIT)
		return outcome == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	char key_file[4200], passphrase_file[4200];
	struct backup_key backup_key;
	form_value(&state->form, BACKUP_FILE, state->path, sizeof state->path);
	read_key(state, key_file, passphrase_file, sizeof key_file, &backup_key);
	/* A passphrase's key derivation takes a moment; the file is decrypted once here. */
	enum status status = backup_preview_restore(&app->session, state->path, &backup_key, &state->preview);
	if (status != STATUS_OK) {
		text_copy(state->problem, sizeof state->problem, status_explain(app->db, status));
		return SCREEN_HANDLED;
	}
	state->problem[0] = '\0';
	form_clear(&state->confirm, 0);
	state->mode = PREVIEWING;
	return SCREEN_HANDLED;
}

static int handle_previewing(struct restore_state *state, struct app *app, enum action action, struct key_press key)
{
	enum form_result outcome = form_handle(&state->confirm, action, key);
	if (outcome == FORM_CANCEL) {
		state->mode = NAMING;
		return SCREEN_HANDLED;
	}
	if (outcome != FORM_SUBMIT)
		return outcome == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	char typed[200];
	form_value(&state->confirm, 0, typed, sizeof typed);
	if (strcmp(typed, _("restore")) != 0) {
		app_message(app, true, _("Not restored: type %s to confirm."), _("restore"));
		return SCREEN_HANDLED;
	}
	char key_file[4200], passphrase_file[4200], kept[4400];
	struct backup_key backup_key;
	read_key(state, key_file, passphrase_file, sizeof key_file, &backup_key);
	progress_line_start(app);
	enum status status = backup_restore_by_officer(&app->session, state->path, &backup_key, kept, sizeof kept);
	progress_line_stop(app);
	if (status != STATUS_OK) {
		/* Cancelled or refused: the register is as it was (the core says so). */
		text_copy(state->problem, sizeof state->problem, status_explain(app->db, status));
		state->mode = NAMING;
		return SCREEN_HANDLED;
	}
	char notice[4600];
	snprintf(notice, sizeof notice, _("Restored from the backup; log in again. The replaced register is kept as %s"), kept);
	/* Frees self: nothing of the state is touched after. */
	app_register_replaced(app, notice);
	return SCREEN_HANDLED;
}

static int restore_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct restore_state *state = self;
	if (state->mode == NAMING)
		return handle_naming(state, app, action, key);
	if (state->mode == PREVIEWING)
		return handle_previewing(state, app, action, key);
	if (action == ACTION_OPEN && state->list.selected >= 0) {
		name_file(state, state->newest[state->list.selected].path);
		state->form.focus = KEY_FILE;
		return SCREEN_HANDLED;
	}
	if (action == ACTION_NEXT_FIELD) {
		state->mode = NAMING;
		return SCREEN_HANDLED;
	}
	return listbox_handle(&state->list, action) ? SCREEN_HANDLED : 0;
}

static bool restore_typing(void *self, struct app *app)
{
	struct restore_state *state = self;
	(void)app;
	return state->mode != CHOOSING;
}

static const enum action choosing_keys[] = { ACTION_OPEN, ACTION_NEXT_FIELD, ACTION_BACK, ACTION_HELP, ACTION_NONE };
static const enum action naming_keys[] = { ACTION_SAVE, ACTION_NEXT_FIELD, ACTION_BACK, ACTION_HELP, ACTION_NONE };
static const enum action previewing_keys[] = { ACTION_OPEN, ACTION_BACK, ACTION_HELP, ACTION_NONE };

static const enum action *restore_keys_now(const void *self)
{
	const struct restore_state *state = self;
	return state->mode == CHOOSING ? choosing_keys : state->mode == NAMING ? naming_keys : previewing_keys;
}

/* What Enter and F2 do at each step, on the key-help line. */
static const char *restore_key_words(const void *self, enum action action)
{
	const struct restore_state *state = self;
	if (state->mode == CHOOSING && action == ACTION_OPEN)
		return _("choose");
	if (state->mode == NAMING && action == ACTION_SAVE)
		return _("preview");
	if (state->mode == PREVIEWING && action == ACTION_OPEN)
		return _("restore");
	return NULL;
}

const struct screen_ops restore_screen = {
	.title = N_("Restore from a backup"),
	.state_size = sizeof(struct restore_state),
	.open = restore_open,
	.layout = restore_layout,
	.draw = restore_draw,
	.handle = restore_handle,
	.typing = restore_typing,
	.key_help = naming_keys,
	.keys_now = restore_keys_now,
	.key_words = restore_key_words,
};
