/* The form widget and the common drawing (issue 16): nothing typed is lost
 * by one key (Esc on a changed form asks "Discard the changes? (y/n)"), and
 * no word is cut silently at the edge (a cut that drops a letter ends with
 * "…"). Draws into a curses screen that is never shown. */
#include "unit.h"

#include <locale.h>
#include <wchar.h>

#include "form.h"

enum { NAME, PASSWORD, SEARCH, FIELD_COUNT };

struct fixture {
	struct form_field fields[FIELD_COUNT];
	struct form form;
};

static struct fixture *new_form(void)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->fields[NAME] = (struct form_field){ .label = "Name" };
	f->fields[PASSWORD] = (struct form_field){ .label = "Password", .kind = FIELD_SECRET };
	f->fields[SEARCH] = (struct form_field){ .label = "Find", .disposable = true };
	form_init(&f->form, f->fields, FIELD_COUNT, NULL);
	return f;
}

static enum form_result press(struct form *form, wint_t key)
{
	/* As the loop gives it: the action for the key while a field takes text. */
	return form_handle(form, action_for_key(key, false, form_typing(form)), (struct key_press){ key, false });
}

static void type(struct form *form, const char *text)
{
	for (const char *p = text; *p; p++)
		assert_int_equal(press(form, (wint_t)(unsigned char)*p), FORM_CHANGED);
}

static void test_esc_on_unchanged_form_closes(void **state)
{
	(void)state;
	struct fixture *f = new_form();
	form_set_value(&f->form, NAME, "Söderström");   /* filled by the screen: nothing typed */
	assert_int_equal(press(&f->form, KEY_ESCAPE), FORM_CANCEL);
	free(f);
}

static void test_esc_on_changed_form_asks_and_n_keeps_everything(void **state)
{
	(void)state;
	struct fixture *f = new_form();
	type(&f->form, "Aino");
	assert_true(form_changed(&f->form));
	assert_int_equal(press(&f->form, KEY_ESCAPE), FORM_CHANGED);
	assert_true(f->form.asking_discard);
	/* Letters answer the question; they are not typed into the field. */
	assert_int_equal(press(&f->form, 'x'), FORM_CHANGED);
	assert_true(f->form.asking_discard);
	assert_int_equal(press(&f->form, 'n'), FORM_CHANGED);
	assert_false(f->form.asking_discard);
	char value[64];
	form_value(&f->form, NAME, value, sizeof value);
	assert_string_equal(value, "Aino");
	/* Esc to the question keeps the form too; y then discards. */
	assert_int_equal(press(&f->form, KEY_ESCAPE), FORM_CHANGED);
	assert_int_equal(press(&f->form, KEY_ESCAPE), FORM_CHANGED);
	assert_false(f->form.asking_discard);
	assert_int_equal(press(&f->form, KEY_ESCAPE), FORM_CHANGED);
	assert_int_equal(press(&f->form, 'y'), FORM_CANCEL);
	free(f);
}

static void test_finnish_k_discards(void **state)
{
	(void)state;
	struct fixture *f = new_form();
	type(&f->form, "Asa");
	assert_int_equal(form_handle(&f->form, ACTION_BACK, (struct key_press){ KEY_F(10), true }), FORM_CHANGED);
	assert_int_equal(press(&f->form, 'k'), FORM_CANCEL);   /* kyllä */
	free(f);
}

static void test_secret_and_disposable_fields_are_no_changes(void **state)
{
	(void)state;
	struct fixture *f = new_form();
	f->form.focus = PASSWORD;
	type(&f->form, "secret-password");
	f->form.focus = SEARCH;
	type(&f->form, "sod");
	assert_false(form_changed(&f->form));
	assert_int_equal(press(&f->form, KEY_ESCAPE), FORM_CANCEL);
	free(f);
}

static void test_saved_form_closes_without_asking(void **state)
{
	(void)state;
	struct fixture *f = new_form();
	type(&f->form, "Veikko");
	form_mark_saved(&f->form);
	assert_int_equal(press(&f->form, KEY_ESCAPE), FORM_CANCEL);
	free(f);
}

/* The text of row y as drawn, trailing spaces dropped, as UTF-8. */
static void row_text(int y, char *out, size_t out_size)
{
	wchar_t cells[256];
	mvinnwstr(y, 0, cells, 200);
	size_t length = wcslen(cells);
	while (length > 0 && cells[length - 1] == L' ')
		cells[--length] = L'\0';
	assert_true(wcstombs(out, cells, out_size) != (size_t)-1);
}

static int curses_setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	if (!out || !in || !newterm("xterm", out, in))
		return -1;
	resizeterm(24, 80);
	return 0;
}

static int curses_teardown(void **state)
{
	(void)state;
	endwin();
	return 0;
}

static void test_cut_word_ends_with_ellipsis(void **state)
{
	(void)state;
	char row[1024];
	erase();
	assert_int_equal(ui_draw_text(0, 0, 12, "Söderström-Åkerlund", COLOR_ROLE_NORMAL, false), 12);
	row_text(0, row, sizeof row);
	assert_string_equal(row, "Söderström-…");
	/* What fits is drawn whole, without a mark. */
	erase();
	ui_draw_text(0, 0, 19, "Söderström-Åkerlund", COLOR_ROLE_NORMAL, false);
	row_text(0, row, sizeof row);
	assert_string_equal(row, "Söderström-Åkerlund");
	/* A rule cut to the width loses no word: no mark. */
	erase();
	ui_draw_text(0, 0, 5, "──────────", COLOR_ROLE_NORMAL, false);
	row_text(0, row, sizeof row);
	assert_string_equal(row, "─────");
}

static void test_wrapped_text_ends_with_ellipsis_when_more_is_left(void **state)
{
	(void)state;
	char row[1024];
	erase();
	const char *text = "älä kirjaa henkilötunnuksia tai asiakirjojen numeroita";
	assert_int_equal(ui_wrapped_rows(30, 2, text), 2);
	assert_int_equal(ui_draw_wrapped(0, 0, 30, 1, text, COLOR_ROLE_NORMAL), 1);
	row_text(0, row, sizeof row);
	assert_string_equal(row, "älä kirjaa henkilötunnuksia…");
	assert_int_equal(ui_wrapped_rows(80, 2, text), 1);
	/* A word longer than a row (a file's path) is broken where the row
	 * ends, nothing of it lost; the word before it stays on the row. */
	erase();
	assert_int_equal(ui_draw_wrapped(0, 0, 20, 2, "Saved /tmp/files/regdesk-report-1-1.txt", COLOR_ROLE_NORMAL), 2);
	row_text(0, row, sizeof row);
	assert_string_equal(row, "Saved /tmp/files/reg");
	row_text(1, row, sizeof row);
	assert_string_equal(row, "desk-report-1-1.txt");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_esc_on_unchanged_form_closes),
		cmocka_unit_test(test_esc_on_changed_form_asks_and_n_keeps_everything),
		cmocka_unit_test(test_finnish_k_discards),
		cmocka_unit_test(test_secret_and_disposable_fields_are_no_changes),
		cmocka_unit_test(test_saved_form_closes_without_asking),
		cmocka_unit_test(test_cut_word_ends_with_ellipsis),
		cmocka_unit_test(test_wrapped_text_ends_with_ellipsis_when_more_is_left),
	};
	return cmocka_run_group_tests(tests, curses_setup, curses_teardown);
}
