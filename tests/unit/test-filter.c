// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The filter language of nsls -Q and nstop's `/` (tools/common/filter.h):
 * a table of expressions with the rows each is true of, a table of those
 * refused with the one line that says why, nesting no input can take
 * past FILTER_MAX_DEPTH, the rows of this machine's /proc through the
 * catalogues' fillers, and a bounded fuzz loop (token soup, random bytes,
 * mutations of the valid table; fixed seed) that must neither crash, nor
 * leak under ASan, nor take long, and must keep !(E) the negation of E.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "columns.h"
#include "filter.h"
#include "sanitizer.h"
#include "unit.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Three namespace rows, cells by catalogue column; NULL: empty. */
struct trow {
	const char *cell[NS_NCOLS];
};

static const struct trow rows[] = {
	{ .cell = { [NS_COL_NS] = "4026531840", [NS_COL_TYPE] = "net", [NS_COL_NPROCS] = "3",
		    [NS_COL_PID] = "1", [NS_COL_USER] = "root",
		    [NS_COL_COMMAND] = "/sbin/init splash", [NS_COL_PCPU] = "12.5",
		    [NS_COL_AGE] = "1-02:03:04", [NS_COL_NETNSID] = "unassigned",
		    [NS_COL_PNS] = "denied" } },
	{ .cell = { [NS_COL_NS] = "4026532001", [NS_COL_TYPE] = "uts", [NS_COL_NPROCS] = "1",
		    [NS_COL_PID] = "4242", [NS_COL_USER] = "alice", [NS_COL_COMMAND] = "sleep 100",
		    [NS_COL_NAME] = "blue", [NS_COL_PCPU] = "0.0", [NS_COL_AGE] = "00:05",
		    [NS_COL_PNS] = "4026531837" } },
	{ .cell = { [NS_COL_NS] = "4026532002", [NS_COL_TYPE] = "net", [NS_COL_NPROCS] = "0",
		    [NS_COL_NAME] = "/run/netns/red", [NS_COL_NETNSID] = "0" } },
};

struct get_arg {
	const struct filter *f;
	const struct trow *row;
};

static const char *get_cell(void *arg, size_t i)
{
	const struct get_arg *a = arg;
	size_t n;
	const int *ids = filter_columns(a->f, &n);

	return i < n ? a->row->cell[ids[i]] : NULL;
}

/* Bit r set: the expression is true of rows[r]; -1: it did not parse. */
static int mask_of(const char *expr, struct filter_error *err)
{
	struct filter *f;
	int mask = 0;

	if (filter_new(&f, expr, ns_columns, NS_NCOLS, err) < 0)
		return -1;
	for (size_t r = 0; r < ARRAY_SIZE(rows); r++) {
		struct get_arg a = { f, &rows[r] };
		int rc = filter_eval(f, get_cell, &a);

		if (rc < 0 || rc > 1) {
			mask = -2;
			break;
		}
		mask |= rc << r;
	}
	filter_free(f);
	return mask;
}

