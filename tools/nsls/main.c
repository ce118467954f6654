// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsls - list namespaces: a superset of util-linux lsns.
 *
 * Three views over one snapshot: namespaces (the default, lsns's rows),
 * processes (--processes: one row per process, one column per type, like
 * `ps -o pid,netns,...`), and the members of one namespace (NSID).
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "columns.h"
#include "tree.h"

enum view { VIEW_NS, VIEW_PROCS, VIEW_MEMBERS };

/* -T: what a namespace hangs under, as lsns's --tree names it. */
enum ns_tree { NS_TREE_NONE, NS_TREE_OWNER, NS_TREE_PARENT, NS_TREE_PROCESS };

struct nsls {
	enum view view;
	const struct out_column *cols;	/* the view's catalogue (columns.h) */
	size_t ncols;
	struct cli_columns sel;
	const char *output[CLI_MAX_COLUMNS];	/* -o arguments, applied in order */
	size_t noutput;
	bool output_all;
	bool list_columns;
	bool list;		/* -l: no tree in the members view */
	enum ns_tree tree;	/* -T */
	bool tasks;
	const char *sources_arg;	/* --sources, applied after the options */
	unsigned int sources;	/* NSINFO_SCAN_* bits of the sources searched */
	bool persistent;	/* -P: only namespaces no process is in */
	unsigned int types;	/* -t; 0 = all */
	pid_t pid;		/* -p; 0 = none */
	uint64_t nsid;		/* NSID argument; 0 = none */
	const char *proc_root;
	int source;		/* --source: enum nsinfo_source */
	enum cli_color color;
	struct out_opts out;
};

enum {
	OPT_OUTPUT_ALL = 0x100,
	OPT_TASKS,
	OPT_PROCESSES,
	OPT_COLOR,
	OPT_PROC_ROOT,
	OPT_SOCKETS,
	OPT_SOURCES,
	OPT_SOURCE,
};

/* Where namespaces are looked for (--sources), as the scan flags that
 * read them; processes always. */
static const struct {
	const char *name;
	unsigned int scan;
} sources[] = {
	{ "processes", 0 },
	{ "threads", NSINFO_SCAN_TASKS },
	{ "for-children", NSINFO_SCAN_FOR_CHILDREN },
	{ "fds", NSINFO_SCAN_FDS },
	{ "sockets", NSINFO_SCAN_SOCKETS },
	{ "mounts", NSINFO_SCAN_MOUNTS },
	{ "ancestors", NSINFO_SCAN_RELATIONS },
};
/* Plain nsls: every namespace, however it is held, but for the two that
 * cost most (a readlink per thread, a pidfd per process). */
#define DEFAULT_SOURCES (NSINFO_SCAN_FOR_CHILDREN | NSINFO_SCAN_FDS | \
			 NSINFO_SCAN_MOUNTS | NSINFO_SCAN_RELATIONS)

