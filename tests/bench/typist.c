/* A scripted typist at the real terminal interface, on a pseudo-terminal.
 *
 *   typist REGDESK DBFILE [--runs N] [--first-row TEXT] [--pages N]
 *
 * Starts "REGDESK --db DBFILE --lang en" on an 80x24 pseudo-terminal
 * (TERM=xterm, UTF-8) and keeps its own model of the screen by interpreting
 * the terminal output (the VT100/xterm subset ncurses writes), so that it
 * can wait for text to be on screen rather than in the byte stream.
 *
 * Measures:
 *  - start to login: fork to the end of the output burst that puts "Log in"
 *    on screen; N runs (default 7), the first reported as cold, the median
 *    of the rest as warm;
 *  - login to first page: Enter on the password to the main menu drawn
 *    (argon2id runs in between), then Enter on "Contacts" to the list drawn;
 *  - keystroke to redraw: names typed letter by letter into the list's
 *    search field at a typist's pace; for each key, from writing it to the
 *    last byte of the output it causes (output is taken as finished after
 *    SILENCE_MS of silence, and any later output before the next key counts);
 *  - paging: End, Home and PgDn (default 300 times), each key to redraw;
 *  - resident memory (VmRSS) after the scrolling, and VmHWM beside it.
 *
 * When the main menu has no "Contacts" entry, the list figures are skipped
 * with a note. Every wait has a timeout; the child is killed at the end.
 * Prints "RESULT key value" lines on stdout for tests/bench/run.sh. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROWS 24
#define COLS 80
#define SILENCE_MS 3.0          /* end of an output burst */
#define TYPING_INTERVAL_MS 120.0 /* a fast typist: about 8 keys a second */
#define WAIT_MS 20000.0         /* any single wait */

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* ---- the screen model ---- */

static uint32_t cell[ROWS][COLS];
static int cursor_y, cursor_x, saved_y, saved_x, region_top, region_bottom = ROWS - 1;
static bool wrap_pending;
static uint32_t last_char = ' ';

enum parse_state { GROUND, ESCAPE, CSI, OSC, OSC_ESCAPE, CHARSET, SKIP_ONE };
static enum parse_state state;
static int params[16], param_count;
static bool param_started;
static char private_marker;
static uint32_t utf8_value;
static int utf8_remaining;

static void clear_cells(int y, int from, int to)
{
	for (int x = from; x <= to && x < COLS; x++)
		if (x >= 0)
			cell[y][x] = ' ';
}

static void clear_screen(void)
{
	for (int y = 0; y < ROWS; y++)
		clear_cells(y, 0, COLS - 1);
}

static void scroll_up(int top, int bottom, int count)
{
	for (int n = 0; n < count; n++) {
		for (int y = top; y < bottom; y++)
			memcpy(cell[y], cell[y + 1], sizeof cell[y]);
		clear_cells(bottom, 0, COLS - 1);
	}
}

static void scroll_down(int top, int bottom, int count)
{
	for (int n = 0; n < count; n++) {
		for (int y = bottom; y > top; y--)
			memcpy(cell[y], cell[y - 1], sizeof cell[y]);
		clear_cells(top, 0, COLS - 1);
	}
}

static void line_feed(void)
{
	if (cursor_y == region_bottom)
		scroll_up(region_top, region_bottom, 1);
	else if (cursor_y < ROWS - 1)
		cursor_y++;
}

static void put_char(uint32_t c)
{
	if (wrap_pending) {
		cursor_x = 0;
		line_feed();
		wrap_pending = false;
	}
	cell[cursor_y][cursor_x] = c;
	last_char = c;
	if (cursor_x == COLS - 1)
		wrap_pending = true;
	else
		cursor_x++;
}

static int param(int index, int fallback)
{
	return index < param_count && params[index] > 0 ? params[index] : fallback;
}

static int clamp(int value, int low, int high)
{
	return value < low ? low : value > high ? high : value;
}

