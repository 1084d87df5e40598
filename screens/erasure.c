/* Erasure (privacy officer): the preview says what goes, exactly which
 * fields the holds keep and until when, and which recipients to tell; y
 * confirms (notice §4.2, §6.4). */
#include <stdio.h>

#include "contact_screens.h"
#include "request.h"
#include "erasure.h"
#include "screens.h"
#include "text.h"
#include "written_files.h"

#define RECIPIENTS_MAX 16

struct erasure_state {
	long long contact_id;
	long long request_id;                /* the erasure request carried out; 0: none */
	struct erasure_preview preview;
	struct erasure_files files;          /* local files holding the person's data (issue 13) */
	bool ready, done, files_done;
	struct request_recipient recipients[RECIPIENTS_MAX];   /* read before erasing: the links go */
	int recipient_count;
};

static void erasure_open(void *self, struct app *app, const void *argument)
{
	struct erasure_state *state = self;
	const struct erasure_argument *given = argument;
	state->contact_id = given->contact_id;
	state->request_id = given->request_id;
	enum status status = erasure_preview(&app->session, state->contact_id, &state->preview);
	if (status == STATUS_OK)
		status = erasure_list_files(&app->session, state->contact_id, &state->files);
	state->ready = status == STATUS_OK;
	state->recipient_count = state->ready ? request_recipients_of_contact(&app->session, state->contact_id, state->recipients,
									       RECIPIENTS_MAX) : 0;
	if (state->recipient_count < 0)
		state->recipient_count = 0;
	if (!state->ready)
		app_fail(app, status);
}

static void erasure_draw(void *self, struct app *app)
{
	struct erasure_state *state = self;
	if (!state->ready)
		return;
	int y = app->content_top;
	char line[512];
	snprintf(line, sizeof line, state->done ? _("Record #%lld was erased.") : _("Erasing record #%lld (and records merged into it) removes:"),
		 state->contact_id);
	ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	if (state->done) {
		ui_draw_text(y + 1, 1, app->cols - 2, _("Tell the recipients below that the data were erased (GDPR Art. 19)."),
			     COLOR_ROLE_NORMAL, false);
	}
	const struct { const char *label; int count; } rows[] = {
		{ _("bans and consents"), state->preview.consents }, { _("links to disclosures"), state->preview.disclosures },
		{ _("training registrations (kept as anonymous counts)"), state->preview.registrations },
		{ _("certificates and permit cards"), state->preview.certificates }, { _("event registrations"), state->preview.events },
		{ _("maintenance references"),
		  state->preview.held && state->preview.kept_fields & (1u << HOLD_FIELD_REFERENCES) ? 0 : state->preview.references },
		{ _("categories"), state->preview.categories },
	};
	for (size_t i = 0; !state->done && i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(line, sizeof line, "  %6d  %s", rows[i].count, rows[i].label);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	}
	y++;
	if (state->preview.held) {
		/* Exactly the fields kept, and until when (GDPR Art. 17(3)(b)). */
		char kept[400];
		hold_fields_labels(state->preview.kept_fields, kept, sizeof kept);
		snprintf(line, sizeof line, _("KEPT until %s under %d legal hold(s), read-only and restricted:"), state->preview.held_until,
			 state->preview.held);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_WARNING, false);
		snprintf(line, sizeof line, "  %s", kept);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_WARNING, false);
		snprintf(line, sizeof line, "%s", _("Every other field of the contact is erased at once."));
	} else {
		snprintf(line, sizeof line, "%s", _("No legal hold: the contact itself is erased too."));
	}
	ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("%d recipients received the person's data and are to be told."), state->preview.recipients_to_notify);
	ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	/* GDPR Art. 19: by name; the request screen's N records each one told. */
	for (int i = 0; i < state->recipient_count && y < app->content_top + app->content_rows - 2; i++) {
		snprintf(line, sizeof line, "  %s (%s)", state->recipients[i].name, state->recipients[i].country);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	}
	if (state->files.count > 0 && !state->files_done) {
		snprintf(line, sizeof line, _("%d files written by regdesk hold the person's data:"), state->files.count);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_WARNING, false);
		for (int i = 0; i < state->files.count && y < app->content_top + app->content_rows - 3; i++) {
			char inert[4096];
			text_make_inert(state->files.path[i], inert, sizeof inert);
			snprintf(line, sizeof line, "  %.500s", inert);
			ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
		}
	}
	if (!state->done)
		ui_draw_text(y + 1, 1, app->cols - 2, _("y erases now; Esc goes back without erasing."), COLOR_ROLE_WARNING, false);
	else if (state->files.count > 0 && !state->files_done)
		ui_draw_text(y + 1, 1, app->cols - 2, _("y deletes these files too; Esc keeps them."), COLOR_ROLE_WARNING, false);
}

static int erasure_handle(void *self, struct app *app, enum action action, struct key_press key)
{
	struct erasure_state *state = self;
	(void)key;
	if (state->ready && state->done && state->files.count > 0 && !state->files_done && action == ACTION_YES) {
		int deleted = 0;
		enum status status = erasure_delete_files(&app->session, state->contact_id, &state->files, &deleted);
		state->files_done = true;
		if (status != STATUS_OK)
			app_fail(app, status);
		else
			app_message(app, false, _("%d files deleted."), deleted);
		return SCREEN_HANDLED;
	}
	if (!state->ready || state->done || action != ACTION_YES)
		return 0;
	enum status status = erasure_confirm(&app->session, state->contact_id, state->request_id, &state->preview);
	if (status != STATUS_OK) {
		app_fail(app, status);
		return SCREEN_HANDLED;
	}
	state->done = true;
	if (erasure_pending_count(app->db) > 0) {   /* a reader kept the last step from running */
		app_fail(app, STATUS_ERR_DATABASE);
		return SCREEN_HANDLED;
	}
	app_message(app, false, "%s", state->preview.held ? _("Erased except what the holds keep.") : _("Erased."));
	return SCREEN_HANDLED;
}

static const enum action erasure_keys[] = { ACTION_YES, ACTION_BACK, ACTION_NONE };

/* y erases once the preview is ready, then deletes the files found, once. */
static bool erasure_key_works(const void *self, const struct app *app, enum action action)
{
	const struct erasure_state *state = self;
	(void)app;
	if (action != ACTION_YES)
		return true;
	return state->ready && (!state->done || (state->files.count > 0 && !state->files_done));
}

const struct screen_ops erasure_screen = {
	.title = N_("Erasure"),
	.state_size = sizeof(struct erasure_state),
	.open = erasure_open,
	.draw = erasure_draw,
	.handle = erasure_handle,
	.key_help = erasure_keys,
	.key_works = erasure_key_works,
};
