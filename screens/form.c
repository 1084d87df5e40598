#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "text.h"

void form_init(struct form *form, struct form_field *fields, int count, void *context)
{
	memset(form, 0, sizeof *form);
	form->fields = fields;
	form->count = count;
	form->context = context;
	for (int i = 0; i < count; i++)
		if (fields[i].max_chars <= 0 || fields[i].max_chars > FORM_TEXT_MAX)
			fields[i].max_chars = FORM_TEXT_MAX;
	while (form->focus < count && fields[form->focus].hidden)
		form->focus++;
}

/* Field rows the form would need without scrolling. */
static int visible_fields(const struct form *form)
{
	int rows = 0;
	for (int i = 0; i < form->count; i++)
		rows += form->fields[i].hidden ? 0 : 1;
	return rows;
}

void form_layout(struct form *form, int top, int left, int cols, int rows)
{
	form->top = top;
	form->left = left;
	form->rows_given = rows;
	form->rows = rows > 1 ? rows - 1 : visible_fields(form);
	if (form->rows > visible_fields(form))
		form->rows = visible_fields(form);
	form->label_width = 0;
	for (int i = 0; i < form->count; i++) {
		int width = ui_text_width(_(form->fields[i].label));
		if (width > form->label_width)
			form->label_width = width;
	}
	int available = cols - left - form->label_width - 3;
	form->field_width = available > 40 ? 40 : available;
	if (form->field_width < 10)
		form->field_width = 10;
	form->error_column = left + form->label_width + 2 + form->field_width + 1;
}

int form_height(const struct form *form)
{
	/* The fields that fit, and the focused field's whole reason under them. */
	int rows = form->rows > 0 ? form->rows : visible_fields(form);
	return rows + 1;
}

void form_value(const struct form *form, int field, char *out, size_t out_size)
{
	const struct form_field *f = &form->fields[field];
	if (f->kind == FIELD_CHOICE) {
		snprintf(out, out_size, "%d", f->choice);
		return;
	}
	if (f->kind == FIELD_FLAGS) {
		snprintf(out, out_size, "%u", f->flags);
		return;
	}
	char encoded[4 * FORM_TEXT_MAX + 1];
	size_t used = 0;
	for (int i = 0; i < f->length; i++)
		used += text_encode_utf8((uint32_t)f->text[i], encoded + used);
	encoded[used] = '\0';
	/* The core gets composed text (NFC), however it was typed or pasted. */
	text_nfc_into(encoded, out, out_size);
}

void form_set_value(struct form *form, int field, const char *utf8)
{
	struct form_field *f = &form->fields[field];
	int count = 0;
	for (const char *p = utf8; *p && count < f->max_chars;) {
		uint32_t character;
		size_t length = text_decode_utf8(p, &character);
		if (length == 0)
			character = 0xFFFD, length = 1;
		f->text[count++] = (wchar_t)character;
		p += length;
	}
	f->length = count;
	f->text[count] = L'\0';
	f->cursor = f->length;
	f->scroll = 0;
	f->error[0] = '\0';
}

void form_set_error(struct form *form, int field, const char *reason)
{
	text_copy(form->fields[field].error, sizeof form->fields[field].error, reason ? reason : "");
}

void form_clear(struct form *form, int field)
{
	form_set_value(form, field, "");
}

void form_wipe_secrets(struct form *form)
{
	for (int i = 0; i < form->count; i++) {
		if (form->fields[i].kind != FIELD_SECRET)
			continue;
		volatile wchar_t *text = form->fields[i].text;
		for (int j = 0; j <= FORM_TEXT_MAX; j++)
			text[j] = 0;
		form_clear(form, i);
	}
}

static bool validate_field(struct form *form, int field)
{
	struct form_field *f = &form->fields[field];
	f->error[0] = '\0';
	if (f->hidden || !f->validate)
		return true;
	char value[4 * FORM_TEXT_MAX + 1];
	form_value(form, field, value, sizeof value);
	return f->validate(f, value, f->error, sizeof f->error, form->context);
}

bool form_validate_all(struct form *form)
{
	int first_invalid = -1;
	for (int i = 0; i < form->count; i++)
		if (!validate_field(form, i) && first_invalid < 0)
			first_invalid = i;
	if (first_invalid >= 0)
		form->focus = first_invalid;
	return first_invalid < 0;
}

/* Moves focus by step over hidden fields, validating the field left. */
static void move_focus(struct form *form, int step)
{
	validate_field(form, form->focus);
	int next = form->focus;
	do {
		next += step;
	} while (next >= 0 && next < form->count && form->fields[next].hidden);
	if (next >= 0 && next < form->count)
		form->focus = next;
}

