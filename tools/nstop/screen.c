// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * screen.c - the interactive view (ncursesw): the header, the column
 * headings, the rows of the model with the selection, new rows
 * highlighted and vanished ones dimmed, a status line for prompts and
 * messages, the help screen and the sort menu. Curses redraws only what
 * changed between two frames. The terminal is given back as it was on
 * q, on SIGINT, SIGTERM and SIGHUP, on a fatal error and on a crash.
 */
#define _GNU_SOURCE
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "nstop.h"
#include "restore.h"

#define MIN_COLS 40
#define MIN_LINES 10
#define HEADER_LINES 4
/* the status line, then the headings */
#define FIRST_ROW (HEADER_LINES + 2)

enum { PAIR_NEW = 1, PAIR_DENIED, PAIR_HEADING, PAIR_ALERT };

struct ui {
	struct nstop_model *m;
	double delay;
	long iterations;
	bool color;
	char msg[512];		/* the status line until the next key */
	char enter_cmd[512];	/* the last E, printed again on quit */
	struct timespec next;	/* when the next refresh is due */
};

static volatile sig_atomic_t quit_signal;

static void on_quit(int sig)
{
	quit_signal = sig;
}

/* ---- text of a given width ---- */

/* Bytes of s that fill at most width columns; *used: the columns. */
static size_t fit(const char *s, size_t width, size_t *used)
{
	mbstate_t st = { 0 };
	size_t n = 0, w = 0, left = strlen(s);

	while (left) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + n, left, &st);
		int cw;

		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			break;	/* cannot be: cells are escaped for the locale */
		cw = wcwidth(wc);
		if (cw < 0)
			cw = 1;
		if (w + (size_t)cw > width)
			break;
		w += (size_t)cw;
		n += k;
		left -= k;
	}
	if (used)
		*used = w;
	return n;
}

/* Columns s takes, up to a screen's width: no cell is wider. */
static size_t text_width(const char *s)
{
	size_t w;

	fit(s, COLS > 0 ? (size_t)COLS : 80, &w);
	return w;
}

/* Text at y, x, cut to width (and to the screen). */
static void put(int y, int x, const char *s, size_t width, bool right)
{
	size_t used, n;

	if (x >= COLS || y >= LINES)
		return;
	if ((size_t)(COLS - x) < width)
		width = (size_t)(COLS - x);
	n = fit(s, width, &used);
	if (right && used < width)
		x += (int)(width - used);
	mvaddnstr(y, x, s, (int)n);
}

/* A message from outside the cells (a command line, an error) made safe
 * to show: the output layer's escaping, as every cell has. */
