// SPDX-License-Identifier: LGPL-2.1-or-later
/* The output layer: table, raw, JSON (numbers, nulls, children), -o lists,
 * list cells, JSON values and the escaping of what came from the system. */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "nsinfo.h"
#include "cli.h"
#include "output.h"
#include "unit.h"

static const struct out_column cols[] = {
	{ "NS", 10, OUT_RIGHT, OUT_JSON_NUMBER, "id", 0 },
	{ "TYPE", 5, 0, OUT_JSON_STRING, "type", 0 },
	{ "NSFS", 0, OUT_WRAP, OUT_JSON_STRING, "mounts", 0 },
	{ "NETNSID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "id", 0 },
	{ "COMMAND", 0, OUT_TRUNC | OUT_TREE, OUT_JSON_STRING, "cmd", 0 },
};

/* Set the cell of column id when the column is shown. */
static void put(struct out_row *row, const int *ids, size_t n, int id, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			CHECK(out_set(row, i, v) == 0);
}

/* Append an item to the list cell of column id when it is shown. */
static void item(struct out_row *row, const int *ids, size_t n, int id, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			CHECK(out_add_item(row, i, v) == 0);
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
	item(a, ids, n, 2, "/run/netns/a");
	item(a, ids, n, 2, "/run/netns/b");
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

/* Deeper trees in raw output: a bar under a parent with more siblings
 * to come, blanks under a last child, as libsmartcols draws them. */
static void test_raw_art(void)
{
	static const int ids[] = { 1 };
	struct out_opts o = { .format = OUT_RAW, .noheadings = true, .tree = true, .tree_col = 1,
			      .raw_art = true };
	struct out *out = out_new(cols, ids, 1, &o);
	struct out_row *a = out_row(out, NULL), *b = out_row(out, a), *c = out_row(out, b);
	struct out_row *d = out_row(out, a), *e = out_row(out, d);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	TEST_BEGIN("output-raw-tree-deep");
	CHECK(out_set(a, 0, "a") == 0 && out_set(b, 0, "b") == 0 && out_set(c, 0, "c") == 0);
	CHECK(out_set(d, 0, "d") == 0);
	(void)e;	/* an empty cell still has its art */
	CHECK(out_print(out, f) == 0);
	fclose(f);
	CHECK_STR(buf, "a\n|-b\n|\\x20`-c\n`-d\n\\x20\\x20`-\n");
	TEST_END();
	free(buf);
	out_free(out);
}

static void test_json(void)
{
	int ids[] = { 0, 1, 2, 3 };
	struct out_opts o = { .format = OUT_JSON, .json_key = "namespaces" };

	TEST_BEGIN("output-json-flat");
	char *s = render(ids, 4, o, false);
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
	TEST_BEGIN("output-json-tree");
	s = render(tids, 2, o, true);
	CHECK(strstr(s, "\"children\"") != NULL);
	CHECK(strstr(s, "child \\\"quoted\\\"") != NULL);
	TEST_END();
	free(s);

	/* the caller makes a table a tree (out_opts), the catalogue as it is */
	int fids[] = { 0, 1 };
	o.tree = true;
	o.tree_col = 1;
	TEST_BEGIN("output-json-tree-opts");
	s = render(fids, 2, o, true);
	CHECK(strstr(s, "\"children\"") != NULL);
	CHECK(!(cols[1].flags & OUT_TREE));
	free(s);
	o.tree_col = 3;		/* not shown: no column draws it, flat */
	s = render(fids, 2, o, true);
	CHECK(strstr(s, "children") == NULL);
	free(s);
	o.tree = false;
	o.tree_col = 1;
	s = render(fids, 2, o, true);
	CHECK(strstr(s, "children") == NULL);
	TEST_END();
	free(s);
	o = (struct out_opts){ .format = OUT_RAW, .tree = true, .tree_col = 1 };
	TEST_BEGIN("output-raw-tree-no-art");
	s = render(fids, 2, o, true);
	CHECK_STR(s, "NS TYPE\n18446744073709551615 net\n42 pid\n");
	TEST_END();
	free(s);
	o.raw_art = true;
	TEST_BEGIN("output-raw-tree-opts");
	s = render(fids, 2, o, true);
	/* as lsns -r: the art in the tree column, escaped as raw escapes */
	CHECK_STR(s, "NS TYPE\n18446744073709551615 net\n42 `-pid\n");
	TEST_END();
	free(s);
	TEST_BEGIN("output-raw-tree-utf8");
	CHECK(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
	s = render(fids, 2, o, true);
	CHECK_STR(s, "NS TYPE\n18446744073709551615 net\n42 \\xe2\\x94\\x94\\xe2\\x94\\x80pid\n");
	TEST_END();
	free(s);
	setlocale(LC_CTYPE, "C");
	test_raw_art();
}

static void test_table(void)
{
	int ids[] = { 0, 1, 2 };
	struct out_opts o = { .format = OUT_TABLE };

	TEST_BEGIN("output-table");
	char *s = render(ids, 3, o, false);
	CHECK(strncmp(s, "                  NS TYPE NSFS", 30) == 0);
	CHECK(strstr(s, "18446744073709551615 net  /run/netns/a\n") != NULL);
	/* a multi-line cell continues on the next line, in its column */
	CHECK(strstr(s, "                          /run/netns/b\n") != NULL);
	CHECK(strstr(s, "\x1b[") == NULL);	/* no color unless asked */
	TEST_END();
	free(s);

	o.nowrap = true;
	o.noheadings = true;
	TEST_BEGIN("output-table-nowrap-noheadings");
	s = render(ids, 3, o, false);
	CHECK(strstr(s, "NS") == NULL);
	CHECK(strstr(s, "/run/netns/a,/run/netns/b") != NULL);
	TEST_END();
	free(s);

	o = (struct out_opts){ .format = OUT_RAW };
	TEST_BEGIN("output-raw");
	s = render(ids, 3, o, false);
	CHECK(strncmp(s, "NS TYPE NSFS\n18446744073709551615 net /run/netns/a,/run/netns/b\n42 pid \n", 71) == 0);
	TEST_END();
	free(s);

	/* a tree column from out_opts: UTF-8 art in a UTF-8 locale, ASCII
	 * when asked; a right-aligned column carrying the art is left-aligned */
	o = (struct out_opts){ .format = OUT_TABLE, .tree = true, .tree_col = 0 };
	TEST_BEGIN("output-tree-utf8");
	CHECK(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
	s = render(ids, 3, o, true);
	/* at the start of its line: the art is not pushed right */
	CHECK(strstr(s, "\n\u2514\u250042 ") != NULL);
	TEST_END();
	free(s);
	o.ascii = true;
	TEST_BEGIN("output-tree-ascii");
	s = render(ids, 3, o, true);
	CHECK(strstr(s, "\n`-42 ") != NULL);
	CHECK(strstr(s, "\u2514") == NULL);
	TEST_END();
	free(s);
	setlocale(LC_CTYPE, "C");

	o = (struct out_opts){ .format = OUT_TABLE, .color = true };
	TEST_BEGIN("output-color");
	s = render(ids, 3, o, false);
	CHECK(strstr(s, "\x1b[") != NULL);
	TEST_END();
	free(s);
}

/* ---- escaping and list cells ---- */

static const struct out_column tcols[] = {
	{ "TEXT", 0, 0, OUT_JSON_STRING, "one value", 0 },
	{ "LIST", 0, OUT_WRAP, OUT_JSON_STRING, "a list", 0 },
};

/* A forged line: a real directory name can hold a newline. */
#define FORGED "x\nmount /run/netns/production-db"

/*
 * One row: TEXT = text, LIST = the items (and json, when not NULL, its
 * -J value), printed with o; the caller frees.
 */
static char *show(struct out_opts o, const char *text, const char *const *items,
		  size_t nitems, cJSON *json)
{
	static const int ids[] = { 0, 1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct out *out = out_new(tcols, ids, 2, &o);
	struct out_row *row = out_row(out, NULL);

	CHECK(out_set(row, 0, text) == 0);
	for (size_t i = 0; i < nitems; i++)
		CHECK(out_add_item(row, 1, items[i]) == 0);
	if (json)
		CHECK(out_set_json(row, 1, json) == 0);
	if (out_print(out, f) != 0)
		fputs("PRINT FAILED", f);
	out_free(out);
	fclose(f);
	return buf;
}

/* out_escape() of s, freed here; the result is kept for one check. */
static const char *esc(const char *s, enum out_format format, char sep)
{
	static char *last;

	free(last);
	last = out_escape(s, format, sep);
	return last;
}

static void test_escape(void)
{
	TEST_BEGIN("output-escape-table");
	CHECK_STR(esc("a\nb", OUT_TABLE, 0), "a\\x0ab");
	CHECK_STR(esc("cr\rx", OUT_TABLE, 0), "cr\\x0dx");
	CHECK_STR(esc("\x1b[31mred", OUT_TABLE, 0), "\\x1b[31mred");
	CHECK_STR(esc("tab\tdel\x7f", OUT_TABLE, 0), "tab\\x09del\\x7f");
	/* a literal \x0a must not read as an escaped newline */
	CHECK_STR(esc("\\x0a", OUT_TABLE, 0), "\\x5cx0a");
	CHECK_STR(esc("a\\b c", OUT_TABLE, 0), "a\\b c");
	CHECK_STR(esc("c,d", OUT_TABLE, 0), "c,d");
	CHECK_STR(esc("c,d", OUT_TABLE, ','), "c\\x2cd");
	CHECK_STR(esc("", OUT_TABLE, 0), "");
	CHECK(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
	CHECK_STR(esc("caf\xc3\xa9", OUT_TABLE, 0), "caf\xc3\xa9");
	/* C1 CSI (U+009B) starts an escape sequence on some terminals */
	CHECK_STR(esc("c1\xc2\x9bx", OUT_TABLE, 0), "c1\\xc2\\x9bx");
	/* not UTF-8: a stray continuation byte, a cut sequence */
	CHECK_STR(esc("ff\xff\x80x", OUT_TABLE, 0), "ff\\xff\\x80x");
	CHECK_STR(esc("cut\xc3", OUT_TABLE, 0), "cut\\xc3");
	setlocale(LC_CTYPE, "C");
	CHECK_STR(esc("caf\xc3\xa9", OUT_TABLE, 0), "caf\\xc3\\xa9");
	TEST_END();

	TEST_BEGIN("output-escape-raw");
	/* as lsns -r (libsmartcols's fputs_nonblank): blanks and every
	 * backslash too, and bytes, not characters */
	CHECK_STR(esc("sleep 1000", OUT_RAW, 0), "sleep\\x201000");
	CHECK_STR(esc("a\\b", OUT_RAW, 0), "a\\x5cb");
	CHECK_STR(esc("n\nr\re\x1b,", OUT_RAW, 0), "n\\x0ar\\x0de\\x1b,");
	CHECK_STR(esc("c,d", OUT_RAW, ','), "c\\x2cd");
	CHECK(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
	CHECK_STR(esc("\xc3\xa9", OUT_RAW, 0), "\\xc3\\xa9");
	setlocale(LC_CTYPE, "C");
	TEST_END();

	TEST_BEGIN("output-escape-json-items");
	/* items joined into one JSON string: only what would split them */
	CHECK_STR(esc("a\nb", OUT_JSON, '\n'), "a\\x0ab");
	CHECK_STR(esc("\\x0a", OUT_JSON, '\n'), "\\x5cx0a");
	CHECK_STR(esc("e\x1b c,d\\y", OUT_JSON, '\n'), "e\x1b c,d\\y");
	TEST_END();
	esc("", OUT_TABLE, 0);
}

/* How many lines of s start with what (after the table's padding). */
static int lines_starting(const char *s, const char *what)
{
	int n = 0;

	for (const char *l = s; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *p = l;

		while (*p == ' ')
			p++;
		if (strncmp(p, what, strlen(what)) == 0)
			n++;
	}
	return n;
}

static void test_lists(void)
{
	static const char *const items[] = { FORGED, "c,d", "mount /run/netns/real" };
	struct out_opts o = { .format = OUT_TABLE };
	char *s;

	TEST_BEGIN("output-list-table");
	s = show(o, "cmd\x1b[2J" FORGED, items, 3, NULL);
	/* an item a line, and the newline inside an item escaped once */
	CHECK(strstr(s, "\nTEXT") == NULL && strncmp(s, "TEXT", 4) == 0);
	CHECK(strstr(s, "x\\x0amount /run/netns/production-db") != NULL);
	CHECK(strstr(s, "\\x5cx0a") == NULL);
	CHECK(strstr(s, "cmd\\x1b[2Jx\\x0amount") != NULL);
	CHECK(strstr(s, "\x1b") == NULL);
	CHECK(lines_starting(s, "mount /run/netns/production-db") == 0);
	CHECK(lines_starting(s, "c,d") == 1);
	CHECK(lines_starting(s, "mount /run/netns/real") == 1);
	TEST_END();
	free(s);

	o.nowrap = true;
	TEST_BEGIN("output-list-nowrap");
	s = show(o, "t", items, 3, NULL);
	CHECK(strstr(s, "x\\x0amount /run/netns/production-db,c\\x2cd,mount /run/netns/real\n") != NULL);
	CHECK(lines_starting(s, "mount /run/netns/production-db") == 0);
	TEST_END();
	free(s);

	/* lists of plain items are joined as they are, but for a comma
	 * inside one */
	TEST_BEGIN("output-list-nowrap-plain");
	{
		static const char *const plain[] = { "3 processes", "descendants" };
		static const char *const comma[] = { "one", "c,d" };

		s = show(o, "t", plain, 2, NULL);
		CHECK(strstr(s, " 3 processes,descendants\n") != NULL);
		free(s);
		s = show(o, "t", comma, 2, NULL);
		CHECK(strstr(s, " one,c\\x2cd\n") != NULL);
	}
	TEST_END();
	free(s);

	o = (struct out_opts){ .format = OUT_RAW };
	TEST_BEGIN("output-list-raw");
	s = show(o, "a b\\x0a", items, 3, NULL);
	/* not escaped twice: libsmartcols's raw mode would print \x5cx2c */
	CHECK_STR(s, "TEXT LIST\n"
		  "a\\x20b\\x5cx0a x\\x0amount\\x20/run/netns/production-db,"
		  "c\\x2cd,mount\\x20/run/netns/real\n");
	TEST_END();
	free(s);

	o.noheadings = true;
	TEST_BEGIN("output-list-raw-empty");
	s = show(o, NULL, NULL, 0, NULL);
	CHECK_STR(s, " \n");
	TEST_END();
	free(s);
}

static void test_json_values(void)
{
	static const char *const items[] = { FORGED, "/run/netns/b" };
	struct out_opts o = { .format = OUT_JSON, .json_key = "rows" };
	cJSON *doc, *row, *arr, *v;
	char *s;

	TEST_BEGIN("output-json-escaped-by-cjson");
	s = show(o, "argv\none\x1b[31m", items, 2, NULL);
	doc = cJSON_Parse(s);
	row = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "rows"), 0);
	CHECK(doc != NULL);
	CHECK(strstr(s, "argv\\none\\u001b[31m") != NULL);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(row, "text")), "argv\none\x1b[31m");
	TEST_END();
	TEST_BEGIN("output-json-list-string");
	/* lsns's NSFS: one string, items a line; a newline in an item is
	 * escaped so it cannot make two */
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(row, "list")),
		  "x\\x0amount /run/netns/production-db\n/run/netns/b");
	TEST_END();
	cJSON_Delete(doc);
	free(s);

	arr = cJSON_CreateArray();
	v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "path", FORGED);
	cJSON_AddItemToObject(v, "big", out_json_uint(18446744073709551615ULL));
	cJSON_AddItemToObject(v, "neg", out_json_int(-9007199254740993LL));
	cJSON_AddItemToArray(arr, v);
	TEST_BEGIN("output-json-value");
	s = show(o, "t", items, 2, arr);
	doc = cJSON_Parse(s);
	row = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "rows"), 0);
	v = cJSON_GetArrayItem(cJSON_GetObjectItem(row, "list"), 0);
	CHECK(cJSON_IsArray(cJSON_GetObjectItem(row, "list")));
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(v, "path")), FORGED);
	/* every digit: a double would print 18446744073709551616 */
	CHECK(strstr(s, "18446744073709551615") != NULL);
	CHECK(strstr(s, "-9007199254740993") != NULL);
	TEST_END();
	cJSON_Delete(doc);
	free(s);

	/* the same cell in the table: the items, not the JSON */
	o = (struct out_opts){ .format = OUT_TABLE };
	TEST_BEGIN("output-json-value-table-shows-items");
	s = show(o, "t", items, 2, cJSON_CreateArray());
	CHECK(strstr(s, "x\\x0amount /run/netns/production-db\n") != NULL);
	CHECK(strstr(s, "[]") == NULL);
	TEST_END();
	free(s);

	TEST_BEGIN("output-json-value-errors");
	{
		static const int ids[] = { 0, 1 };
		struct out *out = out_new(tcols, ids, 2, &o);
		struct out_row *r = out_row(out, NULL);

		CHECK(out_set_json(r, 1, NULL) == -ENOMEM);
		CHECK(out_set_json(r, 2, cJSON_CreateNull()) == -EINVAL);	/* freed */
		CHECK(out_add_item(r, 2, "x") == -EINVAL);
		CHECK(out_add_item(r, 1, NULL) == -EINVAL);
		/* a later out_set() replaces the list */
		CHECK(out_add_item(r, 1, "a") == 0 && out_set(r, 1, "b") == 0);
		out_free(out);
	}
	TEST_END();
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
	/* as lsns: an empty name is no column */
	CHECK(cli_columns_parse(&sel, cols, n, "NS,") == -1);
	CHECK(cli_columns_parse(&sel, cols, n, ",NS") == -1);
	CHECK(cli_columns_parse(&sel, cols, n, "NS,,TYPE") == -1);
	CHECK(cli_columns_parse(&sel, cols, n, "+NS,") == -1);
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

