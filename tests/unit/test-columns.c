// SPDX-License-Identifier: LGPL-2.1-or-later
/* The shared column catalogues (tools/common/columns.h): complete rows,
 * unique names, per-type names from the library's type table, needs that
 * are scan flags, and fillers whose cells have the declared JSON type. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "columns.h"
#include "unit.h"

/* The flags that read data; ONE_THREAD says how, so no column needs it. */
#define DATA_FLAGS (NSINFO_SCAN_TASKS | NSINFO_SCAN_FOR_CHILDREN | NSINFO_SCAN_RELATIONS | \
		    NSINFO_SCAN_INFO_LEADERS | NSINFO_SCAN_INFO_ALL | NSINFO_SCAN_NETNSID | \
		    NSINFO_SCAN_MOUNTS | NSINFO_SCAN_FDS | NSINFO_SCAN_SOCKETS |		\
		    NSINFO_SCAN_CONTAINERS | NSINFO_SCAN_TASK_STATS | NSINFO_SCAN_NSPID | \
		    NSINFO_SCAN_CGROUPS | NSINFO_SCAN_CGROUP_LIMITS | NSINFO_SCAN_CGROUP_ROOTS | NSINFO_SCAN_STDIO)

static const struct {
	const char *name;
	const struct out_column *cols;
	size_t n;
	unsigned int wrong_info;	/* the task info of the other view */
} views[] = {
	{ "ns", ns_columns, NS_NCOLS, NSINFO_SCAN_INFO_ALL },
	{ "proc", proc_columns, PROC_NCOLS, NSINFO_SCAN_INFO_LEADERS },
	{ "group", group_columns, GROUP_NCOLS, NSINFO_SCAN_INFO_LEADERS },
};

/* Upper case, or ps's "%CPU". */
static bool upper_word(const char *s)
{
	if (*s == '%')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isupper((unsigned char)*s))
			return false;
	return true;
}

static void test_rows(void)
{
	TEST_BEGIN("columns-rows");
	for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++)
		for (size_t i = 0; i < views[v].n; i++) {
			const struct out_column *c = &views[v].cols[i];

			CHECK(c->name && upper_word(c->name));
			CHECK(c->help && *c->help);
			CHECK(c->json == OUT_JSON_STRING || c->json == OUT_JSON_NUMBER ||
			      c->json == OUT_JSON_BOOLEAN || c->json == OUT_JSON_ARRAY ||
			      c->json == OUT_JSON_OBJECT);
			/* the tree is the caller's (out_opts), never a row's */
			CHECK(!(c->flags & OUT_TREE));
			if (!c->name || !upper_word(c->name))
				printf("  %s column %zu has no name\n", views[v].name, i);
		}
	TEST_END();

	TEST_BEGIN("columns-unique-names");
	for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++)
		for (size_t i = 0; i < views[v].n; i++)
			for (size_t j = i + 1; j < views[v].n; j++) {
				const char *a = views[v].cols[i].name, *b = views[v].cols[j].name;

				/* -o looks names up without case */
				CHECK(!a || !b || strcasecmp(a, b) != 0);
			}
	TEST_END();

	TEST_BEGIN("columns-needs");
	for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++)
		for (size_t i = 0; i < views[v].n; i++) {
			unsigned int needs = views[v].cols[i].needs;

			CHECK((needs & ~DATA_FLAGS) == 0);
			CHECK(!(needs & views[v].wrong_info));
		}
	/* what needs what: the cells are filled from exactly that */
	CHECK(ns_columns[NS_COL_COMMAND].needs == NSINFO_SCAN_INFO_LEADERS);
	CHECK(proc_columns[PROC_COL_COMMAND].needs == NSINFO_SCAN_INFO_ALL);
	CHECK(ns_columns[NS_COL_NS].needs == 0);
	for (int t = 0; t < NSINFO_NTYPES; t++)
		CHECK(proc_columns[PROC_COL_NS0 + t].needs == 0);
	int ids[] = { NS_COL_PPID, NS_COL_NETNSID, NS_COL_HOLDERS, NS_COL_PPID };
	CHECK(columns_scan_flags(ns_columns, ids, 4) ==
	      (NSINFO_SCAN_INFO_LEADERS | NSINFO_SCAN_NETNSID | NSINFO_SCAN_FOR_CHILDREN |
	       NSINFO_SCAN_FDS | NSINFO_SCAN_MOUNTS | NSINFO_SCAN_RELATIONS));
	CHECK(columns_scan_flags(ns_columns, ids, 0) == 0);
	TEST_END();
}

