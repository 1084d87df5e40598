/* The terminal interface's common shape: screens, actions, colours, drawing.
 * Screens call the core through include/ and never run SQL. */
#ifndef REGDESK_UI_H
#define REGDESK_UI_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <wchar.h>

#include "account.h"
#include "database.h"
#include "i18n.h"

#define UI_MIN_ROWS 24
#define UI_MIN_COLS 80
#define CTRL_KEY(letter) ((letter) & 0x1f)
#define KEY_ESCAPE 27

/* Every action: its name, default keys, the label the key-help line shows,
 * and its help text. Key dispatch, the help screen and the key-help line are
 * all generated from this table. */
#define ACTIONS(_) \
	_(NONE,           0,             0,         0,             "",         "",             "") \
	_(HELP,           '?',           KEY_F(1),  0,             "?/F1",     N_("help"),     N_("Show the keys of regdesk")) \
	_(LOCK,           CTRL_KEY('l'), KEY_F(12), 0,             "^L/F12",   N_("lock"),     N_("Lock the screen now (the screen may face a visitor)")) \
	_(BACK,           KEY_ESCAPE,    KEY_F(10), 0,             "Esc/F10",  N_("back"),     N_("Back, or cancel the form")) \
	_(QUIT,           'q',           0,         0,             "q",        N_("quit"),     N_("Back; quit regdesk from the main menu")) \
	_(UP,             KEY_UP,        0,         0,             "Up",       N_("up"),       N_("Previous row or field")) \
	_(DOWN,           KEY_DOWN,      0,         0,             "Down",     N_("down"),     N_("Next row or field")) \
	_(PAGE_UP,        KEY_PPAGE,     0,         0,             "PgUp",     N_("page up"),  N_("Previous page")) \
	_(PAGE_DOWN,      KEY_NPAGE,     0,         0,             "PgDn",     N_("page down"), N_("Next page")) \
	_(FIRST,          KEY_HOME,      'g',       0,             "Home",     N_("first"),    N_("First row, or start of the field")) \
	_(LAST,           KEY_END,       'G',       0,             "End",      N_("last"),     N_("Last row, or end of the field")) \
	_(OPEN,           '\n',          KEY_ENTER, 0,             "Enter",    N_("open"),     N_("Open or choose; in a form, next field or save")) \
	_(NEXT_FIELD,     '\t',          0,         0,             "Tab",      N_("next field"), N_("Next field")) \
	_(PREVIOUS_FIELD, KEY_BTAB,      0,         0,             "S-Tab",    N_("previous field"), N_("Previous field")) \
	_(SAVE,           KEY_F(2),      CTRL_KEY('s'), 0,         "F2",       N_("save"),     N_("Save the form")) \
	_(ADD,            'a',           KEY_IC,    CTRL_KEY('n'), "a/^N/Ins", N_("new"),      N_("Add a new record (^N or Ins where letters are typed)")) \
	_(EDIT,           'e',           KEY_F(3),  0,             "e/F3",     N_("edit"),     N_("Edit the record")) \
	_(CATEGORY,       KEY_F(4),      0,         0,             "F4",       N_("category"), N_("Show only one category (cycles)")) \
	_(ORGANISATIONS,  KEY_F(5),      0,         0,             "F5",       N_("organisations"), N_("Organisations")) \
	_(MERGE,          'm',           0,         0,             "m",        N_("merge"),    N_("Merge with another record of the same person")) \
	_(SWAP,           's',           0,         0,             "s",        N_("swap"),     N_("Swap which record survives the merge")) \
	_(END_RELATIONSHIP, 'x',         0,         0,             "x",        N_("end"),      N_("End the relationship (sets its end date; nothing is deleted)")) \
	_(BAN,            'b',           KEY_F(6),  0,             "b/F6",     N_("bans"),     N_("Bans and consents; there, ban the selected purpose")) \
	_(CONSENT,        'c',           0,         0,             "c",        N_("consent"),  N_("Record a consent for the selected purpose")) \
	_(WITHDRAW,       'w',           0,         0,             "w",        N_("nothing said"), N_("Record that nothing is said any more (a consent withdrawn)")) \
	_(SALE_EMAIL,     'S',           0,         0,             "S",        N_("sale e-mail"), N_("Record that the e-mail address was obtained in a sale with a free refusal offered (917/2014 §200(2))")) \
	_(DISMISS_DUPLICATE, 'D',        0,         0,             "D",        N_("not a duplicate"), N_("Contact: not the same person as the possible duplicate; the flag is removed")) \
	_(DISCLOSE,       'l',           0,         0,             "l",        N_("disclosure"), N_("Record a disclosure of this person's data made by hand (notice §2.1-2.3)")) \
	_(MARK_PRESENT,   '1',           0,         0,             "1",        N_("present"),  N_("Mark the participant present")) \
	_(MARK_ABSENT,    '2',           0,         0,             "2",        N_("absent"),   N_("Mark the participant absent")) \
	_(MARK_PARTLY,    '3',           0,         0,             "3",        N_("partly"),   N_("Mark the participant partly present")) \
	_(REGISTER_PRESENT, CTRL_KEY('p'), 0,       0,             "^P",       N_("register, present"), N_("Registering a participant: register the person found and mark them present at once")) \
	_(MARK_ALL,       '*',           0,         0,             "*",        N_("all present"), N_("Mark everyone not yet marked present")) \
	_(ISSUE,          'i',           0,         0,             "i",        N_("issue cards"), N_("Issue certificates or permit cards to those present")) \
	_(EXPORT_LIST,    'o',           0,         0,             "o",        N_("list out"), N_("Export the list for the external trainer or venue (a disclosure)")) \
	_(CANCEL,         KEY_DC,        0,         0,             "Del",      N_("cancel"),   N_("Cancel the registration")) \
	_(ADD_REFERENCE,  't',           0,         0,             "t",        N_("reference"), N_("Add a maintenance reference (agreement, fault report, order)")) \
	_(SET_ROLE,       'r',           0,         0,             "r",        N_("role"),     N_("Change the user's role")) \
	_(RESET_PASSWORD, 'p',           0,         0,             "p",        N_("reset password"), N_("Reset the user's password (must be changed at next login)")) \
	_(DEACTIVATE,     'd',           0,         0,             "d",        N_("deactivate"), N_("Deactivate the user (accounts are never deleted)")) \
	_(FILTER,         '/',           0,         0,             "/",        N_("filter"),   N_("Filter the list")) \
	_(VERIFY,         'v',           0,         0,             "v",        N_("verify"),   N_("Verify: the audit trail's chain; a requester's identity (ID check, letter, reply, call back)")) \
	_(LINK,           'f',           0,         0,             "f",        N_("find and link"), N_("Find the requester in the register and link the record")) \
	_(REPORT,         KEY_F(7),      0,         0,             "F7",       N_("report"),   N_("Produce and show the access report (notice §6.1)")) \
	_(EXTEND,         KEY_F(8),      0,         0,             "F8",       N_("extend"),   N_("Extend the deadline by two months (privacy officer)")) \
	_(CLOSE_REQUEST,  KEY_F(9),      0,         0,             "F9",       N_("close"),    N_("Complete or refuse the request, with the outcome")) \
	_(PRINT,          'P',           0,         0,             "P",        N_("print"),    N_("Print with the system's lp")) \
	_(ERASE,          'E',           0,         0,             "E",        N_("erase"),    N_("Erasure: preview, then confirm (privacy officer)")) \
	_(HOLD,           'H',           0,         0,             "H",        N_("hold"),     N_("Add a legal hold (privacy officer)")) \
	_(CHECK,          KEY_F(11),     0,         0,             "F11",      N_("check"),    N_("Check the database: integrity, references, audit chain")) \
	_(RESTORE,        CTRL_KEY('r'), 0,         0,             "^R",       N_("restore"),  N_("Restore the register from a backup: preview, then typed confirmation (privacy officer)")) \
	_(KEEP,           'K',           0,         0,             "K",        N_("keep"),     N_("Keep the record, with a reason (sets the review date)")) \
	_(ERASE_RULE,     'X',           0,         0,             "X",        N_("erase all due"), N_("Erase everyone due under the selected record's rule (typed confirmation)")) \
	_(ROUND,          'R',           0,         0,             "R",        N_("round"),    N_("Open or close the annual review round")) \
	_(ROUNDS,         'L',           0,         0,             "L",        N_("past rounds"), N_("Past review rounds and their summaries")) \
	_(NOTIFY,         'N',           0,         0,             "N",        N_("notify"),   N_("Record that the recipients were told (GDPR Art. 19)")) \
	_(SAVE_MAPPING,   'M',           0,         0,             "M",        N_("save mapping"), N_("Import: save the column mapping for the next file with the same columns")) \
	_(YES,            'y',           'k',       0,             "y",        N_("yes"),      N_("Yes, confirm")) \
	_(NO,             'n',           0,         0,             "n",        N_("no"),       N_("No, cancel"))