/* The top-level JSON of an empty table with what extra() added. */
static cJSON *extra_json(int (*extra)(struct out *, const void *), const void *arg, int *rc)
{
	static const int ids[] = { 0 };
	struct out_opts o = { .format = OUT_JSON, .json_key = "rows" };
	struct out *out = out_new(tcols, ids, 1, &o);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cJSON *doc;

	*rc = extra(out, arg);
	if (out_print(out, f) != 0)
		fputs("PRINT FAILED", f);
	out_free(out);
	fclose(f);
	doc = cJSON_Parse(buf);
	free(buf);
	return doc;
}

static int add_string(struct out *out, const void *arg)
{
	return out_json_member_string(out, "why", arg);
}

static int add_source(struct out *out, const void *arg)
{
	return cli_json_source(out, arg);
}

/* "source" and "source_why" (cli.h): a snapshot of an empty fixture root,
 * which no kernel source can read. */
static void test_json_source(void)
{
	char dir[] = "/tmp/test-output-XXXXXX";
	struct nsinfo_scan_opts opts = { .size = sizeof(opts), .proc_root = dir };
	struct nsinfo_snapshot *snap = NULL;
	cJSON *doc;
	int rc;

	TEST_BEGIN("output-json-member-string");
	doc = extra_json(add_string, "a \"b\"\n\x1b", &rc);
	CHECK(rc == 0 && doc);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "why")), "a \"b\"\n\x1b");
	CHECK(cJSON_IsArray(cJSON_GetObjectItem(doc, "rows")));
	cJSON_Delete(doc);
	TEST_END();

	TEST_BEGIN("cli-json-source");
	CHECK(mkdtemp(dir) != NULL);
	/* auto on a tree that is no procfs: /proc, and why */
	CHECK(nsinfo_snapshot_new(&snap, &opts) == 0);
	doc = extra_json(add_source, snap, &rc);
	CHECK(rc == 0 && doc);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "source")), "proc");
	CHECK(cJSON_IsString(cJSON_GetObjectItem(doc, "source_why")) &&
	      *cJSON_GetStringValue(cJSON_GetObjectItem(doc, "source_why")));
	cJSON_Delete(doc);
	nsinfo_snapshot_unref(snap);
	/* proc asked for: no why */
	opts.source = NSINFO_SOURCE_PROC;
	CHECK(nsinfo_snapshot_new(&snap, &opts) == 0);
	doc = extra_json(add_source, snap, &rc);
	CHECK(rc == 0 && doc);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "source")), "proc");
	CHECK(cJSON_GetObjectItem(doc, "source_why") == NULL);
	cJSON_Delete(doc);
	nsinfo_snapshot_unref(snap);
	/* the kernel source refuses it */
	opts.source = NSINFO_SOURCE_KERNEL;
	snap = NULL;
	rc = nsinfo_snapshot_new(&snap, &opts);
	CHECK((rc == -EOPNOTSUPP || rc == -EPERM) && !snap);
	rmdir(dir);
	TEST_END();

	TEST_BEGIN("cli-source-option");
	CHECK(cli_source_option("auto") == NSINFO_SOURCE_AUTO);
	CHECK(cli_source_option("proc") == NSINFO_SOURCE_PROC);
	CHECK(cli_source_option("kernel") == NSINFO_SOURCE_KERNEL);
	TEST_END();
}