static void set_msg(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_msg(struct ui *ui, const char *fmt, ...)
{
	char raw[512], *esc;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	esc = out_escape(raw, OUT_TABLE, 0);
	snprintf(ui->msg, sizeof(ui->msg), "%s", esc ? esc : "out of memory");
	free(esc);
}

/* Not the terminal's foreground any more (orphaned, put in the
 * background): draw nothing over what the shell shows. */
static bool in_background(void)
{
	pid_t fg = tcgetpgrp(STDIN_FILENO);

	return fg > 0 && fg != getpgrp();
}

static bool terminal_gone(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&p, 1, 0) < 0 ? errno != EINTR
				  : (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

/* ---- the frame ---- */

/* Each shown column's width: its heading's or its widest cell's; a
 * column that may be cut (COMMAND) takes what is left. */
static void widths(const struct nstop_model *m, size_t *w)
{
	const struct nstop_table *t = &m->tab[m->view];
	size_t total = 0, trunc = (size_t)-1;

	for (size_t c = 0; c < t->sel.n; c++) {
		w[c] = text_width(t->cols[t->sel.ids[c]].name);
		for (size_t i = 0; i < m->nrows; i++) {
			size_t cw = m->rows[i].cells[c] ? text_width(m->rows[i].cells[c]) : 0;

			if (c == 0 && m->rows[i].art)
				cw += text_width(m->rows[i].art);
			if (cw > w[c])
				w[c] = cw;
		}
		if (t->cols[t->sel.ids[c]].flags & OUT_TRUNC)
			trunc = c;
		else if (w[c] > 40)
			w[c] = 40;
		total += w[c] + (c ? 1 : 0);
	}
	/* too wide: the column that may be cut gives first, down to 12;
	 * then list columns (HOLDERS) down to 12; past that the line is cut */
	for (int pass = 0; pass < 2 && total > (size_t)COLS; pass++)
		for (size_t c = 0; c < t->sel.n && total > (size_t)COLS; c++) {
			unsigned int f = t->cols[t->sel.ids[c]].flags;
			size_t over = total - (size_t)COLS, give;

			if (pass == 0 ? c != trunc : !(f & OUT_WRAP))
				continue;
			give = w[c] > 12 ? w[c] - 12 : 0;
			if (give > over)
				give = over;
			w[c] -= give;
			total -= give;
		}
}

static const char *view_title(const struct nstop_model *m)
{
	switch (m->view) {
	case NV_CONTAINERS:
		return "containers";
	case NV_SETS:
		return "namespace sets";
	case NV_PROCS:
		return "processes";
	case NV_TREE:
		return "ownership tree";
	case NV_EVENTS:
		return "event log";
	default:
		return "namespaces";
	}
}

static void draw_status(const struct ui *ui)
{
	const struct nstop_model *m = ui->m;
	char line[1024];
	size_t n;

	move(HEADER_LINES, 0);
	clrtoeol();
	if (ui->msg[0]) {
		attron(A_BOLD);
		put(HEADER_LINES, 0, ui->msg, (size_t)COLS, false);
		attroff(A_BOLD);
		return;
	}
	size_t shown = 0;

	for (size_t i = 0; i < m->nrows; i++)
		shown += !(m->rows[i].flags & ROW_GONE);
	n = (size_t)snprintf(line, sizeof(line), "%s: %zu", view_title(m), shown);
	if (m->view == NV_PROCS && m->drill_title)
		n += (size_t)snprintf(line + n, sizeof(line) - n, " of %s", m->drill_title);
	if (m->types && n < sizeof(line)) {
		n += (size_t)snprintf(line + n, sizeof(line) - n, "; types");
		for (int t = 0; t < NSINFO_NTYPES && n < sizeof(line); t++)
			if (m->types & NSINFO_TYPE_BIT(t))
				n += (size_t)snprintf(line + n, sizeof(line) - n, " %s",
						      nsinfo_type_name((enum nsinfo_type)t));
	}
	if (m->tab[m->view].filter && n < sizeof(line)) {
		char *esc = out_escape(m->tab[m->view].filter, OUT_TABLE, 0);

		n += (size_t)snprintf(line + n, sizeof(line) - n, "; %s '%s'",
				      m->tab[m->view].expr ? "where" : "filter", esc ? esc : "");
		free(esc);
	}
	if (n < sizeof(line))
		snprintf(line + n, sizeof(line) - n, "%s",
			 m->view == NV_NS || m->view == NV_CONTAINERS || m->view == NV_SETS
				 ? "   (h: help)" : "   (Esc: back, h: help)");
	put(HEADER_LINES, 0, line, (size_t)COLS, false);
}

static void draw_rows(struct ui *ui)
{
	struct nstop_model *m = ui->m;
	struct nstop_table *t = &m->tab[m->view];
	size_t w[CLI_MAX_COLUMNS], page = (size_t)(LINES - FIRST_ROW);
	int x = 0;

	widths(m, w);
	/* the headings, the sort column marked */
	attron(A_REVERSE);
	move(FIRST_ROW - 1, 0);
	clrtoeol();
	mvhline(FIRST_ROW - 1, 0, ' ', COLS);
	for (size_t c = 0; c < t->sel.n && x < COLS; c++) {
		const struct out_column *col = &t->cols[t->sel.ids[c]];

		if (t->sel.ids[c] == t->sort)
			attron(A_BOLD | A_UNDERLINE);
		/* the tree's first column grows from the left */
		put(FIRST_ROW - 1, x, col->name, w[c],
		    (col->flags & OUT_RIGHT) && !(c == 0 && m->view == NV_TREE));
		if (t->sel.ids[c] == t->sort)
			attroff(A_BOLD | A_UNDERLINE);
		x += (int)w[c] + 1;
	}
	attroff(A_REVERSE);
	model_scroll(m, page);
	for (size_t line = 0; line < page; line++) {
		size_t i = t->top + line;
		int y = FIRST_ROW + (int)line;
		const struct nstop_row *r;
		attr_t a = A_NORMAL;

		move(y, 0);
		clrtoeol();
		if (i >= m->nrows)
			continue;
		r = &m->rows[i];
		if (r->flags & ROW_GONE)
			a |= A_DIM;
		if (r->flags & ROW_NEW)
			a |= A_BOLD | (ui->color ? COLOR_PAIR(PAIR_NEW) : 0);
		if (i == t->cur)
			a |= A_REVERSE;
		attrset(a);
		if (i == t->cur)
			mvhline(y, 0, ' ', COLS);
		x = 0;
		for (size_t c = 0; c < t->sel.n && x < COLS; c++) {
			const struct out_column *col = &t->cols[t->sel.ids[c]];
			size_t cw = w[c];
			int cx = x;

			if (c == 0 && r->art) {
				size_t aw = text_width(r->art);

				put(y, cx, r->art, cw, false);
				cx += (int)aw;
				cw = cw > aw ? cw - aw : 0;
			}
			if (r->cells[c]) {
				bool denied = r->marks[c] == OUT_MARK_DENIED;
				/* near its limit: bold, and yellow where colors are */
				attr_t alert = r->marks[c] == OUT_MARK_ALERT
						       ? A_BOLD | (ui->color ? COLOR_PAIR(PAIR_ALERT) : 0) : 0;

				if (denied && ui->color)
					attron(COLOR_PAIR(PAIR_DENIED));
				if (alert)
					attron(alert);
				put(y, cx, r->cells[c], cw, (col->flags & OUT_RIGHT) && !(c == 0 && r->art));
				if (alert)
					attroff(alert);
				if (denied && ui->color)
					attroff(COLOR_PAIR(PAIR_DENIED));
			}
			x += (int)w[c] + 1;
		}
		attrset(A_NORMAL);
	}
}

static void draw(struct ui *ui)
{
	struct nstop_header h;
	char line[1024];

	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		mvprintw(0, 0, "terminal too small");
		if (LINES > 1)
			mvprintw(1, 0, "(%dx%d, nstop needs %dx%d)", COLS, LINES, MIN_COLS, MIN_LINES);
		refresh();
		return;
	}
	header_read(ui->m, &h);
	for (int i = 0; i < HEADER_LINES && header_line(&h, i, line, sizeof(line)); i++)
		put(i, 0, line, (size_t)COLS, false);
	draw_status(ui);
	draw_rows(ui);
	refresh();
}

/* ---- prompts, menus, help ---- */

/* A line of input on the status line; false when Esc cancels it. */
static bool prompt(struct ui *ui, const char *label, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	curs_set(1);
	for (;;) {
		int ch;

		move(HEADER_LINES, 0);
		clrtoeol();
		attron(A_BOLD);
		put(HEADER_LINES, 0, label, (size_t)COLS, false);
		attroff(A_BOLD);
		addnstr(buf, (int)n);
		refresh();
		timeout(-1);
		ch = getch();
		if (quit_signal || (ch == ERR && terminal_gone()))
			break;
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			curs_set(0);
			return true;
		}
		if (ch == 27)
			break;
		if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && n) {
			/* a whole multibyte character */
			do
				n--;
			while (n && ((unsigned char)buf[n] & 0xc0) == 0x80);
			buf[n] = '\0';
		} else if (ch == KEY_RESIZE) {
			draw(ui);
		} else if (ch >= 0x20 && ch < 0x100 && ch != 127 && n + 1 < len) {
			buf[n++] = (char)ch;
			buf[n] = '\0';
		}
	}
	curs_set(0);
	buf[0] = '\0';
	return false;
}

