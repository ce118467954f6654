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
#include "snapfile.h"
#include "filter.h"
#include "metrics.h"
#include "schema.h"
#include "tree.h"

enum view { VIEW_NS, VIEW_PROCS, VIEW_MEMBERS };

/* -T: what a namespace hangs under, as lsns's --tree names it. */
enum ns_tree { NS_TREE_NONE, NS_TREE_OWNER, NS_TREE_PARENT, NS_TREE_PROCESS };

struct nsls {
	enum view view;
	const struct out_column *cols;	/* the view's catalogue (columns.h) */
	size_t ncols;
	struct cli_columns sel;
	const char *output;	/* the last -o: as lsns, it alone counts */
	bool output_all;
	bool list_columns;
	bool list;		/* -l: no process tree by default */
	enum ns_tree tree;	/* -T, else the default (lsns's): see pick_tree() */
	bool ns_row;		/* the NSID view of a namespace no process is in */
	bool tasks;
	const char *sources_arg;	/* --sources, applied after the options */
	unsigned int sources;	/* NSINFO_SCAN_* bits of the sources searched */
	bool persistent;	/* -P: only namespaces no process is in */
	unsigned int types;	/* -t; 0 = all */
	pid_t pid;		/* -p; 0 = none (-p 0 too, as lsns) */
	pid_t pid_tgid;		/* -p names a thread: its process, else 0 */
	uint64_t nsid;		/* NSID argument; 0 = none */
	const char *proc_root;
	int source;		/* --source: enum nsinfo_source */
	const char *save;	/* --save: the snapshot file for nsdiff */
	bool metrics;		/* --metrics: Prometheus text, no listing */
	const char *metrics_file;	/* --metrics-file, else stdout */
	bool metrics_ns;	/* --metrics-namespaces */
	enum cli_color color;
	struct out_opts out;
	const char *filter_arg;	/* -Q, compiled over the view's catalogue */
	struct filter *filter;
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
	OPT_SAVE,
	OPT_METRICS,
	OPT_METRICS_FILE,
	OPT_METRICS_NS,
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
	{ "filter",	  required_argument, NULL, 'Q' },
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
	{ "save",	  required_argument, NULL, OPT_SAVE },
	{ "metrics",	  no_argument,	     NULL, OPT_METRICS },
	{ "metrics-file", required_argument, NULL, OPT_METRICS_FILE },
	{ "metrics-namespaces", no_argument, NULL, OPT_METRICS_NS },
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
	{ 'T', 'l', "--tree and --list" },
	/* --metrics is an output of its own, of everything (the -file and
	 * -namespaces forms count as it) */
	{ OPT_METRICS, 'J', "--metrics and --json" },
	{ OPT_METRICS, 'r', "--metrics and --raw" },
	{ OPT_METRICS, 'l', "--metrics and --list" },
	{ OPT_METRICS, 'T', "--metrics and --tree" },
	{ OPT_METRICS, 'o', "--metrics and --output" },
	{ OPT_METRICS, OPT_OUTPUT_ALL, "--metrics and --output-all" },
	{ OPT_METRICS, 'p', "--metrics and --task" },
	{ OPT_METRICS, 'Q', "--metrics and --filter" },
	{ OPT_METRICS, 't', "--metrics and --type" },
	{ OPT_METRICS, 'P', "--metrics and --persistent" },
	{ OPT_METRICS, 'N', "--metrics and a NSID argument" },
	{ OPT_METRICS, OPT_PROCESSES, "--metrics and --processes" },
	{ OPT_METRICS, OPT_SAVE, "--metrics and --save" },
	{ OPT_METRICS, 'H', "--metrics and --list-columns" },
};