static const struct {
	const char *expr;
	int mask;		/* rows 0, 1, 2 as bits 0, 1, 2 */
} valid[] = {
	{ "TYPE == \"net\"", 05 },
	{ "TYPE == 'net'", 05 },
	{ "type eq \"net\"", 05 },
	{ "TYPE EQ \"net\"", 05 },
	{ "Type == \"net\"", 05 },
	{ "TYPE != \"net\"", 02 },
	{ "TYPE ne 'net'", 02 },
	{ "TYPE NE 'net'", 02 },
	{ "NPROCS > 1", 01 },
	{ "NPROCS gt 1", 01 },
	{ "NPROCS GT 1", 01 },
	{ "NPROCS >= 1", 03 },
	{ "NPROCS ge 1", 03 },
	{ "NPROCS < 1", 04 },
	{ "NPROCS lt 1", 04 },
	{ "NPROCS <= 1", 06 },
	{ "NPROCS LE 1", 06 },
	{ "NPROCS == 0", 04 },
	{ "TYPE == \"net\" && NPROCS > 1", 01 },
	{ "TYPE == \"net\" and NPROCS > 1", 01 },
	{ "TYPE == \"net\" AND NPROCS > 1", 01 },
	{ "NPROCS>1&&TYPE==\"net\"", 01 },
	{ "  TYPE\t==\n\"net\"  ", 05 },
	{ "TYPE == \"uts\" || NPROCS == 0", 06 },
	{ "TYPE == \"uts\" or NPROCS == 0", 06 },
	{ "TYPE == \"uts\" OR NPROCS == 0", 06 },
	{ "!(TYPE == \"net\")", 02 },
	{ "not (TYPE == \"net\")", 02 },
	{ "NOT (TYPE == \"net\")", 02 },
	{ "!!(TYPE == \"net\")", 05 },
	{ "(TYPE == \"net\")", 05 },
	{ "((((TYPE == \"net\"))))", 05 },
	/* && and || bind equally, from the left, as libsmartcols parses */
	{ "TYPE == \"net\" || TYPE == \"uts\" && NPROCS > 1", 01 },
	{ "TYPE == \"net\" || (TYPE == \"uts\" && NPROCS > 1)", 05 },
	/* ! binds as a comparison does: (!TYPE) == "net" compares booleans,
	 * false (no TYPE is empty) and "net" read as one (false): always true */
	{ "!TYPE == \"net\"", 07 },
	{ "TYPE == \"net\" == true", 05 },
	/* a value alone: not empty, not zero */
	{ "NAME", 06 },
	{ "!NAME", 01 },
	{ "not NAME", 01 },
	{ "PID", 03 },
	{ "!PID", 04 },
	{ "true", 07 },
	{ "TRUE", 07 },
	{ "false", 00 },
	{ "FALSE", 00 },
	{ "\"x\"", 07 },
	{ "\"\"", 00 },
	{ "0", 00 },
	{ "5", 07 },
	/* NULL: before every string, never equal to one, false as a number */
	{ "NAME == \"\"", 00 },
	{ "NAME != \"blue\"", 05 },
	{ "NAME < \"a\"", 05 },
	{ "PID != 1", 02 },
	{ "PID == NPROCS", 00 },
	{ "PID > NPROCS", 02 },
	{ "TYPE == NAME", 00 },
	/* regular expressions: POSIX extended, anywhere, NULL as "" */
	{ "COMMAND =~ \"^sleep\"", 02 },
	{ "COMMAND =~ \"^s[]a-z[:alpha:]]{1,255}p\"", 02 },
	{ "COMMAND =~ \"^(s(l(e)?)?)+ep\"", 02 },
	{ "COMMAND !~ \"^sleep\"", 05 },
	{ "COMMAND =~ \"init|sleep\"", 03 },
	{ "USER =~ '^(root|alice)$'", 03 },
	/* near the bound on a regular expression's size (regex-size.h) */
	{ "USER =~ '^(root|alice|x{1900})$'", 03 },
	{ "USER =~ '(^|/)(root|alice)( |$)'", 03 },
	{ "USER =~ '\\<(root|alice)\\>'", 03 },
	{ "USER =~ '(r?)*o{2}t'", 01 },
	/* anchors apart: runs of two */
	{ "USER =~ '\\broot\\b|\\balice\\b|\\bb\\b|\\bc\\b|\\bd\\b|\\be\\b|\\bf\\b|\\bg\\b|\\bh\\b'", 03 },
	{ "NAME =~ '^/docker/([0-9a-f]{64})?$'", 00 },
	{ "USER =~ \"^$\"", 04 },
	{ "NAME =~ \"^/run/netns/\" && TYPE == 'net'", 04 },
	{ "USER == \"root\" && COMMAND =~ \"init\"", 01 },
	/* numbers: fractions, AGE in seconds, suffixes */
	{ "%CPU > 10", 01 },
	{ "%cpu > 0", 01 },
	{ "%CPU >= 0.0", 03 },
	{ "%CPU == 12.5", 01 },
	{ "%CPU < 12.50", 02 },
	{ "AGE > 3600", 01 },
	{ "AGE < 60", 02 },
	{ "AGE == 93784", 01 },
	{ "AGE == \"00:05\"", 02 },
	{ "AGE =~ \"^00:\"", 02 },
	{ "NS == 4026531840", 01 },
	{ "NS > 4026532000", 06 },
	{ "NS == 4026532001.0", 02 },
	{ "1K == 1024", 07 },
	{ "1KiB == 1024 && 1M == 1048576 && 2G == 2147483648", 07 },
	{ "15E == 17293822569102704640", 07 },
	{ "NPROCS < 1KiB", 07 },
	/* the literal's type: a word compares as text, a number as one */
	{ "NETNSID == \"unassigned\"", 01 },
	{ "NETNSID == 0", 04 },
	{ "NETNSID != 0", 00 },
	{ "PNS == \"denied\"", 01 },
	{ "PNS > 0", 02 },
	{ "5 == \"5\"", 07 },
	{ "\"abc\" < \"abd\"", 07 },
	{ "TYPE == 1", 00 },
};

