/* The one command table of the batch command line (issue 15): every entry
 * complete, names unique, and the contact commands take every contact field. */
#include "unit.h"

#include "cli_common.h"
#include "cli_table.h"
#include "contact.h"

static const struct cli_option *option_named(const struct cli_command *command, const char *name)
{
	for (const struct cli_option *option = command->options; option->name; option++)
		if (strcmp(option->name, name) == 0)
			return option;
	return NULL;
}

static const struct cli_command *command_named(const char *group, const char *verb)
{
	for (size_t i = 0; i < cli_command_count; i++)
		if (strcmp(cli_commands[i].group, group) == 0 &&
		    (cli_commands[i].verb ? verb && strcmp(cli_commands[i].verb, verb) == 0 : !verb))
			return &cli_commands[i];
	return NULL;
}

static void test_every_command_is_complete_and_unique(void **state)
{
	(void)state;
	assert_true(cli_command_count >= 45);
	for (size_t i = 0; i < cli_command_count; i++) {
		const struct cli_command *command = &cli_commands[i];
		assert_non_null(command->group);
		assert_non_null(command->words);
		assert_non_null(command->options);
		assert_non_null(command->run);
		assert_true(command->help && *command->help);
		assert_true(command->permission == CLI_NO_LOGIN || command->permission == CLI_ANY_ROLE ||
			    (command->permission >= 0 && command->permission < PERMISSION_COUNT));
		for (size_t j = i + 1; j < cli_command_count; j++) {
			const struct cli_command *other = &cli_commands[j];
			bool same_group = strcmp(command->group, other->group) == 0;
			/* A one-word command owns its group: "export", "backup". */
			assert_false(same_group && (!command->verb || !other->verb));
			assert_false(same_group && strcmp(command->verb, other->verb) == 0);
		}
		for (const struct cli_option *option = command->options; option->name; option++) {
			assert_true(*option->name && option->name[0] != '-');
			assert_true(strcmp(option->name, "help") != 0);   /* every command's own */
			assert_ptr_equal(option_named(command, option->name), option);   /* no name twice */
		}
	}
}

/* contact add and contact edit take every field of a contact, as --first-name ... */
static void test_contact_commands_take_every_contact_field(void **state)
{
	(void)state;
	const struct cli_command *add = command_named("contact", "add"), *edit = command_named("contact", "edit");
	assert_non_null(add);
	assert_non_null(edit);
	for (int field = 0; field < CONTACT_FIELD_COUNT; field++) {
		char name[64];
		snprintf(name, sizeof name, "%s", contact_field_column((enum contact_field)field));
		for (char *p = name; *p; p++)
			if (*p == '_')
				*p = '-';
		assert_non_null(option_named(add, name));
		assert_non_null(option_named(edit, name));
		assert_non_null(option_named(add, name)->value_name);
	}
}

/* Notice §5.1: an account is made with its commitment date, and it can be recorded later. */
static void test_user_commands_take_the_commitment_date(void **state)
{
	(void)state;
	const struct cli_option *added = option_named(command_named("user", "add"), "commitment-signed");
	assert_non_null(added);
	assert_true(added->flags & CLI_REQUIRED);
	assert_non_null(command_named("user", "edit"));
	assert_non_null(option_named(command_named("user", "edit"), "commitment-signed"));
}

/* A verb of several words ("review round open") is found by its words: no
 * verb of a group may be the first words of another, or the longer one
 * could never be reached. */
static void test_no_verb_is_the_start_of_another(void **state)
{
	(void)state;
	for (size_t i = 0; i < cli_command_count; i++)
		for (size_t j = 0; j < cli_command_count; j++) {
			const struct cli_command *a = &cli_commands[i], *b = &cli_commands[j];
			if (i == j || !a->verb || !b->verb || strcmp(a->group, b->group) != 0)
				continue;
			size_t length = strlen(a->verb);
			if (strncmp(a->verb, b->verb, length) == 0 && b->verb[length] == ' ')
				fail_msg("'%s %s' hides '%s %s'", a->group, a->verb, b->group, b->verb);
		}
	assert_non_null(command_named("review", "round open"));
	assert_non_null(command_named("contact", "reference add"));
}

/* Issue 16: --limit beyond what a command prints is refused, never cut to a default. */
static void test_limit_out_of_range_is_refused(void **state)
{
	(void)state;
	long limit = 0;
	assert_true(cli_parse_limit("100000", 100000, &limit));
	assert_int_equal(limit, 100000);
	assert_true(cli_parse_limit("1", 100000, &limit));
	assert_int_equal(limit, 1);
	limit = 5;
	assert_false(cli_parse_limit("100001", 100000, &limit));
	assert_false(cli_parse_limit("0", 100000, &limit));
	assert_false(cli_parse_limit("-3", 100000, &limit));
	assert_false(cli_parse_limit("12x", 100000, &limit));
	assert_false(cli_parse_limit("", 100000, &limit));
	assert_false(cli_parse_limit("99999999999999999999", 100000, &limit));
	assert_int_equal(limit, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_command_is_complete_and_unique),
		cmocka_unit_test(test_contact_commands_take_every_contact_field),
		cmocka_unit_test(test_user_commands_take_the_commitment_date),
		cmocka_unit_test(test_no_verb_is_the_start_of_another),
		cmocka_unit_test(test_limit_out_of_range_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
