// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * restore.c - the terminal given back after a crash: a handler for the
 * fatal signals writes what ends curses' full-screen mode (from
 * terminfo, looked up before anything can go wrong, since the handler
 * may only write(2)), puts back the terminal modes nstop started with,
 * then dies of the same signal. q, SIGINT, SIGTERM and SIGHUP end
 * through endwin() instead (screen.c).
 */
#define _GNU_SOURCE
#include <curses.h>
#include <signal.h>
#include <string.h>
#include <term.h>
#include <stdbool.h>
#include <termios.h>
#include <unistd.h>

#include "restore.h"

static struct termios saved_tio;
static bool saved_tio_ok;
static char seq[128];
static size_t seq_len;

static void on_crash(int sig)
{
	if (seq_len && write(STDOUT_FILENO, seq, seq_len) < 0) {
		/* nothing left to try */
	}
	if (saved_tio_ok)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void add(const char *cap)
{
	char *s = tigetstr(cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (seq_len + n < sizeof(seq)) {
		memcpy(seq + seq_len, s, n);
		seq_len += n;
	}
}

void restore_save(void)
{
	saved_tio_ok = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
}

void restore_on_crash(void)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGQUIT, SIGTRAP,
				     SIGSYS, SIGXCPU, SIGXFSZ };
	struct sigaction sa = { .sa_handler = on_crash, .sa_flags = SA_RESETHAND };

	/* attributes off, the cursor back, keypad mode off, the screen the
	 * shell had */
	add("sgr0");
	add("cnorm");
	add("rmkx");
	add("rmcup");
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
}
