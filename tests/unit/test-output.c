// SPDX-License-Identifier: LGPL-2.1-or-later
/* The output layer: table, raw, JSON (numbers, nulls, children), -o lists. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>

#include "cli.h"
#include "output.h"
#include "unit.h"

static const struct out_column cols[] = {
	{ "NS", 10, OUT_RIGHT, OUT_JSON_NUMBER, "id" },
	{ "TYPE", 5, 0, OUT_JSON_STRING, "type" },
	{ "NSFS", 0, OUT_WRAP, OUT_JSON_STRING, "mounts" },
	{ "NETNSID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "id" },
	{ "COMMAND", 0, OUT_TRUNC | OUT_TREE, OUT_JSON_STRING, "cmd" },
};

/* Set the cell of column id when the column is shown. */
static void put(struct out_row *row, const int *ids, size_t n, int id, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			CHECK(out_set(row, i, v) == 0);
}

/* Render rows with the given options into a string (caller frees). */
static char *render(const int *ids, size_t n, struct out_opts o, bool tree)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct out *out = out_new(cols, ids, n, &o);
	struct out_row *a, *b;

	a = out_row(out, NULL);
	put(a, ids, n, 0, "18446744073709551615");	/* above 2^53: stays exact */
	put(a, ids, n, 1, "net");
	put(a, ids, n, 2, "/run/netns/a\n/run/netns/b");
	put(a, ids, n, 3, "unassigned");
	put(a, ids, n, 4, "sleep 1");
	b = out_row(out, tree ? a : NULL);
	put(b, ids, n, 0, "42");
	put(b, ids, n, 1, "pid");
	put(b, ids, n, 3, "0");
	put(b, ids, n, 4, "child \"quoted\"");
	CHECK(out_set(b, n, "x") == -EINVAL);	/* no such cell */
	if (out_print(out, f) != 0)
		fputs("PRINT FAILED", f);
	out_free(out);
	fclose(f);
	return buf;
}

static void test_json(void)
{
	int ids[] = { 0, 1, 2, 3 };
	struct out_opts o = { .format = OUT_JSON, .json_key = "namespaces" };
	char *s = render(ids, 4, o, false);

	TEST_BEGIN("output-json-flat");
	CHECK(strstr(s, "\"namespaces\"") != NULL);
	CHECK(strstr(s, "\"ns\":\t18446744073709551615") != NULL);
	CHECK(strstr(s, "\"ns\":\t42") != NULL);
	CHECK(strstr(s, "\"netnsid\":\t\"unassigned\"") != NULL);
	CHECK(strstr(s, "\"netnsid\":\t0") != NULL);
	CHECK(strstr(s, "\"nsfs\":\tnull") != NULL);
	CHECK(strstr(s, "\"nsfs\":\t\"/run/netns/a\\n/run/netns/b\"") != NULL);
	CHECK(strstr(s, "children") == NULL);
	TEST_END();
	free(s);

	int tids[] = { 0, 4 };
	s = render(tids, 2, o, true);
	TEST_BEGIN("output-json-tree");
	CHECK(strstr(s, "\"children\"") != NULL);
	CHECK(strstr(s, "child \\\"quoted\\\"") != NULL);
	TEST_END();
	free(s);
}

static void test_table(void)
{
	int ids[] = { 0, 1, 2 };
	struct out_opts o = { .format = OUT_TABLE };
	char *s = render(ids, 3, o, false);

	TEST_BEGIN("output-table");
	CHECK(strncmp(s, "                  NS TYPE NSFS", 30) == 0);
	CHECK(strstr(s, "18446744073709551615 net  /run/netns/a\n") != NULL);
	/* a multi-line cell continues on the next line, in its column */
	CHECK(strstr(s, "                          /run/netns/b\n") != NULL);
	CHECK(strstr(s, "\x1b[") == NULL);	/* no color unless asked */
	TEST_END();
	free(s);

	o.nowrap = true;
	o.noheadings = true;
	s = render(ids, 3, o, false);
	TEST_BEGIN("output-table-nowrap-noheadings");
	CHECK(strstr(s, "NS") == NULL);
	CHECK(strstr(s, "/run/netns/a,/run/netns/b") != NULL);
	TEST_END();
	free(s);

	o = (struct out_opts){ .format = OUT_RAW };
	s = render(ids, 3, o, false);
	TEST_BEGIN("output-raw");
	CHECK(strncmp(s, "NS TYPE NSFS\n18446744073709551615 net /run/netns/a,/run/netns/b\n42 pid \n", 71) == 0);
	TEST_END();
	free(s);

	o = (struct out_opts){ .format = OUT_TABLE, .color = true };
	s = render(ids, 3, o, false);
	TEST_BEGIN("output-color");
	CHECK(strstr(s, "\x1b[") != NULL);
	TEST_END();
	free(s);
}

static void test_columns(void)
{
	struct cli_columns sel = { .n = 0 };
	size_t n = sizeof(cols) / sizeof(cols[0]);

	TEST_BEGIN("columns-parse");
	cli_columns_add(&sel, 0);
	cli_columns_add(&sel, 1);
	cli_columns_add(&sel, 1);
	CHECK(sel.n == 2);
	CHECK(cli_columns_parse(&sel, cols, n, "+nsfs,COMMAND") == 0);
	CHECK(sel.n == 4 && sel.ids[2] == 2 && sel.ids[3] == 4);
	CHECK(cli_columns_parse(&sel, cols, n, "type") == 0);
	CHECK(sel.n == 1 && sel.ids[0] == 1);
	CHECK(cli_columns_parse(&sel, cols, n, "NS,NS") == 0 && sel.n == 2);
	TEST_END();

	TEST_BEGIN("columns-parse-errors");
	sel.n = 0;
	cli_columns_add(&sel, 3);
	/* errors leave the selection as it was */
	CHECK(cli_columns_parse(&sel, cols, n, "NS,FOO") == -1);
	CHECK(cli_columns_parse(&sel, cols, n, "+") == -1);
	CHECK(cli_columns_parse(&sel, cols, n, "") == -1);
	CHECK(cli_columns_parse(&sel, cols, n, "NSX") == -1);
	CHECK(cli_columns_parse(&sel, cols, n, "N") == -1);
	CHECK(sel.n == 1 && sel.ids[0] == 3);
	CHECK(cli_column_lookup(cols, n, "netnsid", 7) == 3);
	TEST_END();

	TEST_BEGIN("color-parse");
	enum cli_color c;
	CHECK(cli_color_parse("always", &c) == 0 && c == CLI_COLOR_ALWAYS);
	CHECK(cli_color_parse("never", &c) == 0 && c == CLI_COLOR_NEVER);
	CHECK(cli_color_parse("auto", &c) == 0 && c == CLI_COLOR_AUTO);
	CHECK(cli_color_parse("yes", &c) == -1);
	CHECK(cli_color_wanted(CLI_COLOR_ALWAYS));
	CHECK(!cli_color_wanted(CLI_COLOR_NEVER));
	setenv("NO_COLOR", "1", 1);
	CHECK(!cli_color_wanted(CLI_COLOR_AUTO));
	TEST_END();
}

int main(void)
{
	test_json();
	test_table();
	test_columns();
	UNIT_EXIT();
}