static bool is_last_field(const struct form *form)
{
	for (int i = form->focus + 1; i < form->count; i++)
		if (!form->fields[i].hidden)
			return false;
	return true;
}

bool form_typing(const struct form *form)
{
	/* While asking, letters are answers the form reads itself, never screen actions. */
	return form->asking_discard ||
	       (form->count > 0 && (form->fields[form->focus].kind == FIELD_TEXT ||
				    form->fields[form->focus].kind == FIELD_SECRET));
}

bool form_changed(const struct form *form)
{
	return form->changed;
}

void form_mark_saved(struct form *form)
{
	form->changed = false;
	form->asking_discard = false;
}

/* A key changed the field: work that Esc must not drop unasked. A password
 * is not kept work (it is typed again), nor is a search or a filter. */
static void note_change(struct form *form, const struct form_field *f)
{
	if (f->kind != FIELD_SECRET && !f->disposable)
		form->changed = true;
}

/* The answer to "Discard the changes? (y/n)": y (k in Finnish) discards,
 * n, Esc or F10 keep; any other key leaves the question up. */
static enum form_result answer_discard(struct form *form, struct key_press press)
{
	enum action answer = action_for_key(press.code, press.function, false);
	if (!press.function && (press.code == 'Y' || press.code == 'K'))
		answer = ACTION_YES;
	if (!press.function && press.code == 'N')
		answer = ACTION_NO;
	if (answer == ACTION_YES) {
		form_mark_saved(form);
		return FORM_CANCEL;
	}
	if (answer == ACTION_NO || answer == ACTION_BACK)
		form->asking_discard = false;
	return FORM_CHANGED;
}

static void insert_character(struct form_field *f, wchar_t character)
{
	/* A combining mark typed after its letter (a decomposed "ä", as some
	 * keyboards and pastes send it) makes one composed character (NFC). */
	uint32_t composed = f->cursor > 0 ? text_compose((uint32_t)f->text[f->cursor - 1], (uint32_t)character) : 0;
	if (composed) {
		f->text[f->cursor - 1] = (wchar_t)composed;
		return;
	}
	if (f->length >= f->max_chars) {
		snprintf(f->error, sizeof f->error, _("at most %d characters"), f->max_chars);
		return;
	}
	wmemmove(f->text + f->cursor + 1, f->text + f->cursor, (size_t)(f->length - f->cursor));
	f->text[f->cursor++] = character;
	f->text[++f->length] = L'\0';
	if (f->error[0] && f->length < f->max_chars)
		f->error[0] = '\0';
}

static bool delete_at(struct form_field *f, int position)
{
	if (position < 0 || position >= f->length)
		return false;
	wmemmove(f->text + position, f->text + position + 1, (size_t)(f->length - position - 1));
	f->text[--f->length] = L'\0';
	if (f->cursor > position)
		f->cursor--;
	return true;
}

enum form_result form_handle(struct form *form, enum action action, struct key_press press)
{
	wint_t key = press.code;
	bool is_function_key = press.function;
	struct form_field *f = &form->fields[form->focus];
	if (form->asking_discard)
		return answer_discard(form, press);
	switch (action) {
	case ACTION_BACK:
		if (form->changed) {
			form->asking_discard = true;
			return FORM_CHANGED;
		}
		return FORM_CANCEL;
	case ACTION_QUIT:   /* q off a text field: the screen would be left */
		if (form->changed) {
			form->asking_discard = true;
			return FORM_CHANGED;
		}
		return FORM_IGNORED;
	case ACTION_SAVE:
		return form_validate_all(form) ? FORM_SUBMIT : FORM_CHANGED;
	case ACTION_OPEN:
		if (!is_last_field(form)) {
			move_focus(form, 1);
			return FORM_CHANGED;
		}
		return form_validate_all(form) ? FORM_SUBMIT : FORM_CHANGED;
	case ACTION_NEXT_FIELD:
	case ACTION_DOWN:
		move_focus(form, 1);
		return FORM_CHANGED;
	case ACTION_PREVIOUS_FIELD:
	case ACTION_UP:
		move_focus(form, -1);
		return FORM_CHANGED;
	case ACTION_FIRST:
		f->cursor = 0;
		return FORM_CHANGED;
	case ACTION_LAST:
		f->cursor = f->length;
		return FORM_CHANGED;
	default:
		break;
	}
	if (f->kind == FIELD_FLAGS) {
		if (is_function_key && key == KEY_LEFT)
			f->choice = (f->choice + f->choice_count - 1) % f->choice_count;
		else if (is_function_key && key == KEY_RIGHT)
			f->choice = (f->choice + 1) % f->choice_count;
		else if (!is_function_key && key == ' ') {
			f->flags ^= 1u << f->choice;
			note_change(form, f);
		} else
			return FORM_IGNORED;
		return FORM_CHANGED;
	}
	if (f->kind == FIELD_CHOICE) {
		if (is_function_key && key == KEY_LEFT)
			f->choice = (f->choice + f->choice_count - 1) % f->choice_count;
		else if ((is_function_key && key == KEY_RIGHT) || (!is_function_key && key == ' '))
			f->choice = (f->choice + 1) % f->choice_count;
		else
			return FORM_IGNORED;
		note_change(form, f);
		return FORM_CHANGED;
	}
	if (is_function_key) {
		switch (key) {
		case KEY_LEFT: if (f->cursor > 0) f->cursor--; return FORM_CHANGED;
		case KEY_RIGHT: if (f->cursor < f->length) f->cursor++; return FORM_CHANGED;
		case KEY_BACKSPACE:
			if (delete_at(f, f->cursor - 1))
				note_change(form, f);
			return FORM_CHANGED;
		case KEY_DC:
			if (delete_at(f, f->cursor))
				note_change(form, f);
			return FORM_CHANGED;
		default: return FORM_IGNORED;
		}
	}
	if (key == 0x7f || key == CTRL_KEY('h')) {
		if (delete_at(f, f->cursor - 1))
			note_change(form, f);
		return FORM_CHANGED;
	}
	if (key == CTRL_KEY('u')) {
		if (f->length > 0)
			note_change(form, f);
		form_clear(form, form->focus);
		return FORM_CHANGED;
	}
	if (key >= ' ' && iswprint((wint_t)key)) {
		insert_character(f, (wchar_t)key);
		note_change(form, f);
		return FORM_CHANGED;
	}
	return FORM_IGNORED;
}