__attribute__((noreturn)) static void usage(void)
{
	FILE *out = cli_help_stream();

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
	fputs(" -Q, --filter <expr>    only the rows the expression is true of (scols-filter(5)),\n"
	      "                          e.g. -Q 'TYPE == \"net\" && NPROCS > 1'\n", out);
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
	fputs("     --save <file>      save the whole snapshot to <file> for nsdiff(1), list nothing\n", out);
	fputs("     --metrics          print Prometheus metrics (text format), list nothing\n", out);
	fputs("     --metrics-file <file>  write them to <file> atomically (node_exporter's textfile\n"
	      "                          collector), implies --metrics\n", out);
	fputs("     --metrics-namespaces  add series per namespace, implies --metrics\n", out);
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

	while ((c = getopt_long(argc, argv, "Jlno:Pp:Q:rt:uWT::HhV", long_opts, NULL)) != -1) {
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
			ls->output = optarg;
			break;
		case OPT_OUTPUT_ALL:
			ls->output_all = true;
			break;
		case 'p':
			/* 0 is lsns's "no filter" */
			ls->pid = strcmp(optarg, "0") ? cli_parse_pid(optarg) : 0;
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
		case 'Q':
			ls->filter_arg = optarg;
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
		case OPT_SAVE:
			ls->save = optarg;
			break;
		case OPT_METRICS_FILE:
			ls->metrics_file = optarg;
			/* fall through */
		case OPT_METRICS_NS:
			ls->metrics_ns |= c == OPT_METRICS_NS;
			seen[OPT_METRICS] = true;
			/* fall through */
		case OPT_METRICS:
			ls->metrics = true;
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

/*
 * The NSID view's catalogue: the namespace view's columns, which lsns
 * takes there (each row one of the namespace's processes: its PID,
 * PATH, COMMAND, ...; the namespace's NS, TYPE, NPROCS, ...), then the
 * process view's columns the namespace view lacks.
 */
static const int member_extra[] = {
	PROC_COL_STATE, PROC_COL_NSPID,
	PROC_COL_NS0 + NSINFO_TYPE_CGROUP, PROC_COL_NS0 + NSINFO_TYPE_IPC,
	PROC_COL_NS0 + NSINFO_TYPE_MNT, PROC_COL_NS0 + NSINFO_TYPE_NET,
	PROC_COL_NS0 + NSINFO_TYPE_PID, PROC_COL_NS0 + NSINFO_TYPE_TIME,
	PROC_COL_NS0 + NSINFO_TYPE_USER, PROC_COL_NS0 + NSINFO_TYPE_UTS,
};
#define MEMBER_NCOLS (NS_NCOLS + sizeof(member_extra) / sizeof(member_extra[0]))
static struct out_column member_columns[MEMBER_NCOLS];

/* The namespace view's default columns (and those of the NSID view of a
 * namespace no process is in: persistent). */
static void ns_defaults(const struct nsls *ls, struct cli_columns *sel, bool persistent)
{
	cli_columns_add(sel, NS_COL_NS);
	cli_columns_add(sel, NS_COL_TYPE);
	cli_columns_add(sel, NS_COL_NPROCS);
	if (persistent) {
		/* no process: what holds it is the point */
		cli_columns_add(sel, NS_COL_NAME);
		cli_columns_add(sel, NS_COL_HOLDERS);
	}
	if (ls->tasks)
		cli_columns_add(sel, NS_COL_NTHREADS);
	if (persistent)
		return;
	cli_columns_add(sel, NS_COL_PID);
	cli_columns_add(sel, NS_COL_USER);
	/* as lsns: net among the types shows their ids and mounts */
	if (ls->types & NSINFO_TYPE_BIT(NSINFO_TYPE_NET)) {
		cli_columns_add(sel, NS_COL_NETNSID);
		cli_columns_add(sel, NS_COL_NSFS);
	}
	cli_columns_add(sel, NS_COL_COMMAND);
}

/* The view's column catalogue, and its default columns; then --output-all,
 * then the last -o (as lsns: an earlier -o counts for nothing). */
static void choose_columns(struct nsls *ls)
{
	struct cli_columns *sel = &ls->sel;

	sel->n = 0;
	if (ls->view == VIEW_NS) {
		ls->cols = ns_columns;
		ls->ncols = NS_NCOLS;
		ns_defaults(ls, sel, ls->persistent);
	} else if (ls->view == VIEW_MEMBERS) {
		memcpy(member_columns, ns_columns, sizeof(ns_columns));
		for (size_t i = NS_NCOLS; i < MEMBER_NCOLS; i++)
			member_columns[i] = proc_columns[member_extra[i - NS_NCOLS]];
		ls->cols = member_columns;
		ls->ncols = MEMBER_NCOLS;
		if (ls->ns_row) {
			ns_defaults(ls, sel, true);
		} else {
			cli_columns_add(sel, NS_COL_PID);
			cli_columns_add(sel, NS_COL_PPID);
			cli_columns_add(sel, NS_COL_USER);
			cli_columns_add(sel, NS_COL_COMMAND);
		}
	} else {
		ls->cols = proc_columns;
		ls->ncols = PROC_NCOLS;
		cli_columns_add(sel, PROC_COL_PID);
		if (ls->tasks)
			cli_columns_add(sel, PROC_COL_TID);
		for (int t = 0; t < NSINFO_NTYPES; t++)
			if (!ls->types || (ls->types & NSINFO_TYPE_BIT(t)))
				cli_columns_add(sel, PROC_COL_NS0 + t);
		cli_columns_add(sel, PROC_COL_USER);
		cli_columns_add(sel, PROC_COL_COMMAND);
	}
	if (ls->output_all) {
		sel->n = 0;
		for (size_t i = 0; i < ls->ncols; i++)
			cli_columns_add(sel, (int)i);
	}
	if (ls->output && cli_columns_parse(sel, ls->cols, ls->ncols, ls->output) < 0)
		exit(EXIT_TROUBLE);
}

/*
 * The tree, as lsns draws it: -T says which; without it the namespace
 * view and the NSID view are a process tree (a row under the row of the
 * process's parent), unless -l asks for a list or, in the namespace
 * view, --output-all is given. The tree is drawn in COMMAND (process) or
 * NS (owner, parent); a table without that column is a flat list in the
 * order the tree would have.
 */
static enum ns_tree pick_tree(const struct nsls *ls)
{
	if (ls->tree)
		return ls->tree;
	if (ls->list || ls->view == VIEW_PROCS || (ls->view == VIEW_NS && ls->output_all))
		return NS_TREE_NONE;
	return NS_TREE_PROCESS;
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
	unsigned int f = columns_scan_flags(ls->cols, ls->sel.ids, ls->sel.n) | ls->sources |
			 filter_scan_flags(ls->filter);	/* -Q's columns, shown or not */

	/* the NSID view's process columns show every process, not the
	 * leader */
	if (ls->view == VIEW_MEMBERS && (f & NSINFO_SCAN_INFO_LEADERS))
		f |= NSINFO_SCAN_INFO_ALL;
	/* owner and parent trees place (and order) rows shown or not */
	if (ls->tree == NS_TREE_OWNER || ls->tree == NS_TREE_PARENT)
		f |= NSINFO_SCAN_RELATIONS;
	/* a process tree needs the parents of the processes of the rows,
	 * where COMMAND draws it (without it the rows are in NS order) */
	if (ls->tree == NS_TREE_PROCESS && cli_columns_has(&ls->sel, NS_COL_COMMAND))
		f |= ls->view == VIEW_MEMBERS ? NSINFO_SCAN_INFO_ALL : NSINFO_SCAN_INFO_LEADERS;
	/* a namespace no process is in shows its own row: NAME, HOLDERS */
	if (ls->view == VIEW_MEMBERS && !ls->output && !ls->output_all)
		f |= ns_columns[NS_COL_NAME].needs | ns_columns[NS_COL_HOLDERS].needs;
	/* -p names a thread: read threads, to see whether it sits apart */
	if (ls->pid_tgid)
		f |= NSINFO_SCAN_TASKS;
	return f;
}

/*
 * The process a thread ID belongs to, from PROC_ROOT/TID/status (a TID
 * is not listed in the proc root, but it can be opened there); 0 when
 * pid is a process, gone, or not told. The library lists processes and
 * the threads that sit apart, so this is how -p learns that a TID is one
 * of the other threads.
 */
static pid_t thread_group(const char *proc_root, pid_t pid)
{
	char path[PATH_MAX], buf[1024];
	pid_t tgid = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%d/status", proc_root, (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (char *l = buf; l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (sscanf(l, "Tgid:\t%d", &tgid) == 1)
			break;
	return tgid > 0 && tgid != pid ? tgid : 0;
}

/* -p: the namespaces of a process, or of one of its threads. */
struct target {
	const struct nsinfo_proc *proc;	/* NULL: none to show */
	size_t split;		/* index + 1 of the split thread; 0: process */
};

/*
 * As lsns: a PID that is not there (or 0's "any", handled before) is no
 * error, the rows are simply none; one whose links could not be read has
 * none either, and the report after the table names it. A TID shows its
 * thread's namespaces: those it sits in apart, else its process's. A
 * zombie has left its namespaces, and the kernel still shows a link or
 * two (pid, user) that would pass for all of them: no rows, and a line
 * that says why (nsls(1), -p).
 */
static struct target find_target(const struct nsls *ls, const struct nsinfo_snapshot *snap)
{
	struct target none = { NULL, 0 };
	const struct nsinfo_proc *p = nsinfo_snapshot_find_proc(snap, ls->pid);

	if (!p && ls->pid_tgid) {
		p = nsinfo_snapshot_find_proc(snap, ls->pid_tgid);
		for (size_t j = 0; p && j < nsinfo_proc_split_count(p); j++)
			if (nsinfo_proc_split_tid(p, j) == ls->pid)
				return (struct target){ p, j + 1 };
	}
	if (!p) {
		/* a fixture tree has no TID/status: the split threads say */
		for (size_t i = 0; i < nsinfo_snapshot_proc_count(snap); i++) {
			const struct nsinfo_proc *q = nsinfo_snapshot_proc(snap, i);

			for (size_t j = 0; j < nsinfo_proc_split_count(q); j++)
				if (nsinfo_proc_split_tid(q, j) == ls->pid)
					return (struct target){ q, j + 1 };
		}
		return none;
	}
	if (nsinfo_proc_flags(p) & NSINFO_PROC_DENIED)
		return none;
	if (nsinfo_proc_flags(p) & NSINFO_PROC_ZOMBIE) {
		warnx("PID %d is a zombie: its namespaces are gone", (int)nsinfo_proc_pid(p));
		return none;
	}
	return (struct target){ p, 0 };
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

/* A cell of a column the namespace view lacks (the NSID view's extras),
 * for process p; empty without one. */
static int extra_fill(const struct columns_ctx *ctx, struct out_row *row, size_t c, int id,
		      const struct nsinfo_proc *p)
{
	if (!p)
		return 0;
	return proc_column_fill(ctx, row, c, (enum proc_col)member_extra[id - NS_NCOLS], p, 0, 0);
}

static struct out_row *ns_row(const struct nsls *ls, const struct columns_ctx *ctx,
			      struct out *out, struct out_row *parent, const struct nsinfo_ns *ns)
{
	struct out_row *row = new_row(out, parent);
	const struct nsinfo_proc *lead = NULL;
	unsigned int how;
	pid_t tid;

	for (size_t c = 0; c < ls->sel.n; c++) {
		int id = ls->sel.ids[c];

		if (id < NS_NCOLS) {
			CHECK(ns_column_fill(ctx, row, c, (enum ns_col)id, ns));
			continue;
		}
		if (!lead && nsinfo_ns_leader(ns, &lead, &tid, &how) < 0)
			lead = NULL;
		CHECK(extra_fill(ctx, row, c, id, lead));
	}
	return row;
}

/* Snapshot index of a namespace, -1 when it is not there. */
static long ns_index(const struct nsinfo_snapshot *snap, const struct nsinfo_ns *ns)
{
	return ns ? tree_ns_index(snap, ns) : -1;
}

/* -Q on a row of the namespace view. */
static bool ns_kept(const struct nsls *ls, const struct columns_ctx *ctx,
		    const struct nsinfo_ns *ns)
{
	return !ls->filter || filter_keep(filter_match_ns(ls->filter, ctx, ns));
}

/*
 * The namespace an owner or parent tree puts ns under, as lsns relates
 * them: its owner (the user namespace; for a user namespace its parent),
 * or for a pid or user namespace its parent; -1 when that is not in the
 * snapshot (not of a type read, above our view).
 */
static long related(const struct nsinfo_snapshot *snap, const struct nsinfo_ns *ns, bool owner)
{
	enum nsinfo_type t = nsinfo_ns_type(ns);
	uint64_t ino;

	if (owner) {
		if (nsinfo_ns_owner(ns, &ino) < 0 || !ino)
			return -1;
		return ns_index(snap, nsinfo_snapshot_find_ns(snap, NSINFO_TYPE_USER, ino));
	}
	if ((t != NSINFO_TYPE_PID && t != NSINFO_TYPE_USER) || nsinfo_ns_parent(ns, &ino) < 0 || !ino)
		return -1;
	return ns_index(snap, nsinfo_snapshot_find_ns(snap, (int)t, ino));
}

/*
 * -T owner and -T parent, as lsns builds them: rows in NS order, but a
 * namespace's owner (-T parent: its parent, else its owner) is shown
 * first when it is not yet, whether the filters (-p, -P) chose it or not,
 * so that the namespace can go under it; under the owner (-T parent: the
 * parent) when it has a row, else a root. A chain of such ancestors is
 * walked up, then shown top down (no recursion: the chain is as long as
 * the nesting). rows[] is by snapshot index.
 */
static void rows_ns_related(const struct nsls *ls, const struct columns_ctx *ctx,
			    struct out *out, const bool *shown, struct out_row **rows)
{
	const struct nsinfo_snapshot *snap = ctx->snap;
	size_t n = nsinfo_snapshot_ns_count(snap);
	bool owner = ls->tree == NS_TREE_OWNER;
	long *chain = calloc(n ? n : 1, sizeof(*chain));
	bool *in = calloc(n ? n : 1, sizeof(*in));

	if (!chain || !in)
		errx(EXIT_TROUBLE, "out of memory");
	for (size_t i = 0; i < n; i++) {
		size_t len = 0;
		long k = (long)i;

		if (!shown[i] || rows[i])
			continue;
		for (;;) {
			chain[len++] = k;
			in[k] = true;
			if (owner) {
				k = related(snap, nsinfo_snapshot_ns(snap, (size_t)k), true);
			} else {
				long up = related(snap, nsinfo_snapshot_ns(snap, (size_t)k), false);

				/* a parent with a row already: nothing to show first */
				k = up >= 0 ? up : related(snap, nsinfo_snapshot_ns(snap, (size_t)k), true);
			}
			/* -Q hides an owner too (lsns filters every row it adds):
			 * what it owns is a root then */
			if (k < 0 || rows[k] || in[k] ||
			    !ns_kept(ls, ctx, nsinfo_snapshot_ns(snap, (size_t)k)))
				break;
		}
		while (len--) {
			const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, (size_t)chain[len]);
			long up = related(snap, ns, owner);

			in[chain[len]] = false;
			rows[chain[len]] = ns_row(ls, ctx, out, up >= 0 ? rows[up] : NULL, ns);
		}
	}
	free(chain);
	free(in);
}

/*
 * The process tree (lsns's default, -T process): rows in NS order, each
 * under the last row before it whose process is the parent of its own
 * process; a root when there is none (the parent leads no row before it,
 * or the row has no process). by_proc[] is the last row of each process,
 * by snapshot index.
 */
static void rows_ns_process(const struct nsls *ls, const struct columns_ctx *ctx,
			    struct out *out, const bool *shown)
{
	const struct nsinfo_snapshot *snap = ctx->snap;
	size_t nprocs = nsinfo_snapshot_proc_count(snap);
	struct out_row **by_proc = calloc(nprocs ? nprocs : 1, sizeof(*by_proc));

	if (!by_proc)
		errx(EXIT_TROUBLE, "out of memory");
	for (size_t i = 0; i < nsinfo_snapshot_ns_count(snap); i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);
		const struct nsinfo_proc *lead;
		struct out_row *up = NULL, *row;
		unsigned int how;
		long me = -1, pi;
		pid_t tid, ppid;

		if (!shown[i])
			continue;
		/* a process in it stands for it; a thread or a link does not */
		if (nsinfo_ns_leader(ns, &lead, &tid, &how) == 0 && how == NSINFO_HOLD_PROCESS) {
			me = tree_proc_index(snap, nsinfo_proc_pid(lead));
			if (nsinfo_proc_ppid(lead, &ppid) == 0 &&
			    (pi = tree_proc_index(snap, ppid)) >= 0)
				up = by_proc[pi];
		}
		row = ns_row(ls, ctx, out, up, ns);
		if (me >= 0)
			by_proc[me] = row;
	}
	free(by_proc);
}

static void rows_namespaces(const struct nsls *ls, const struct columns_ctx *ctx,
			    struct out *out)
{
	size_t n = nsinfo_snapshot_ns_count(ctx->snap);
	struct target tg = { NULL, 0 };
	bool *shown = calloc(n + 1, sizeof(*shown));
	struct out_row **rows = calloc(n + 1, sizeof(*rows));

	if (!shown || !rows)
		errx(EXIT_TROUBLE, "out of memory");
	if (ls->pid) {
		tg = find_target(ls, ctx->snap);
		if (!tg.proc)
			goto done;	/* nothing to show, as lsns */
	}
	for (size_t i = 0; i < n; i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(ctx->snap, i);

		if (tg.proc && target_ns(&tg, nsinfo_ns_type(ns)) != ns)
			continue;
		if (ls->persistent && nsinfo_ns_proc_count(ns))
			continue;
		if (!ns_kept(ls, ctx, ns))
			continue;
		shown[i] = true;
	}
	if (ls->tree == NS_TREE_OWNER || ls->tree == NS_TREE_PARENT) {
		rows_ns_related(ls, ctx, out, shown, rows);
	} else if (ls->tree == NS_TREE_PROCESS && cli_columns_has(&ls->sel, NS_COL_COMMAND)) {
		rows_ns_process(ls, ctx, out, shown);
	} else {
		for (size_t i = 0; i < n; i++)
			if (shown[i])
				ns_row(ls, ctx, out, NULL, nsinfo_snapshot_ns(ctx->snap, i));
	}
done:
	free(shown);
	free(rows);
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

/* -Q on a row of the process view. */
static bool proc_kept(const struct nsls *ls, const struct columns_ctx *ctx,
		      const struct nsinfo_proc *p, pid_t tid, size_t split)
{
	return !ls->filter || filter_keep(filter_match_proc(ls->filter, ctx, p, tid, split));
}

/* --processes: every process and its threads apart; with -p, the row of
 * that process (or thread), none when there is no such one. */
static void rows_processes(const struct nsls *ls, const struct columns_ctx *ctx,
			   struct out *out)
{
	for (size_t i = 0; i < nsinfo_snapshot_proc_count(ctx->snap); i++) {
		const struct nsinfo_proc *p = nsinfo_snapshot_proc(ctx->snap, i);
		bool all = !ls->pid || nsinfo_proc_pid(p) == ls->pid;

		if (all && proc_kept(ls, ctx, p, 0, 0))
			proc_row(ls, ctx, out, NULL, p, 0, 0);
		for (size_t j = 0; j < nsinfo_proc_split_count(p); j++)
			if ((all || nsinfo_proc_split_tid(p, j) == ls->pid) &&
			    proc_kept(ls, ctx, p, nsinfo_proc_split_tid(p, j), j))
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

/* The row of member p: the namespace's columns as lsns fills them for
 * one of its processes, and the process columns of the extras. */
static struct out_row *member_row(const struct nsls *ls, const struct columns_ctx *ctx,
				  struct out *out, struct out_row *parent,
				  const struct nsinfo_ns *ns, const struct nsinfo_proc *p)
{
	struct out_row *row = new_row(out, parent);

	for (size_t c = 0; c < ls->sel.n; c++) {
		int id = ls->sel.ids[c];

		if (id < NS_NCOLS)
			CHECK(ns_member_column_fill(ctx, row, c, (enum ns_col)id, ns, p));
		else
			CHECK(extra_fill(ctx, row, c, id, p));
	}
	return row;
}

/* -Q on the row of member p of ns (NULL: the row of ns itself, which no
 * process is in), filled as member_row() and ns_row() fill theirs. */
struct member_arg {
	const struct columns_ctx *ctx;
	const struct nsinfo_ns *ns;
	const struct nsinfo_proc *p;
};

static int member_cell(void *arg, struct out_row *row, size_t c, int id)
{
	const struct member_arg *a = arg;

	if (id >= NS_NCOLS)
		return extra_fill(a->ctx, row, c, id, a->p);
	if (!a->p)
		return ns_column_fill(a->ctx, row, c, (enum ns_col)id, a->ns);
	return ns_member_column_fill(a->ctx, row, c, (enum ns_col)id, a->ns, a->p);
}

static bool member_kept(const struct nsls *ls, const struct columns_ctx *ctx,
			const struct nsinfo_ns *ns, const struct nsinfo_proc *p)
{
	struct member_arg a = { ctx, ns, p };

	return !ls->filter || filter_keep(filter_match(ls->filter, member_cell, &a));
}

/* The parent of member i among the members, or -1. */
static long member_parent(const struct nsinfo_ns *ns, size_t i)
{
	pid_t ppid;
	long j;

	if (nsinfo_proc_ppid(nsinfo_ns_proc(ns, i), &ppid) < 0)
		return -1;
	j = member_index(ns, ppid);
	return j == (long)i ? -1 : j;
}

/*
 * The members of one namespace, by PID. As a process tree (lsns's NSID
 * view) a process goes under its parent when the parent is in the same
 * namespace, and a parent not shown yet is shown first: the chain of
 * such parents is walked up, then shown top down.
 */
static void rows_members(const struct nsls *ls, const struct columns_ctx *ctx,
			 struct out *out, const struct nsinfo_ns *ns, bool tree)
{
	size_t n = nsinfo_ns_proc_count(ns);
	struct out_row **rows = calloc(n ? n : 1, sizeof(*rows));
	long *chain = calloc(n ? n : 1, sizeof(*chain));
	bool *in = calloc(n ? n : 1, sizeof(*in));
	/* -Q: rows not shown; a member below one is a root, as in lsns */
	bool *hide = calloc(n ? n : 1, sizeof(*hide));

	if (!rows || !chain || !in || !hide)
		errx(EXIT_TROUBLE, "out of memory");
	for (size_t i = 0; ls->filter && i < n; i++)
		hide[i] = !member_kept(ls, ctx, ns, nsinfo_ns_proc(ns, i));
	for (size_t i = 0; i < n; i++) {
		size_t len = 0;
		long k = (long)i;

		if (rows[i] || hide[i])
			continue;
		do {
			chain[len++] = k;
			in[k] = true;
			k = tree ? member_parent(ns, (size_t)k) : -1;
		} while (k >= 0 && !rows[k] && !in[k] && !hide[k]);
		while (len--) {
			long up = tree ? member_parent(ns, (size_t)chain[len]) : -1;

			in[chain[len]] = false;
			rows[chain[len]] = member_row(ls, ctx, out, up >= 0 ? rows[up] : NULL, ns,
						      nsinfo_ns_proc(ns, (size_t)chain[len]));
		}
	}
	free(rows);
	free(chain);
	free(in);
	free(hide);
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

int main(int argc, char **argv)
{
	struct nsls ls = { .proc_root = "/proc" };
	struct nsinfo_scan_opts opts = { .size = sizeof(opts) };
	struct nsinfo_snapshot *snap = NULL;
	const struct nsinfo_ns *members = NULL;
	struct columns_ctx ctx;
	struct out *out;
	int rc;

	setlocale(LC_ALL, "");	/* UTF-8 tree art, wide characters */
	atexit(cli_close_stdout);
	parse_args(&ls, argc, argv);
	parse_sources(&ls);
	choose_columns(&ls);
	ls.tree = pick_tree(&ls);
	if (ls.pid)
		ls.pid_tgid = thread_group(ls.proc_root, ls.pid);

	if (ls.list_columns) {
		rc = cli_list_columns(ls.cols, ls.ncols, ls.out.format, ls.out.noheadings);
		if (rc == 0 && fflush(stdout) != 0)
			rc = -errno;
		if (rc < 0)
			cli_write_failed(rc);
		return EXIT_OK;
	}
	/* -Q names the columns of the view's catalogue (the NSID view's
	 * stays the same catalogue below) */
	if (ls.filter_arg)
		ls.filter = filter_new_or_exit(ls.filter_arg, ls.cols, ls.ncols);

	opts.proc_root = ls.proc_root;
	opts.types = ls.types;
	opts.flags = scan_flags(&ls);
	opts.source = ls.source;
	/* --save: the whole snapshot to a file (snapfile.h), no listing */
	if (ls.save)
		return snapfile_save_command(&opts, ls.save);
	/* --metrics: everything, as Prometheus metrics (metrics.h) */
	if (ls.metrics) {
		opts.flags = ls.sources;
		return metrics_command(&opts, &(struct metrics_opts){ .per_namespace = ls.metrics_ns },
				       ls.metrics_file);
	}
	rc = nsinfo_snapshot_new(&snap, &opts);
	if (rc < 0)
		cli_scan_failed(rc, &opts);

	if (ls.view == VIEW_MEMBERS) {
		members = nsinfo_snapshot_find_ns(snap, -1, ls.nsid);
		if (!members || (ls.types && !(ls.types & NSINFO_TYPE_BIT(nsinfo_ns_type(members)))))
			errx(EXIT_TROUBLE, "namespace %" PRIu64 ": not found", ls.nsid);
		/* no process in it (lsns: "not found"): its own row, and what
		 * holds it */
		if (!nsinfo_ns_proc_count(members)) {
			ls.ns_row = true;
			ls.tree = NS_TREE_NONE;
			choose_columns(&ls);
		}
	}
	/* as lsns: a process tree in COMMAND, an owner or parent tree in NS
	 * (when the column is shown; the catalogue stays const, this table
	 * alone is a tree) */
	ls.out.tree = ls.tree != NS_TREE_NONE;
	ls.out.tree_col = ls.tree == NS_TREE_PROCESS ? NS_COL_COMMAND : NS_COL_NS;
	ls.out.raw_art = true;	/* lsns -r draws it too, escaped */
	ls.out.color = ls.out.format == OUT_TABLE && cli_color_wanted(ls.color);
	/* as lsns: the NSID view's rows are "namespaces" too */
	ls.out.json_key = ls.view == VIEW_PROCS ? "processes" : "namespaces";
	ls.out.json_schema = SCHEMA_NSLS;
	out = out_new(ls.cols, ls.sel.ids, ls.sel.n, &ls.out);
	if (!out)
		errx(EXIT_TROUBLE, "out of memory");
	columns_ctx_init(&ctx, snap);
	/* raw output escapes every byte past ASCII: the arrow too */
	if (ls.out.format == OUT_RAW)
		ctx.utf8 = false;

	switch (ls.view) {
	case VIEW_NS:
		rows_namespaces(&ls, &ctx, out);
		break;
	case VIEW_PROCS:
		rows_processes(&ls, &ctx, out);
		break;
	case VIEW_MEMBERS:
		if (ls.ns_row && member_kept(&ls, &ctx, members, NULL))
			ns_row(&ls, &ctx, out, NULL, members);
		else
			rows_members(&ls, &ctx, out, members, ls.tree == NS_TREE_PROCESS);
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
	cli_say_denied(snap);
	nsinfo_snapshot_unref(snap);
	filter_free(ls.filter);
	return EXIT_OK;
}