static void test_valid(void)
{
	TEST_BEGIN("filter-valid");
	for (size_t i = 0; i < ARRAY_SIZE(valid); i++) {
		struct filter_error err;
		int got = mask_of(valid[i].expr, &err);

		CHECKF(got == valid[i].mask, "'%s': rows %o, want %o (%s)", valid[i].expr,
		       (unsigned int)got, (unsigned int)valid[i].mask, got == -1 ? err.msg : "");
	}
	TEST_END();
}

static const struct {
	const char *expr;
	const char *msg;	/* the whole line, or its start when it ends in '*' */
} invalid[] = {
	{ "TYPE == \"net\")", "unexpected ')' at 14" },
	{ "FOO == 1", "unknown column 'FOO'" },
	{ "NPROCS > 1 && foo", "unknown column 'foo'" },
	{ "(TYPE == \"net\"", "missing ')' at 15 (for the '(' at 1)" },
	{ "TYPE ==", "unexpected end of expression at 8" },
	{ "", "unexpected end of expression at 1" },
	{ "   ", "unexpected end of expression at 4" },
	{ "()", "unexpected ')' at 2" },
	{ "TYPE = \"net\"", "unexpected '=' at 6 (did you mean '=='?)" },
	{ "TYPE == \"net", "unterminated string at 9" },
	{ "TYPE == 'net\"", "unterminated string at 9" },
	{ "TYPE == \"n\net\"", "unterminated string at 9" },
	{ "TYPE \"net\"", "unexpected '\"net\"' at 6" },
	{ "TYPE & NPROCS", "unexpected '&' at 6 (did you mean '&&'?)" },
	{ "TYPE | NPROCS", "unexpected '|' at 6 (did you mean '||'?)" },
	{ "&& TYPE", "unexpected '&&' at 1" },
	{ "TYPE == == 1", "unexpected '==' at 9" },
	{ "NPROCS > 10KB", "bad number '10KB' at 10" },
	{ "NPROCS > 1.", "bad number '1.' at 10" },
	{ "NPROCS > 1.5K", "bad number '1.5K' at 10" },
	{ "NPROCS > 0x10", "bad number '0x10' at 10" },
	{ "NPROCS > 99999999999999999999", "number too large '99999999999999999999' at 10" },
	{ "NPROCS > 1Z", "number too large '1Z' at 10" },
	{ "16E > 0", "number too large '16E' at 1" },
	{ "COMMAND =~ \"(\"", "bad regular expression at 9: *" },
	/* glibc's regcomp() copies each repetition out: these would take all
	 * memory (the first was found by tests/fuzz/fuzz-filter.c) */
	{ "NAME =~ \"T(P++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++ID\"",
	  "regular expression at 6 repeats too much to compile" },
	{ "NAME =~ '(a{1000}){1000}'", "regular expression at 6 repeats too much to compile" },
	{ "NAME =~ '((((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)'",
	  "regular expression at 6 repeats too much to compile" },
	/* small, but regcomp() spent 7 s on its closures over empty matches */
	{ "NAME =~ 'P?????????????????????????++++'",
	  "regular expression at 6 repeats too much to compile" },
	{ "NAME =~ '((((P)?)?)?)?+'", "regular expression at 6 repeats too much to compile" },
	{ "NAME =~ '(){21000}'", "regular expression at 6 repeats too much to compile" },
	/* a run of empty groups: closures that grow with its square (2 GB) */
	{ "NAME =~ '(){9926}'", "regular expression at 6 repeats too much to compile" },
	{ "PPID =~ '2{,31000}'", "regular expression at 6 repeats too much to compile" },
	/* an escaped digit is the digit inside an interval (8 GB) */
	{ "PPID =~ '2{,31\\000}'", "regular expression at 6 repeats too much to compile" },
	{ "PPID =~ '2{1\\,31000}'", "regular expression at 6 repeats too much to compile" },
	/* what may match nothing, its closures growing with the square of
	 * its count: 680 MB, then 3,400 atoms (about 100 MB) */
	{ "NAME =~ '(a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*){580}'",
	  "regular expression at 6 repeats too much to compile" },
	{ "NAME =~ '(a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*){200}'",
	  "regular expression at 6 repeats too much to compile" },
	/* each '|' an empty node: "(" 20 '|' "){600}" took over 1 GB */
	{ "NAME =~ '(||||||||||||||||||||){600}'",
	  "regular expression at 6 repeats too much to compile" },
	/* repetitions of what may match nothing already, nested: over 5 s */
	{ "NAME =~ '(a?)?{40}*'", "regular expression at 6 repeats too much to compile" },
	{ "NAME =~ '\\w?+{40}c'", "regular expression at 6 repeats too much to compile" },
	{ "NAME =~ '(.?{0,9}{20})*'", "regular expression at 6 repeats too much to compile" },
	/* through groups that add nothing: as deep as without them */
	{ "NAME =~ '(((a?)?))*'", "regular expression at 6 repeats too much to compile" },
	{ "NAME =~ '((a++++))+'", "regular expression at 6 repeats too much to compile" },
	/* anchors in a row copy closures: 186 MB, then (16) 446 MB */
	{ "NAME =~ '\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b'",
	  "regular expression at 6 has too many anchors in a row (^ $ \\b \\B \\< \\>) to compile" },
	{ "NAME =~ '^^^^^^^^^(a?){200}'",
	  "regular expression at 6 has too many anchors in a row (^ $ \\b \\B \\< \\>) to compile" },
	/* glibc's regexec() recurses without end on it */
	{ "COMMAND =~ '(|)(\\1\\1)+'",
	  "regular expression at 9 has a back-reference (\\1 to \\9), which filters do not take" },
	{ "COMMAND =~ 5", "'=~' wants a string at 12, not '5'" },
	{ "COMMAND !~ NAME", "'!~' wants a string at 12, not 'NAME'" },
	{ "COMMAND =~", "unexpected end of expression at 11" },
	{ "TYPE # 1", "unexpected character '#' at 6" },
	{ "TYPE == \xc3\xa9", "unexpected character '\\xc3' at 9" },
	{ "TYPE == n\xc3\xa9", "unknown column 'n'" },
	{ "TYPE == \"net\" NPROCS", "unexpected 'NPROCS' at 15" },
	{ "!", "unexpected end of expression at 2" },
	{ "NAME ||", "unexpected end of expression at 8" },
};