/* Columns of text[from..to). */
static int columns_between(const wchar_t *text, int from, int to)
{
	int width = wcswidth(text + from, (size_t)(to - from));
	return width < 0 ? to - from : width;
}

/* Keeps the cursor inside the visible part of the field. */
static void scroll_to_cursor(struct form_field *f, int width)
{
	if (f->cursor < f->scroll)
		f->scroll = f->cursor;
	while (columns_between(f->text, f->scroll, f->cursor) >= width)
		f->scroll++;
}

/* Position of a field among the shown ones (hidden fields skipped). */
static int field_index(const struct form *form, int field)
{
	int index = 0;
	for (int i = 0; i < field; i++)
		index += form->fields[i].hidden ? 0 : 1;
	return index;
}

static int field_row(const struct form *form, int field)
{
	return form->top + field_index(form, field) - form->first_shown;
}

/* Scrolls so that the focused field is shown. */
static void scroll_to_focus(struct form *form)
{
	int rows = form->rows > 0 ? form->rows : visible_fields(form);
	int index = field_index(form, form->focus);
	if (index < form->first_shown)
		form->first_shown = index;
	if (index >= form->first_shown + rows)
		form->first_shown = index - rows + 1;
	if (form->first_shown < 0)
		form->first_shown = 0;
}

/* The ticked choices, for a FIELD_FLAGS field not in focus. */
static void flags_summary(const struct form_field *f, char *out, size_t out_size)
{
	out[0] = '\0';
	for (int i = 0; i < f->choice_count; i++)
		if (f->flags & (1u << i))
			snprintf(out + strlen(out), out_size - strlen(out), "%s%s", *out ? ", " : "", _(f->choices[i]));
	if (!*out)
		snprintf(out, out_size, "%s", "-");
}

/* Whether a field's reason fits beside it, in the columns right of the field. */
static bool reason_fits_beside(const struct form *form, const struct form_field *f)
{
	return ui_text_width(f->error) <= COLS - form->error_column;
}

/* The first field whose reason was cut beside it, or NULL. */
static const struct form_field *first_cut_reason(const struct form *form)
{
	for (int i = 0; i < form->count; i++)
		if (!form->fields[i].hidden && form->fields[i].error[0] && !reason_fits_beside(form, &form->fields[i]))
			return &form->fields[i];
	return NULL;
}

/* Rows under the fields the reason may use: the one form_height counts, and
 * a second when the form was given more rows than it fills or was left to
 * size itself and the screen has a row free above the message line. */
static int reason_rows_free(const struct form *form, int field_rows)
{
	int below = form->top + field_rows;
	if (form->rows_given > 0)
		return form->rows_given - field_rows >= 2 ? 2 : 1;
	return below + 1 < LINES - 3 ? 2 : 1;
}

