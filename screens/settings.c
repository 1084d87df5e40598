/* The register's settings (privacy officer): the idle lock, and the
 * controller, privacy contact and supervisory authority that access reports
 * name (notice §6.5, §6.8, §6.9). Each change is audited by the core. */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "screens.h"
#include "settings.h"

/* Everything one opening of the form keeps. */
struct settings_state {
	struct form_field fields[SETTING_COUNT];
	struct form form;
};

static bool valid_setting(const struct form_field *field, const char *value, char *reason, size_t reason_size,
			  void *context)
{
	(void)context;
	return settings_validate((enum setting)field->tag, value, reason, reason_size);
}

static void settings_open(void *self, struct app *app, const void *argument)
{
	struct settings_state *state = self;
	(void)argument;
	for (int i = 0; i < SETTING_COUNT; i++)
		state->fields[i] = (struct form_field){ .label = settings_label((enum setting)i), .max_chars = SETTING_VALUE_MAX_CHARS,
						 .validate = valid_setting, .tag = i };
	form_init(&state->form, state->fields, SETTING_COUNT, state);
	for (int i = 0; i < SETTING_COUNT; i++) {
		char value[SETTING_VALUE_MAX_CHARS * 4 + 1];
		settings_get(app->db, (enum setting)i, value, sizeof value);
		form_set_value(&state->form, i, value);
	}
}

static void settings_layout(void *self, struct app *app)
{
	struct settings_state *state = self;
	form_layout(&state->form, app->content_top + 2, 1, app->cols, app->content_rows - 4);
}

static void settings_draw(void *self, struct app *app)
{
	struct settings_state *state = self;
	ui_draw_text(app->content_top, 1, app->cols - 2,
		     _("Access reports show the controller, privacy contact and authority below."),
		     COLOR_ROLE_DIM, false);
	form_draw(&state->form);
	/* What the field under the cursor means, below the form. */
	ui_draw_text(app->content_top + app->content_rows - 1, 1, app->cols - 2,
		     settings_description((enum setting)state->form.focus), COLOR_ROLE_DIM, false);
	form_place_cursor(&state->form);
}

static int settings_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct settings_state *state = self;
	enum form_result result = form_handle(&state->form, action, key);
	if (result == FORM_CANCEL) {
		app_pop(app);
		return SCREEN_HANDLED;
	}
	if (result != FORM_SUBMIT)
		return result == FORM_IGNORED ? 0 : SCREEN_HANDLED;
	int changed = 0;
	for (int i = 0; i < SETTING_COUNT; i++) {
		char value[SETTING_VALUE_MAX_CHARS * 4 + 1], stored[SETTING_VALUE_MAX_CHARS * 4 + 1];
		form_value(&state->form, i, value, sizeof value);
		settings_get(app->db, (enum setting)i, stored, sizeof stored);
		if (strcmp(value, stored) == 0)
			continue;
		enum status status = settings_change(&app->session, (enum setting)i, value);
		if (status != STATUS_OK) {
			state->form.focus = i;
			app_message(app, true, "%s: %s", settings_label((enum setting)i),
				    status_explain(app->db, status));
			return SCREEN_HANDLED;
		}
		changed++;
	}
	app_pop_with(app, &(struct screen_result){ .outcome = changed ? SCREEN_SAVED : SCREEN_CLOSED });
	if (changed)
		app_message(app, false, _("Settings saved: %d changed."), changed);
	else
		app_message(app, false, "%s", _("Nothing changed."));
	return SCREEN_HANDLED;
}

static bool settings_typing(void *self, struct app *app)
{
	struct settings_state *state = self;
	(void)app;
	return form_typing(&state->form);
}

static const enum action settings_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

const struct screen_ops settings_screen = {
	.title = N_("Settings"),
	.state_size = sizeof(struct settings_state),
	.open = settings_open,
	.layout = settings_layout,
	.draw = settings_draw,
	.handle = settings_handle,
	.typing = settings_typing,
	.key_help = settings_keys,
};