enum action {
#define ACTION_ENUM(name, key, second_key, third_key, label, short_help, help) ACTION_##name,
	ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
	ACTION_COUNT
};

/* The action bound to key, or ACTION_NONE. While the screen is typing into a
 * field, printable keys are text, not actions. */
enum action action_for_key(wint_t key, bool is_function_key, bool typing);
const char *action_key_label(enum action action);
/* The label's keys that work in the mode: while typing, a letter or sign is
 * text, so "a/^N/Ins" gives "^N/Ins" and "b/F6" gives "F6"; first_only keeps
 * the first such key ("^N"). Writes "" when none works (the action is not
 * offered while typing). Returns the length written. */
size_t action_key_label_for(enum action action, bool typing, bool first_only, char *out, size_t out_size);
const char *action_help(enum action action);
/* The few words the key-help line shows. */
const char *action_short_help(enum action action);

/* What a screen's handle() tells the loop. */
enum {
	SCREEN_HANDLED = 1,
	SCREEN_REDRAW = 2,
};

struct app;

/* One key as get_wch gave it: a character, or a function key (KEY_*). */
struct key_press {
	wint_t code;
	bool function;                          /* code is a KEY_* constant, not a character */
};

/* How a screen closed, for the screen below it (its resume hook). */
enum screen_outcome {
	SCREEN_CLOSED,                          /* Back, Esc, a cancelled form: nothing to take */
	SCREEN_CHOSEN,                          /* a picker: id (and text) is the record chosen */
	SCREEN_SAVED,                           /* a form: id (and text) is the record saved, new or changed */
	SCREEN_DONE,                            /* an action was carried out: id is the record it left
						   (a merge's survivor) */
};