void form_draw(struct form *form)
{
	scroll_to_focus(form);
	int rows = form->rows > 0 ? form->rows : visible_fields(form);
	for (int i = 0; i < form->count; i++) {
		struct form_field *f = &form->fields[i];
		if (f->hidden)
			continue;
		int row = field_row(form, i);
		if (row < form->top || row >= form->top + rows)
			continue;
		bool focused = i == form->focus;
		ui_draw_text(row, form->left, form->label_width + 1, _(f->label),
			     focused ? COLOR_ROLE_TITLE : COLOR_ROLE_NORMAL, true);
		int x = form->left + form->label_width + 2;
		enum color_role role = focused ? COLOR_ROLE_FIELD_FOCUS : COLOR_ROLE_FIELD;
		if (f->kind == FIELD_CHOICE) {
			/* A choice has no text typed beside it: its label may use the whole row. */
			char shown[256];
			snprintf(shown, sizeof shown, "< %s >", _(f->choices[f->choice]));
			int width = f->error[0] ? form->field_width : COLS - x - 1;
			ui_draw_text(row, x, width, shown, role, false);
			if (ui_text_width(shown) < form->field_width)
				ui_draw_text(row, x + ui_text_width(shown), form->field_width - ui_text_width(shown), "", role, true);
		} else if (f->kind == FIELD_FLAGS) {
			char shown[512];
			if (focused)
				snprintf(shown, sizeof shown, "< [%s] %s >", f->flags & (1u << f->choice) ? "x" : " ",
					 _(f->choices[f->choice]));
			else
				flags_summary(f, shown, sizeof shown);
			ui_draw_text(row, x, form->field_width, shown, role, true);
		} else {
			scroll_to_cursor(f, form->field_width);
			wchar_t shown[FORM_TEXT_MAX + 1];
			int count = 0, width = 0;
			for (int j = f->scroll; j < f->length; j++) {
				wchar_t character = f->kind == FIELD_SECRET ? L'*' : f->text[j];
				if (!iswprint((wint_t)character))
					character = L'?';
				int columns = wcwidth(character);
				if (width + columns > form->field_width)
					break;
				shown[count++] = character;
				width += columns;
			}
			shown[count] = L'\0';
			attr_t attributes = ui_attr(role);
			attron(attributes);
			mvaddnwstr(row, x, shown, count);
			for (; width < form->field_width; width++)
				addch(' ');
			attroff(attributes);
		}
		int error_width = COLS - form->error_column;
		if (f->kind == FIELD_CHOICE && !f->error[0])
			continue;   /* its label may run past the field's width */
		move(row, form->error_column);
		clrtoeol();
		if (f->error[0] && error_width > 0)
			ui_draw_text(row, form->error_column, error_width, f->error, COLOR_ROLE_FIELD_ERROR, false);
	}
	/* Beside the field a reason that does not fit shows its start and "…";
	 * under the form it is whole (wrapping onto a second row where the
	 * form has room): the focused field's, or else the first one cut. */
	int reason_row = form->top + rows;
	int width = COLS - form->left;
	const struct form_field *focused = &form->fields[form->focus];
	const struct form_field *reason_of = focused->error[0] ? focused : first_cut_reason(form);
	char line[512] = "";
	enum color_role role = COLOR_ROLE_DIM;
	if (form->asking_discard) {
		text_copy(line, sizeof line, _("Discard the changes? (y/n)"));
		role = COLOR_ROLE_WARNING;
	} else if (reason_of) {
		snprintf(line, sizeof line, "%s: %s", _(reason_of->label), reason_of->error);
		role = COLOR_ROLE_FIELD_ERROR;
	} else if (focused->kind == FIELD_FLAGS) {
		char ticked[400];
		flags_summary(focused, ticked, sizeof ticked);
		snprintf(line, sizeof line, _("Left/Right: choose, Space: tick. Ticked: %s"), ticked);
	} else if (visible_fields(form) > rows) {
		snprintf(line, sizeof line, _("Field %d of %d"), field_index(form, form->focus) + 1, visible_fields(form));
	}
	/* The second row is the screen's unless a reason needs it. */
	int reason_rows = line[0] ? ui_wrapped_rows(width, reason_rows_free(form, rows), line) : 1;
	for (int row = 0; row < (reason_rows > 0 ? reason_rows : 1); row++) {
		move(reason_row + row, form->left);
		clrtoeol();
	}
	if (line[0])
		ui_draw_wrapped(reason_row, form->left, width, reason_rows, line, role);
}

void form_place_cursor(const struct form *form)
{
	const struct form_field *f = &form->fields[form->focus];
	if (f->kind == FIELD_CHOICE || f->kind == FIELD_FLAGS || form->count == 0 || form->asking_discard) {
		curs_set(0);
		return;
	}
	int x = form->left + form->label_width + 2 + columns_between(f->text, f->scroll, f->cursor);
	move(field_row(form, form->focus), x);
	curs_set(1);
}