/* Numbers as printf would write them, the widest too. */
static void test_format_u64(void)
{
	char buf[COL_U64_BUF], want[32];
	const unsigned long long v[] = { 0, 7, 10, 4026531840ull, 18446744073709551615ull };

	TEST_BEGIN("columns-format-u64");
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(want, sizeof(want), "%llu", v[i]);
		CHECK_STR(col_format_u64(buf, v[i]), want);
	}
	TEST_END();
}

/* Ages as ps's etime writes them (the printf formats they replaced), read
 * back by col_parse_age(); cut short, never past the buffer. */
static void test_format_age(void)
{
	const unsigned long long v[] = { 0, 59, 60, 3599, 3600, 86399, 86400, 90061,
					 8640000, 18446744073709551615ull };
	char buf[64], want[64], small[5];

	TEST_BEGIN("columns-format-age");
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		unsigned long long s = v[i], d = s / 86400, h = s / 3600 % 24;

		if (d)
			snprintf(want, sizeof(want), "%llu-%02llu:%02llu:%02llu", d, h, s / 60 % 60, s % 60);
		else if (h)
			snprintf(want, sizeof(want), "%02llu:%02llu:%02llu", h, s / 60 % 60, s % 60);
		else
			snprintf(want, sizeof(want), "%02llu:%02llu", s / 60 % 60, s % 60);
		col_format_age(buf, sizeof(buf), s);
		CHECK_STR(buf, want);
		if (s < 1000000000ull)
			CHECKF(col_parse_age(buf) == (long long)s, "%s read back as %lld", buf,
			       col_parse_age(buf));
	}
	col_format_age(small, sizeof(small), 90061);
	CHECK_STR(small, "1-01");
	TEST_END();
}

/* %CPU with one decimal: printf's digits but for exact ties, which round
 * up, as the cell's JSON value does. */
static void test_format_tenths(void)
{
	const double v[] = { 0, 0.04, 0.06, 0.96, 1.44, 99.94, 100, 12345.678, 3.1e16 };
	char buf[COL_U64_BUF + 2], want[64];

	TEST_BEGIN("columns-format-tenths");
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(want, sizeof(want), "%.1f", v[i]);
		CHECK_STR(col_format_tenths(buf, v[i]), want);
	}
	CHECK_STR(col_format_tenths(buf, 0.25), "0.3");	/* printf: 0.2 */
	CHECK_STR(col_format_tenths(buf, 1e20), "1e+20");
	CHECK_STR(col_format_tenths(buf, -1.5), "-1.5");
	TEST_END();
}

/* NETNS, MNTNS, ...: ps's names, from the library's type table. */
static void test_type_columns(void)
{
	TEST_BEGIN("columns-type-names");
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		const struct out_column *c = &proc_columns[PROC_COL_NS0 + t];
		const char *name = nsinfo_type_name((enum nsinfo_type)t);
		char want[32], help[64];
		size_t i;

		CHECK(name != NULL);
		if (!name)
			continue;
		for (i = 0; name[i] && i < sizeof(want) - 3; i++)
			want[i] = (char)toupper((unsigned char)name[i]);
		memcpy(want + i, "NS", 3);
		CHECK_STR(c->name, want);
		snprintf(help, sizeof(help), "inode of the %s namespace", name);
		CHECK_STR(c->help, help);
		CHECK(c->json == OUT_JSON_NUMBER && (c->flags & OUT_RIGHT));
	}
	TEST_END();
}

/* A value of a cell of column c: null, of its declared type, or a word a
 * number column shows in place of a number. */
static bool typed(const struct out_column *c, const cJSON *v)
{
	if (cJSON_IsNull(v))
		return true;
	switch (c->json) {
	case OUT_JSON_STRING:
		return cJSON_IsString(v);
	case OUT_JSON_NUMBER:
		return cJSON_IsNumber(v) ||
		       (cJSON_IsString(v) && (!strcmp(v->valuestring, "denied") ||
					      !strcmp(v->valuestring, "unassigned")));
	case OUT_JSON_BOOLEAN:
		return cJSON_IsBool(v);
	case OUT_JSON_ARRAY:
		return cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0;
	case OUT_JSON_OBJECT:
		return cJSON_IsObject(v);
	}
	return false;
}

