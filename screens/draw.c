/* Shared drawing: the action table, colour roles and safe text output. */
#include "ui.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "text.h"

static const struct {
	int keys[3];
	const char *label;
	const char *short_help;
	const char *help;
} actions[] = {
#define ACTION_ROW(name, key, second_key, third_key, label, short_help, help) \
	[ACTION_##name] = { { key, second_key, third_key }, label, short_help, help },
	ACTIONS(ACTION_ROW)
#undef ACTION_ROW
};

enum action action_for_key(wint_t key, bool is_function_key, bool typing)
{
	if (!is_function_key && key == '\r')
		key = '\n';
	if (typing && !is_function_key && key >= ' ' && key != 0x7f)
		return ACTION_NONE;
	for (int action = 1; action < ACTION_COUNT; action++) {
		for (int slot = 0; slot < 3; slot++) {
			int binding = actions[action].keys[slot];
			/* A function key and a character may share a code: compare both. */
			if (binding && (int)key == binding && is_function_key == (binding >= KEY_MIN))
				return (enum action)action;
		}
	}
	return ACTION_NONE;
}

const char *action_key_label(enum action action)
{
	return actions[action].label;
}

/* A key of a label is text while typing when it is one printable character
 * (action_for_key gives such keys to the field). */
static bool label_key_is_text(const char *key, size_t length)
{
	return length == 1 && key[0] > ' ' && key[0] < 0x7f;
}

size_t action_key_label_for(enum action action, bool typing, bool first_only, char *out, size_t out_size)
{
	const char *label = actions[action].label;
	size_t used = 0;
	if (out_size == 0)
		return 0;
	out[0] = '\0';
	/* "/" alone is a key (filter), not a separator. */
	if (strcmp(label, "/") == 0) {
		if (!typing && out_size > 1) {
			out[0] = '/';
			out[1] = '\0';
			used = 1;
		}
		return used;
	}
	for (const char *key = label; *key;) {
		size_t length = strcspn(key, "/");
		if (!(typing && label_key_is_text(key, length)) && used + length + 2 <= out_size) {
			if (used)
				out[used++] = '/';
			memcpy(out + used, key, length);
			used += length;
			out[used] = '\0';
			if (first_only)
				break;
		}
		key += length;
		if (*key == '/')
			key++;
	}
	return used;
}

const char *action_short_help(enum action action)
{
	return *actions[action].short_help ? _(actions[action].short_help) : "";
}

const char *action_help(enum action action)
{
	return *actions[action].help ? _(actions[action].help) : "";
}

static const struct {
	short foreground;
	short background;
	attr_t mono;
} color_roles[] = {
#define COLOR_ROLE_ROW(name, foreground, background, mono) [COLOR_ROLE_##name] = { foreground, background, mono },
	COLOR_ROLES(COLOR_ROLE_ROW)
#undef COLOR_ROLE_ROW
};

static bool colors_on;

void ui_colors_init(void)
{
	const char *no_color = getenv("NO_COLOR");
	colors_on = has_colors() && !(no_color && *no_color);
	if (!colors_on)
		return;
	start_color();
	use_default_colors();
	for (int role = 1; role < COLOR_ROLE_COUNT; role++)
		init_pair((short)role, color_roles[role].foreground, color_roles[role].background);
}

attr_t ui_attr(enum color_role role)
{
	if (role == COLOR_ROLE_NORMAL)
		return A_NORMAL;
	if (!colors_on)
		return color_roles[role].mono;
	attr_t bold = color_roles[role].mono & A_BOLD;
	return COLOR_PAIR(role) | bold;
}

int ui_text_width(const char *text)
{
	char inert[2048];
	text_make_inert(text, inert, sizeof inert);
	int width = 0;
	for (const char *p = inert; *p;) {
		uint32_t character;
		size_t length = text_decode_utf8(p, &character);
		if (length == 0)   /* not after text_make_inert; counted as one column */
			character = '?', length = 1;
		int columns = wcwidth((wchar_t)character);
		width += columns < 0 ? 1 : columns;
		p += length;
	}
	return width;
}

/* Columns of one decoded character as drawn: unprintable ones are a '?'. */
static int character_columns(uint32_t code_point, size_t length)
{
	if (length == 0)
		return 1;
	int columns = wcwidth((wchar_t)code_point);
	return columns < 0 ? 1 : columns;
}

/* Whether text cut after width columns loses a letter or digit: then the cut
 * is shown with "…" (issue 16: no word cut silently at the edge). A cut that
 * drops only spaces or rules ("────") needs no mark. */
static bool cut_loses_words(const char *text, int width)
{
	int used = 0;
	const char *p = text;
	while (*p) {
		uint32_t code_point;
		size_t length = text_decode_utf8(p, &code_point);
		int columns = character_columns(code_point, length);
		if (used + columns > width)
			break;
		used += columns;
		p += length ? length : 1;
	}
	while (*p) {
		uint32_t code_point;
		size_t length = text_decode_utf8(p, &code_point);
		if (length && iswalnum((wint_t)code_point))
			return true;
		p += length ? length : 1;
	}
	return false;
}

int ui_draw_text(int y, int x, int width, const char *text, enum color_role role, bool pad)
{
	if (width <= 0)
		return 0;
	char inert[4096];
	text_make_inert(text ? text : "", inert, sizeof inert);
	bool ellipsis = cut_loses_words(inert, width);
	int limit = ellipsis ? width - 1 : width;
	attr_t attributes = ui_attr(role);
	attron(attributes);
	move(y, x);
	int used = 0;
	const char *p = inert;
	while (*p) {
		uint32_t code_point;
		wchar_t character;
		size_t length = text_decode_utf8(p, &code_point);
		if (length == 0) {
			character = L'?';
			length = 1;
		} else {
			character = (wchar_t)code_point;
		}
		int columns = wcwidth(character);
		if (columns < 0)
			columns = 1, character = L'?';
		if (used + columns > limit)
			break;
		cchar_t cell;
		wchar_t string[2] = { character, L'\0' };
		setcchar(&cell, string, A_NORMAL, 0, NULL);
		add_wch(&cell);
		used += columns;
		p += length;
	}
	if (ellipsis) {
		cchar_t cell;
		setcchar(&cell, L"…", A_NORMAL, 0, NULL);
		add_wch(&cell);
		used++;
	}
	if (pad)
		for (; used < width; used++)
			addch(' ');
	attroff(attributes);
	return used;
}

/* A word longer than half a row (a file's path) is broken where the row
 * ends: moved whole to the next row it would leave this one mostly empty,
 * and one longer than a row would lose its end. Returns the bytes of p that
 * go on the row, given the fits bytes of whole words that do. */
static size_t break_long_word(const char *p, size_t fits, int width, char *scratch, size_t scratch_size)
{
	size_t start = fits;
	while (p[start] == ' ')
		start++;
	size_t end = start;
	while (p[end] && p[end] != ' ')
		end++;
	if (start == end || end - start >= scratch_size)
		return fits ? fits : (end < scratch_size ? end : scratch_size - 1);
	memcpy(scratch, p + start, end - start);
	scratch[end - start] = '\0';
	if (ui_text_width(scratch) <= width / 2)
		return fits;   /* a word: the next row takes it whole */
	size_t taken = fits ? start : 0;
	while (taken < end) {
		size_t next = taken + 1;
		while (next < end && ((unsigned char)p[next] & 0xC0) == 0x80)   /* whole characters */
			next++;
		if (next >= scratch_size)
			break;
		memcpy(scratch, p, next);
		scratch[next] = '\0';
		if (ui_text_width(scratch) > width)
			break;
		taken = next;
	}
	return taken > fits ? taken : (fits ? fits : 1);
}

/* Lays text out wrapped at spaces to width columns in at most max_lines rows
 * (the last ends with "…" when more is left); draws them from row y when draw
 * is set. Returns the rows used. */
static int wrap_text(int y, int x, int width, int max_lines, const char *text, enum color_role role, bool draw)
{
	char line[4096];
	int rows = 0;
	const char *p = text ? text : "";
	while (*p == ' ')
		p++;
	while (*p && rows < max_lines && width > 1) {
		/* The longest run of whole words that fits; a word longer than half a row is broken. */
		size_t length = 0, fits = 0;
		while (p[length]) {
			size_t end = length;
			while (p[end] == ' ')
				end++;
			while (p[end] && p[end] != ' ')
				end++;
			if (end >= sizeof line)
				break;
			memcpy(line, p, end);
			line[end] = '\0';
			if (ui_text_width(line) > width)
				break;
			fits = length = end;
		}
		fits = break_long_word(p, fits, width, line, sizeof line);
		memcpy(line, p, fits);
		line[fits] = '\0';
		p += fits;
		while (*p == ' ')
			p++;
		if (*p && rows == max_lines - 1) {
			/* Last row with more left: its start and "…". */
			char cut[4096];
			snprintf(cut, sizeof cut, "%s", line);
			size_t n = strlen(cut);
			while (n > 0 && ui_text_width(cut) > width - 1) {
				do
					n--;
				while (n > 0 && ((unsigned char)cut[n] & 0xC0) == 0x80);   /* whole characters */
				cut[n] = '\0';
			}
			snprintf(line, sizeof line, "%s…", cut);
		}
		if (draw)
			ui_draw_text(y + rows, x, width, line, role, false);
		rows++;
	}
	return rows;
}

int ui_draw_wrapped(int y, int x, int width, int max_lines, const char *text, enum color_role role)
{
	return wrap_text(y, x, width, max_lines, text, role, true);
}

int ui_wrapped_rows(int width, int max_lines, const char *text)
{
	return wrap_text(0, 0, width, max_lines, text, COLOR_ROLE_NORMAL, false);
}

void ui_draw_row(int y, int x, int width, const int *cell_widths, const char *const *cells, int count,
		 enum color_role role)
{
	int used = 0;
	for (int i = 0; i < count && used < width; i++) {
		int cell = i == count - 1 ? width - used : cell_widths[i];
		if (cell > width - used)
			cell = width - used;
		ui_draw_text(y, x + used, cell, cells[i], role, true);
		used += cell;
		if (i < count - 1 && used < width) {
			ui_draw_text(y, x + used, 1, " ", role, true);
			used++;
		}
	}
}