static void test_invalid(void)
{
	TEST_BEGIN("filter-invalid");
	for (size_t i = 0; i < ARRAY_SIZE(invalid); i++) {
		struct filter_error err;
		int got = mask_of(invalid[i].expr, &err);
		size_t n = strlen(invalid[i].msg);
		bool prefix = n && invalid[i].msg[n - 1] == '*';

		if (got != -1) {
			printf("FAIL filter-invalid: '%s' parsed (rows %o)\n", invalid[i].expr,
			       (unsigned int)got);
			unit_failed_here++;
		} else {
			CHECKF(prefix ? !strncmp(err.msg, invalid[i].msg, n - 1)
			       : !strcmp(err.msg, invalid[i].msg),
			       "'%s': got '%s', want '%s'", invalid[i].expr, err.msg, invalid[i].msg);
		}
		CHECK(err.pos <= strlen(invalid[i].expr) + 1);
		CHECK(strchr(err.msg, '\n') == NULL);
	}
	TEST_END();
}

/* s repeated n times, then tail, in a malloc'd string. */
static char *repeat(const char *s, size_t n, const char *head, const char *tail)
{
	size_t l = strlen(s), h = strlen(head), t = strlen(tail);
	char *out = malloc(h + l * n + t + 1), *w = out;

	if (!out)
		return NULL;
	memcpy(w, head, h);
	w += h;
	for (size_t i = 0; i < n; i++, w += l)
		memcpy(w, s, l);
	memcpy(w, tail, t + 1);
	return out;
}

static void expect_deep(const char *what, char *expr, bool ok, int mask)
{
	struct filter_error err;
	int got;

	if (!expr) {
		CHECK(expr != NULL);
		return;
	}
	got = mask_of(expr, &err);
	CHECKF(ok ? got == mask : got == -1 && strstr(err.msg, "nested too deeply"),
	       "%s: rows %d (%s)", what, got, got == -1 ? err.msg : "");
	free(expr);
}

