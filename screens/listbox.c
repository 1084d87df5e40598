#include "listbox.h"

void listbox_init(struct listbox *list, long (*count)(void *), void (*draw_row)(void *, long, int, int, int, bool),
		  void *context)
{
	list->count = count;
	list->draw_row = draw_row;
	list->context = context;
	list->selected = 0;
	list->first = 0;
}

void listbox_layout(struct listbox *list, int top, int left, int height, int width)
{
	list->top = top;
	list->left = left;
	list->height = height > 1 ? height : 1;
	list->width = width;
	listbox_clamp(list);
}

void listbox_clamp(struct listbox *list)
{
	long rows = list->count(list->context);
	if (rows <= 0) {
		list->selected = -1;
		list->first = 0;
		return;
	}
	if (list->selected < 0)
		list->selected = 0;
	if (list->selected >= rows)
		list->selected = rows - 1;
	if (list->selected < list->first)
		list->first = list->selected;
	if (list->selected >= list->first + list->height)
		list->first = list->selected - list->height + 1;
	if (list->first > rows - list->height)
		list->first = rows - list->height > 0 ? rows - list->height : 0;
}

void listbox_draw(struct listbox *list)
{
	long rows = list->count(list->context);
	for (int line = 0; line < list->height; line++) {
		long index = list->first + line;
		int y = list->top + line;
		if (index < rows) {
			list->draw_row(list->context, index, y, list->left, list->width, index == list->selected);
		} else {
			move(y, list->left);
			clrtoeol();
		}
	}
}

bool listbox_would_move(const struct listbox *list, enum action action)
{
	long rows = list->count(list->context);
	switch (action) {
	case ACTION_UP: case ACTION_PAGE_UP: case ACTION_FIRST:
		return list->selected > 0;
	case ACTION_DOWN: case ACTION_PAGE_DOWN: case ACTION_LAST:
		return list->selected + 1 < rows;
	default:
		return false;
	}
}

bool listbox_handle(struct listbox *list, enum action action)
{
	long rows = list->count(list->context);
	long before = list->selected;
	switch (action) {
	case ACTION_UP: list->selected--; break;
	case ACTION_DOWN: list->selected++; break;
	case ACTION_PAGE_UP: list->selected -= list->height; list->first -= list->height; break;
	case ACTION_PAGE_DOWN: list->selected += list->height; list->first += list->height; break;
	case ACTION_FIRST: list->selected = 0; break;
	case ACTION_LAST: list->selected = rows - 1; break;
	default: return false;
	}
	if (list->first < 0)
		list->first = 0;
	listbox_clamp(list);
	return list->selected != before;
}