/* A reader gone: out_print() says -EPIPE, the process lives on (SIGPIPE
 * ignored meanwhile), and the disposition is put back after. */
static void test_closed_pipe(void)
{
	static const int ids[] = { 0, 1 };
	struct out_opts o = { .format = OUT_TABLE };
	struct sigaction now;
	int fds[2], rc = 0;

	TEST_BEGIN("output-closed-pipe");
	CHECK(pipe(fds) == 0);
	close(fds[0]);
	signal(SIGPIPE, SIG_DFL);
	FILE *f = fdopen(fds[1], "w");
	struct out *out = out_new(cols, ids, 2, &o);

	for (int i = 0; i < 2000; i++) {
		struct out_row *r = out_row(out, NULL);

		CHECK(out_set(r, 0, "4026531840") == 0 && out_set(r, 1, "net") == 0);
	}
	for (int fmt = OUT_TABLE; fmt <= OUT_JSON && !rc; fmt++) {
		struct out_opts oo = { .format = (enum out_format)fmt, .json_key = "x" };
		struct out *t = out_new(cols, ids, 2, &oo);
		struct out_row *r = out_row(t, NULL);

		CHECK(out_set(r, 0, "1") == 0);
		clearerr(f);
		CHECK(out_print(t, f) == -EPIPE);
		out_free(t);
	}
	clearerr(f);
	CHECK(out_print(out, f) == -EPIPE);
	CHECK(sigaction(SIGPIPE, NULL, &now) == 0 && now.sa_handler == SIG_DFL);
	out_free(out);
	signal(SIGPIPE, SIG_IGN);	/* what stdio still holds */
	fclose(f);
	signal(SIGPIPE, SIG_DFL);
	TEST_END();
}