static void test_depth(void)
{
	char *s, *t;

	TEST_BEGIN("filter-depth");
	/* 10^5 of each: refused, no stack overflow */
	s = repeat("(", 100000, "", "TYPE");
	t = s ? repeat(")", 100000, s, "") : NULL;
	free(s);
	expect_deep("100000 '('", t, false, 0);
	expect_deep("100000 '(' unclosed", repeat("(", 100000, "", ""), false, 0);
	expect_deep("100000 '!'", repeat("!", 100000, "", "NAME"), false, 0);
	expect_deep("100000 'not '", repeat("not ", 100000, "", "NAME"), false, 0);
	expect_deep("a chain of 100000 '=='", repeat(" == NAME", 100000, "NAME", ""), false, 0);
	expect_deep("100000 alternating && ||", repeat(" && NAME || NAME", 50000, "NAME", ""),
		    false, 0);
	/* as deep as allowed, and a long flat run: fine */
	s = repeat("(", FILTER_MAX_DEPTH, "", "NAME");
	t = s ? repeat(")", FILTER_MAX_DEPTH, s, "") : NULL;
	free(s);
	expect_deep("FILTER_MAX_DEPTH '('", t, true, 06);
	s = repeat("(", FILTER_MAX_DEPTH + 1, "", "NAME");
	t = s ? repeat(")", FILTER_MAX_DEPTH + 1, s, "") : NULL;
	free(s);
	expect_deep("FILTER_MAX_DEPTH + 1 '('", t, false, 0);
	expect_deep("100000 '||'", repeat(" || NAME", 100000, "PID", ""), true, 07);
	expect_deep("100000 '&&'", repeat(" && NAME", 100000, "PID", ""), true, 02);
	TEST_END();
}

static void test_meta(void)
{
	struct filter_error err;
	struct filter *f;
	const int *ids;
	size_t n;

	TEST_BEGIN("filter-meta");
	CHECK(filter_new(&f, "TYPE == \"net\" && type != 'x' && NPROCS > 1 || COMMAND", ns_columns,
			 NS_NCOLS, &err) == 0);
	if (f) {
		ids = filter_columns(f, &n);
		CHECK(n == 3 && ids[0] == NS_COL_TYPE && ids[1] == NS_COL_NPROCS &&
		      ids[2] == NS_COL_COMMAND);
		CHECK(filter_has_operator(f));
		CHECK(filter_scan_flags(f) == ns_columns[NS_COL_COMMAND].needs);
		filter_free(f);
	}
	CHECK(filter_new(&f, "HOLDERS", ns_columns, NS_NCOLS, &err) == 0);
	if (f) {
		CHECK(!filter_has_operator(f));
		CHECK(filter_scan_flags(f) == ns_columns[NS_COL_HOLDERS].needs &&
		      filter_scan_flags(f) != 0);
		filter_free(f);
	}
	CHECK(filter_new(&f, "(NAME)", ns_columns, NS_NCOLS, &err) == 0 && !filter_has_operator(f));
	filter_free(f);
	CHECK(filter_new(&f, "!NAME", ns_columns, NS_NCOLS, &err) == 0 && filter_has_operator(f));
	filter_free(f);
	CHECK(filter_new(&f, "4026531840", ns_columns, NS_NCOLS, &err) == 0 &&
	      !filter_has_operator(f));
	filter_free(f);
	CHECK(filter_new(&f, "1 == 1", ns_columns, NS_NCOLS, &err) == 0);
	if (f) {
		CHECK(filter_columns(f, &n) != NULL && n == 0 && filter_scan_flags(f) == 0);
		filter_free(f);
	}
	/* a parse error says whether an operator came first (nstop's hint) */
	CHECK(filter_new(&f, "TYPE == ", ns_columns, NS_NCOLS, &err) == -EINVAL && f == NULL &&
	      err.saw_operator);
	CHECK(filter_new(&f, "sleep 100", ns_columns, NS_NCOLS, &err) == -EINVAL &&
	      !err.saw_operator);
	CHECK(filter_new(&f, "(sd-pam)", ns_columns, NS_NCOLS, &err) == -EINVAL &&
	      !err.saw_operator);
	/* each catalogue has its own names */
	CHECK(filter_new(&f, "NETNS == 1 && STATE == 'R'", proc_columns, PROC_NCOLS, &err) == 0);
	filter_free(f);
	CHECK(filter_new(&f, "NETNS == 1", ns_columns, NS_NCOLS, &err) == -EINVAL);
	CHECK_STR(err.msg, "unknown column 'NETNS'");
	CHECK(filter_new(&f, "HOST =~ 'net' && ID", group_columns, GROUP_NCOLS, &err) == 0);
	filter_free(f);
	CHECK(!strcmp(filter_engine(), "nsinfo") || !strcmp(filter_engine(), "libsmartcols"));
	TEST_END();
}