static void help(struct ui *ui)
{
	int y = 0;

	erase();
	attron(A_BOLD);
	mvprintw(y++, 0, "nstop %s - keys", NSINFO_VERSION);
	attroff(A_BOLD);
	y++;
	for (size_t i = 0; i < nstop_nkeys && y < LINES - 1; i++) {
		if (!*nstop_keys[i].names)
			continue;
		put(y, 0, nstop_keys[i].names, 22, false);
		put(y++, 23, nstop_keys[i].help, (size_t)COLS, false);
	}
	put(LINES - 1, 0, "New rows are bold, vanished ones dim. Any key returns.", (size_t)COLS, false);
	refresh();
	timeout(-1);
	for (;;) {
		int ch = getch();

		if (quit_signal || (ch == ERR && terminal_gone()) || (ch != KEY_RESIZE && ch != ERR))
			break;
	}
	(void)ui;
}

/* F6: the shown columns in a list; Enter sorts by the one chosen. */
static void sort_menu(struct ui *ui)
{
	struct nstop_table *t = model_table(ui->m);
	size_t cur = 0;

	if (t->sort < 0) {
		set_msg(ui, "this view has its own order");
		return;
	}
	for (size_t c = 0; c < t->sel.n; c++)
		if (t->sel.ids[c] == t->sort)
			cur = c;
	for (;;) {
		int ch;

		erase();
		attron(A_BOLD);
		mvprintw(0, 0, "Sort by (Enter: choose, Esc: cancel)");
		attroff(A_BOLD);
		for (size_t c = 0; c < t->sel.n && (int)c + 2 < LINES; c++) {
			if (c == cur)
				attron(A_REVERSE);
			mvprintw((int)c + 2, 2, "%-10s", t->cols[t->sel.ids[c]].name);
			if (c == cur)
				attroff(A_REVERSE);
			put((int)c + 2, 14, t->cols[t->sel.ids[c]].help, (size_t)COLS, false);
		}
		refresh();
		timeout(-1);
		ch = getch();
		if (quit_signal || ch == 27 || ch == 'q' || (ch == ERR && terminal_gone()))
			return;
		if (ch == KEY_UP && cur)
			cur--;
		else if (ch == KEY_DOWN && cur + 1 < t->sel.n)
			cur++;
		else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			model_sort_by(ui->m, t->sel.ids[cur]);
			return;
		}
	}
}