static const struct option long_opts[] = {
	{ "json",	  no_argument,	     NULL, 'J' },
	{ "list",	  no_argument,	     NULL, 'l' },
	{ "noheadings",	  no_argument,	     NULL, 'n' },
	{ "output",	  required_argument, NULL, 'o' },
	{ "output-all",	  no_argument,	     NULL, OPT_OUTPUT_ALL },
	{ "task",	  required_argument, NULL, 'p' },
	{ "raw",	  no_argument,	     NULL, 'r' },
	{ "type",	  required_argument, NULL, 't' },
	{ "notruncate",	  no_argument,	     NULL, 'u' },
	{ "nowrap",	  no_argument,	     NULL, 'W' },
	{ "tree",	  optional_argument, NULL, 'T' },
	{ "list-columns", no_argument,	     NULL, 'H' },
	{ "tasks",	  no_argument,	     NULL, OPT_TASKS },
	{ "persistent",	  no_argument,	     NULL, 'P' },
	{ "sockets",	  no_argument,	     NULL, OPT_SOCKETS },
	{ "sources",	  required_argument, NULL, OPT_SOURCES },
	/* getopt_long takes an exact name before an abbreviation: --source
	 * is this, --sources the other, --sourc ambiguous */
	{ "source",	  required_argument, NULL, OPT_SOURCE },
	{ "processes",	  no_argument,	     NULL, OPT_PROCESSES },
	{ "color",	  optional_argument, NULL, OPT_COLOR },
	{ "proc-root",	  required_argument, NULL, OPT_PROC_ROOT },
	{ "help",	  no_argument,	     NULL, 'h' },
	{ "version",	  no_argument,	     NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Options that cannot be used together, as data (util-linux's habit). */
static const struct cli_conflict conflicts[] = {
	{ 'J', 'r', "--json and --raw" },
	{ OPT_PROCESSES, 'N', "--processes and a NSID argument" },
	{ 'p', 'N', "--task and a NSID argument" },
	{ 'P', 'p', "--persistent and --task" },
	{ 'P', OPT_PROCESSES, "--persistent and --processes" },
	{ 'T', OPT_PROCESSES, "--tree and --processes" },
	{ 'T', 'N', "--tree and a NSID argument" },
	{ 'T', 'l', "--tree and --list" },
};

__attribute__((noreturn)) static void usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] [<namespace>]\n", program_invocation_short_name);
	fputs("\nList system namespaces: lsns(8)'s options and columns, and more.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -J, --json             use JSON output format\n", out);
	fputs(" -l, --list             use list format output\n", out);
	fputs(" -n, --noheadings       don't print headings\n", out);
	fputs(" -o, --output <list>    define which output columns to use (+<list> appends)\n", out);
	fputs("     --output-all       output all columns\n", out);
	fputs(" -p, --task <pid>       print process namespaces\n", out);
	fputs(" -r, --raw              use the raw output format\n", out);
	fputs(" -u, --notruncate       don't truncate text in columns\n", out);
	fputs(" -W, --nowrap           don't use multi-line representation\n", out);
	fputs(" -T, --tree[=<rel>]     use tree format (parent | owner | process)\n", out);
	fputs(" -t, --type <name>      namespace type (cgroup, ipc, mnt, net, pid, time, user, uts)\n", out);
	fputs(" -H, --list-columns     list the available columns\n", out);
	fputs(" -P, --persistent       only namespaces without a process\n", out);
	fputs("     --tasks            read threads too: threads apart from their process\n", out);
	fputs("     --sockets          find net namespaces held by sockets (costs a pidfd per process)\n", out);
	fputs("     --sources <list>   where to look (+<list> adds): processes, threads, for-children,\n"
	      "                          fds, sockets, mounts, ancestors\n", out);
	fputs("     --source <name>    scan source: auto, proc, kernel\n", out);
	fputs("     --processes        one row per process, one column per namespace type\n", out);
	fputs("     --color[=<when>]   colorize output (auto, always, never)\n", out);
	fputs("     --proc-root <dir>  read processes from <dir> instead of /proc\n", out);
	fputs("\n -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fputs("\nAvailable output columns (see -H, and --processes -H):\n", out);
	for (size_t i = 0; i < NS_NCOLS; i++)
		fprintf(out, " %11s  %s\n", ns_columns[i].name, ns_columns[i].help);
	fprintf(out, "\nFor more details see %s(1).\n", program_invocation_short_name);
	exit(EXIT_OK);
}

static void parse_args(struct nsls *ls, int argc, char **argv)
{
	static bool seen[0x200];
	int c;

	while ((c = getopt_long(argc, argv, "Jlno:Pp:rt:uWT::HhV", long_opts, NULL)) != -1) {
		if (c >= 0 && c < (int)sizeof(seen))
			seen[c] = true;
		switch (c) {
		case 'J':
			ls->out.format = OUT_JSON;
			break;
		case 'l':
			ls->list = true;
			break;
		case 'n':
			ls->out.noheadings = true;
			break;
		case 'o':
			if (ls->noutput == CLI_MAX_COLUMNS)
				errx(EXIT_TROUBLE, "too many --output options");
			ls->output[ls->noutput++] = optarg;
			break;
		case OPT_OUTPUT_ALL:
			ls->output_all = true;
			break;
		case 'p':
			ls->pid = cli_parse_pid(optarg);
			break;
		case 'r':
			ls->out.format = OUT_RAW;
			break;
		case 't': {
			int t = nsinfo_type_from_name(optarg);

			if (t < 0)
				errx(EXIT_TROUBLE, "unknown namespace type '%s'", optarg);
			ls->types |= NSINFO_TYPE_BIT(t);
			break;
		}
		case 'u':
			ls->out.notruncate = true;
			break;
		case 'W':
			ls->out.nowrap = true;
			break;
		case 'T':
			/* as lsns: owner unless said, "-T=parent" too */
			ls->tree = NS_TREE_OWNER;
			if (optarg && *optarg == '=')
				optarg++;
			if (!optarg || !strcmp(optarg, "owner"))
				break;
			if (!strcmp(optarg, "parent"))
				ls->tree = NS_TREE_PARENT;
			else if (!strcmp(optarg, "process"))
				ls->tree = NS_TREE_PROCESS;
			else
				errx(EXIT_TROUBLE, "unknown tree type: %s", optarg);
			break;
		case 'H':
			ls->list_columns = true;
			break;
		case OPT_TASKS:
			ls->tasks = true;
			ls->sources |= NSINFO_SCAN_TASKS;
			break;
		case 'P':
			ls->persistent = true;
			break;
		case OPT_SOCKETS:
			ls->sources |= NSINFO_SCAN_SOCKETS;
			break;
		case OPT_SOURCES:
			ls->sources_arg = optarg;
			break;
		case OPT_SOURCE:
			ls->source = cli_source_option(optarg);
			break;
		case OPT_PROCESSES:
			ls->view = VIEW_PROCS;
			break;
		case OPT_COLOR:
			cli_color_option(optarg, &ls->color);
			break;
		case OPT_PROC_ROOT:
			ls->proc_root = optarg;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_usage_error();
		}
	}
	if (optind < argc) {
		if (cli_parse_number(argv[optind], 1, UINT64_MAX, &ls->nsid) < 0)
			errx(EXIT_TROUBLE, "invalid namespace argument '%s'", argv[optind]);
		if (optind + 1 < argc) {
			warnx("unexpected argument '%s'", argv[optind + 1]);
			cli_usage_error();
		}
		seen['N'] = true;
		ls->view = VIEW_MEMBERS;
	}
	cli_check_conflicts(seen, sizeof(seen) / sizeof(seen[0]), conflicts,
			    sizeof(conflicts) / sizeof(conflicts[0]));
}

/* The view's column catalogue, and its default columns. */
static void choose_columns(struct nsls *ls)
{
	struct cli_columns *sel = &ls->sel;

	if (ls->view == VIEW_NS) {
		ls->cols = ns_columns;
		ls->ncols = NS_NCOLS;
		cli_columns_add(sel, NS_COL_NS);
		cli_columns_add(sel, NS_COL_TYPE);
		cli_columns_add(sel, NS_COL_NPROCS);
		if (ls->persistent) {
			/* no process: what holds it is the point */
			cli_columns_add(sel, NS_COL_NAME);
			cli_columns_add(sel, NS_COL_HOLDERS);
		}
		if (ls->tasks)
			cli_columns_add(sel, NS_COL_NTHREADS);
		if (!ls->persistent) {
			cli_columns_add(sel, NS_COL_PID);
			cli_columns_add(sel, NS_COL_USER);
		}
		/* as lsns: net namespaces alone show their ids and mounts */
		if (ls->types == NSINFO_TYPE_BIT(NSINFO_TYPE_NET) && !ls->persistent) {
			cli_columns_add(sel, NS_COL_NETNSID);
			cli_columns_add(sel, NS_COL_NSFS);
		}
		if (!ls->persistent)
			cli_columns_add(sel, NS_COL_COMMAND);
	} else {
		ls->cols = proc_columns;
		ls->ncols = PROC_NCOLS;
		cli_columns_add(sel, PROC_COL_PID);
		if (ls->view == VIEW_MEMBERS) {
			cli_columns_add(sel, PROC_COL_PPID);
		} else {
			if (ls->tasks)
				cli_columns_add(sel, PROC_COL_TID);
			for (int t = 0; t < NSINFO_NTYPES; t++)
				if (!ls->types || (ls->types & NSINFO_TYPE_BIT(t)))
					cli_columns_add(sel, PROC_COL_NS0 + t);
		}
		cli_columns_add(sel, PROC_COL_USER);
		cli_columns_add(sel, PROC_COL_COMMAND);
	}
	if (ls->output_all) {
		sel->n = 0;
		for (size_t i = 0; i < ls->ncols; i++)
			cli_columns_add(sel, (int)i);
	}
	for (size_t i = 0; i < ls->noutput; i++)
		if (cli_columns_parse(sel, ls->cols, ls->ncols, ls->output[i]) < 0)
			exit(EXIT_TROUBLE);
}

/* --sources LIST replaces the default sources, +LIST adds to them; the
 * shorthands --tasks and --sockets add too. */
static void parse_sources(struct nsls *ls)
{
	/* a namespace named by NSID may be held by anything: look everywhere */
	unsigned int set = ls->sources, base = ls->view != VIEW_PROCS ? DEFAULT_SOURCES : 0;
	const char *p = ls->sources_arg;

	if (!p) {
		ls->sources = base | set;
		return;
	}
	if (*p == '+')
		p++;
	else
		base = 0;
	while (*p) {
		size_t len = strcspn(p, ","), i;

		for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++)
			if (strlen(sources[i].name) == len && !strncmp(sources[i].name, p, len))
				break;
		if (i == sizeof(sources) / sizeof(sources[0]))
			errx(EXIT_TROUBLE, "unknown source '%.*s'", (int)len, p);
		set |= sources[i].scan;
		p += len + (p[len] == ',');
	}
	ls->sources = base | set;
	if (ls->sources & NSINFO_SCAN_TASKS)
		ls->tasks = true;
}

/* What the columns show and where namespaces are looked for: the
 * catalogue rows say which scan flags they need (columns.h). */
static unsigned int scan_flags(const struct nsls *ls)
{
	unsigned int f = columns_scan_flags(ls->cols, ls->sel.ids, ls->sel.n) | ls->sources;

	if (ls->tree == NS_TREE_OWNER || ls->tree == NS_TREE_PARENT)
		f |= NSINFO_SCAN_RELATIONS;
	/* the parents of leaders, up to one in another namespace */
	if (ls->tree == NS_TREE_PROCESS)
		f |= NSINFO_SCAN_INFO_ALL;
	return f;
}

/* -p: the namespaces of a process, or of a thread apart from it. */
struct target {
	const struct nsinfo_proc *proc;
	size_t split;		/* index + 1 of the split thread; 0: process */
};

static struct target find_target(const struct nsinfo_snapshot *snap, pid_t pid)
{
	struct target tg = { nsinfo_snapshot_find_proc(snap, pid), 0 };

	if (tg.proc) {
		if (nsinfo_proc_flags(tg.proc) & NSINFO_PROC_DENIED)
			errx(EXIT_TROUBLE, "cannot read the namespaces of PID %d: permission denied",
			     (int)pid);
		return tg;
	}
	for (size_t i = 0; i < nsinfo_snapshot_proc_count(snap); i++) {
		const struct nsinfo_proc *p = nsinfo_snapshot_proc(snap, i);

		for (size_t j = 0; j < nsinfo_proc_split_count(p); j++)
			if (nsinfo_proc_split_tid(p, j) == pid)
				return (struct target){ p, j + 1 };
	}
	errx(EXIT_TROUBLE, "PID %d: no such process", (int)pid);
}

/*
 * -p on a zombie: it has left its namespaces, and the kernel still shows
 * a link or two (pid, user) that would pass for all of them. Say what it
 * is instead (nsls(1), -p). Unreadable or gone: find_target() says so.
 */
static void refuse_zombie(const struct nsinfo_snapshot *snap, pid_t pid)
{
	const struct nsinfo_proc *p = nsinfo_snapshot_find_proc(snap, pid);

	if (p && (nsinfo_proc_flags(p) & NSINFO_PROC_ZOMBIE))
		errx(EXIT_TROUBLE, "PID %d is a zombie: its namespaces are gone", (int)pid);
}

static const struct nsinfo_ns *target_ns(const struct target *tg, enum nsinfo_type t)
{
	return tg->split ? nsinfo_proc_split_ns(tg->proc, tg->split - 1, t)
			 : nsinfo_proc_ns(tg->proc, t);
}

#define CHECK(expr)                                   \
	do {                                          \
		if ((expr) < 0)                       \
			errx(EXIT_TROUBLE, "out of memory"); \
	} while (0)

static struct out_row *new_row(struct out *out, struct out_row *parent)
{
	struct out_row *row = out_row(out, parent);

	if (!row)
		errx(EXIT_TROUBLE, "out of memory");
	return row;
}

static struct out_row *ns_row(const struct nsls *ls, const struct columns_ctx *ctx,
			      struct out *out, struct out_row *parent, const struct nsinfo_ns *ns)
{
	struct out_row *row = new_row(out, parent);

	for (size_t c = 0; c < ls->sel.n; c++)
		CHECK(ns_column_fill(ctx, row, c, (enum ns_col)ls->sel.ids[c], ns));
	return row;
}

/*
 * -T process: the namespace of the same type that the nearest ancestor
 * of the leader in another namespace of that type is in (lsns puts a
 * namespace under the one its leader's parent stands for); NULL: a root.
 */
static const struct nsinfo_ns *process_parent_ns(const struct nsinfo_snapshot *snap,
						 const struct nsinfo_ns *ns)
{
	enum nsinfo_type t = nsinfo_ns_type(ns);
	const struct nsinfo_proc *p;
	unsigned int how;
	pid_t tid, ppid;

	if (nsinfo_ns_leader(ns, &p, &tid, &how) < 0)
		return NULL;
	/* bounded: a PID reused between two stat reads may make a loop */
	for (int hops = 0; hops < 4096 && nsinfo_proc_ppid(p, &ppid) == 0; hops++) {
		const struct nsinfo_ns *up;

		p = nsinfo_snapshot_find_proc(snap, ppid);
		if (!p)
			return NULL;
		up = nsinfo_proc_ns(p, t);
		if (up && up != ns)
			return up;
	}
	return NULL;
}

struct ns_tree_emit {
	const struct nsls *ls;
	const struct columns_ctx *ctx;
	struct out *out;
};

static struct out_row *ns_tree_row(void *arg, const struct tree_node *n, struct out_row *parent)
{
	struct ns_tree_emit *e = arg;

	return ns_row(e->ls, e->ctx, e->out, parent, n->ns);
}

/* -T: the rows below as a tree (tree.h), each under the namespace its
 * relation names when that is listed too, else a root, as lsns does. */
static void rows_ns_tree(const struct nsls *ls, const struct columns_ctx *ctx, struct out *out,
			 const bool *shown)
{
	struct ns_tree_emit e = { ls, ctx, out };
	struct tree tr;

	CHECK(tree_init(&tr, ctx->snap));
	for (size_t i = 0; i < nsinfo_snapshot_ns_count(ctx->snap); i++)
		if (shown[i] && !tree_ns_node_new(&tr, nsinfo_snapshot_ns(ctx->snap, i)))
			errx(EXIT_TROUBLE, "out of memory");
	for (size_t i = 0; i < nsinfo_snapshot_ns_count(ctx->snap); i++) {
		struct tree_node *n = tr.ns_nodes[i], *up = &tr.top;

		if (!n)
			continue;
		if (ls->tree == NS_TREE_PROCESS) {
			struct tree_node *p = tree_ns_node(&tr, process_parent_ns(ctx->snap, n->ns));

			if (p)
				up = p;
		} else {
			up = tree_place(&tr, n->ns, ls->tree == NS_TREE_OWNER, false);
		}
		/* a relation that loops (it cannot, but the data is read
		 * piecewise) is cut at the top */
		for (struct tree_node *a = up; a != &tr.top && a; a = a->parent)
			if (a == n) {
				up = &tr.top;
				break;
			}
		CHECK(tree_attach(up, n));
	}
	tree_sort(&tr, true);
	for (size_t i = 0; i < tr.top.nkids; i++)
		CHECK(tree_emit(tr.top.kids[i], NULL, -1, ns_tree_row, &e));
	tree_free(&tr);
}

static void rows_namespaces(const struct nsls *ls, const struct columns_ctx *ctx,
			    struct out *out)
{
	size_t n = nsinfo_snapshot_ns_count(ctx->snap);
	struct target tg = { NULL, 0 };
	bool *shown = calloc(n + 1, sizeof(*shown));

	if (!shown)
		errx(EXIT_TROUBLE, "out of memory");
	if (ls->pid) {
		refuse_zombie(ctx->snap, ls->pid);
		tg = find_target(ctx->snap, ls->pid);
	}
	for (size_t i = 0; i < n; i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(ctx->snap, i);

		if (tg.proc && target_ns(&tg, nsinfo_ns_type(ns)) != ns)
			continue;
		if (ls->persistent && nsinfo_ns_proc_count(ns))
			continue;
		shown[i] = true;
		if (!ls->tree)
			ns_row(ls, ctx, out, NULL, ns);
	}
	if (ls->tree)
		rows_ns_tree(ls, ctx, out, shown);
	free(shown);
}

static struct out_row *proc_row(const struct nsls *ls, const struct columns_ctx *ctx,
				struct out *out, struct out_row *parent,
				const struct nsinfo_proc *p, pid_t tid, size_t split)
{
	struct out_row *row = new_row(out, parent);

	for (size_t c = 0; c < ls->sel.n; c++)
		CHECK(proc_column_fill(ctx, row, c, (enum proc_col)ls->sel.ids[c], p, tid,
				       split));
	return row;
}

static void rows_processes(const struct nsls *ls, const struct columns_ctx *ctx,
			   struct out *out)
{
	if (ls->pid)
		refuse_zombie(ctx->snap, ls->pid);
	if (ls->pid && !nsinfo_snapshot_find_proc(ctx->snap, ls->pid))
		errx(EXIT_TROUBLE, "PID %d: no such process", (int)ls->pid);
	for (size_t i = 0; i < nsinfo_snapshot_proc_count(ctx->snap); i++) {
		const struct nsinfo_proc *p = nsinfo_snapshot_proc(ctx->snap, i);

		if (ls->pid && nsinfo_proc_pid(p) != ls->pid)
			continue;
		proc_row(ls, ctx, out, NULL, p, 0, 0);
		for (size_t j = 0; j < nsinfo_proc_split_count(p); j++)
			proc_row(ls, ctx, out, NULL, p, nsinfo_proc_split_tid(p, j), j);
	}
}

/* Index of pid among the namespace's processes (sorted by PID), or -1. */
static long member_index(const struct nsinfo_ns *ns, pid_t pid)
{
	size_t lo = 0, hi = nsinfo_ns_proc_count(ns);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		pid_t m = nsinfo_proc_pid(nsinfo_ns_proc(ns, mid));

		if (m == pid)
			return (long)mid;
		if (m < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * The members of one namespace. As a tree (lsns's NSID view) a process
 * goes under its parent when the parent is in the same namespace; rows
 * are added parent first, in passes, so PID order does not matter.
 */
static void rows_members(const struct nsls *ls, const struct columns_ctx *ctx,
			 struct out *out, const struct nsinfo_ns *ns, bool tree)
{
	size_t n = nsinfo_ns_proc_count(ns), placed = 0;
	struct out_row **rows = calloc(n ? n : 1, sizeof(*rows));
	bool force = false;	/* a pass placed nothing: a ppid cycle */

	if (!rows)
		errx(EXIT_TROUBLE, "out of memory");
	while (placed < n) {
		size_t before = placed;

		for (size_t i = 0; i < n; i++) {
			const struct nsinfo_proc *p = nsinfo_ns_proc(ns, i);
			struct out_row *parent = NULL;
			pid_t ppid;
			long j;

			if (rows[i])
				continue;
			if (tree && nsinfo_proc_ppid(p, &ppid) == 0 &&
			    (j = member_index(ns, ppid)) >= 0 && (size_t)j != i) {
				if (!rows[j] && !force)
					continue;	/* after its parent */
				parent = rows[j];
			}
			rows[i] = proc_row(ls, ctx, out, parent, p, 0, 0);
			placed++;
		}
		force = placed == before;
	}
	free(rows);
}

static void json_denied(const struct nsinfo_snapshot *snap, struct out *out, bool json)
{
	size_t denied = nsinfo_snapshot_denied_count(snap);
	size_t seen = nsinfo_snapshot_seen_count(snap);
	size_t tasks = nsinfo_snapshot_denied_task_count(snap);
	size_t hidden = 0;
	const char *why = NULL;
	char buf[320];

	if (nsinfo_snapshot_hidden_count(snap, &hidden, &why) < 0 || !hidden)
		hidden = 0;
	if ((!denied && !tasks && !hidden) || !json)
		return;
	snprintf(buf, sizeof(buf),
		 "{\"processes\": %zu, \"seen\": %zu, \"threads\": %zu, "
		 "\"reason\": \"permission denied\"", denied, seen, tasks);
	/* the option is one of the kernel's words (invisible, ptraceable) */
	if (hidden)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 ", \"hidden_tasks\": %zu, \"hidepid\": \"%s\"", hidden, why);
	snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "}");
	CHECK(out_json_member(out, "unreadable", buf));
}

static void say_denied(const struct nsinfo_snapshot *snap)
{
	size_t denied = nsinfo_snapshot_denied_count(snap);
	size_t tasks = nsinfo_snapshot_denied_task_count(snap);
	size_t hidden;
	const char *why;

	if (denied)
		warnx("%zu of %zu processes could not be read: permission denied",
		      denied, nsinfo_snapshot_seen_count(snap));
	if (tasks)
		warnx("%zu threads could not be read: permission denied", tasks);
	if (nsinfo_snapshot_hidden_count(snap, &hidden, &why) == 0 && hidden)
		warnx("about %zu tasks are hidden from you: %s is mounted with hidepid=%s",
		      hidden, nsinfo_snapshot_proc_root(snap), why);
}

int main(int argc, char **argv)
{
	struct nsls ls = { .proc_root = "/proc" };
	struct nsinfo_scan_opts opts = { .size = sizeof(opts) };
	struct nsinfo_snapshot *snap = NULL;
	const struct nsinfo_ns *members = NULL;
	struct columns_ctx ctx;
	struct out *out;
	bool tree = false;
	int rc;

	setlocale(LC_ALL, "");	/* UTF-8 tree art, wide characters */
	atexit(cli_close_stdout);
	parse_args(&ls, argc, argv);
	parse_sources(&ls);
	choose_columns(&ls);

	if (ls.list_columns) {
		rc = cli_list_columns(ls.cols, ls.ncols, ls.out.format, ls.out.noheadings);
		if (rc == 0 && fflush(stdout) != 0)
			rc = -errno;
		if (rc < 0)
			cli_write_failed(rc);
		return EXIT_OK;
	}

	opts.proc_root = ls.proc_root;
	opts.types = ls.types;
	opts.flags = scan_flags(&ls);
	opts.source = ls.source;
	rc = nsinfo_snapshot_new(&snap, &opts);
	if (rc < 0)
		cli_scan_failed(rc, &opts);

	if (ls.view == VIEW_MEMBERS) {
		members = nsinfo_snapshot_find_ns(snap, -1, ls.nsid);
		if (!members || (ls.types && !(ls.types & NSINFO_TYPE_BIT(nsinfo_ns_type(members)))))
			errx(EXIT_TROUBLE, "namespace %" PRIu64 ": not found", ls.nsid);
		tree = !ls.list && ls.out.format != OUT_RAW;
		/* as lsns: the art goes in COMMAND; the catalogue stays
		 * const, this table alone is a tree */
		ls.out.tree = tree;
		ls.out.tree_col = PROC_COL_COMMAND;
	}

	if (ls.tree) {
		/* as lsns: the art in NS */
		ls.out.tree = true;
		ls.out.tree_col = cli_columns_has(&ls.sel, NS_COL_NS) ? NS_COL_NS : ls.sel.ids[0];
	}
	ls.out.color = ls.out.format == OUT_TABLE && cli_color_wanted(ls.color);
	ls.out.json_key = ls.view == VIEW_NS ? "namespaces" : "processes";
	out = out_new(ls.cols, ls.sel.ids, ls.sel.n, &ls.out);
	if (!out)
		errx(EXIT_TROUBLE, "out of memory");
	columns_ctx_init(&ctx, snap);

	switch (ls.view) {
	case VIEW_NS:
		rows_namespaces(&ls, &ctx, out);
		break;
	case VIEW_PROCS:
		rows_processes(&ls, &ctx, out);
		break;
	case VIEW_MEMBERS:
		rows_members(&ls, &ctx, out, members, tree);
		break;
	}
	json_denied(snap, out, ls.out.format == OUT_JSON);
	if (ls.out.format == OUT_JSON)
		CHECK(cli_json_source(out, snap));
	rc = out_print(out, stdout);
	out_free(out);
	if (rc == 0 && fflush(stdout) != 0)
		rc = -errno;
	if (rc < 0)
		cli_write_failed(rc);
	/* the table first, then what it could not show */
	say_denied(snap);
	nsinfo_snapshot_unref(snap);
	return EXIT_OK;
}
