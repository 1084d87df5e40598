/* Retention rules (privacy officer): how long a person is kept after what
 * each rule counts from (notice §4.1, §4.2). The annual review's queue is
 * built from these; changing one is audited by the core. Enter or e on a
 * rule edits its months and whether it is in force; F2 saves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact.h"
#include "form.h"
#include "listbox.h"
#include "review.h"
#include "screens.h"
#include "text.h"

#define RULES_MAX 32
#define MONTHS_MAX 1200

enum { MONTHS, IN_FORCE, FIELD_COUNT };
enum { CHOICE_IN_FORCE, CHOICE_OFF, CHOICE_COUNT };

static const char *const in_force_choices[CHOICE_COUNT] = { N_("in force"), N_("off") };
#define MONTHS_COLUMNS 9   /* "Kuukautta" */
#define STATE_COLUMNS 14

struct retention_state {
	struct retention_rule rules[RULES_MAX];
	int rule_count;
	struct listbox list;
	int widths[3];                         /* the rule's name takes what the months and state leave */
	bool editing;                          /* the form under the list is open */
	char editing_code[sizeof ((struct retention_rule *)0)->code];
	char editing_name[sizeof ((struct retention_rule *)0)->name];   /* in the user's language */
	struct form_field fields[FIELD_COUNT];
	struct form form;
	const char *choice_labels[CHOICE_COUNT];   /* translated at open */
};

static long rule_rows(void *context)
{
	const struct retention_state *state = context;
	return state->rule_count;
}

static void draw_rule(void *context, long index, int y, int x, int width, bool selected)
{
	const struct retention_state *state = context;
	const struct retention_rule *rule = &state->rules[index];
	char months[16];
	snprintf(months, sizeof months, "%7d", rule->months);
	const char *cells[] = { rule->name, months, rule->active ? _("in force") : _("off") };
	ui_draw_row(y, x + 1, width - 1, state->widths, cells, 3,
		    selected ? COLOR_ROLE_SELECTED : rule->active ? COLOR_ROLE_NORMAL : COLOR_ROLE_DIM);
}

static void reload(struct retention_state *state, struct app *app)
{
	state->rule_count = retention_rules(app->db, state->rules, RULES_MAX);
	if (state->rule_count < 0) {
		state->rule_count = 0;
		app_fail(app, STATUS_ERR_DATABASE);
	}
	listbox_clamp(&state->list);
}

static bool valid_months(const struct form_field *field, const char *value, char *reason, size_t reason_size,
			 void *context)
{
	(void)field;
	(void)context;
	char *end;
	long months = strtol(value, &end, 10);
	if (*value && !*end && months >= 0 && months <= MONTHS_MAX)
		return true;
	snprintf(reason, reason_size, _("a whole number from 0 to %d"), MONTHS_MAX);
	return false;
}

static void retention_open(void *self, struct app *app, const void *argument)
{
	struct retention_state *state = self;
	(void)argument;
	for (int i = 0; i < CHOICE_COUNT; i++)
		state->choice_labels[i] = _(in_force_choices[i]);
	listbox_init(&state->list, rule_rows, draw_rule, state);
	reload(state, app);
}

/* The list, and the form under it while a rule is being edited. */
static void place(struct retention_state *state, struct app *app)
{
	int form_rows = state->editing ? 4 : 0;
	state->widths[0] = app->cols - 2 - MONTHS_COLUMNS - STATE_COLUMNS - 2;
	state->widths[1] = MONTHS_COLUMNS;
	state->widths[2] = 0;
	listbox_layout(&state->list, app->content_top + 3, 0, app->content_rows - 5 - form_rows, app->cols);
	form_layout(&state->form, app->content_top + app->content_rows - form_rows, 2, app->cols, 0);
}

static void retention_layout(void *self, struct app *app)
{
	place(self, app);
}