/*
 * The catalogues' fillers on this machine: our own net namespace, our
 * own process and a group of it, each found by the filter alone.
 */
static void test_live(void)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .proc_root = "/proc",
				      .flags = NSINFO_SCAN_INFO_ALL | NSINFO_SCAN_TASK_STATS };
	struct nsinfo_snapshot *snap = NULL;
	struct columns_ctx ctx;
	struct filter_error err;
	struct filter *f = NULL;
	const struct nsinfo_proc *self;
	struct stat st;
	char expr[256];
	size_t hits = 0;

	TEST_BEGIN("filter-live");
	if (stat("/proc/self/ns/net", &st) < 0 || nsinfo_snapshot_new(&snap, &o) < 0) {
		printf("SKIP filter-live: no /proc to read\n");
		return;
	}
	columns_ctx_init(&ctx, snap);
	snprintf(expr, sizeof(expr), "NS == %llu && type == \"net\" && NPROCS >= 1 && COMMAND",
		 (unsigned long long)st.st_ino);
	CHECK(filter_new(&f, expr, ns_columns, NS_NCOLS, &err) == 0);
	for (size_t i = 0; f && i < nsinfo_snapshot_ns_count(snap); i++) {
		int rc = filter_match_ns(f, &ctx, nsinfo_snapshot_ns(snap, i));

		CHECK(rc == 0 || rc == 1);
		hits += rc == 1;
	}
	CHECK(hits == 1);
	filter_free(f);

	snprintf(expr, sizeof(expr), "PID == %d && NETNS == %llu && STATE =~ '^[RSD]$' && RSS > 0",
		 (int)getpid(), (unsigned long long)st.st_ino);
	CHECK(filter_new(&f, expr, proc_columns, PROC_NCOLS, &err) == 0);
	hits = 0;
	for (size_t i = 0; f && i < nsinfo_snapshot_proc_count(snap); i++) {
		int rc = filter_match_proc(f, &ctx, nsinfo_snapshot_proc(snap, i), 0, 0);

		CHECK(rc == 0 || rc == 1);
		hits += rc == 1;
	}
	CHECK(hits == 1);
	filter_free(f);

	self = nsinfo_snapshot_find_proc(snap, getpid());
	CHECK(self != NULL);
	if (self) {
		struct col_group g = { NULL, &self, 1 };

		snprintf(expr, sizeof(expr),
			 "PID == %d && NPROCS == 1 && NETNS == %llu && !CONTAINER", (int)getpid(),
			 (unsigned long long)st.st_ino);
		CHECK(filter_new(&f, expr, group_columns, GROUP_NCOLS, &err) == 0);
		CHECK(f && filter_match_group(f, &ctx, &g) == 1);
		filter_free(f);
		CHECK(filter_new(&f, "NPROCS > 1", group_columns, GROUP_NCOLS, &err) == 0);
		CHECK(f && filter_match_group(f, &ctx, &g) == 0);
		filter_free(f);
		/* no columns at all */
		CHECK(filter_new(&f, "1 < 2", group_columns, GROUP_NCOLS, &err) == 0);
		CHECK(f && filter_match_group(f, &ctx, &g) == 1);
		filter_free(f);
	}
	nsinfo_snapshot_unref(snap);
	TEST_END();
}

/* ---- fuzz ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_rand(void)
{
	/* xorshift64*: fixed seed, the same run every time */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

static size_t pick(size_t n)
{
	return (size_t)(next_rand() % n);
}

