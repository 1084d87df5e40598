/* The access report on screen at the desk: only this person's data while
 * the visitor is there (notice §6.1). Left/Right switch Finnish and English,
 * F2 saves the text and JSON files, P prints with lp. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "consent.h"
#include "listbox.h"
#include "report.h"
#include "request.h"
#include "screens.h"
#include "written_files.h"

static long long request_id, contact_id;
static char *text;                       /* the report, owned */
static char **lines;                     /* pointers into text, owned; every line, however many */
static int line_count;
static char language[3];
static struct listbox list;

static long report_rows(void *context)
{
	(void)context;
	return line_count;
}

static void draw_report_line(void *context, long index, int y, int x, int width, bool selected)
{
	(void)context;
	(void)selected;
	ui_draw_text(y, x + 1, width - 1, lines[index], COLOR_ROLE_NORMAL, true);
}

static bool produce(struct app *app)
{
	free(text);
	free(lines);
	text = NULL;
	lines = NULL;
	line_count = 0;
	size_t size = 0;
	FILE *memory = open_memstream(&text, &size);
	if (!memory)
		return false;
	app->db->error[0] = '\0';
	enum status status = report_write(&app->session, request_id, contact_id, language, REPORT_TEXT, memory);
	fclose(memory);
	if (status != STATUS_OK) {
		app_message(app, true, "%s", app->db->error[0] ? app->db->error : status_message(status));
		return false;
	}
	int count = 0;
	for (const char *p = text; p && *p; p++)
		count += *p == '\n';
	lines = calloc((size_t)count + 1, sizeof *lines);
	if (!lines) {
		app_message(app, true, "%s", status_message(STATUS_ERR_NO_MEMORY));
		return false;
	}
	for (char *line = text; line && *line && line_count <= count;) {
		lines[line_count++] = line;
		char *end = strchr(line, '\n');
		if (!end)
			break;
		*end = '\0';
		line = end + 1;
	}
	return true;
}

static void report_enter(struct app *app, void *argument)
{
	const long long *ids = argument;
	request_id = ids[0];
	contact_id = ids[1];
	snprintf(language, sizeof language, "%s", i18n_language());
	listbox_init(&list, report_rows, draw_report_line, NULL);
	produce(app);
}

static void report_layout(struct app *app)
{
	listbox_layout(&list, app->content_top, 0, app->content_rows, app->cols);
}

static void report_draw(struct app *app)
{
	(void)app;
	listbox_draw(&list);
}

/* Writes the report to regdesk-report-<request>-<contact>.<ext>, 0600, in
 * the private files folder, through a temporary file renamed into place (a
 * report that fails leaves no file, and an earlier complete one stays as it
 * was), and logs it so that an erasure finds it. */
static enum status save(struct app *app, enum report_format format, char *path, size_t path_size)
{
	char name[128];
	snprintf(name, sizeof name, "regdesk-report-%lld-%lld.%s", request_id, contact_id, format == REPORT_JSON ? "json" : "txt");
	if (!files_folder_path(app->db, name, path, path_size))
		return STATUS_ERR_IO;
	char temporary[4200];
	snprintf(temporary, sizeof temporary, "%s.XXXXXX", path);
	int fd = mkostemp(temporary, O_CLOEXEC);
	FILE *file = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!file) {
		if (fd >= 0) {
			close(fd);
			unlink(temporary);
		}
		snprintf(app->db->error, sizeof app->db->error, _("cannot write %s"), path);
		return STATUS_ERR_IO;
	}
	enum status status = report_write(&app->session, request_id, contact_id, language, format, file);
	if (fclose(file) != 0 && status == STATUS_OK) {
		snprintf(app->db->error, sizeof app->db->error, _("cannot write %s"), path);
		status = STATUS_ERR_IO;
	}
	if (status == STATUS_OK && rename(temporary, path) != 0) {
		snprintf(app->db->error, sizeof app->db->error, _("cannot write %s"), path);
		status = STATUS_ERR_IO;
	}
	if (status != STATUS_OK)
		unlink(temporary);
	if (status == STATUS_OK)
		status = written_file_record(&app->session, path, "report", contact_id);
	return status;
}

static int report_handle(struct app *app, enum action action, struct key_press key)
{
	if (action == ACTION_DOWN || action == ACTION_UP) {
		long step = action == ACTION_DOWN ? 1 : -1;
		if (list.first + step >= 0 && list.first + step + list.height <= line_count + (step < 0 ? list.height : 0))
			list.first += step;
		return SCREEN_HANDLED;
	}
	if (listbox_handle(&list, action))
		return SCREEN_HANDLED;
	if (key.function && (key.code == KEY_LEFT || key.code == KEY_RIGHT)) {
		snprintf(language, sizeof language, "%s", strcmp(language, "fi") == 0 ? "en" : "fi");
		produce(app);
		listbox_clamp(&list);
		return SCREEN_HANDLED;
	}
	char path[4096], json_path[4096];
	app->db->error[0] = '\0';
	if (action == ACTION_SAVE) {
		enum status status = save(app, REPORT_TEXT, path, sizeof path);
		if (status == STATUS_OK)
			status = save(app, REPORT_JSON, json_path, sizeof json_path);
		if (status == STATUS_OK)
			app_message(app, false, _("Saved %s and %s."), path, json_path);
		else
			app_message(app, true, "%s", app->db->error[0] ? app->db->error : status_message(status));
		return SCREEN_HANDLED;
	}
	if (action == ACTION_PRINT) {
		enum status status = save(app, REPORT_TEXT, path, sizeof path);
		if (status == STATUS_OK)
			status = report_print(&app->session, path);
		if (status == STATUS_OK)
			app_message(app, false, "%s", _("Sent to the printer."));
		else
			app_message(app, true, "%s", app->db->error[0] ? app->db->error : status_message(status));
		return SCREEN_HANDLED;
	}
	return 0;
}

static void report_leave(struct app *app)
{
	(void)app;
	free(text);   /* the person's data leaves memory with the screen */
	free(lines);
	text = NULL;
	lines = NULL;
	line_count = 0;
}

static const enum action report_keys[] = { ACTION_PAGE_DOWN, ACTION_SAVE, ACTION_PRINT, ACTION_BACK, ACTION_NONE };

const struct screen_ops report_screen = {
	.title = N_("Access report (Left/Right: suomi/English)"),
	.enter = report_enter,
	.layout = report_layout,
	.draw = report_draw,
	.handle = report_handle,
	.leave = report_leave,
	.key_help = report_keys,
};