static void csi_dispatch(char final)
{
	int n = param(0, 1);
	wrap_pending = false;
	if (private_marker && final != 'h' && final != 'l')
		return;
	switch (final) {
	case 'H': case 'f':
		cursor_y = clamp(param(0, 1) - 1, 0, ROWS - 1);
		cursor_x = clamp(param(1, 1) - 1, 0, COLS - 1);
		break;
	case 'A': cursor_y = clamp(cursor_y - n, 0, ROWS - 1); break;
	case 'B': cursor_y = clamp(cursor_y + n, 0, ROWS - 1); break;
	case 'C': cursor_x = clamp(cursor_x + n, 0, COLS - 1); break;
	case 'D': cursor_x = clamp(cursor_x - n, 0, COLS - 1); break;
	case 'E': cursor_y = clamp(cursor_y + n, 0, ROWS - 1); cursor_x = 0; break;
	case 'F': cursor_y = clamp(cursor_y - n, 0, ROWS - 1); cursor_x = 0; break;
	case 'G': case '`': cursor_x = clamp(n - 1, 0, COLS - 1); break;
	case 'd': cursor_y = clamp(n - 1, 0, ROWS - 1); break;
	case 'J': {
		int mode = param_count ? params[0] : 0;
		if (mode == 0) {
			clear_cells(cursor_y, cursor_x, COLS - 1);
			for (int y = cursor_y + 1; y < ROWS; y++)
				clear_cells(y, 0, COLS - 1);
		} else if (mode == 1) {
			for (int y = 0; y < cursor_y; y++)
				clear_cells(y, 0, COLS - 1);
			clear_cells(cursor_y, 0, cursor_x);
		} else {
			clear_screen();
		}
		break;
	}
	case 'K': {
		int mode = param_count ? params[0] : 0;
		if (mode == 0)
			clear_cells(cursor_y, cursor_x, COLS - 1);
		else if (mode == 1)
			clear_cells(cursor_y, 0, cursor_x);
		else
			clear_cells(cursor_y, 0, COLS - 1);
		break;
	}
	case 'X': clear_cells(cursor_y, cursor_x, cursor_x + n - 1); break;
	case '@':
		for (int x = COLS - 1; x >= cursor_x; x--)
			cell[cursor_y][x] = x - n >= cursor_x ? cell[cursor_y][x - n] : ' ';
		break;
	case 'P':
		for (int x = cursor_x; x < COLS; x++)
			cell[cursor_y][x] = x + n < COLS ? cell[cursor_y][x + n] : ' ';
		break;
	case 'L':
		if (cursor_y >= region_top && cursor_y <= region_bottom)
			scroll_down(cursor_y, region_bottom, n);
		break;
	case 'M':
		if (cursor_y >= region_top && cursor_y <= region_bottom)
			scroll_up(cursor_y, region_bottom, n);
		break;
	case 'S': scroll_up(region_top, region_bottom, n); break;
	case 'T': scroll_down(region_top, region_bottom, n); break;
	case 'r':
		region_top = clamp(param(0, 1) - 1, 0, ROWS - 1);
		region_bottom = clamp(param(1, ROWS) - 1, 0, ROWS - 1);
		if (region_bottom <= region_top) {
			region_top = 0;
			region_bottom = ROWS - 1;
		}
		cursor_y = cursor_x = 0;
		break;
	case 'b':
		for (int i = 0; i < n && i < COLS * ROWS; i++)
			put_char(last_char);
		break;
	case 's': saved_y = cursor_y; saved_x = cursor_x; break;
	case 'u': cursor_y = saved_y; cursor_x = saved_x; break;
	case 'h': case 'l':
		/* the alternate screen (1049, 47, 1047) starts empty */
		for (int i = 0; private_marker == '?' && i < param_count; i++)
			if (params[i] == 1049 || params[i] == 47 || params[i] == 1047)
				clear_screen();
		break;
	default:
		break;     /* SGR, modes, reports: no effect on the text */
	}
}