/* Print out as JSON; every member of every row is typed(). */
static void check_json(struct out *out, const struct out_column *cols, const int *ids,
		       size_t n, size_t *rows)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cJSON *root, *arr, *row;

	CHECK(f && out_print(out, f) == 0);
	if (f)
		fclose(f);
	root = buf ? cJSON_Parse(buf) : NULL;
	CHECK(root != NULL);
	arr = root ? root->child : NULL;
	CHECK(cJSON_IsArray(arr));
	cJSON_ArrayForEach(row, arr) {
		const cJSON *v = row->child;

		for (size_t i = 0; i < n && v; i++, v = v->next) {
			if (typed(&cols[ids[i]], v))
				continue;
			char *t = cJSON_PrintUnformatted(v);

			CHECK(!"a cell of the declared JSON type");
			if (unit_failed_here < 10)	/* a wrong column fails every row */
				printf("  %s: %s\n", cols[ids[i]].name, t ? t : "?");
			free(t);
		}
		(*rows)++;
	}
	cJSON_Delete(root);
	free(buf);
}

/* TEST_BEGIN(name) and a snapshot of /proc with flags, ctx on it;
 * NULL (the test ended) when the scan failed */
static struct nsinfo_snapshot *begin_scan(const char *name, unsigned int flags,
					  struct columns_ctx *ctx)
{
	struct nsinfo_scan_opts o = { .size = sizeof(o), .proc_root = "/proc", .flags = flags };
	struct nsinfo_snapshot *snap = NULL;
	int rc;

	TEST_BEGIN(name);
	rc = nsinfo_snapshot_new(&snap, &o);
	CHECK(rc == 0);
	if (rc < 0) {
		TEST_END();
		return NULL;
	}
	columns_ctx_init(ctx, snap);
	return snap;
}

/*
 * The fillers against this machine's /proc, everything read: every
 * column of every namespace and every process (threads apart too) makes
 * a cell of its column's JSON type.
 */
static void test_fill_types(void)
{
	struct out_opts oo = { .format = OUT_JSON, .json_key = "rows" };
	struct columns_ctx ctx;
	struct nsinfo_snapshot *snap = begin_scan("columns-fill-json-types",
						  DATA_FLAGS & ~NSINFO_SCAN_SOCKETS, &ctx);
	int ids[(int)NS_NCOLS > (int)PROC_NCOLS ? (int)NS_NCOLS : (int)PROC_NCOLS];
	size_t nrows = 0;
	struct out *out;

	if (!snap)
		return;

	for (int i = 0; i < NS_NCOLS; i++)
		ids[i] = i;
	out = out_new(ns_columns, ids, NS_NCOLS, &oo);
	CHECK(out != NULL);
	for (size_t i = 0; out && i < nsinfo_snapshot_ns_count(snap); i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);
		struct out_row *row = out_row(out, NULL);

		CHECK(row != NULL);
		for (int c = 0; row && c < NS_NCOLS; c++)
			CHECK(ns_column_fill(&ctx, row, (size_t)c, (enum ns_col)c, ns) == 0);
	}
	if (out)
		check_json(out, ns_columns, ids, NS_NCOLS, &nrows);
	out_free(out);
	CHECK(nrows > 0 && nrows == nsinfo_snapshot_ns_count(snap));

	for (int i = 0; i < PROC_NCOLS; i++)
		ids[i] = i;
	out = out_new(proc_columns, ids, PROC_NCOLS, &oo);
	CHECK(out != NULL);
	nrows = 0;
	for (size_t i = 0; out && i < nsinfo_snapshot_proc_count(snap); i++) {
		const struct nsinfo_proc *p = nsinfo_snapshot_proc(snap, i);

		for (size_t s = 0; s <= nsinfo_proc_split_count(p); s++) {
			struct out_row *row = out_row(out, NULL);
			pid_t tid = s ? nsinfo_proc_split_tid(p, s - 1) : 0;

			CHECK(row != NULL);
			for (int c = 0; row && c < PROC_NCOLS; c++)
				CHECK(proc_column_fill(&ctx, row, (size_t)c, (enum proc_col)c, p,
						       tid, s ? s - 1 : 0) == 0);
		}
	}
	if (out)
		check_json(out, proc_columns, ids, PROC_NCOLS, &nrows);
	out_free(out);
	CHECK(nrows >= nsinfo_snapshot_proc_count(snap) && nrows > 0);
	nsinfo_snapshot_unref(snap);
	TEST_END();
}