struct screen_ops;

/* What the screen above hands back when it closes (app_pop_with). The loop
 * copies it before the closing screen's state is freed and fills in from. */
struct screen_result {
	const struct screen_ops *from;              /* the screen that closed: compare with &<name>_screen */
	enum screen_outcome outcome;
	long long id;                           /* SCREEN_CHOSEN, _SAVED, _DONE: the record */
	char text[801];                         /* the record's name where the caller shows it; "" otherwise */
};

/* One screen: all its functions static in screens/<name>.c, which exports
 * one const struct screen_ops <name>_screen. Each opening of a screen has its own
 * state, self: state_size bytes the loop allocates zeroed when the screen is
 * pushed and frees when it is popped, so the same screen open twice (a list
 * as a picker over itself, a detail over a detail) keeps two records. A
 * screen keeps nothing mutable at file scope. */
struct screen_ops {
	const char *title;                      /* N_() title shown on the title row */
	size_t state_size;                      /* sizeof the screen's state struct; 0: self is NULL */
	/* Pushed. argument is the screen's own const struct <name>_argument *
	 * (NULL when it takes none), valid only during the call: copy what is kept. */
	void (*open)(void *self, struct app *app, const void *argument);
	/* The screen above this one closed, with what it hands back. Called for
	 * every screen closed above (help and lock too): look at result->from. */
	void (*resume)(void *self, struct app *app, const struct screen_result *result);
	/* Size changed or back on top: place things. Reads at most; never writes
	 * to the register, never pushes or pops. */
	void (*layout)(void *self, struct app *app);
	void (*draw)(void *self, struct app *app);                 /* paint the content area */
	int (*handle)(void *self, struct app *app, enum action action, struct key_press key); /* SCREEN_* flags */
	void (*leave)(void *self, struct app *app);                /* popped: free what self holds; NULL: nothing */
	bool (*typing)(void *self, struct app *app);               /* true while keys go into a text field; NULL = never */
	const enum action *key_help;            /* actions on the key-help line, ending with ACTION_NONE */
	/* The key-help line's actions when they depend on the state (what works
	 * for this record now), ending with ACTION_NONE; NULL: key_help. */
	const enum action *(*keys_now)(const void *self);
	/* Whether an action of that list works now, for this user's role
	 * (permission_allows) and this record or mode; NULL: every one does.
	 * The key-help line offers only those (issue 16). */
	bool (*key_works)(const void *self, const struct app *app, enum action action);
	/* The few words the key-help line shows for an action when this screen
	 * means something narrower by it (a picker's Enter "chooses"); NULL, or
	 * NULL returned: the action's own. */
	const char *(*key_words)(const void *self, enum action action);
};

#define APP_MAX_DEPTH 12

/* One opened screen on the stack. */
struct app_frame {
	const struct screen_ops *screen;
	void *self;                             /* its state (state_size bytes), owned by the loop */
};

struct app {
	struct database *db;                    /* the register */
	struct session session;                 /* the logged-in user, when logged_in */
	bool logged_in;
	struct app_frame stack[APP_MAX_DEPTH];  /* screens, top last */
	int depth;
	int rows, cols;                         /* terminal size */
	int content_top, content_rows;          /* the area a screen may draw in */
	char message[512];                      /* one line under the content */
	bool message_is_error;
	time_t last_input;                      /* for the idle lock */
	bool quit;
	char exit_error[1024];                  /* why regdesk stopped on its own (printed after the screen) */
};