static void feed_byte(unsigned char byte)
{
	switch (state) {
	case GROUND:
		if (utf8_remaining > 0 && (byte & 0xC0) == 0x80) {
			utf8_value = (utf8_value << 6) | (byte & 0x3F);
			if (--utf8_remaining == 0)
				put_char(utf8_value);
			return;
		}
		utf8_remaining = 0;
		if (byte == 0x1B) {
			state = ESCAPE;
		} else if (byte == '\r') {
			cursor_x = 0;
			wrap_pending = false;
		} else if (byte == '\n' || byte == '\v' || byte == '\f') {
			line_feed();
			wrap_pending = false;
		} else if (byte == '\b') {
			if (cursor_x > 0)
				cursor_x--;
			wrap_pending = false;
		} else if (byte == '\t') {
			cursor_x = clamp((cursor_x / 8 + 1) * 8, 0, COLS - 1);
		} else if (byte < 0x20 || byte == 0x7F) {
			/* BEL, SO, SI: nothing to draw */
		} else if (byte < 0x80) {
			put_char(byte);
		} else if ((byte & 0xE0) == 0xC0) {
			utf8_value = byte & 0x1F;
			utf8_remaining = 1;
		} else if ((byte & 0xF0) == 0xE0) {
			utf8_value = byte & 0x0F;
			utf8_remaining = 2;
		} else if ((byte & 0xF8) == 0xF0) {
			utf8_value = byte & 0x07;
			utf8_remaining = 3;
		}
		return;
	case ESCAPE:
		state = GROUND;
		switch (byte) {
		case '[':
			state = CSI;
			param_count = 0;
			param_started = false;
			private_marker = 0;
			memset(params, 0, sizeof params);
			break;
		case ']': state = OSC; break;
		case '(': case ')': case '*': case '+': case '#': case '%': state = CHARSET; break;
		case '7': saved_y = cursor_y; saved_x = cursor_x; break;
		case '8': cursor_y = saved_y; cursor_x = saved_x; wrap_pending = false; break;
		case 'D': line_feed(); break;
		case 'E': cursor_x = 0; line_feed(); break;
		case 'M':
			if (cursor_y == region_top)
				scroll_down(region_top, region_bottom, 1);
			else if (cursor_y > 0)
				cursor_y--;
			break;
		case 'c':
			clear_screen();
			cursor_y = cursor_x = region_top = 0;
			region_bottom = ROWS - 1;
			break;
		default: break;   /* ESC =, ESC > and the like */
		}
		return;
	case CSI:
		if (byte >= '0' && byte <= '9') {
			if (!param_started) {
				param_started = true;
				if (param_count < 16)
					param_count++;
			}
			if (param_count <= 16)
				params[param_count - 1] = params[param_count - 1] * 10 + (byte - '0');
		} else if (byte == ';') {
			if (!param_started && param_count < 16)
				param_count++;
			param_started = false;
		} else if (byte == '?' || byte == '>' || byte == '<' || byte == '=') {
			private_marker = (char)byte;
		} else if (byte >= 0x40 && byte <= 0x7E) {
			csi_dispatch((char)byte);
			state = GROUND;
		}
		/* intermediates (space, $, ", ') are ignored */
		return;
	case OSC:
		if (byte == 0x07)
			state = GROUND;
		else if (byte == 0x1B)
			state = OSC_ESCAPE;
		return;
	case OSC_ESCAPE:
		state = byte == '\\' ? GROUND : OSC;
		return;
	case CHARSET:
	case SKIP_ONE:
		state = GROUND;
		return;
	}
}

/* One screen row as UTF-8. */
static void row_text(int y, char *out, size_t out_size)
{
	size_t used = 0;
	for (int x = 0; x < COLS; x++) {
		uint32_t c = cell[y][x] ? cell[y][x] : ' ';
		char piece[4];
		size_t length;
		if (c < 0x80) {
			piece[0] = (char)c;
			length = 1;
		} else if (c < 0x800) {
			piece[0] = (char)(0xC0 | (c >> 6));
			piece[1] = (char)(0x80 | (c & 0x3F));
			length = 2;
		} else if (c < 0x10000) {
			piece[0] = (char)(0xE0 | (c >> 12));
			piece[1] = (char)(0x80 | ((c >> 6) & 0x3F));
			piece[2] = (char)(0x80 | (c & 0x3F));
			length = 3;
		} else {
			piece[0] = (char)(0xF0 | (c >> 18));
			piece[1] = (char)(0x80 | ((c >> 12) & 0x3F));
			piece[2] = (char)(0x80 | ((c >> 6) & 0x3F));
			piece[3] = (char)(0x80 | (c & 0x3F));
			length = 4;
		}
		if (used + length + 1 > out_size)
			break;
		memcpy(out + used, piece, length);
		used += length;
	}
	out[used] = '\0';
}

/* The row holding text, or -1. */
static int screen_find(const char *text)
{
	char line[COLS * 4 + 1];
	for (int y = 0; y < ROWS; y++) {
		row_text(y, line, sizeof line);
		if (strstr(line, text))
			return y;
	}
	return -1;
}

static void screen_dump(FILE *out)
{
	char line[COLS * 4 + 1];
	for (int y = 0; y < ROWS; y++) {
		row_text(y, line, sizeof line);
		fprintf(out, "  |%s|\n", line);
	}
}