/* RSS of a namespace, as its row says it (a memo keeps the last sum) */
static unsigned long long rss_cell(const struct columns_ctx *ctx, struct out *out,
				   const struct nsinfo_ns *ns, const struct col_group *g)
{
	struct out_row *row = out_row(out, NULL);
	unsigned long long v = 0;
	char *t;

	if (!row)
		return ~0ull;
	if (g)
		CHECK(group_column_fill(ctx, row, 0, GROUP_COL_RSS, g) == 0);
	else
		CHECK(ns_column_fill(ctx, row, 0, NS_COL_RSS, ns) == 0);
	t = out_cell_text(out, row, 0);
	if (t)
		v = strtoull(t, NULL, 10);
	free(t);
	return v;
}

/*
 * The figures of one row are summed once (col_stats_of()): filled in any
 * order, every namespace's and group's RSS is still the sum of its own
 * processes', and a group is told from another with the same container.
 */
static void test_stats_memo(void)
{
	static const int ids[] = { 0 };
	struct out_opts oo = { .format = OUT_TABLE };
	struct columns_ctx ctx;
	struct nsinfo_snapshot *snap = begin_scan("columns-stats-memo", NSINFO_SCAN_TASK_STATS,
						  &ctx);
	struct out *out;
	size_t n, checked = 0;

	if (!snap)
		return;
	out = out_new(ns_columns, ids, 1, &oo);
	CHECK(out != NULL);
	n = nsinfo_snapshot_ns_count(snap);
	/* each namespace, then the one before it again, then itself */
	for (size_t i = 0; out && i < n; i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);
		const struct nsinfo_ns *prev = nsinfo_snapshot_ns(snap, i ? i - 1 : n - 1);
		unsigned long long want = 0, pwant = 0;
		unsigned long kib;
		size_t known = 0;

		for (size_t j = 0; j < nsinfo_ns_proc_count(ns); j++)
			if (nsinfo_proc_rss_kib(nsinfo_ns_proc(ns, j), &kib) == 0) {
				want += kib;
				known++;
			}
		for (size_t j = 0; j < nsinfo_ns_proc_count(prev); j++)
			if (nsinfo_proc_rss_kib(nsinfo_ns_proc(prev, j), &kib) == 0)
				pwant += kib;
		if (!known)
			continue;
		CHECK(rss_cell(&ctx, out, ns, NULL) == want);
		CHECK(rss_cell(&ctx, out, prev, NULL) == pwant);
		CHECK(rss_cell(&ctx, out, ns, NULL) == want);
		checked++;
	}
	out_free(out);
	/* two groups of one process each, no container: told apart by it */
	out = out_new(group_columns, (const int[]){ GROUP_COL_RSS }, 1, &oo);
	CHECK(out != NULL);
	for (size_t i = 0; out && i + 1 < nsinfo_snapshot_proc_count(snap) && i < 64; i++) {
		const struct nsinfo_proc *a = nsinfo_snapshot_proc(snap, i);
		const struct nsinfo_proc *b = nsinfo_snapshot_proc(snap, i + 1);
		struct col_group ga = { NULL, &a, 1 }, gb = { NULL, &b, 1 };
		unsigned long ka, kb;

		if (nsinfo_proc_rss_kib(a, &ka) < 0 || nsinfo_proc_rss_kib(b, &kb) < 0)
			continue;
		CHECK(rss_cell(&ctx, out, NULL, &ga) == ka);
		CHECK(rss_cell(&ctx, out, NULL, &gb) == kb);
		checked++;
	}
	out_free(out);
	CHECK(checked > 0);
	nsinfo_snapshot_unref(snap);
	TEST_END();
}

int main(void)
{
	test_rows();
	test_format_u64();
	test_format_age();
	test_format_tenths();
	test_type_columns();
	test_fill_types();
	test_stats_memo();
	UNIT_EXIT();
}