/* A monitor takes cells without copies (out_cell_verbatim()) and spares
 * the JSON of a table only ever shown as text (text_only). */
static void test_verbatim_text_only(void)
{
	static const int ids[] = { 0, 1, 2 };
	struct out_opts o = { .format = OUT_TABLE };
	struct out *out = out_new(cols, ids, 3, &o);
	struct out_row *row = out ? out_row(out, NULL) : NULL;
	const char *v;
	char *t;

	TEST_BEGIN("output-cell-verbatim");
	CHECK(row != NULL);
	if (row) {
		CHECK(out_cell_verbatim(row, 0) == NULL);	/* empty */
		CHECK(out_set(row, 0, "4026531840") == 0);
		v = out_cell_verbatim(row, 0);
		t = out_cell_text(out, row, 0);
		CHECK(v && t && strcmp(v, t) == 0);
		free(t);
		/* text to escape: only out_cell_text() shows it */
		CHECK(out_set(row, 1, "a\x01b") == 0);
		CHECK(out_cell_verbatim(row, 1) == NULL);
		CHECK(out_set(row, 1, "a\\x41") == 0);
		CHECK(out_cell_verbatim(row, 1) == NULL);
		/* a list of one plain item is that item; with the list's
		 * separator in it, or of two, it is joined and escaped */
		CHECK(out_add_item(row, 2, "3 processes") == 0);
		CHECK_STR(out_cell_verbatim(row, 2), "3 processes");
		CHECK(out_add_item(row, 2, "fd 4 of PID 1") == 0);
		CHECK(out_cell_verbatim(row, 2) == NULL);
		t = out_cell_text(out, row, 2);
		CHECK_STR(t, "3 processes,fd 4 of PID 1");
		free(t);
		CHECK(out_cell_verbatim(row, 9) == NULL);
	}
	out_free(out);
	row = NULL;
	out = out_new(cols, ids, 3, &o);
	if (out)
		row = out_row(out, NULL);
	CHECK(row != NULL);
	if (row) {
		CHECK(out_add_item(row, 2, "a,b") == 0);
		CHECK(out_cell_verbatim(row, 2) == NULL);
		t = out_cell_text(out, row, 2);
		CHECK(t && strcmp(t, "a,b") != 0);	/* the comma escaped */
		free(t);
	}
	out_free(out);
	TEST_END();

	TEST_BEGIN("output-text-only");
	o.text_only = true;
	out = out_new(cols, ids, 3, &o);
	row = out ? out_row(out, NULL) : NULL;
	CHECK(row != NULL);
	if (row) {
		CHECK(!out_row_wants_json(row));
		CHECK(out_set(row, 0, "7") == 0);
		CHECK(out_set_json(row, 0, out_json_uint(7)) == 0);	/* dropped */
		CHECK(out_set_json(row, 9, out_json_uint(7)) == -EINVAL);
		CHECK(out_set_json(row, 0, NULL) == -ENOMEM);
		errno = 0;
		CHECK(out_row_json(out, row) == NULL && errno == EINVAL);
		CHECK_STR(out_cell_verbatim(row, 0), "7");
	}
	out_free(out);
	/* JSON output keeps its values whatever text_only says */
	o.format = OUT_JSON;
	out = out_new(cols, ids, 3, &o);
	row = out ? out_row(out, NULL) : NULL;
	CHECK(row != NULL);
	if (row) {
		cJSON *j;

		CHECK(out_row_wants_json(row));
		CHECK(out_set(row, 0, "7") == 0);
		CHECK(out_set_json(row, 0, out_json_uint(8)) == 0);
		j = out_row_json(out, row);
		CHECK(j != NULL && cJSON_IsRaw(cJSON_GetObjectItem(j, "ns")) &&
		      strcmp(cJSON_GetObjectItem(j, "ns")->valuestring, "8") == 0);
		cJSON_Delete(j);
	}
	out_free(out);
	TEST_END();
}