static const char *const tokens[] = {
	"TYPE", "NPROCS", "NAME", "%CPU", "AGE", "NS", "COMMAND", "PNS", "NETNSID", "FOO", "type",
	"==", "!=", "<", "<=", ">", ">=", "=~", "!~", "&&", "||", "!", "and", "or", "not", "eq",
	"NE", "lt", "GE", "(", "(", ")", ")", "\"net\"", "'x'", "\"^s.*\"", "\"[\"", "\"(a*)*b\"",
	"\"\"", "1", "0", "1.5", "4K", "2MiB", "99999999999999999999999", "true", "FALSE", "\"",
	"'", "=", "&", "|", "#", "1.", "\xff", "\t", "\n", ".", "%", "-", "4026531840",
};

static const char *const fz_columns[] = { "TYPE", "NPROCS", "NAME", "%CPU", "AGE", "NS", "PID",
					  "COMMAND", "PNS", "NETNSID", "user" };
static const char *const fz_values[] = { "\"net\"", "'uts'", "\"\"", "0", "1", "3", "4242",
					 "1.5", "12.5", "4K", "true", "FALSE", "\"denied\"",
					 "4026532001" };
static const char *const fz_cmp[] = { "==", "!=", "<", "<=", ">", ">=", "eq", "NE", "lt", "GE" };
static const char *const fz_re[] = { "\"^s\"", "'net|uts'", "\"^$\"", "\"[0-9]+\"", "\".\"" };

/* A random expression of the grammar, depth levels at most, in buf. */
static size_t gen_expr(char *buf, size_t size, int depth)
{
	size_t n = 0;

#define EMIT(...) (n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__))
	switch (depth > 0 ? pick(7) : pick(2)) {
	case 0:
		EMIT("%s", fz_columns[pick(ARRAY_SIZE(fz_columns))]);
		break;
	case 1:
		EMIT("%s", fz_values[pick(ARRAY_SIZE(fz_values))]);
		break;
	case 2:
	case 3:
		EMIT("%s %s %s", fz_columns[pick(ARRAY_SIZE(fz_columns))],
		     fz_cmp[pick(ARRAY_SIZE(fz_cmp))], fz_values[pick(ARRAY_SIZE(fz_values))]);
		break;
	case 4:
		EMIT("%s %s %s", fz_columns[pick(ARRAY_SIZE(fz_columns))], pick(2) ? "=~" : "!~",
		     fz_re[pick(ARRAY_SIZE(fz_re))]);
		break;
	case 5:
		EMIT("%s(", pick(2) ? "!" : "not ");
		if (n < size)
			n += gen_expr(buf + n, size - n, depth - 1);
		EMIT(")");
		break;
	default:
		EMIT("(");
		if (n < size)
			n += gen_expr(buf + n, size - n, depth - 1);
		EMIT(" %s ", pick(2) ? (pick(2) ? "&&" : "and") : (pick(2) ? "||" : "OR"));
		if (n < size)
			n += gen_expr(buf + n, size - n, depth - 1);
		EMIT(")");
		break;
	}
#undef EMIT
	return n < size ? n : size - 1;
}

/* A string of n bytes at most in buf: tokens, random bytes, an
 * expression of the grammar, or one of those or of the valid table with
 * a few bytes changed. */
static void fuzz_input(char *buf, size_t size)
{
	size_t n = 0, k;
	int how = (int)pick(6);

	if (how >= 3) {
		gen_expr(buf, size, 1 + (int)pick(5));
		if (how == 3)
			return;
	}
	switch (how) {
	case 0:
		for (k = 1 + pick(24); k-- && n + 40 < size;) {
			const char *t = tokens[pick(ARRAY_SIZE(tokens))];

			n += (size_t)snprintf(buf + n, size - n, "%s%s", pick(3) ? " " : "", t);
		}
		break;
	case 1:
		for (k = pick(48); k-- && n + 1 < size;)
			buf[n++] = (char)(1 + pick(255));
		buf[n] = '\0';
		break;
	default:
		if (how == 2)
			snprintf(buf, size, "%s", valid[pick(ARRAY_SIZE(valid))].expr);
		n = strlen(buf);
		for (k = 1 + pick(4); k--;) {
			size_t at = n ? pick(n + 1) : 0;

			switch (pick(3)) {
			case 0:	/* replace */
				if (at < n)
					buf[at] = (char)(1 + pick(255));
				break;
			case 1:	/* delete */
				if (at < n) {
					memmove(buf + at, buf + at + 1, n - at);
					n--;
				}
				break;
			default:	/* insert a token's first byte or a random one */
				if (n + 2 < size) {
					memmove(buf + at + 1, buf + at, n - at + 1);
					buf[at] = pick(2) ? tokens[pick(ARRAY_SIZE(tokens))][0]
							  : (char)(1 + pick(255));
					n++;
				}
				break;
			}
		}
		break;
	}
}