/* ---- the child and its output ---- */

static int master = -1;
static pid_t child;
static double last_output;     /* time of the last byte read */
static long long output_bytes;
static bool child_gone;

/* Reads what is there within timeout_ms; returns false once the child is gone. */
static bool pump(double timeout_ms)
{
	struct pollfd p = { master, POLLIN, 0 };
	int ready = poll(&p, 1, timeout_ms < 0 ? 0 : (int)(timeout_ms + 0.999));
	if (ready <= 0)
		return true;
	unsigned char buffer[65536];
	ssize_t got = read(master, buffer, sizeof buffer);
	if (got <= 0) {
		if (got < 0 && errno == EINTR)
			return true;
		child_gone = true;
		return false;
	}
	last_output = now_ms();
	output_bytes += got;
	for (ssize_t i = 0; i < got; i++)
		feed_byte(buffer[i]);
	return true;
}

/* Reads until silence_ms without output; returns the time of the last byte. */
static double drain(double silence_ms, double limit_ms)
{
	double deadline = now_ms() + limit_ms;
	for (;;) {
		double quiet_until = last_output + silence_ms;
		double now = now_ms();
		if (now >= quiet_until || now >= deadline || child_gone)
			return last_output;
		if (!pump(quiet_until - now))
			return last_output;
	}
}

/* Reads until text is on screen and then to the end of that burst; returns
 * the burst's last byte time, or -1 on timeout. */
static double wait_for_text(const char *text, double timeout_ms)
{
	double deadline = now_ms() + timeout_ms;
	while (screen_find(text) < 0) {
		double left = deadline - now_ms();
		if (left <= 0 || child_gone || !pump(left < 50 ? left : 50))
			return screen_find(text) >= 0 ? last_output : -1;
	}
	return drain(SILENCE_MS, 2000);
}