/* Pushes screen; argument is its const struct <name>_argument * or NULL. */
void app_push(struct app *app, const struct screen_ops *screen, const void *argument);
/* Pushes <name>_screen with a struct <name>_argument built from the
 * designated initialisers given: APP_OPEN(app, contact_detail, .contact_id = id).
 * The argument's type follows from the name, so a wrong one does not compile. */
#define APP_OPEN(app, name, ...) \
	app_push((app), &name##_screen, &(const struct name##_argument){ __VA_ARGS__ })
/* Pops the top screen; the one below is resumed with SCREEN_CLOSED. */
void app_pop(struct app *app);
/* Pops the top screen; the one below is resumed with result (copied first,
 * so it may point into the closing screen's state). After either pop the
 * closing screen's self is freed: do not touch it. */
void app_pop_with(struct app *app, const struct screen_result *result);
/* Pops every screen and pushes screen: after login, logout. */
void app_reset(struct app *app, const struct screen_ops *screen, const void *argument);
/* Whether screen is the one on top. */
bool app_top_is(const struct app *app, const struct screen_ops *screen);
__attribute__((format(printf, 3, 4)))
void app_message(struct app *app, bool is_error, const char *format, ...);
/* Shows why an operation of the core failed: the one message for a status
 * (status_explain), so every screen words a failure the same way. */
void app_fail(struct app *app, enum status status);
/* Locks the screen at once (the lock screen goes on top; nothing below is lost). */
void app_lock(struct app *app, bool idle);
void app_log_out(struct app *app);
/* The register under this desk was replaced (a restore): the session ends
 * (it belonged to the replaced register, so nothing is written in its name),
 * the connection is closed and the restored register opened, and the login
 * screen shows notice. Everything on the stack is freed: return at once. */
void app_register_replaced(struct app *app, const char *notice);
/* A signal (SIGINT, SIGTERM, SIGHUP) asked regdesk to stop: a long pass
 * (an import) checks it to roll back; the loop then ends. */
bool app_stop_requested(void);

/* Colour roles: one table, one init_pair place, monochrome fallback. */
#define COLOR_ROLES(_) \
	_(NORMAL,        -1,            -1,          A_NORMAL) \
	_(STATUS_BAR,    COLOR_WHITE,   COLOR_BLUE,  A_REVERSE) \
	_(TITLE,         COLOR_CYAN,    -1,          A_BOLD) \
	_(SELECTED,      COLOR_BLACK,   COLOR_CYAN,  A_REVERSE) \
	_(FIELD,         -1,            -1,          A_UNDERLINE) \
	_(FIELD_FOCUS,   COLOR_BLACK,   COLOR_WHITE, A_REVERSE) \
	_(FIELD_ERROR,   COLOR_RED,     -1,          A_BOLD) \
	_(MESSAGE_ERROR, COLOR_WHITE,   COLOR_RED,   A_BOLD | A_REVERSE) \
	_(MESSAGE_INFO,  COLOR_GREEN,   -1,          A_BOLD) \
	_(KEY_HELP,      COLOR_BLACK,   COLOR_WHITE, A_REVERSE) \
	_(WARNING,       COLOR_YELLOW,  -1,          A_BOLD) \
	_(DIM,           -1,            -1,          A_DIM)

enum color_role {
#define COLOR_ROLE_ENUM(name, foreground, background, mono) COLOR_ROLE_##name,
	COLOR_ROLES(COLOR_ROLE_ENUM)
#undef COLOR_ROLE_ENUM
	COLOR_ROLE_COUNT
};

void ui_colors_init(void);
attr_t ui_attr(enum color_role role);

/* Draws UTF-8 text from anywhere (the database included) at y, x within
 * width columns: control characters made visible, cut by display columns
 * (a cut that drops a letter or digit ends with "…", never mid-word
 * unmarked), padded with spaces to width when pad is set. Returns columns used. */
int ui_draw_text(int y, int x, int width, const char *text, enum color_role role, bool pad);
/* Draws cells side by side, each cut and padded to its width in display
 * columns with one space between; the last cell takes what is left. */
void ui_draw_row(int y, int x, int width, const int *cell_widths, const char *const *cells, int count,
		 enum color_role role);
/* Display columns of UTF-8 text. */
int ui_text_width(const char *text);
/* Draws text from row y wrapped at spaces to width columns, in at most
 * max_lines rows (the last ends with "…" when more is left); returns the rows used. */
int ui_draw_wrapped(int y, int x, int width, int max_lines, const char *text, enum color_role role);
/* The rows ui_draw_wrapped would use, drawing nothing. */
int ui_wrapped_rows(int width, int max_lines, const char *text);

#endif