/* Bytes the heap holds now (the address sanitizer's count in its builds:
 * mallinfo2() does not see its heap). */
static size_t live_bytes(void)
{
#ifdef NSINFO_TEST_ASAN
	return __sanitizer_get_current_allocated_bytes();
#else
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
#endif
}

/*
 * regexec() keeps the automaton it builds for each new text in the regex_t,
 * and the texts are other users' command lines: ".*a.{1900}" on random
 * 4 KiB texts of a and b grew by 18 MB a text (447 MB after 24). The
 * filter compiles the expression anew past a budget (regex-size.h), so
 * what it holds stays near a few texts' worth.
 */
static void test_regex_cache(void)
{
	static char text[4097];
	struct trow row = { .cell = { [NS_COL_COMMAND] = text } };
	struct get_arg a = { NULL, &row };
	struct filter_error err;
	struct filter *f;
	size_t before, after;
	int bad = 0;

	TEST_BEGIN("filter-regex-cache");
	CHECK(filter_new(&f, "COMMAND =~ '.*a.{1900}'", ns_columns, NS_NCOLS, &err) == 0);
	if (!f) {
		TEST_END();
		return;
	}
	a.f = f;
	before = live_bytes();
	srand(1);
	for (int t = 0; t < 24; t++) {
		for (size_t i = 0; i < sizeof(text) - 1; i++)
			text[i] = "ab"[rand() & 1];
		if (filter_eval(f, get_cell, &a) != 1)
			bad++;
	}
	after = live_bytes();
	filter_free(f);
	CHECK(bad == 0);
	/* without the budget: 447 MB */
	CHECKF(after < before + ((size_t)100 << 20), "the filter holds %zu KiB more after 24 texts",
	       (after - before) >> 10);
	TEST_END();
}

static void test_fuzz(void)
{
	struct timespec t0, t1;
	size_t parsed = 0, refused = 0, bad = 0;
	char buf[512], wrapped[600], first[512] = "";
	double secs;

	TEST_BEGIN("filter-fuzz");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long it = 0; it < 200000; it++) {
		struct filter_error err;
		int m;

		fuzz_input(buf, sizeof(buf));
		m = mask_of(buf, &err);
		if (m == -1) {
			refused++;
			if (!err.msg[0] || err.pos > strlen(buf) + 1 || strchr(err.msg, '\n'))
				m = -2;
		} else if (m >= 0) {
			parsed++;
			/* (E) is E, !(E) is its negation, on every row */
			snprintf(wrapped, sizeof(wrapped), "(%s)", buf);
			if (mask_of(wrapped, &err) != m)
				m = -2;
			snprintf(wrapped, sizeof(wrapped), "!(%s)", buf);
			if (m >= 0 && mask_of(wrapped, &err) != (~m & 07))
				m = -2;
		}
		if (m == -2 && !bad++)
			snprintf(first, sizeof(first), "%s", buf);
	}
	if (bad)
		printf("FAIL filter-fuzz: %zu inputs went wrong, the first: '%s'\n", bad, first);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("  fuzz: 200000 inputs, %zu parsed, %zu refused, %.2f s\n", parsed, refused, secs);
	CHECK(bad == 0);
	CHECK(parsed > 1000 && refused > 1000);
	/* a generous bound: ASan and a loaded machine included */
	CHECK(secs < 120);
	TEST_END();
}

int main(void)
{
	if (strcmp(filter_engine(), "nsinfo") != 0) {
		/* libsmartcols's parser: its own messages and NULL rules */
		printf("SKIP filter-valid: the build uses %s's filter\n", filter_engine());
		printf("SKIP filter-invalid: the build uses %s's filter\n", filter_engine());
		printf("SKIP filter-depth: the build uses %s's filter\n", filter_engine());
		printf("SKIP filter-regex-cache: the build uses %s's filter\n", filter_engine());
	} else {
		test_valid();
		test_invalid();
		test_depth();
		test_regex_cache();
	}
	test_meta();
	test_live();
	test_fuzz();
	UNIT_EXIT();
}