static void send(const char *bytes)
{
	size_t length = strlen(bytes);
	while (length > 0) {
		ssize_t written = write(master, bytes, length);
		if (written < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		bytes += written;
		length -= (size_t)written;
	}
}

static void start_child(const char *program, const char *db)
{
	struct winsize size = { ROWS, COLS, 0, 0 };
	memset(cell, 0, sizeof cell);
	cursor_y = cursor_x = 0;
	region_top = 0;
	region_bottom = ROWS - 1;
	state = GROUND;
	child_gone = false;
	child = forkpty(&master, NULL, NULL, &size);
	if (child < 0) {
		perror("forkpty");
		exit(1);
	}
	if (child == 0) {
		setenv("TERM", "xterm", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("LANGUAGE");
		unsetenv("COLUMNS");
		unsetenv("LINES");
		execl(program, program, "--db", db, "--lang", "en", (char *)NULL);
		perror(program);
		_exit(127);
	}
	last_output = now_ms();
}

static void stop_child(void)
{
	if (child <= 0)
		return;
	int status;
	double deadline = now_ms() + 3000;
	while (waitpid(child, &status, WNOHANG) == 0) {
		if (now_ms() > deadline) {
			kill(child, SIGKILL);
			waitpid(child, &status, 0);
			break;
		}
		pump(20);
	}
	close(master);
	master = -1;
	child = 0;
}

static void quit_child(void)
{
	if (child <= 0)
		return;
	kill(child, SIGTERM);
	stop_child();
}

static long proc_status_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *file = fopen(path, "r");
	if (!file)
		return -1;
	long value = -1;
	size_t length = strlen(field);
	while (fgets(line, sizeof line, file))
		if (strncmp(line, field, length) == 0 && line[length] == ':')
			value = atol(line + length + 1);
	fclose(file);
	return value;
}

/* ---- statistics ---- */

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double quantile(double *values, int count, double q)
{
	if (count == 0)
		return -1;
	qsort(values, (size_t)count, sizeof *values, compare_double);
	int rank = (int)(q * count + 0.999999);
	return values[clamp(rank, 1, count) - 1];
}

static void report_series(const char *key, const char *label, double *values, int count, int missing)
{
	if (count == 0) {
		fprintf(stderr, "typist: %s: no measurement\n", label);
		return;
	}
	double p50 = quantile(values, count, 0.5), p95 = quantile(values, count, 0.95), max = values[count - 1];
	fprintf(stderr, "typist: %-26s p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  (%d keys%s)\n", label, p50, p95, max,
		count, missing ? ", some without redraw" : "");
	printf("RESULT %s_p50_ms %.2f\nRESULT %s_p95_ms %.2f\nRESULT %s_max_ms %.2f\nRESULT %s_count %d\n", key, p50, key,
	       p95, key, max, key, count);
	if (missing)
		printf("RESULT %s_no_redraw %d\n", key, missing);
}

/* Sends one key and measures to the end of the output it causes: all output
 * until the next key is due (at least interval_ms after this one), or until
 * silence after that. Returns the latency, or -1 when nothing was drawn. */
static double timed_key(const char *bytes, double interval_ms)
{
	drain(SILENCE_MS, 1000);          /* nothing of the previous key pending */
	long long before = output_bytes;
	double start = now_ms();
	send(bytes);
	double due = start + interval_ms;
	while (now_ms() < due && !child_gone)
		pump(due - now_ms());
	if (output_bytes == before) {
		/* nothing yet: a slow redraw; wait for it, within the limit */
		double deadline = start + WAIT_MS;
		while (output_bytes == before && now_ms() < deadline && !child_gone)
			pump(50);
		if (output_bytes == before)
			return -1;
	}
	drain(SILENCE_MS, WAIT_MS);
	return last_output - start;
}

/* ---- the script ---- */

static const char *const typed_names[] = { "virtanen", "söderström", "ahtari", "anna kor", "korhonen", "åkerlund" };
static const char *const typed_expect[] = { "Virtanen", "Söderström", "Ähtäri", "Anna", "Korhonen", "Åkerlund" };
#define BACKSPACE "\x7f"
#define KEY_HOME "\033OH"
#define KEY_END "\033OF"
#define KEY_PAGE_DOWN "\033[6~"
#define KEY_DOWN "\033OB"
#define MENU_FIRST_ROW 5

static void fail_run(const char *what)
{
	fprintf(stderr, "typist: %s; the screen:\n", what);
	screen_dump(stderr);
	quit_child();
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s REGDESK DBFILE [--runs N] [--first-row TEXT] [--pages N]\n", argv[0]);
		return 2;
	}
	const char *program = argv[1], *db = argv[2], *first_row = NULL;
	int runs = 7, pages = 300;
	for (int i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--first-row") == 0)
			first_row = argv[i + 1];
		else if (strcmp(argv[i], "--pages") == 0)
			pages = atoi(argv[i + 1]);
	}
	if (runs < 2)
		runs = 2;
	signal(SIGPIPE, SIG_IGN);
	atexit(quit_child);

	/* Start to login, cold then warm. */
	double *starts = calloc((size_t)runs, sizeof *starts);
	for (int run = 0; run < runs; run++) {
		double t0 = now_ms();
		start_child(program, db);
		double shown = wait_for_text("Log in", WAIT_MS);
		if (shown < 0)
			fail_run("the login screen did not appear");
		starts[run] = shown - t0;
		if (run < runs - 1) {
			send("\033");     /* Esc on the login form quits */
			stop_child();
		}
	}
	fprintf(stderr, "typist: start to login: cold %.2f ms, warm runs:", starts[0]);
	for (int run = 1; run < runs; run++)
		fprintf(stderr, " %.2f", starts[run]);
	fprintf(stderr, " ms\n");
	printf("RESULT start_login_cold_ms %.2f\n", starts[0]);
	printf("RESULT start_login_ms %.2f\n", quantile(starts + 1, runs - 1, 0.5));

	/* Login to the main menu; the last child is at its login screen. */
	send("bench");
	drain(SILENCE_MS, 1000);
	send("\t");
	drain(SILENCE_MS, 1000);
	send("benchmark-password");
	drain(SILENCE_MS, 1000);
	double t0 = now_ms();
	send("\r");
	double menu = wait_for_text("Main menu", WAIT_MS);
	if (menu < 0)
		fail_run("no main menu after login");
	double login_menu = menu - t0;
	fprintf(stderr, "typist: login (Enter) to main menu %.2f ms (argon2id password check included)\n", login_menu);
	printf("RESULT login_menu_ms %.2f\n", login_menu);
	printf("RESULT rss_menu_kb %ld\n", proc_status_kb(child, "VmRSS"));

	int contacts_row = screen_find("  Contacts");
	if (contacts_row < 0) {
		fprintf(stderr, "typist: NOTE: the main menu has no \"Contacts\" entry yet; "
				"the list figures (login to first page, keystroke to redraw, memory) are skipped\n");
		printf("RESULT tui_skipped 1\n");
		send("q");
		stop_child();
		return 0;
	}
	/* The menu's rows start two below the content top (row 3) and its
	 * selection starts on the first: go down to the entry. */
	for (int y = MENU_FIRST_ROW; y < contacts_row; y++) {
		send(KEY_DOWN);
		drain(SILENCE_MS, 1000);
	}
	t0 = now_ms();
	send("\r");
	double listed = wait_for_text("E-mail and phone", WAIT_MS);
	if (listed < 0)
		fail_run("the contact list did not appear");
	if (first_row && screen_find(first_row) < 0) {
		/* the header may come before the rows: wait for them too */
		double rows_shown = wait_for_text(first_row, 5000);
		if (rows_shown < 0)
			fprintf(stderr, "typist: NOTE: the first row \"%s\" is not on the first page\n", first_row);
		else
			listed = rows_shown;
	}
	double menu_list = listed - t0;
	fprintf(stderr, "typist: main menu (Enter) to first page %.2f ms; login to first page %.2f ms\n", menu_list,
		login_menu + menu_list);
	printf("RESULT menu_list_ms %.2f\n", menu_list);
	printf("RESULT login_first_page_ms %.2f\n", login_menu + menu_list);

	/* Typing. */
	int typed_count = (int)(sizeof typed_names / sizeof typed_names[0]);
	double keys[512];
	int key_count = 0, key_missing = 0;
	for (int n = 0; n < typed_count; n++) {
		const char *name = typed_names[n];
		for (const unsigned char *p = (const unsigned char *)name; *p;) {
			char key[8];
			int length = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
			memcpy(key, p, (size_t)length);
			key[length] = '\0';
			p += length;
			double latency = timed_key(key, TYPING_INTERVAL_MS);
			if (latency < 0)
				key_missing++;
			else if (key_count < 512)
				keys[key_count++] = latency;
		}
		/* the list should now show what was typed, in a name or an organisation */
		if (typed_expect[n] && screen_find(typed_expect[n]) < 0)
			fprintf(stderr, "typist: NOTE: after typing \"%s\" no row shows \"%s\"\n", name, typed_expect[n]);
		/* erase it letter by letter, as a person would; those redraws count too */
		size_t characters = 0;
		for (const unsigned char *p = (const unsigned char *)name; *p; p++)
			characters += (*p & 0xC0) != 0x80;
		for (size_t i = 0; i < characters; i++) {
			double latency = timed_key(BACKSPACE, TYPING_INTERVAL_MS);
			if (latency < 0)
				key_missing++;
			else if (key_count < 512)
				keys[key_count++] = latency;
		}
	}
	report_series("key", "keystroke to redraw", keys, key_count, key_missing);

	/* Scrolling the whole list: End, Home, then page after page. */
	double end_ms = timed_key(KEY_END, 0);
	double home_ms = timed_key(KEY_HOME, 0);
	fprintf(stderr, "typist: End %.2f ms, Home %.2f ms\n", end_ms, home_ms);
	printf("RESULT end_ms %.2f\nRESULT home_ms %.2f\n", end_ms, home_ms);
	double *page_times = calloc((size_t)(pages > 0 ? pages : 1), sizeof *page_times);
	int page_count = 0, page_missing = 0;
	for (int i = 0; i < pages; i++) {
		double latency = timed_key(KEY_PAGE_DOWN, 0);
		if (latency < 0)
			page_missing++;
		else
			page_times[page_count++] = latency;
	}
	report_series("pgdn", "PgDn to redraw", page_times, page_count, page_missing);
	timed_key(KEY_END, 0);

	long rss = proc_status_kb(child, "VmRSS"), hwm = proc_status_kb(child, "VmHWM");
	fprintf(stderr, "typist: after scrolling: VmRSS %ld kB (VmHWM %ld kB, which includes argon2id's transient 64 MiB)\n",
		rss, hwm);
	printf("RESULT rss_kb %ld\nRESULT hwm_kb %ld\n", rss, hwm);

	/* Leave: Esc clears the search or leaves the list, q quits from the menu. */
	send("\033");
	drain(60, 1000);
	send("q");
	drain(60, 1000);
	send("q");
	stop_child();
	free(page_times);
	free(starts);
	return 0;
}
