/* A windowed list: asks its owner for the row count and draws only the
 * visible rows, so a list of a million costs what a list of ten does. */
#ifndef REGDESK_LISTBOX_H
#define REGDESK_LISTBOX_H

#include "ui.h"

struct listbox {
	int top, left, height, width;    /* placement, set by listbox_layout */
	long selected;                   /* selected row index; -1 when empty */
	long first;                      /* first visible row index */
	long (*count)(void *context);    /* number of rows now */
	/* Draws row index at y, x within width columns. */
	void (*draw_row)(void *context, long index, int y, int x, int width, bool selected);
	void *context;
};

void listbox_init(struct listbox *list, long (*count)(void *), void (*draw_row)(void *, long, int, int, int, bool),
		  void *context);
void listbox_layout(struct listbox *list, int top, int left, int height, int width);
void listbox_draw(struct listbox *list);
/* Handles movement actions; returns true when the selection moved. */
bool listbox_handle(struct listbox *list, enum action action);
/* Whether a movement action would move the selection now (the key-help
 * line offers page down only where there is more). */
bool listbox_would_move(const struct listbox *list, enum action action);
/* Keeps the selection inside the rows after the count changed. */
void listbox_clamp(struct listbox *list);

#endif