static void ask_types(struct ui *ui)
{
	char buf[128];
	unsigned int types;
	const char *bad;
	size_t len;

	if (!prompt(ui, "Types (comma list; empty: all): ", buf, sizeof(buf)))
		return;
	if (cli_types_parse(buf, &types, &bad, &len) < 0)
		set_msg(ui, "unknown namespace type '%.*s'", (int)len, bad);
	else if (model_set_types(ui->m, types) < 0)
		set_msg(ui, "nstop reads only the types of its -t");
}

static void ask_delay(struct ui *ui)
{
	char buf[32], *end;
	double d;

	if (!prompt(ui, "Delay between refreshes (seconds): ", buf, sizeof(buf)) || !*buf)
		return;
	d = strtod(buf, &end);
	if (end == buf || *end || !(d >= 0.1 && d <= 86400)) {
		set_msg(ui, "invalid delay '%s' (seconds, 0.1 to 86400)", buf);
		return;
	}
	ui->delay = d;
	set_msg(ui, "refreshing every %g s", d);
}

/* "SIGTERM", or "signal 35" for one without a name (real-time ones). */
static const char *sig_name(int sig, char *buf, size_t len)
{
	const char *name = sigabbrev_np(sig);

	if (name)
		snprintf(buf, len, "SIG%s", name);
	else
		snprintf(buf, len, "signal %d", sig);
	return buf;
}

