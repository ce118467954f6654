// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The output layer's plain table printer against libsmartcols: on random
 * tables (columns of every flag and width hint in random order, cells
 * empty, blank, long, with blanks, backslashes and "\x", lists, options)
 * trees with UTF-8 and ASCII art) the plain printer must print exactly
 * the bytes libsmartcols prints, and must refuse (and leave it to
 * libsmartcols) what it does not cover: color, a character that is not
 * printable ASCII, a list that takes more than one line.
 *
 * libsmartcols lays a table out for a terminal when standard output is
 * one, whatever the stream: while printing, standard output is /dev/null.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "unit.h"

static const struct out_column cols[] = {
	{ "NS", 10, OUT_RIGHT, OUT_JSON_NUMBER, "a", 0 },
	{ "TYPE", 5, 0, OUT_JSON_STRING, "b", 0 },
	{ "NSFS", 0, OUT_WRAP, OUT_JSON_STRING, "c", 0 },
	{ "NETNSID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "d", 0 },
	{ "COMMAND", 0, OUT_TRUNC, OUT_JSON_STRING, "e", 0 },
	{ "PATH", 0.3, OUT_TRUNC, OUT_JSON_STRING, "f", 0 },
	{ "%CPU", 1, OUT_RIGHT, OUT_JSON_NUMBER, "g", 0 },
	{ "X", 12, 0, OUT_JSON_STRING, "h", 0 },
	{ "LONGNAME-OF-A-COLUMN", 3, OUT_RIGHT, OUT_JSON_STRING, "i", 0 },
	{ "U", 8, OUT_RIGHT | OUT_TRUNC, OUT_JSON_STRING, "j", 0 },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

static unsigned int seed = 12345;

static unsigned int rnd(unsigned int n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

/* a random text: mostly short words and numbers, sometimes long, blank,
 * with a backslash, "\x", or (bad) a byte the plain printer must refuse */
static void text(char *buf, size_t size, bool allow_odd)
{
	static const char *const odd[] = { "\\x41", "a\\b", "\xc3\xa9t\xc3\xa9", "tab\there",
					   "esc\x1b[1m", "new\nline", "del\x7f" };
	unsigned int kind = rnd(10), n;
	size_t w = 0;

	if (allow_odd && kind == 0) {
		snprintf(buf, size, "%s", odd[rnd(sizeof(odd) / sizeof(odd[0]))]);
		return;
	}
	n = kind == 1 ? 20 + rnd(40) : kind == 2 ? 0 : 1 + rnd(11);
	for (unsigned int i = 0; i < n && w + 1 < size; i++) {
		unsigned int c = rnd(40);

		buf[w++] = c < 26 ? (char)('a' + c) : c < 36 ? (char)('0' + c - 26) :
			   c < 38 ? ' ' : c < 39 ? '\\' : '-';
	}
	buf[w] = '\0';
}

static char *render(struct out *out, enum out_engine engine, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);

	fflush(stdout);
	dup2(null, STDOUT_FILENO);
	out_set_engine(out, engine);
	*rc = out_print(out, f);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
	fclose(f);
	return buf;
}

/* One random table; compares the engines. Returns 1 if the plain printer
 * took it, 0 if it refused it (then libsmartcols printed for AUTO). */
static int one_table(bool allow_odd, int *failed)
{
	int ids[6], n = 1 + (int)rnd(6), rc_s, rc_p, rc_a, took;
	struct out_opts o = { .format = OUT_TABLE, .noheadings = rnd(4) == 0,
			      .nowrap = rnd(2) == 0, .notruncate = rnd(3) == 0 };
	unsigned int nrows = rnd(5) == 0 ? rnd(3) : rnd(40);
	struct out_row *made[40];
	struct out *out;
	char *s, *p, *a, t[80];

	for (int i = 0; i < n; i++)
		ids[i] = (int)rnd(NCOLS);
	/* a tree in one of the shown columns, a third of the time */
	o.tree = rnd(3) == 0;
	o.tree_col = ids[rnd((unsigned int)n)];
	o.ascii = rnd(2) == 0;
	out = out_new(cols, ids, (size_t)n, &o);
	if (!out)
		return -1;
	for (unsigned int r = 0; r < nrows; r++) {
		/* under an earlier row, or at the top */
		struct out_row *up = o.tree && r && rnd(4) ? made[rnd(r)] : NULL;
		struct out_row *row = made[r] = out_row(out, up);

		for (int i = 0; row && i < n; i++) {
			unsigned int k = rnd(8);

			if (k == 0)
				continue;	/* NULL: an empty cell */
			if (k == 1 && (cols[ids[i]].flags & OUT_WRAP)) {
				for (unsigned int j = 1 + rnd(3); j; j--) {
					text(t, sizeof(t), allow_odd);
					out_add_item(row, (size_t)i, t);
				}
				continue;
			}
			text(t, sizeof(t), allow_odd);
			out_set(row, (size_t)i, t);
		}
	}
	s = render(out, OUT_ENGINE_SCOLS, &rc_s);
	p = render(out, OUT_ENGINE_PLAIN, &rc_p);
	a = render(out, OUT_ENGINE_AUTO, &rc_a);
	took = rc_p == 0;
	if (rc_s != 0 || rc_a != 0 || (rc_p != 0 && rc_p != -ENOTSUP) ||
	    strcmp(s, a) != 0 || (took && strcmp(s, p) != 0) || (!took && *p)) {
		if (!(*failed)++)
			fprintf(stderr, "tables differ (seed %u, rc %d %d %d):\n--- libsmartcols\n%s"
				"--- plain\n%s--- auto\n%s---\n", seed, rc_s, rc_p, rc_a, s, p, a);
	}
	free(s);
	free(p);
	free(a);
	out_free(out);
	return took;
}

static void test_random(void)
{
	int failed = 0, took = 0, refused = 0;

	/* the tree art is UTF-8 in a UTF-8 locale, ASCII in C */
	for (int utf8 = 0; utf8 < 2; utf8++) {
		TEST_BEGIN(utf8 ? "output-plain-same-as-scols-utf8" : "output-plain-same-as-scols");
		CHECK(setlocale(LC_CTYPE, utf8 ? "C.UTF-8" : "C") != NULL);
		failed = took = refused = 0;
		for (int i = 0; i < 3000; i++) {
			int t = one_table(false, &failed);

			took += t == 1;
			refused += t == 0;
		}
		CHECK(failed == 0);
		/* every one of these is a table the plain printer covers,
		 * but those with a list of several items a line each */
		CHECK(took > 2000);
		TEST_END();
	}
	setlocale(LC_CTYPE, "C");

	failed = took = refused = 0;
	TEST_BEGIN("output-plain-refuses-the-rest");
	for (int i = 0; i < 3000; i++) {
		int t = one_table(true, &failed);

		took += t == 1;
		refused += t == 0;
	}
	CHECK(failed == 0);
	CHECK(took > 100 && refused > 100);
	TEST_END();
}

/* what it must leave to libsmartcols, whatever the cells */
static void test_refuses(void)
{
	static const int ids[] = { 0, 1 };
	struct out_opts color = { .format = OUT_TABLE, .color = true };
	struct out_opts plain = { .format = OUT_TABLE };
	const struct out_opts *opts[] = { &color, &plain };
	const char *cell[] = { "net", "n\xc3\xa9t" };

	TEST_BEGIN("output-plain-refuses");
	CHECK(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
	for (size_t k = 0; k < 2; k++) {
		struct out *out = out_new(cols, ids, 2, opts[k]);
		struct out_row *row = out_row(out, NULL);
		char *p, *s;
		int rc_p, rc_s;

		CHECK(out_set(row, 0, "4026531840") == 0 && out_set(row, 1, cell[k]) == 0);
		p = render(out, OUT_ENGINE_PLAIN, &rc_p);
		s = render(out, OUT_ENGINE_AUTO, &rc_s);
		CHECK(rc_p == -ENOTSUP && *p == '\0');
		CHECK(rc_s == 0 && strstr(s, cell[k]) != NULL);
		free(p);
		free(s);
		out_free(out);
	}
	setlocale(LC_CTYPE, "C");
	TEST_END();
}

int main(void)
{
	test_random();
	test_refuses();
	UNIT_EXIT();
}
