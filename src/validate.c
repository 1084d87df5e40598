#include "validate.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "i18n.h"
#include "text.h"

static bool refuse(char *reason, size_t reason_size, const char *message)
{
	text_copy(reason, reason_size, message);
	return false;
}

void validate_business_id_canonical(const char *value, char *out, size_t out_size)
{
	/* As people paste it: "07375462", "0737546 2", "0737546-2", the VAT
	 * form "FI07375462". Anything else is left as typed, for the check to refuse. */
	char digits[16];
	size_t count = 0;
	const char *p = value;
	while (*p == ' ')
		p++;
	if ((p[0] == 'F' || p[0] == 'f') && (p[1] == 'I' || p[1] == 'i'))
		p += 2;
	bool only_digits = true;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (count < sizeof digits - 1)
				digits[count] = *p;
			count++;
		} else if (*p != ' ' && !(*p == '-' && count == 7)) {
			only_digits = false;
		}
	}
	if (only_digits && count == 8)
		snprintf(out, out_size, "%.7s-%c", digits, digits[7]);
	else
		text_copy(out, out_size, value);
}

bool validate_business_id(const char *value, char *reason, size_t reason_size)
{
	static const int weights[7] = { 7, 9, 10, 5, 8, 4, 2 };
	if (strlen(value) != 9 || value[7] != '-')
		return refuse(reason, reason_size, _("a business ID looks like 1234567-8"));
	int sum = 0;
	for (int i = 0; i < 7; i++) {
		if (!isdigit((unsigned char)value[i]))
			return refuse(reason, reason_size, _("a business ID looks like 1234567-8"));
		sum += (value[i] - '0') * weights[i];
	}
	if (!isdigit((unsigned char)value[8]))
		return refuse(reason, reason_size, _("a business ID looks like 1234567-8"));
	int remainder = sum % 11;
	if (remainder == 1)
		return refuse(reason, reason_size, _("no business ID has these digits (check digit impossible)"));
	int check = remainder == 0 ? 0 : 11 - remainder;
	if (check != value[8] - '0')
		return refuse(reason, reason_size, _("the check digit does not match: a typing error?"));
	return true;
}

bool validate_postal_code(const char *value, const char *country, char *reason, size_t reason_size)
{
	if (!*value)
		return true;
	if (country && (strcmp(country, "FI") == 0 || strcmp(country, "AX") == 0)) {
		bool five_digits = strlen(value) == 5;
		for (int i = 0; five_digits && i < 5; i++)
			five_digits = isdigit((unsigned char)value[i]);
		if (!five_digits)
			return refuse(reason, reason_size, _("a Finnish postal code has five digits"));
		return true;
	}
	return validate_text(value, 20, false, false, reason, reason_size);
}

bool validate_email(const char *value, char *reason, size_t reason_size)
{
	if (!*value)
		return true;
	if (!validate_text(value, 254, false, false, reason, reason_size))
		return false;
	const char *at = strchr(value, '@');
	if (!at || at == value || strchr(at + 1, '@'))
		return refuse(reason, reason_size, _("an e-mail address looks like name@example.fi"));
	const char *domain = at + 1;
	const char *dot = strrchr(domain, '.');
	if (!dot || domain[0] == '.' || dot[1] == '\0' || strstr(domain, ".."))
		return refuse(reason, reason_size, _("the part after @ needs a domain such as example.fi"));
	for (const char *p = value; *p; p++)
		if (*p == ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>')
			return refuse(reason, reason_size, _("an e-mail address has no spaces, commas or brackets"));
	return true;
}

bool validate_phone(const char *value, char *reason, size_t reason_size)
{
	if (!*value)
		return true;
	int digits = 0;
	for (const char *p = value; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" +-()", *p))
			return refuse(reason, reason_size, _("use digits, spaces and + - ( ) only"));
	}
	if (digits < 5 || digits > 20)
		return refuse(reason, reason_size, _("a phone number has 5 to 20 digits"));
	if (strchr(value + 1, '+'))
		return refuse(reason, reason_size, _("+ may only start the number"));
	return true;
}

bool validate_date(const char *value, char *normalised, size_t normalised_size, char *reason, size_t reason_size)
{
	if (!*value) {
		if (normalised != value)
			text_copy(normalised, normalised_size, "");
		return true;
	}
	int year, month, day;
	char tail;
	if (sscanf(value, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3 &&
	    sscanf(value, "%2d.%2d.%4d%c", &day, &month, &year, &tail) != 3)
		return refuse(reason, reason_size, _("a date looks like 2026-11-26 or 26.11.2026"));
	if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > calendar_days_in_month(year, month))
		return refuse(reason, reason_size, _("no such date"));
	char buffer[40];
	snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
	text_copy(normalised, normalised_size, buffer);
	return true;
}

