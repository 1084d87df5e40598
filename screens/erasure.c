/* Erasure (privacy officer): the preview says what goes, exactly which
 * fields the holds keep and until when, and which recipients to tell; y
 * confirms (notice §4.2, §6.4). */
#include <stdio.h>

#include "request.h"
#include "erasure.h"
#include "screens.h"
#include "text.h"
#include "written_files.h"

static long long contact_id, request_id;
static struct erasure_preview preview;
static struct erasure_files files;   /* local files holding the person's data (issue 13) */
static bool ready, done, files_done;
static struct request_recipient recipients[16];   /* read before erasing: the links go */
static int recipient_count;

static void erasure_enter(struct app *app, void *argument)
{
	const long long *ids = argument;
	contact_id = ids[0];
	request_id = ids[1];
	done = files_done = false;
	app->db->error[0] = '\0';
	enum status status = erasure_preview(&app->session, contact_id, &preview);
	if (status == STATUS_OK)
		status = erasure_list_files(&app->session, contact_id, &files);
	ready = status == STATUS_OK;
	recipient_count = ready ? request_recipients_of_contact(&app->session, contact_id, recipients, 16) : 0;
	if (recipient_count < 0)
		recipient_count = 0;
	if (!ready)
		app_message(app, true, "%s", app->db->error[0] ? app->db->error : status_message(status));
}

static void erasure_layout(struct app *app)
{
	(void)app;
}

static void erasure_draw(struct app *app)
{
	if (!ready)
		return;
	int y = app->content_top;
	char line[512];
	snprintf(line, sizeof line, done ? _("Record #%lld was erased.") : _("Erasing record #%lld (and records merged into it) removes:"),
		 contact_id);
	ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_TITLE, false);
	if (done) {
		ui_draw_text(y + 1, 1, app->cols - 2, _("Tell the recipients below that the data were erased (GDPR Art. 19)."),
			     COLOR_ROLE_NORMAL, false);
	}
	const struct { const char *label; int count; } rows[] = {
		{ _("bans and consents"), preview.consents }, { _("links to disclosures"), preview.disclosures },
		{ _("training registrations (kept as anonymous counts)"), preview.registrations },
		{ _("certificates and permit cards"), preview.certificates }, { _("event registrations"), preview.events },
		{ _("maintenance references"), preview.held && preview.kept_fields & (1u << HOLD_FIELD_REFERENCES) ? 0 : preview.references },
		{ _("categories"), preview.categories },
	};
	for (size_t i = 0; !done && i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(line, sizeof line, "  %6d  %s", rows[i].count, rows[i].label);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	}
	y++;
	if (preview.held) {
		/* Exactly the fields kept, and until when (GDPR Art. 17(3)(b)). */
		char kept[400];
		hold_fields_labels(preview.kept_fields, kept, sizeof kept);
		snprintf(line, sizeof line, _("KEPT until %s under %d legal hold(s), read-only and restricted:"), preview.held_until,
			 preview.held);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_WARNING, false);
		snprintf(line, sizeof line, "  %s", kept);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_WARNING, false);
		snprintf(line, sizeof line, "%s", _("Every other field of the contact is erased at once."));
	} else {
		snprintf(line, sizeof line, "%s", _("No legal hold: the contact itself is erased too."));
	}
	ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	snprintf(line, sizeof line, _("%d recipients received the person's data and are to be told."), preview.recipients_to_notify);
	ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	/* GDPR Art. 19: by name; the request screen's N records each one told. */
	for (int i = 0; i < recipient_count && y < app->content_top + app->content_rows - 2; i++) {
		snprintf(line, sizeof line, "  %s (%s)", recipients[i].name, recipients[i].country);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
	}
	if (files.count > 0 && !files_done) {
		snprintf(line, sizeof line, _("%d files written by regdesk hold the person's data:"), files.count);
		ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_WARNING, false);
		for (int i = 0; i < files.count && y < app->content_top + app->content_rows - 3; i++) {
			char inert[4096];
			text_make_inert(files.path[i], inert, sizeof inert);
			snprintf(line, sizeof line, "  %.500s", inert);
			ui_draw_text(y++, 1, app->cols - 2, line, COLOR_ROLE_NORMAL, false);
		}
	}
	if (!done)
		ui_draw_text(y + 1, 1, app->cols - 2, _("y erases now; Esc goes back without erasing."), COLOR_ROLE_WARNING, false);
	else if (files.count > 0 && !files_done)
		ui_draw_text(y + 1, 1, app->cols - 2, _("y deletes these files too; Esc keeps them."), COLOR_ROLE_WARNING, false);
}

static int erasure_handle(struct app *app, enum action action, struct key_press key)
{
	(void)key;
	if (ready && done && files.count > 0 && !files_done && action == ACTION_YES) {
		int deleted = 0;
		app->db->error[0] = '\0';
		enum status status = erasure_delete_files(&app->session, contact_id, &files, &deleted);
		files_done = true;
		if (status != STATUS_OK)
			app_message(app, true, "%s", app->db->error[0] ? app->db->error : status_message(status));
		else
			app_message(app, false, _("%d files deleted."), deleted);
		return SCREEN_HANDLED;
	}
	if (!ready || done || action != ACTION_YES)
		return 0;
	app->db->error[0] = '\0';
	enum status status = erasure_confirm(&app->session, contact_id, request_id, &preview);
	if (status != STATUS_OK) {
		app_message(app, true, "%s", app->db->error[0] ? app->db->error : status_message(status));
		return SCREEN_HANDLED;
	}
	done = true;
	if (erasure_pending_count(app->db) > 0) {   /* a reader kept the last step from running */
		app_message(app, true, "%s", app->db->error);
		return SCREEN_HANDLED;
	}
	app_message(app, false, "%s", preview.held ? _("Erased except what the holds keep.") : _("Erased."));
	return SCREEN_HANDLED;
}

static const enum action erasure_keys[] = { ACTION_YES, ACTION_BACK, ACTION_NONE };

const struct screen_ops erasure_screen = {
	.title = N_("Erasure"),
	.enter = erasure_enter,
	.layout = erasure_layout,
	.draw = erasure_draw,
	.handle = erasure_handle,
	.key_help = erasure_keys,
};
