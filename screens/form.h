/* A form widget: labelled one-line fields edited by character and shown by
 * column. Typed text lives here, in the model, so a resize loses nothing. */
#ifndef REGDESK_FORM_H
#define REGDESK_FORM_H

#include "ui.h"

#define FORM_TEXT_MAX 256

enum field_kind {
	FIELD_TEXT,
	FIELD_SECRET,      /* shown as asterisks */
	FIELD_CHOICE,      /* one of choices, changed with Left/Right/Space */
	FIELD_FLAGS,       /* any of choices: Left/Right move, Space ticks */
};

struct form_field;

/* Checks a field's value; returns false with a translated reason. */
typedef bool (*field_validator)(const struct form_field *field, const char *value, char *reason,
				size_t reason_size, void *context);

struct form_field {
	const char *label;               /* N_() label */
	enum field_kind kind;
	int max_chars;                   /* typing more is refused with a message */
	field_validator validate;        /* NULL when anything goes */
	const char *const *choices;      /* FIELD_CHOICE: N_() labels */
	int choice_count;
	int choice;                      /* FIELD_CHOICE: the chosen index; FIELD_FLAGS: the one under the cursor */
	unsigned flags;                  /* FIELD_FLAGS: bit per ticked choice */
	wchar_t text[FORM_TEXT_MAX + 1]; /* the typed text */
	int length;                      /* characters in text */
	int cursor;                      /* insertion point, 0..length */
	int scroll;                      /* first character shown */
	char error[192];                 /* reason shown beside the field; "" when valid */
	bool hidden;                     /* not shown and not validated */
	bool disposable;                 /* what is typed here is no kept work (a search, a filter, a
					    login name): Esc drops it without asking */
	int tag;                         /* the owner's name for the field (e.g. a contact_field) */
};

struct form {
	struct form_field *fields;       /* owned by the screen */
	int count;
	int focus;
	void *context;                   /* passed to validators */
	int top, left;                   /* placement, set by form_layout */
	int rows;                        /* field rows that fit; the form scrolls past them */
	int rows_given;                  /* the rows form_layout was given; 0: as many as needed */
	int first_shown;                 /* first field row shown */
	int label_width, field_width, error_column;
	bool changed;                    /* something was typed or chosen since form_init: Esc asks first */
	bool asking_discard;             /* "Discard the changes? (y/n)" is shown; keys answer it */
};

enum form_result {
	FORM_IGNORED,                    /* the key was not for the form */
	FORM_CHANGED,                    /* redraw */
	FORM_SUBMIT,                     /* every field valid: save */
	FORM_CANCEL,                     /* Esc on an unchanged form, or y to "Discard the changes?" */
};

void form_init(struct form *form, struct form_field *fields, int count, void *context);
/* Places the form; rows is the height it may use (the reason row included),
 * 0 for as many as it needs. */
void form_layout(struct form *form, int top, int left, int cols, int rows);
void form_draw(struct form *form);
/* Places the terminal cursor in the focused field (call last when drawing). */
void form_place_cursor(const struct form *form);
/* Esc (or q off a text field) on a form with changes typed into it asks
 * "Discard the changes? (y/n)" first: nothing typed is lost by one key
 * (issue 16). y gives FORM_CANCEL; n, Esc or F10 go back to the form with
 * everything kept. Secret and disposable fields do not count as changes. */
enum form_result form_handle(struct form *form, enum action action, struct key_press key);
/* Whether the user changed a field since form_init (or the last form_mark_saved). */
bool form_changed(const struct form *form);
/* What is in the form now is kept (saved, or handed on): Esc need not ask. */
void form_mark_saved(struct form *form);
/* True while the focused field takes text (for a screen's typing). */
bool form_typing(const struct form *form);
/* Validates every field; focuses the first invalid one. */
bool form_validate_all(struct form *form);

/* The field's text as UTF-8. */
void form_value(const struct form *form, int field, char *out, size_t out_size);
void form_set_value(struct form *form, int field, const char *utf8);
void form_set_error(struct form *form, int field, const char *reason);
void form_clear(struct form *form, int field);
/* Overwrites every secret field's text (after use). */
void form_wipe_secrets(struct form *form);

/* Rows the form uses now (its fields that fit, plus the reason row). */
int form_height(const struct form *form);

#endif