/* k and K: the processes of the drill-down, after a y. */
static void ask_signal(struct ui *ui, bool all)
{
	struct nstop_model *m = ui->m;
	const struct nstop_row *row = model_selected(m);
	char buf[32], what[160], signame[24];
	size_t sent = 0, gone = 0, failed = 0;
	int sig, err = 0;

	if (m->view != NV_PROCS || !row) {
		set_msg(ui, "k and K signal processes of a drill-down (Enter on a row first)");
		return;
	}
	if (all)
		snprintf(what, sizeof(what), "all %zu processes listed", m->nrows);
	else
		snprintf(what, sizeof(what), "PID %d", (int)row->pid);
	snprintf(buf, sizeof(buf), "%s", "");
	{
		char label[256];

		snprintf(label, sizeof(label), "Signal to send to %s [TERM]: ", what);
		if (!prompt(ui, label, buf, sizeof(buf)))
			return;
	}
	sig = nstop_signal_number(buf);
	if (sig < 0) {
		set_msg(ui, "unknown signal '%s'", buf);
		return;
	}
	{
		char label[256], yes[8];

		snprintf(label, sizeof(label), "Send %s to %s? [y/N] ",
			 sig_name(sig, signame, sizeof(signame)), what);
		if (!prompt(ui, label, yes, sizeof(yes)) || (yes[0] != 'y' && yes[0] != 'Y')) {
			set_msg(ui, "no signal sent");
			return;
		}
	}
	for (size_t i = 0; i < m->nrows; i++) {
		const struct nstop_row *r = all ? &m->rows[i] : row;
		int rc;

		if (r->flags & ROW_GONE) {
			gone++;
		} else if ((rc = nstop_kill(m->snap, r->pid, r->start, sig)) == 0) {
			sent++;
		} else if (rc == -ESRCH) {
			gone++;
		} else {
			failed++;
			err = -rc;
		}
		if (!all)
			break;
	}
	if (failed)
		set_msg(ui, "%s sent to %zu, %zu gone, %zu failed: %s",
			sig_name(sig, signame, sizeof(signame)), sent, gone, failed, strerror(err));
	else
		set_msg(ui, "%s sent to %zu process%s%s", sig_name(sig, signame, sizeof(signame)),
			sent, sent == 1 ? "" : "es", gone ? " (some had exited)" : "");
}

/* ---- the loop ---- */

static double until(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(t->tv_sec - now.tv_sec) + (double)(t->tv_nsec - now.tv_nsec) / 1e9;
}

static void schedule(struct ui *ui)
{
	clock_gettime(CLOCK_MONOTONIC, &ui->next);
	ui->next.tv_sec += (time_t)ui->delay;
	ui->next.tv_nsec += (long)((ui->delay - (double)(time_t)ui->delay) * 1e9);
	if (ui->next.tv_nsec >= 1000000000L) {
		ui->next.tv_sec++;
		ui->next.tv_nsec -= 1000000000L;
	}
}

