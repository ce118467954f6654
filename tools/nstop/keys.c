// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * keys.c - nstop's key map, as data: the help screen, --help and the
 * man page's KEYS (a test compares them) all come from this table.
 * The keys are top's and htop's where they have one.
 */
#define _GNU_SOURCE
#include <curses.h>

#include "nstop.h"

#define CTRL(c) ((c) & 0x1f)

const struct nstop_key nstop_keys[] = {
	{ "q, F10", { 'q', KEY_F(10) }, ACT_QUIT, "quit" },
	{ "h, ?, F1", { 'h', '?', KEY_F(1) }, ACT_HELP, "this help" },
	{ "Up, Down", { KEY_UP }, ACT_UP, "move the selection" },
	{ "", { KEY_DOWN }, ACT_DOWN, "" },
	{ "PgUp, PgDn", { KEY_PPAGE }, ACT_PGUP, "a page up / down" },
	{ "", { KEY_NPAGE }, ACT_PGDN, "" },
	{ "Home, End", { KEY_HOME, KEY_FIND }, ACT_HOME, "first / last row" },
	{ "", { KEY_END, KEY_SELECT }, ACT_END, "" },
	{ "<, >", { '<' }, ACT_SORT_LEFT, "sort by the column left / right of it" },
	{ "", { '>' }, ACT_SORT_RIGHT, "" },
	{ "F6, .", { KEY_F(6), '.' }, ACT_SORT_MENU, "choose the sort column" },
	{ "r", { 'r' }, ACT_REVERSE, "reverse the sort order" },
	{ "t", { 't' }, ACT_TYPES, "show only some namespace types" },
	{ "/, F4", { '/', KEY_F(4) }, ACT_FILTER,
	  "filter: text, or an expression (TYPE == \"net\")" },
	{ "\\", { '\\' }, ACT_CLEAR_FILTER, "clear the filter" },
	{ "g", { 'g' }, ACT_GROUP, "rows: namespaces, containers, namespace sets" },
	{ "Enter", { '\n', '\r', KEY_ENTER }, ACT_DRILL, "the processes of the selected row" },
	{ "Esc, Backspace, Left", { 27, KEY_BACKSPACE, 127, KEY_LEFT }, ACT_BACK, "back" },
	{ "T", { 'T' }, ACT_TREE, "ownership tree: user namespaces and what they own" },
	{ "e", { 'e' }, ACT_EVENTS, "event log" },
	{ "d, s", { 'd', 's' }, ACT_DELAY, "change the delay between refreshes" },
	{ "Space", { ' ' }, ACT_REFRESH, "refresh now" },
	{ "k, F9", { 'k', KEY_F(9) }, ACT_KILL, "signal the selected process (drill-down)" },
	{ "K", { 'K' }, ACT_KILL_ALL, "signal every process listed (drill-down)" },
	{ "E", { 'E' }, ACT_ENTER_CMD, "the nsenter-lite command that enters the selected row" },
	{ "Ctrl-L", { CTRL('l') }, ACT_REDRAW, "redraw the screen" },
	{ "", { KEY_RESIZE }, ACT_RESIZE, "" },
};
const size_t nstop_nkeys = sizeof(nstop_keys) / sizeof(nstop_keys[0]);

enum nstop_action keys_action(int key)
{
	for (size_t i = 0; i < nstop_nkeys; i++)
		for (size_t k = 0; k < 4 && nstop_keys[i].keys[k]; k++)
			if (nstop_keys[i].keys[k] == key)
				return nstop_keys[i].action;
	return ACT_NONE;
}