/* Cell texts live in the table's arena: many of them (more than a
 * block), texts larger than a block, formatted ones longer than the
 * formatter's stack buffer, texts replaced and list items all read back
 * as they were set; ASan sees any overrun. */
static void test_arena(void)
{
	const struct out_opts o = { .format = OUT_RAW };
	const int ids[] = { 1, 4 };
	struct out *out = out_new(cols, ids, 2, &o);
	size_t big = 200 * 1024, nrows = 3000;
	struct out_row **rows = calloc(nrows, sizeof(*rows));
	char *text = malloc(big + 1), want[64];
	const char *got;

	TEST_BEGIN("output-arena");
	CHECK(out && rows && text);
	memset(text, 'x', big);
	text[big] = '\0';
	for (size_t i = 0; out && rows && text && i < nrows; i++) {
		rows[i] = out_row(out, NULL);
		CHECK(rows[i] != NULL);
		CHECK(out_setf(rows[i], 0, "row %zu", i) == 0);
		CHECK(out_set(rows[i], 1, "replaced") == 0);
		if (i % 1000 == 0)
			CHECK(out_set(rows[i], 1, text) == 0);	/* its own block */
		else if (i % 1000 == 1)
			CHECK(out_setf(rows[i], 1, "%s-%zu", text + big - 300, i) == 0);
		else
			CHECK(out_setf(rows[i], 1, "cmd %zu", i) == 0);
	}
	for (size_t i = 0; out && rows && text && i < nrows; i++) {
		snprintf(want, sizeof(want), "row %zu", i);
		CHECK_STR(out_cell_verbatim(rows[i], 0), want);
		got = out_cell_verbatim(rows[i], 1);
		if (i % 1000 == 0) {
			CHECK(got && strlen(got) == big && got[big - 1] == 'x');
		} else if (i % 1000 == 1) {
			CHECK(got && strlen(got) == 300 + 1 + strlen(want) - 4);
		} else {
			snprintf(want, sizeof(want), "cmd %zu", i);
			CHECK_STR(got, want);
		}
	}
	/* items: texts of the arena too, and a text after them replaces them */
	if (out && rows && text && rows[5]) {
		char *t;

		CHECK(out_add_itemf(rows[5], 1, "fd %d of PID %d", 3, 42) == 0);
		CHECK(out_add_item(rows[5], 1, "bind /run/netns/a") == 0);
		t = out_cell_text(out, rows[5], 1);
		CHECK_STR(t, "fd 3 of PID 42,bind /run/netns/a");
		free(t);
		CHECK(out_set(rows[5], 1, "one") == 0);
		CHECK_STR(out_cell_verbatim(rows[5], 1), "one");
	}
	free(text);
	free(rows);
	out_free(out);
	TEST_END();
}

int main(void)
{
	test_arena();
	test_closed_pipe();
	test_json();
	test_table();
	test_escape();
	test_lists();
	test_json_values();
	test_columns();
	test_json_source();
	test_verbatim_text_only();
	UNIT_EXIT();
}