static void retention_draw(void *self, struct app *app)
{
	struct retention_state *state = self;
	ui_draw_wrapped(app->content_top, 1, app->cols - 2, 2,
			_("How long a person is kept after what the rule counts from (notice §4.1); the annual review "
			  "lists who is due. A legal hold always takes precedence."),
			COLOR_ROLE_DIM);
	const char *headers[] = { _("Rule"), _("Months"), _("State") };
	ui_draw_row(app->content_top + 2, 1, app->cols - 1, state->widths, headers, 3, COLOR_ROLE_TITLE);
	listbox_draw(&state->list);
	if (state->rule_count > 0 && state->list.selected >= 0 && !state->editing) {
		const struct retention_rule *rule = &state->rules[state->list.selected];
		char line[600];
		/* What the selected rule applies to and counts from, in words. */
		snprintf(line, sizeof line, _("%s: %s, counted from %s"), rule->code,
			 rule->category < 0 ? _("every contact") : contact_category_label((enum contact_category)rule->category),
			 retention_basis_label(rule->basis));
		ui_draw_wrapped(app->content_top + app->content_rows - 2, 1, app->cols - 2, 2, line, COLOR_ROLE_DIM);
	}
	if (state->editing) {
		char line[600];
		/* The name in the user's language; the code is what `retention set` takes. */
		snprintf(line, sizeof line, _("Change the rule %s (%s):"), state->editing_name, state->editing_code);
		ui_draw_text(state->form.top - 1, 2, app->cols - 4, line, COLOR_ROLE_TITLE, true);
		form_draw(&state->form);
		form_place_cursor(&state->form);
	}
}

static void start_editing(struct retention_state *state, struct app *app)
{
	const struct retention_rule *rule = &state->rules[state->list.selected];
	memset(state->fields, 0, sizeof state->fields);
	state->fields[MONTHS] = (struct form_field){ .label = N_("Months"), .max_chars = 4, .validate = valid_months };
	state->fields[IN_FORCE] = (struct form_field){ .label = N_("State"), .kind = FIELD_CHOICE,
		.choices = state->choice_labels, .choice_count = CHOICE_COUNT,
		.choice = rule->active ? CHOICE_IN_FORCE : CHOICE_OFF };
	form_init(&state->form, state->fields, FIELD_COUNT, state);
	char months[16];
	snprintf(months, sizeof months, "%d", rule->months);
	form_set_value(&state->form, MONTHS, months);
	text_copy(state->editing_code, sizeof state->editing_code, rule->code);
	text_copy(state->editing_name, sizeof state->editing_name, rule->name);
	state->editing = true;
	place(state, app);
}

static void stop_editing(struct retention_state *state, struct app *app)
{
	state->editing = false;
	place(state, app);
}

static void save(struct retention_state *state, struct app *app)
{
	char months_text[16];
	form_value(&state->form, MONTHS, months_text, sizeof months_text);
	int months = atoi(months_text);
	bool active = state->fields[IN_FORCE].choice == CHOICE_IN_FORCE;
	enum status status = retention_rule_set(&app->session, state->editing_code, months, active);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return;
	}
	app_message(app, false, active ? _("Retention rule %s: %d months, in force.") : _("Retention rule %s: %d months, off."),
		    state->editing_name, months);
	reload(state, app);
	stop_editing(state, app);
}

static int retention_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct retention_state *state = self;
	if (state->editing) {
		enum form_result result = form_handle(&state->form, action, key);
		if (result == FORM_CANCEL)
			stop_editing(state, app);
		else if (result == FORM_SUBMIT)
			save(state, app);
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&state->list, action))
		return SCREEN_HANDLED;
	if ((action == ACTION_EDIT || action == ACTION_OPEN) && state->rule_count > 0 && state->list.selected >= 0) {
		start_editing(state, app);
		return SCREEN_HANDLED;
	}
	return 0;
}

static bool retention_typing(void *self, struct app *app)
{
	struct retention_state *state = self;
	(void)app;
	return state->editing && form_typing(&state->form);
}

static const enum action browsing_keys[] = { ACTION_EDIT, ACTION_BACK, ACTION_NONE };
static const enum action editing_keys[] = { ACTION_NEXT_FIELD, ACTION_SAVE, ACTION_BACK, ACTION_NONE };

static const enum action *retention_keys_now(const void *self)
{
	const struct retention_state *state = self;
	return state->editing ? editing_keys : browsing_keys;
}

const struct screen_ops retention_screen = {
	.title = N_("Retention rules"),
	.state_size = sizeof(struct retention_state),
	.open = retention_open,
	.layout = retention_layout,
	.draw = retention_draw,
	.handle = retention_handle,
	.typing = retention_typing,
	.key_help = browsing_keys,
	.keys_now = retention_keys_now,
};
