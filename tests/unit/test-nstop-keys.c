// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nstop's key map as data (tools/nstop/keys.c): every action reachable
 * from some key, no key code bound twice, every named entry with help
 * text (the help screen, --help and nstop(1) print them), the codes
 * keys_action() gives for the keys top and htop users press; and the
 * signal names and numbers k and K take (tools/nstop/signal.c).
 */
#define _GNU_SOURCE
#include <curses.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "nstop.h"
#include "unit.h"

#define NKEYCODES 4	/* struct nstop_key .keys[] */

int main(void)
{
	bool reached[ACT_RESIZE + 1] = { false };
	bool ok;

	TEST_BEGIN("keys-table");
	CHECK(nstop_nkeys > 0);
	/* the first entry names its keys: a nameless one continues the one
	 * before it ("Up, Down": Up, then Down) */
	CHECK(nstop_nkeys && *nstop_keys[0].names);
	for (size_t i = 0; i < nstop_nkeys; i++) {
		const struct nstop_key *k = &nstop_keys[i];

		if (!k->names || !k->help) {
			printf("FAIL keys-table: entry %zu has a NULL name or help\n", i);
			unit_failed_here++;
			continue;
		}
		CHECKF(!*k->names || *k->help, "'%s' has no help text", k->names);
		CHECKF(k->keys[0] != 0, "entry %zu ('%s') binds no key", i, k->names);
		if (k->action <= ACT_NONE || k->action > ACT_RESIZE) {
			printf("FAIL keys-table: entry %zu ('%s') has action %d\n", i, k->names,
			       (int)k->action);
			unit_failed_here++;
			continue;
		}
		reached[k->action] = true;
		/* codes after the terminating 0 would never be looked at */
		for (size_t c = 0; c + 1 < NKEYCODES; c++)
			CHECKF(k->keys[c] || !k->keys[c + 1], "'%s' has a key after its end", k->names);
	}
	TEST_END();

	TEST_BEGIN("keys-every-action");
	for (int a = ACT_NONE + 1; a <= ACT_RESIZE; a++)
		CHECKF(reached[a], "action %d is bound to no key", a);
	TEST_END();

	TEST_BEGIN("keys-no-code-twice");
	for (size_t i = 0; i < nstop_nkeys; i++)
		for (size_t c = 0; c < NKEYCODES && nstop_keys[i].keys[c]; c++) {
			int code = nstop_keys[i].keys[c];

			for (size_t j = i; j < nstop_nkeys; j++)
				for (size_t d = j == i ? c + 1 : 0;
				     d < NKEYCODES && nstop_keys[j].keys[d]; d++)
					CHECKF(nstop_keys[j].keys[d] != code, "key %d in '%s' and '%s'",
					       code, nstop_keys[i].names, nstop_keys[j].names);
		}
	TEST_END();

	/* every code in the table leads back to its own entry */
	TEST_BEGIN("keys-lookup-table");
	ok = true;
	for (size_t i = 0; i < nstop_nkeys; i++)
		for (size_t c = 0; c < NKEYCODES && nstop_keys[i].keys[c]; c++)
			if (keys_action(nstop_keys[i].keys[c]) != nstop_keys[i].action)
				ok = false;
	CHECK(ok);
	TEST_END();

	TEST_BEGIN("keys-lookup");
	CHECK(keys_action('q') == ACT_QUIT);
	CHECK(keys_action(KEY_F(10)) == ACT_QUIT);
	CHECK(keys_action('h') == ACT_HELP);
	CHECK(keys_action('?') == ACT_HELP);
	CHECK(keys_action(KEY_F(1)) == ACT_HELP);
	CHECK(keys_action(KEY_UP) == ACT_UP);
	CHECK(keys_action(KEY_DOWN) == ACT_DOWN);
	CHECK(keys_action(KEY_PPAGE) == ACT_PGUP);
	CHECK(keys_action(KEY_NPAGE) == ACT_PGDN);
	CHECK(keys_action(KEY_HOME) == ACT_HOME);
	CHECK(keys_action(KEY_END) == ACT_END);
	CHECK(keys_action('<') == ACT_SORT_LEFT);
	CHECK(keys_action('>') == ACT_SORT_RIGHT);
	CHECK(keys_action(KEY_F(6)) == ACT_SORT_MENU);
	CHECK(keys_action('r') == ACT_REVERSE);
	CHECK(keys_action('t') == ACT_TYPES);
	CHECK(keys_action('/') == ACT_FILTER);
	CHECK(keys_action('\\') == ACT_CLEAR_FILTER);
	CHECK(keys_action('g') == ACT_GROUP);
	CHECK(keys_action('\n') == ACT_DRILL);
	CHECK(keys_action('\r') == ACT_DRILL);
	CHECK(keys_action(KEY_ENTER) == ACT_DRILL);
	CHECK(keys_action(27) == ACT_BACK);
	CHECK(keys_action(KEY_BACKSPACE) == ACT_BACK);
	CHECK(keys_action(127) == ACT_BACK);
	CHECK(keys_action(KEY_LEFT) == ACT_BACK);
	CHECK(keys_action('T') == ACT_TREE);
	CHECK(keys_action('e') == ACT_EVENTS);
	CHECK(keys_action('d') == ACT_DELAY);
	CHECK(keys_action('s') == ACT_DELAY);
	CHECK(keys_action(' ') == ACT_REFRESH);
	CHECK(keys_action('k') == ACT_KILL);
	CHECK(keys_action(KEY_F(9)) == ACT_KILL);
	CHECK(keys_action('K') == ACT_KILL_ALL);
	CHECK(keys_action('E') == ACT_ENTER_CMD);
	CHECK(keys_action(12) == ACT_REDRAW);	/* Ctrl-L */
	CHECK(keys_action(KEY_RESIZE) == ACT_RESIZE);
	/* what is bound to nothing */
	CHECK(keys_action(0) == ACT_NONE);	/* the table's terminator */
	CHECK(keys_action(ERR) == ACT_NONE);	/* getch() timed out */
	CHECK(keys_action('x') == ACT_NONE);
	CHECK(keys_action('Q') == ACT_NONE);
	CHECK(keys_action(KEY_F(2)) == ACT_NONE);
	CHECK(keys_action(KEY_RIGHT) == ACT_NONE);
	TEST_END();

	TEST_BEGIN("signal-number");
	CHECK(nstop_signal_number("TERM") == SIGTERM);
	CHECK(nstop_signal_number("SIGKILL") == SIGKILL);
	CHECK(nstop_signal_number("kill") == SIGKILL);
	CHECK(nstop_signal_number("sigkill") == SIGKILL);
	CHECK(nstop_signal_number("Hup") == SIGHUP);
	CHECK(nstop_signal_number("USR1") == SIGUSR1);
	CHECK(nstop_signal_number("SIGSTOP") == SIGSTOP);
	CHECK(nstop_signal_number("CONT") == SIGCONT);
	CHECK(nstop_signal_number("9") == SIGKILL);
	CHECK(nstop_signal_number("15") == SIGTERM);
	CHECK(nstop_signal_number("1") == SIGHUP);
	CHECK(nstop_signal_number("64") == 64);
	CHECK(nstop_signal_number(" 9") == SIGKILL);
	/* the prompt's default, [TERM] */
	CHECK(nstop_signal_number("") == SIGTERM);
	CHECK(nstop_signal_number("   ") == SIGTERM);
	/* not a signal */
	CHECK(nstop_signal_number("0") == -1);
	CHECK(nstop_signal_number("65") == -1);
	CHECK(nstop_signal_number("99999999999999999999") == -1);
	CHECK(nstop_signal_number("FOO") == -1);
	CHECK(nstop_signal_number("9x") == -1);
	CHECK(nstop_signal_number("-9") == -1);
	CHECK(nstop_signal_number("SIG") == -1);
	CHECK(nstop_signal_number("SIGSIGTERM") == -1);
	CHECK(nstop_signal_number("TERM ") == -1);
	CHECK(nstop_signal_number("TERMX") == -1);
	TEST_END();

	UNIT_EXIT();
}
