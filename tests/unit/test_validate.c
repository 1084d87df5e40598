/* Field validators shared by the forms, the command line and imports
 * (src/validate.c): Finnish business ID, postal codes, e-mail, phone, dates
 * and free text. Every case below is one that a wrong rule would get wrong:
 * each accepted value is near a refused one and vice versa. */
#include "unit.h"

#include "validate.h"

#define COUNT(array) (sizeof (array) / sizeof (array)[0])

/* Asserts the verdict and, on refusal, that a reason was given (the forms
 * show it next to the field). */
static void expect(bool ok, bool expected, const char *what, const char *value, const char *reason)
{
	if (ok != expected)
		fail_msg("%s \"%s\": %s, expected %s (reason: \"%s\")", what, value, ok ? "accepted" : "refused",
			 expected ? "accepted" : "refused", reason);
	if (!ok && !*reason)
		fail_msg("%s \"%s\" refused without a reason", what, value);
}

static void business_id(const char *value, bool expected)
{
	char reason[256] = "";
	expect(validate_business_id(value, reason, sizeof reason), expected, "business ID", value, reason);
}

static void postal_code(const char *value, const char *country, bool expected)
{
	char reason[256] = "";
	char what[64];
	snprintf(what, sizeof what, "postal code (%s)", country);
	expect(validate_postal_code(value, country, reason, sizeof reason), expected, what, value, reason);
}

static void email(const char *value, bool expected)
{
	char reason[256] = "";
	expect(validate_email(value, reason, sizeof reason), expected, "e-mail", value, reason);
}

static void phone(const char *value, bool expected)
{
	char reason[256] = "";
	expect(validate_phone(value, reason, sizeof reason), expected, "phone", value, reason);
}

/* A valid date and what it is normalised to. */
static void date_ok(const char *value, const char *normalised)
{
	char out[32] = "unchanged", reason[256] = "";
	expect(validate_date(value, out, sizeof out, reason, sizeof reason), true, "date", value, reason);
	assert_string_equal(out, normalised);
}

static void date_refused(const char *value)
{
	char out[32] = "", reason[256] = "";
	expect(validate_date(value, out, sizeof out, reason, sizeof reason), false, "date", value, reason);
}

static void text(const char *value, size_t max_chars, bool required, bool multiline, bool expected)
{
	char reason[256] = "";
	expect(validate_text(value, max_chars, required, multiline, reason, sizeof reason), expected, "text", value,
	       reason);
}

/* The check digit by the rule, independently of src/validate.c: weights
 * 7 9 10 5 8 4 2, sum mod 11; 0 -> 0, 1 -> no valid ID (-1), else 11 - r. */