bool validate_text(const char *value, size_t max_chars, bool required, bool multiline, char *reason,
		   size_t reason_size)
{
	if (!text_is_valid_utf8(value))
		return refuse(reason, reason_size, _("not valid UTF-8 text"));
	size_t characters = text_char_count(value);
	if (required && strspn(value, " \t") == strlen(value))
		return refuse(reason, reason_size, _("required"));
	if (characters > max_chars) {
		snprintf(reason, reason_size, _("at most %zu characters"), max_chars);
		return false;
	}
	for (const char *p = value; *p;) {
		uint32_t c;
		p += text_decode_utf8(p, &c);   /* valid: checked above */
		/* C0 controls but line breaks and tabs in multiline text, DEL, C1 controls. */
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || (c >= 0x7F && c <= 0x9F))
			return refuse(reason, reason_size, _("control characters are not allowed"));
	}
	return true;
}

static bool word_boundary(const char *text, const char *at)
{
	if (at < text)
		return true;
	unsigned char c = (unsigned char)*at;
	return !(isalnum(c) || c >= 0x80);
}

static bool identity_code_at(const char *text, const char *p)
{
	static const char check_characters[] = "0123456789ABCDEFHJKLMNPRSTUVWXY";
	for (int i = 0; i < 6; i++)
		if (!isdigit((unsigned char)p[i]))
			return false;
	char sign = p[6];
	if (!sign || !strchr("+-ABCDEFYXWVU", sign))
		return false;
	for (int i = 7; i < 10; i++)
		if (!isdigit((unsigned char)p[i]))
			return false;
	char check = (char)toupper((unsigned char)p[10]);
	if (!check || !strchr(check_characters, check) || !word_boundary(text, p - 1) || !word_boundary(text, p + 11))
		return false;
	int day = (p[0] - '0') * 10 + p[1] - '0', month = (p[2] - '0') * 10 + p[3] - '0';
	if (day < 1 || day > 31 || month < 1 || month > 12)
		return false;
	long number = 0;
	for (int i = 0; i < 10; i++)
		if (i != 6)
			number = number * 10 + (p[i] - '0');
	bool valid_check = check_characters[number % 31] == check;
	return valid_check || (sign != '+' && sign != '-');
}

static bool document_word_before(const char *text, const char *at)
{
	/* Stems, so that Finnish case endings match too (henkilökortin, passin). */
	static const char *const words[] = { "passi", "henkilokort", "passport", "identity card", "id card", "id kort",
					     "ajokort", "driving licen", "driver s licen", "document", "asiakirj" };
	const char *from = at - text > 40 ? at - 40 : text;
	char window[128], folded[256];
	snprintf(window, sizeof window, "%.*s", (int)(at - from), from);
	text_search_fold(window, folded, sizeof folded);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		char word[64];
		text_search_fold(words[i], word, sizeof word);
		if (strstr(folded, word))
			return true;
	}
	return false;
}

bool validate_no_identity_numbers(const char *value, char *reason, size_t reason_size)
{
	const char *text = value ? value : "";
	size_t length = strlen(text);
	for (const char *p = text; *p; p++) {
		size_t left = length - (size_t)(p - text);
		if (!word_boundary(text, p - 1))
			continue;
		if (left >= 11 && identity_code_at(text, p))
			return refuse(reason, reason_size,
				      _("do not record identity codes or document numbers: this looks like a personal identity "
					"code (EDPB and Ombudsman guidance)"));
		if (left >= 9 && isalpha((unsigned char)p[0]) && isalpha((unsigned char)p[1])) {
			bool digits = true;
			for (int i = 2; i < 9; i++)
				digits = digits && isdigit((unsigned char)p[i]);
			if (digits && word_boundary(text, p + 9))
				return refuse(reason, reason_size,
					      _("do not record identity codes or document numbers: this looks like a passport "
						"number (EDPB and Ombudsman guidance)"));
		}
		if (left >= 9 && isdigit((unsigned char)p[0])) {
			bool digits = true;
			for (int i = 0; i < 9; i++)
				digits = digits && isdigit((unsigned char)p[i]);
			if (digits && word_boundary(text, p + 9) && document_word_before(text, p))
				return refuse(reason, reason_size,
					      _("do not record identity codes or document numbers: this looks like an identity "
						"document's number (EDPB and Ombudsman guidance)"));
		}
	}
	return true;
}

bool validate_is_identity_code_header(const char *header)
{
	static const char *const names[] = { "henkilotunnus", "hetu", "henkilotunnukset", "sotu", "sosiaaliturvatunnus",
					     "personnummer", "personbeteckning", "ssn", "social security number",
					     "identity code", "personal identity code", "personal id", "national id",
					     "national identification number", "henkilo tunnus" };
	char folded[256];
	text_search_fold(header ? header : "", folded, sizeof folded);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(folded, names[i]) == 0)
			return true;
	return false;
}
