/* The key-help line's labels (issue 16): every key a label names is bound
 * to its action, and while a screen types into a field (a list that searches
 * as you type) the label names only keys that are not text. The e2e suite
 * test_tui_key_help.sh presses the first key of each entry on every screen;
 * this checks the others against the bindings. Built with the action table
 * itself (screens/draw.c), which has no state of its own. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../screens/draw.c"

/* A key as a label writes it, as get_wch gives it. */
static bool key_code(const char *name, wint_t *code, bool *function)
{
	static const struct {
		const char *name;
		int code;
		bool function;
	} named[] = {
		{ "Enter", '\n', false }, { "Tab", '\t', false }, { "Esc", KEY_ESCAPE, false },
		{ "S-Tab", KEY_BTAB, true }, { "Up", KEY_UP, true }, { "Down", KEY_DOWN, true },
		{ "PgUp", KEY_PPAGE, true }, { "PgDn", KEY_NPAGE, true }, { "Home", KEY_HOME, true },
		{ "End", KEY_END, true }, { "Ins", KEY_IC, true }, { "Del", KEY_DC, true },
	};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(name, named[i].name) == 0) {
			*code = (wint_t)named[i].code;
			*function = named[i].function;
			return true;
		}
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
		*code = (wint_t)KEY_F(atoi(name + 1));
		*function = true;
		return true;
	}
	if (name[0] == '^' && name[1] && !name[2]) {
		*code = (wint_t)CTRL_KEY(name[1] | 0x20);
		*function = false;
		return true;
	}
	if (name[0] && !name[1]) {
		*code = (wint_t)(unsigned char)name[0];
		*function = false;
		return true;
	}
	return false;
}

/* Each key of label, split at '/' ("/" alone is the key itself), is bound to action. */
static void assert_label_bound(enum action action, const char *label, bool typing)
{
	char keys[64];
	snprintf(keys, sizeof keys, "%s", label);
	if (strcmp(keys, "/") == 0) {
		assert_int_equal(action_for_key('/', false, typing), action);
		return;
	}
	for (char *key = strtok(keys, "/"); key; key = strtok(NULL, "/")) {
		wint_t code;
		bool function;
		if (!key_code(key, &code, &function))
			fail_msg("action %d: the label's key \"%s\" has no known code", (int)action, key);
		if (action_for_key(code, function, typing) != action)
			fail_msg("action %d: \"%s\" in its label (%s) is not bound to it%s", (int)action, key, label,
				 typing ? " while typing" : "");
	}
}

static void test_every_label_key_is_bound_to_its_action(void **unused)
{
	(void)unused;
	for (int action = 1; action < ACTION_COUNT; action++)
		assert_label_bound((enum action)action, action_key_label((enum action)action), false);
}

/* Issue 16: "letters are text, so the keys offered there must not be letters". */
static void test_while_typing_a_label_names_only_keys_that_are_not_text(void **unused)
{
	(void)unused;
	char keys[64];
	for (int action = 1; action < ACTION_COUNT; action++) {
		if (action_key_label_for((enum action)action, true, false, keys, sizeof keys) > 0)
			assert_label_bound((enum action)action, keys, true);
	}
	action_key_label_for(ACTION_ADD, true, false, keys, sizeof keys);
	assert_string_equal(keys, "^N/Ins");
	action_key_label_for(ACTION_BAN, true, false, keys, sizeof keys);
	assert_string_equal(keys, "F6");
	action_key_label_for(ACTION_HELP, true, false, keys, sizeof keys);
	assert_string_equal(keys, "F1");
	/* Nothing but a letter: not offered while typing. */
	assert_int_equal(action_key_label_for(ACTION_MERGE, true, false, keys, sizeof keys), 0);
	assert_int_equal(action_key_label_for(ACTION_FILTER, true, false, keys, sizeof keys), 0);
}

static void test_not_typing_a_label_keeps_every_key_and_compact_the_first(void **unused)
{
	(void)unused;
	char keys[64];
	action_key_label_for(ACTION_ADD, false, false, keys, sizeof keys);
	assert_string_equal(keys, "a/^N/Ins");
	action_key_label_for(ACTION_ADD, false, true, keys, sizeof keys);
	assert_string_equal(keys, "a");
	action_key_label_for(ACTION_ADD, true, true, keys, sizeof keys);
	assert_string_equal(keys, "^N");
	action_key_label_for(ACTION_FILTER, false, true, keys, sizeof keys);
	assert_string_equal(keys, "/");
	action_key_label_for(ACTION_BACK, false, false, keys, sizeof keys);
	assert_string_equal(keys, "Esc/F10");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_label_key_is_bound_to_its_action),
		cmocka_unit_test(test_while_typing_a_label_names_only_keys_that_are_not_text),
		cmocka_unit_test(test_not_typing_a_label_keeps_every_key_and_compact_the_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