static int check_digit(const char *seven)
{
	static const int weights[7] = { 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;
	for (int i = 0; i < 7; i++)
		sum += (seven[i] - '0') * weights[i];
	int remainder = sum % 11;
	return remainder == 1 ? -1 : remainder == 0 ? 0 : 11 - remainder;
}

/* ---- Y-tunnus ---- */

static void test_business_id_valid(void **state)
{
	(void)state;
	business_id("0112038-9", true);   /* Nokia Oyj */
	/* Kone, Elisa and Fortum as published; each also valid by check_digit(). */
	business_id("1927400-1", true);
	business_id("0116510-6", true);
	business_id("1463611-4", true);
	assert_int_equal(check_digit("1927400"), 1);
	assert_int_equal(check_digit("0116510"), 6);
	assert_int_equal(check_digit("1463611"), 4);
	/* Computed by the rule (hand-checked):
	 * 1041090: 7+0+40+5+0+36+0 = 88, 88 mod 11 = 0 -> check digit 0. */
	business_id("1041090-0", true);
	business_id("1572860-0", true);   /* 7+45+70+10+64+24+0 = 220 = 20*11 -> 0 */
	business_id("0000000-0", true);   /* sum 0 -> 0 */
	business_id("2331972-7", true);   /* 14+27+30+5+72+28+4 = 180, mod 11 = 4 -> 7 */
	business_id("0109862-8", true);   /* remainder 3 -> 8 */
	business_id("1234567-1", true);   /* remainder 10 -> 1 */
	business_id("7654321-2", true);   /* remainder 9 -> 2 */

	/* Every 7-digit prefix of a sweep against the rule written out above:
	 * exactly the computed digit is accepted (none when the remainder is 1). */
	char value[10];
	int with_zero = 0, impossible = 0;
	for (long n = 0; n < 10000000; n += 99991) {
		snprintf(value, sizeof value, "%07ld-0", n);
		int expected = check_digit(value);
		with_zero += expected == 0;
		impossible += expected < 0;
		for (int digit = 0; digit <= 9; digit++) {
			value[8] = (char)('0' + digit);
			business_id(value, digit == expected);
		}
	}
	/* The sweep did reach both special remainders. */
	assert_true(with_zero > 0);
	assert_true(impossible > 0);
}

static void test_business_id_invalid(void **state)
{
	(void)state;
	/* Wrong check digit: every other digit after Nokia's seven. */
	for (char digit = '0'; digit <= '9'; digit++) {
		char value[] = "0112038-9";
		value[8] = digit;
		business_id(value, digit == '9');
	}
	business_id("0112083-9", false);  /* two digits swapped: the weights catch it */
	business_id("1041090-1", false);
	/* Remainder 1: 1111111 gives 7+9+10+5+8+4+2 = 45 = 4*11 + 1, no check
	 * digit exists; in particular not 0 (a "% 10" bug) and not 1. */
	assert_int_equal(check_digit("1111111"), -1);
	for (char digit = '0'; digit <= '9'; digit++) {
		char value[] = "1111111-0";
		value[8] = digit;
		business_id(value, false);
	}
	/* … and the user is told so, not that the check digit was mistyped. */
	char impossible[256] = "", mistyped[256] = "";
	assert_false(validate_business_id("1111111-0", impossible, sizeof impossible));
	assert_false(validate_business_id("0112038-8", mistyped, sizeof mistyped));
	assert_string_not_equal(impossible, mistyped);
	/* Format. */
	business_id("01120389", false);    /* no dash */
	business_id("0112038 9", false);   /* space for a dash */
	business_id("112038-9", false);    /* six digits */
	business_id("00112038-9", false);  /* eight digits */
	business_id("A112038-9", false);   /* letters */
	business_id("0112O38-9", false);   /* letter O for zero */
	business_id("0112038-X", false);
	business_id("0112038-9 ", false);  /* trailing space */
	business_id(" 0112038-9", false);  /* leading space */
	business_id("0112038-", false);
	business_id("0112038-99", false);
	business_id("", false);
}

/* ---- Postal codes ---- */

static void test_postal_codes(void **state)
{
	(void)state;
	postal_code("00100", "FI", true);     /* Helsinki */
	postal_code("50600", "FI", true);     /* Mikkeli */
	postal_code("99999", "FI", true);
	postal_code("0010", "FI", false);
	postal_code("001000", "FI", false);
	postal_code("0010a", "FI", false);
	postal_code("00 100", "FI", false);
	postal_code("00100 ", "FI", false);
	postal_code(" 00100", "FI", false);
	postal_code("FI-00100", "FI", false);
	/* Åland: the same five digits. */
	postal_code("22100", "AX", true);     /* Mariehamn */
	postal_code("2210", "AX", false);
	postal_code("AX-22100", "AX", false);
	/* Elsewhere free form (but still text). */
	postal_code("123 45", "SE", true);
	postal_code("SE-123 45", "SE", true);
	postal_code("10115", "DE", true);
	postal_code("SW1A 1AA", "GB", true);
	postal_code("0010", "SE", true);
	postal_code("123\x1b[2J45", "SE", false);   /* no control characters anywhere */
	/* Empty is allowed everywhere: the postal code is optional. */
	postal_code("", "FI", true);
	postal_code("", "AX", true);
	postal_code("", "SE", true);
}

/* ---- E-mail ---- */

static void test_email_accepted(void **state)
{
	(void)state;
	email("", true);                           /* optional field */
	email("anna.virtanen@esimerkki.fi", true);
	email("a@b.fi", true);
	email("ANNA.VIRTANEN@ESIMERKKI.FI", true);
	email("first.last+tag@sub.example.co.uk", true);
	email("o'brien@example.ie", true);
	email("anna_virtanen-2@esimerkki-yhtio.fi", true);
	/* Internationalised addresses (RFC 6531): the validator checks the
	 * shape, not the character set, and the register stores UTF-8; a person
	 * whose address really is åsa.öberg@… must be registrable. */
	email("åsa.öberg@esimerkki.fi", true);
	email("pekka@yhtiö.fi", true);

	/* 254 characters is the longest address (RFC 5321 path limit). */
	char longest[300];
	memset(longest, 'a', 254);
	memcpy(longest + 254 - strlen("@esimerkki.fi"), "@esimerkki.fi", strlen("@esimerkki.fi"));
	longest[254] = '\0';
	assert_int_equal(strlen(longest), 254);
	email(longest, true);
}

static void test_email_refused(void **state)
{
	(void)state;
	email("anna.virtanen.esimerkki.fi", false);     /* no @ */
	email("anna@@esimerkki.fi", false);             /* two @ */
	email("anna@virtanen@esimerkki.fi", false);     /* two @ */
	email("@esimerkki.fi", false);                  /* no local part */
	email("anna@", false);                          /* no domain */
	email("anna@esimerkki", false);                 /* no dot in the domain */
	email("anna@localhost", false);
	email("a@b.", false);                           /* empty top-level label */
	email("a@.fi", false);                          /* empty first label */
	email("a@b..fi", false);                        /* empty label inside */
	email("anna virtanen@esimerkki.fi", false);     /* space */
	email("anna@esimerkki .fi", false);
	email("anna@esimerkki.fi ", false);             /* trailing space */
	email(" anna@esimerkki.fi", false);             /* leading space */
	email("anna@esimerkki.fi,pekka@esimerkki.fi", false); /* comma: two addresses */
	email("anna,virtanen@esimerkki.fi", false);
	email("anna@esimerkki.fi;pekka@esimerkki.fi", false);
	email("Anna <anna@esimerkki.fi>", false);
	email("anna@esimerkki.fi\n", false);            /* control characters */
	email("anna\x1b[31m@esimerkki.fi", false);
	email("anna\xff@esimerkki.fi", false);          /* invalid UTF-8 */

	/* 255 characters: one too many. */
	char too_long[300];
	memset(too_long, 'a', 255);
	memcpy(too_long + 255 - strlen("@esimerkki.fi"), "@esimerkki.fi", strlen("@esimerkki.fi"));
	too_long[255] = '\0';
	email(too_long, false);
}

/* An empty label at the start of a longer domain is as wrong as "a@.fi" and
 * "a@b..fi" (both refused): "anna@.esimerkki.fi" is a typo that would
 * bounce. */
static void test_email_refuses_empty_leading_domain_label(void **state)
{
	(void)state;
	email("anna@.esimerkki.fi", false);
	email("a@.b.fi", false);
}

/* ---- Phone ---- */

static void test_phone(void **state)
{
	(void)state;
	phone("", true);
	phone("+358 40 123 4567", true);
	phone("040-123 4567", true);
	phone("(09) 123 456", true);
	phone("0401234567", true);
	phone("+46 8 123 456 78", true);
	phone("12345", true);                           /* 5 digits: the fewest */
	phone("12345678901234567890", true);            /* 20 digits: the most */
	phone("+1 234 567 890 123 456 789 0", true);    /* 20 digits with spaces */
	/* Letters and other characters. */
	phone("040 123 4567 ext 5", false);
	phone("O40 123 4567", false);                   /* letter O */
	phone("puh. 040 123 4567", false);
	phone("040.123.4567", false);
	phone("040/123 4567", false);
	phone("040 123 4567\x1b[2J", false);
	/* Too few / too many digits. */
	phone("1234", false);
	phone("+358", false);
	phone("( ) - +", false);
	phone("123456789012345678901", false);          /* 21 digits */
	phone("+358 40 123 4567 123 4567 890", false);  /* 22 digits */
	/* '+' only at the start. */
	phone("040+1234567", false);
	phone("040 123 4567+", false);
	phone("++358 40 123 4567", false);
	phone("358+40 123 4567", false);
}

/* ---- Dates ---- */

static void test_dates(void **state)
{
	(void)state;
	date_ok("2026-02-28", "2026-02-28");
	date_ok("2024-02-29", "2024-02-29");    /* leap year */
	date_ok("2000-02-29", "2000-02-29");    /* divisible by 400: leap */
	date_ok("2026-12-31", "2026-12-31");
	date_ok("2026-04-30", "2026-04-30");
	date_ok("29.2.2024", "2024-02-29");     /* Finnish form, normalised */
	date_ok("1.1.2026", "2026-01-01");
	date_ok("26.11.2026", "2026-11-26");
	date_ok("01.03.2026", "2026-03-01");
	date_ok("", "");                        /* optional */

	date_refused("2026-02-29");             /* not a leap year */
	date_refused("2100-02-29");             /* divisible by 100, not by 400 */
	date_refused("29.2.2026");
	date_refused("31.4.2026");              /* April has 30 days */
	date_refused("2026-04-31");
	date_refused("2026-13-01");             /* no 13th month */
	date_refused("2026-00-10");
	date_refused("2026-01-00");
	date_refused("2026-01-32");
	date_refused("32.1.2026");
	date_refused("1.13.2026");
	date_refused("2026-02-28x");            /* trailing junk */
	date_refused("2026-02-28 ");
	date_refused("26.11.2026.");
	date_refused("26/11/2026");
	date_refused("2026");
	date_refused("tomorrow");
	date_refused("28.2.26");                /* two-digit year: which century? */

	/* Normalised in place (value and normalised the same buffer), as
	 * contact_validate_field does. */
	char buffer[16] = "29.2.2024", reason[256] = "";
	assert_true(validate_date(buffer, buffer, sizeof buffer, reason, sizeof reason));
	assert_string_equal(buffer, "2024-02-29");
}

/* ---- Free text ---- */

static void test_text_length_in_characters(void **state)
{
	(void)state;
	char text_buffer[512];
	/* 100 × "ä": 200 bytes but 100 characters. */
	text_buffer[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(text_buffer, "ä");
	assert_int_equal(strlen(text_buffer), 200);
	text(text_buffer, 100, false, false, true);
	text(text_buffer, 99, false, false, false);
	strcat(text_buffer, "ä");   /* 101 characters */
	text(text_buffer, 100, false, false, false);
	/* ASCII at the boundary. */
	memset(text_buffer, 'a', 100);
	text_buffer[100] = '\0';
	text(text_buffer, 100, false, false, true);
	text_buffer[100] = 'a';
	text_buffer[101] = '\0';
	text(text_buffer, 100, false, false, false);
	/* Four-byte characters count once as well. */
	text("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 2, false, false, true);
	text("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 1, false, false, false);
}

static void test_text_required(void **state)
{
	(void)state;
	text("", 100, true, false, false);
	text("", 100, false, false, true);
	text("x", 100, true, false, true);
	text("Åkerlund", 100, true, false, true);
}

static void test_text_control_characters(void **state)
{
	(void)state;
	text("Anna\x1b[31mVirtanen", 100, false, false, false);   /* ESC */
	text("Anna\x1b[31mVirtanen", 100, false, true, false);    /* not in multiline either */
	text("Anna\x07", 100, false, false, false);               /* BEL */
	text("Anna\x7f", 100, false, false, false);               /* DEL */
	text("Anna\xc2\x9b" "31mVirtanen", 100, false, false, false); /* U+009B, 8-bit CSI */
	text("Anna\xc2\x9b" "31mVirtanen", 100, false, true, false);
	text("Anna\xc2\x80", 100, false, false, false);           /* U+0080 */
	text("Anna\xc2\x9f", 100, false, false, false);           /* U+009F */
	text("Anna\xc2\xa0Virtanen", 100, false, false, true);    /* U+00A0 no-break space is text */
	text("Anna\xc3\xa4", 100, false, false, true);            /* ä (C3 A4) is not C1 */
	/* Line breaks only in multiline fields. */
	text("rivi 1\nrivi 2", 100, false, false, false);
	text("rivi 1\nrivi 2", 100, false, true, true);
	text("a\tb", 100, false, true, true);
	text("a\tb", 100, false, false, false);
}

static void test_text_invalid_utf8(void **state)
{
	(void)state;
	static const char *const invalid[] = {
		"\xff",                 /* never in UTF-8 */
		"Anna\xe4",             /* Latin-1 ä */
		"abc\xc3",              /* cut-off sequence */
		"\xc3\x28",             /* bad continuation */
		"\xc0\xaf",             /* overlong "/" */
		"\xe0\x80\xaf",         /* overlong, three bytes */
		"\xed\xa0\x80",         /* UTF-16 surrogate */
		"\xf4\x90\x80\x80",     /* above U+10FFFF */
		"\x80",                 /* lone continuation byte */
	};
	for (size_t i = 0; i < COUNT(invalid); i++) {
		text(invalid[i], 100, false, false, false);
		text(invalid[i], 100, false, true, false);
	}
	text("Söderström", 100, false, false, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_business_id_valid),
		cmocka_unit_test(test_business_id_invalid),
		cmocka_unit_test(test_postal_codes),
		cmocka_unit_test(test_email_accepted),
		cmocka_unit_test(test_email_refused),
		cmocka_unit_test(test_email_refuses_empty_leading_domain_label),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_text_length_in_characters),
		cmocka_unit_test(test_text_required),
		cmocka_unit_test(test_text_control_characters),
		cmocka_unit_test(test_text_invalid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