/* One key; false to quit. */
static bool act(struct ui *ui, int key, int *err)
{
	struct nstop_model *m = ui->m;
	size_t page = LINES > FIRST_ROW ? (size_t)(LINES - FIRST_ROW) : 1;
	char buf[512];
	int rc = 0;

	ui->msg[0] = '\0';
	switch (keys_action(key)) {
	case ACT_QUIT:
		return false;
	case ACT_HELP:
		help(ui);
		break;
	case ACT_UP:
		model_move(m, -1);
		break;
	case ACT_DOWN:
		model_move(m, 1);
		break;
	case ACT_PGUP:
		model_move(m, -(long)page);
		break;
	case ACT_PGDN:
		model_move(m, (long)page);
		break;
	case ACT_HOME:
		model_move_to(m, 0);
		break;
	case ACT_END:
		model_move_to(m, m->nrows ? m->nrows - 1 : 0);
		break;
	case ACT_SORT_LEFT:
		model_sort_step(m, -1);
		break;
	case ACT_SORT_RIGHT:
		model_sort_step(m, 1);
		break;
	case ACT_SORT_MENU:
		sort_menu(ui);
		break;
	case ACT_REVERSE:
		model_sort_reverse(m);
		break;
	case ACT_TYPES:
		ask_types(ui);
		break;
	case ACT_FILTER:
		if (prompt(ui, "Filter (text, or an expression: TYPE == \"net\" && NPROCS > 1): ",
			   buf, sizeof(buf))) {
			const struct nstop_table *t = model_table(m);

			rc = model_set_filter(m, buf);
			/* it had an operator but is no expression: why */
			if (rc == 0 && t->filter_note)
				set_msg(ui, "filter: %s; finding it as text", t->filter_note);
		}
		break;
	case ACT_CLEAR_FILTER:
		rc = model_set_filter(m, NULL);
		break;
	case ACT_GROUP:
		rc = model_cycle_group(m);
		break;
	case ACT_DRILL:
		rc = model_drill(m);
		if (rc == -ENOENT) {
			set_msg(ui, "nothing to show the processes of");
			rc = 0;
		}
		break;
	case ACT_BACK:
		rc = model_back(m);
		break;
	case ACT_TREE:
		rc = model_show(m, NV_TREE);
		break;
	case ACT_EVENTS:
		rc = model_show(m, NV_EVENTS);
		break;
	case ACT_DELAY:
		ask_delay(ui);
		schedule(ui);
		break;
	case ACT_REFRESH:
		rc = model_refresh(m);
		schedule(ui);
		break;
	case ACT_KILL:
	case ACT_KILL_ALL:
		ask_signal(ui, keys_action(key) == ACT_KILL_ALL);
		break;
	case ACT_ENTER_CMD:
		rc = model_enter_command(m, model_selected(m), buf, sizeof(buf));
		if (rc == 0) {
			snprintf(ui->enter_cmd, sizeof(ui->enter_cmd), "%s", buf);
			set_msg(ui, "%s", buf);
		} else {
			set_msg(ui, rc == -ENAMETOOLONG ? "the name is too long to put in a command"
							: "nothing to enter here");
		}
		rc = 0;
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_RESIZE:
	case ACT_NONE:
		break;
	}
	*err = rc;
	return rc == 0;
}

int screen_run(struct nstop_model *m, double delay, long iterations, bool color)
{
	struct ui ui = { .m = m, .delay = delay, .iterations = iterations };
	SCREEN *scr;
	long frames = 0;
	bool dirty = true;
	int err = 0;

	struct sigaction q = { .sa_handler = on_quit };

	restore_save();
	scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return -ENOTTY;
	sigaction(SIGINT, &q, NULL);
	sigaction(SIGTERM, &q, NULL);
	sigaction(SIGHUP, &q, NULL);
	restore_on_crash();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (color && has_colors() && start_color() == OK) {
		use_default_colors();
		init_pair(PAIR_NEW, COLOR_GREEN, -1);
		init_pair(PAIR_DENIED, COLOR_RED, -1);
		init_pair(PAIR_ALERT, COLOR_YELLOW, -1);
		ui.color = true;
	}
	err = model_refresh(m);
	frames++;
	schedule(&ui);
	while (!err && !quit_signal) {
		double left;
		int ch;

		/* curses sends the terminal only what changed; nothing is
		 * drawn at all until a refresh, a key or a resize */
		if (in_background()) {
			if (terminal_gone())
				break;
			usleep(200000);
			dirty = true;
			continue;
		}
		if (dirty)
			draw(&ui);
		dirty = false;
		left = until(&ui.next);
		if (left <= 0) {
			if (ui.iterations > 0 && frames >= ui.iterations)
				break;
			err = model_refresh(m);
			frames++;
			schedule(&ui);
			dirty = true;
			continue;
		}
		/* short waits: a signal's flag is seen at once */
		timeout(left > 0.2 ? 200 : (int)(left * 1000) + 1);
		ch = getch();
		if (quit_signal)
			continue;
		if (ch == ERR) {
			/* the terminal hung up (its window closed with no
			 * SIGHUP for us): getch() fails at once from now on */
			if (terminal_gone())
				break;
			continue;
		}
		dirty = true;
		if (!act(&ui, ch, &err))
			break;
	}
	endwin();
	delscreen(scr);
	if (ui.enter_cmd[0] && !err) {
		char *esc = out_escape(ui.enter_cmd, OUT_TABLE, 0);

		printf("%s\n", esc ? esc : ui.enter_cmd);
		free(esc);
	}
	if (quit_signal && quit_signal != SIGINT) {
		signal(quit_signal, SIG_DFL);
		raise(quit_signal);
	}
	return err;
}
