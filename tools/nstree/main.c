// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nstree - how namespaces nest, and where processes cross into them.
 *
 * One snapshot, one tree of nodes per view, then rows for the output
 * layer, parent first:
 *   -U  user namespaces by parent, beneath each the namespaces it owns;
 *   -P  pid namespaces by parent, beneath each its processes (NSpid);
 *   --processes  the process tree (ppid), each process marked with the
 *       namespaces it does not share with its parent;
 *   --owned  -U, and the processes of every namespace beneath it.
 * A namespace whose parent or owner is above our view hangs under a stub,
 * never dropped; a start point keeps only its branch.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "columns.h"
#include "schema.h"
#include "tree.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum view { VIEW_USER, VIEW_PID, VIEW_PROCS, VIEW_OWNED };

/* nstree's own columns follow the shared namespace catalogue, so -o takes
 * every nsls name and these. */
enum {
	NT_COL_NODE = NS_NCOLS,
	NT_COL_ID,
	NT_COL_PARENT,
	NT_COL_NSPID,
	NT_NCOLS
};

static const struct out_column extra_columns[] = {
	{ "NODE", 0, 0, OUT_JSON_STRING, "the node: a namespace, or a PID and command, as a tree", 0 },
	{ "ID", 10, OUT_RIGHT, OUT_JSON_NUMBER, "namespace inode, or PID of a process or thread", 0 },
	{ "PARENT", 10, OUT_RIGHT, OUT_JSON_NUMBER, "ID of the node above (0: above our view)", 0 },
	{ "NSPID", 0, 0, OUT_JSON_ARRAY, "PID in each pid namespace, outermost first",
	  NSINFO_SCAN_NSPID },
};
_Static_assert(ARRAY_SIZE(extra_columns) == NT_NCOLS - NS_NCOLS, "extra_columns");

static struct out_column columns[NT_NCOLS];

struct nstree {
	enum view view;
	struct cli_columns sel;
	const char *output[CLI_MAX_COLUMNS];
	size_t noutput;
	bool output_all;
	bool list_columns;
	unsigned int types;		/* -t; 0: all */
	const char *start;		/* the start point argument, or NULL */
	long depth;			/* --depth; -1: no limit */
	bool ancestors;
	const char *proc_root;
	int source;			/* --source: enum nsinfo_source */
	enum cli_color color;
	struct out_opts out;
};

enum {
	OPT_PROCESSES = 0x100,
	OPT_OWNED,
	OPT_DEPTH,
	OPT_ANCESTORS,
	OPT_ASCII,
	OPT_COLOR,
	OPT_PROC_ROOT,
	OPT_OUTPUT_ALL,
	OPT_SOURCE,
};

static const struct option long_opts[] = {
	{ "user",	  no_argument,	     NULL, 'U' },
	{ "pid",	  no_argument,	     NULL, 'P' },
	{ "processes",	  no_argument,	     NULL, OPT_PROCESSES },
	{ "owned",	  no_argument,	     NULL, OPT_OWNED },
	{ "type",	  required_argument, NULL, 't' },
	{ "depth",	  required_argument, NULL, OPT_DEPTH },
	{ "ancestors",	  no_argument,	     NULL, OPT_ANCESTORS },
	{ "ascii",	  no_argument,	     NULL, OPT_ASCII },
	{ "json",	  no_argument,	     NULL, 'J' },
	{ "raw",	  no_argument,	     NULL, 'r' },
	{ "noheadings",	  no_argument,	     NULL, 'n' },
	{ "output",	  required_argument, NULL, 'o' },
	{ "output-all",	  no_argument,	     NULL, OPT_OUTPUT_ALL },
	{ "notruncate",	  no_argument,	     NULL, 'u' },
	{ "list-columns", no_argument,	     NULL, 'H' },
	{ "color",	  optional_argument, NULL, OPT_COLOR },
	{ "proc-root",	  required_argument, NULL, OPT_PROC_ROOT },
	{ "source",	  required_argument, NULL, OPT_SOURCE },
	{ "help",	  no_argument,	     NULL, 'h' },
	{ "version",	  no_argument,	     NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Options that cannot be used together, as data (as nsls has them). */
static const struct cli_conflict conflicts[] = {
	{ 'J', 'r', "--json and --raw" },
	{ 'U', 'P', "--user and --pid" },
	{ 'U', OPT_PROCESSES, "--user and --processes" },
	{ 'P', OPT_PROCESSES, "--pid and --processes" },
	{ OPT_OWNED, 'P', "--owned and --pid" },
	{ OPT_OWNED, OPT_PROCESSES, "--owned and --processes" },
	{ OPT_ANCESTORS, OPT_DEPTH, "--ancestors and --depth" },
};

__attribute__((noreturn)) static void usage(void)
{
	FILE *out = cli_help_stream();

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] [<pid>|<namespace>|<container>|<netns>]\n",
		program_invocation_short_name);
	fputs("\nShow how namespaces nest and where processes cross into them.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -U, --user             user namespace tree, each with what it owns (default)\n", out);
	fputs(" -P, --pid              pid namespace tree, each process with its PID at every level\n", out);
	fputs("     --processes        process tree, marking where a process changes namespaces\n", out);
	fputs("     --owned            user namespace tree, what it owns and their processes\n", out);
	fputs(" -t, --type <name>      namespace type (cgroup, ipc, mnt, net, pid, time, user, uts)\n", out);
	fputs("     --depth <n>        show at most <n> levels below the start\n", out);
	fputs("     --ancestors        show only the path from the top to the start\n", out);
	fputs("     --ascii            use ASCII line art\n", out);
	fputs(" -J, --json             use JSON output format (nested)\n", out);
	fputs(" -r, --raw              use the raw output format, with ID and PARENT\n", out);
	fputs(" -n, --noheadings       don't print headings\n", out);
	fputs(" -o, --output <list>    define which output columns to use (+<list> appends)\n", out);
	fputs("     --output-all       output all columns\n", out);
	fputs(" -u, --notruncate       don't truncate text in columns\n", out);
	fputs(" -H, --list-columns     list the available columns\n", out);
	fputs("     --color[=<when>]   colorize output (auto, always, never)\n", out);
	fputs("     --proc-root <dir>  read processes from <dir> instead of /proc\n", out);
	fputs("     --source <name>    scan source: auto, proc, kernel\n", out);
	fputs("\n -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fprintf(out, "\nFor more details see %s(1).\n", program_invocation_short_name);
	exit(EXIT_OK);
}

static void parse_args(struct nstree *nt, int argc, char **argv)
{
	static bool seen[0x200];
	uint64_t v;
	int c;

	while ((c = getopt_long(argc, argv, "UPt:Jrno:uHhV", long_opts, NULL)) != -1) {
		if (c >= 0 && c < (int)sizeof(seen))
			seen[c] = true;
		switch (c) {
		case 'U':
			nt->view = VIEW_USER;
			break;
		case 'P':
			nt->view = VIEW_PID;
			break;
		case OPT_PROCESSES:
			nt->view = VIEW_PROCS;
			break;
		case OPT_OWNED:
			nt->view = VIEW_OWNED;
			break;
		case 't': {
			int t = nsinfo_type_from_name(optarg);

			if (t < 0)
				errx(EXIT_TROUBLE, "unknown namespace type '%s'", optarg);
			nt->types |= NSINFO_TYPE_BIT(t);
			break;
		}
		case OPT_DEPTH:
			if (cli_parse_number(optarg, 0, INT_MAX, &v) < 0)
				errx(EXIT_TROUBLE, "invalid depth '%s'", optarg);
			nt->depth = (long)v;
			break;
		case OPT_ANCESTORS:
			nt->ancestors = true;
			break;
		case OPT_ASCII:
			nt->out.ascii = true;
			break;
		case 'J':
			nt->out.format = OUT_JSON;
			break;
		case 'r':
			nt->out.format = OUT_RAW;
			break;
		case 'n':
			nt->out.noheadings = true;
			break;
		case 'o':
			if (nt->noutput == CLI_MAX_COLUMNS)
				errx(EXIT_TROUBLE, "too many --output options");
			nt->output[nt->noutput++] = optarg;
			break;
		case OPT_OUTPUT_ALL:
			nt->output_all = true;
			break;
		case 'u':
			nt->out.notruncate = true;
			break;
		case 'H':
			nt->list_columns = true;
			break;
		case OPT_COLOR:
			cli_color_option(optarg, &nt->color);
			break;
		case OPT_PROC_ROOT:
			nt->proc_root = optarg;
			break;
		case OPT_SOURCE:
			nt->source = cli_source_option(optarg);
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
		nt->start = argv[optind];
		if (optind + 1 < argc) {
			warnx("unexpected argument '%s'", argv[optind + 1]);
			cli_usage_error();
		}
	}
	cli_check_conflicts(seen, ARRAY_SIZE(seen), conflicts, ARRAY_SIZE(conflicts));
	if (nt->ancestors && !nt->start)
		errx(EXIT_TROUBLE, "--ancestors needs a start point");
}

static void choose_columns(struct nstree *nt)
{
	struct cli_columns *sel = &nt->sel;
	bool json = nt->out.format == OUT_JSON;
	bool procs = nt->view != VIEW_USER;

	if (json) {
		/* what a script looks for in a node: ns and type, or pid,
		 * nspid and command */
		cli_columns_add(sel, NS_COL_NS);
		cli_columns_add(sel, NS_COL_TYPE);
	} else {
		cli_columns_add(sel, NT_COL_NODE);
		if (nt->out.format == OUT_RAW) {
			cli_columns_add(sel, NT_COL_ID);
			cli_columns_add(sel, NT_COL_PARENT);
		}
	}
	switch (nt->view) {
	case VIEW_USER:
	case VIEW_OWNED:
		cli_columns_add(sel, NS_COL_OWNERUID);
		cli_columns_add(sel, NS_COL_DEPTH);
		cli_columns_add(sel, NS_COL_PID);
		break;
	case VIEW_PID:
		if (json)
			cli_columns_add(sel, NS_COL_PID);
		cli_columns_add(sel, NT_COL_NSPID);
		break;
	case VIEW_PROCS:
		if (json)
			cli_columns_add(sel, NS_COL_PID);
		cli_columns_add(sel, NS_COL_USER);
		break;
	}
	if (json && procs)
		cli_columns_add(sel, NT_COL_NSPID);
	/* the process tree names each process in NODE already */
	if (json || nt->view != VIEW_PROCS)
		cli_columns_add(sel, NS_COL_COMMAND);
	if (nt->output_all) {
		sel->n = 0;
		for (int i = 0; i < NT_NCOLS; i++)
			cli_columns_add(sel, i);
	}
	for (size_t i = 0; i < nt->noutput; i++)
		if (cli_columns_parse(sel, columns, NT_NCOLS, nt->output[i]) < 0)
			exit(EXIT_TROUBLE);
}

static unsigned int scan_flags(const struct nstree *nt)
{
	unsigned int f = columns_scan_flags(columns, nt->sel.ids, nt->sel.n);

	switch (nt->view) {
	case VIEW_OWNED:
		/* its processes, and the threads apart from theirs */
		f |= NSINFO_SCAN_INFO_ALL | NSINFO_SCAN_TASKS;
		/* fall through */
	case VIEW_USER:
		/* every namespace an owner has, however it is held */
		f |= NSINFO_SCAN_RELATIONS | NSINFO_SCAN_FOR_CHILDREN | NSINFO_SCAN_FDS |
		     NSINFO_SCAN_MOUNTS;
		break;
	case VIEW_PID:
		f |= NSINFO_SCAN_RELATIONS | NSINFO_SCAN_FOR_CHILDREN | NSINFO_SCAN_NSPID |
		     NSINFO_SCAN_INFO_ALL | NSINFO_SCAN_TASKS;
		break;
	case VIEW_PROCS:
		f |= NSINFO_SCAN_INFO_ALL | NSINFO_SCAN_TASKS;
		break;
	}
	/* a name or an ID prefix (hex digits may all be decimal ones, so
	 * a number is looked up as a container too when it is not a PID or
	 * inode), or an ip netns name (a mount) */
	if (nt->start && !strchr(nt->start, ':'))
		f |= NSINFO_SCAN_CONTAINERS | NSINFO_SCAN_MOUNTS;
	return f;
}

/* ---- the tree ---- */

#define NOMEM(expr)                                          \
	do {                                                 \
		if ((expr) < 0)                              \
			errx(EXIT_TROUBLE, "out of memory"); \
	} while (0)

static struct tree_node *must(struct tree_node *n)
{
	if (!n)
		errx(EXIT_TROUBLE, "out of memory");
	return n;
}

static bool type_shown(const struct nstree *nt, enum nsinfo_type t)
{
	return !nt->types || (nt->types & NSINFO_TYPE_BIT(t));
}

/* --owned: a thread that sits apart is in namespaces its process is not
 * in, and is listed under each of them. */
static void owned_threads(struct tree *tr)
{
	const struct nsinfo_snapshot *snap = tr->snap;

	for (size_t i = 0; i < nsinfo_snapshot_proc_count(snap); i++) {
		const struct nsinfo_proc *p = nsinfo_snapshot_proc(snap, i);

		for (size_t j = 0; j < nsinfo_proc_split_count(p); j++) {
			for (int t = 0; t < NSINFO_NTYPES; t++) {
				const struct nsinfo_ns *x = nsinfo_proc_split_ns(p, j, (enum nsinfo_type)t);
				struct tree_node *xn, *tn;

				if (!x || x == nsinfo_proc_ns(p, (enum nsinfo_type)t) ||
				    !(xn = tree_ns_node(tr, x)))
					continue;
				tn = must(tree_node_new(tr, TREE_THREAD));
				tn->proc = p;
				tn->split = j;
				NOMEM(tree_attach(xn, tn));
			}
		}
	}
}

/* -U, --owned: user namespaces by parent, the rest under their owner. */
static void build_user(const struct nstree *nt, struct tree *tr)
{
	const struct nsinfo_snapshot *snap = tr->snap;
	size_t n = nsinfo_snapshot_ns_count(snap);

	for (size_t i = 0; i < n; i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);
		enum nsinfo_type t = nsinfo_ns_type(ns);

		if (t == NSINFO_TYPE_USER || type_shown(nt, t))
			must(tree_ns_node_new(tr, ns));
	}
	for (size_t i = 0; i < n; i++) {
		struct tree_node *nn = tr->ns_nodes[i];

		if (!nn)
			continue;
		NOMEM(tree_attach(tree_place(tr, nn->ns, nsinfo_ns_type(nn->ns) != NSINFO_TYPE_USER,
					     true), nn));
		if (nt->view != VIEW_OWNED)
			continue;
		/* a process is shown once per namespace: not recorded as
		 * the process's node */
		for (size_t j = 0; j < nsinfo_ns_proc_count(nn->ns); j++) {
			struct tree_node *pn = must(tree_node_new(tr, TREE_PROC));

			pn->proc = nsinfo_ns_proc(nn->ns, j);
			NOMEM(tree_attach(nn, pn));
		}
	}
	if (nt->view == VIEW_OWNED)
		owned_threads(tr);
}

/* -P: pid namespaces by parent, each process under its own. */
static void build_pid(struct tree *tr)
{
	const struct nsinfo_snapshot *snap = tr->snap;

	for (size_t i = 0; i < nsinfo_snapshot_ns_count(snap); i++) {
		const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);

		if (nsinfo_ns_type(ns) == NSINFO_TYPE_PID)
			must(tree_ns_node_new(tr, ns));
	}
	for (size_t i = 0; i < nsinfo_snapshot_ns_count(snap); i++)
		if (tr->ns_nodes[i])
			NOMEM(tree_attach(tree_place(tr, tr->ns_nodes[i]->ns, false, true),
					  tr->ns_nodes[i]));
	for (size_t i = 0; i < nsinfo_snapshot_proc_count(snap); i++) {
		const struct nsinfo_proc *p = nsinfo_snapshot_proc(snap, i);
		struct tree_node *home = tree_ns_node(tr, nsinfo_proc_ns(p, NSINFO_TYPE_PID)), *pn;

		/* unreadable: counted on stderr, in no namespace we know */
		if (!home)
			continue;
		pn = must(tree_proc_node_new(tr, p));
		NOMEM(tree_attach(home, pn));
		NOMEM(tree_add_threads(tr, pn));
	}
}

/* --processes: the process tree; a parent we do not see makes a root. */
static void build_procs(struct tree *tr)
{
	const struct nsinfo_snapshot *snap = tr->snap;
	size_t n = nsinfo_snapshot_proc_count(snap);

	for (size_t i = 0; i < n; i++)
		NOMEM(tree_add_threads(tr, must(tree_proc_node_new(tr, nsinfo_snapshot_proc(snap, i)))));
	for (size_t i = 0; i < n; i++) {
		struct tree_node *pn = tr->proc_nodes[i], *up = NULL;
		pid_t ppid;

		if (nsinfo_proc_ppid(pn->proc, &ppid) == 0)
			up = tree_proc_node(tr, ppid);
		/* PIDs are read one stat file at a time: a reused one may
		 * make a loop, which is cut at the top */
		for (struct tree_node *a = up; a && a != &tr->top; a = a->parent)
			if (a == pn) {
				up = NULL;
				break;
			}
		NOMEM(tree_attach(up ? up : &tr->top, pn));
	}
}

static void build(const struct nstree *nt, struct tree *tr, const struct nsinfo_snapshot *snap)
{
	NOMEM(tree_init(tr, snap));
	switch (nt->view) {
	case VIEW_USER:
	case VIEW_OWNED:
		build_user(nt, tr);
		break;
	case VIEW_PID:
		build_pid(tr);
		break;
	case VIEW_PROCS:
		build_procs(tr);
		break;
	}
	tree_sort(tr, false);
}

/* ---- the start point ---- */

static struct tree_node *proc_in_view(const struct tree *tr, const struct nsinfo_proc *p,
				      enum view view)
{
	struct tree_node *n = tree_proc_node(tr, nsinfo_proc_pid(p));

	if (n)
		return n;
	/* -U, --owned: a process stands for its user namespace */
	if (view == VIEW_USER || view == VIEW_OWNED)
		return tree_ns_node(tr, nsinfo_proc_ns(p, NSINFO_TYPE_USER));
	return NULL;
}

/* A namespace of a type the view does not show stands for its leader. */
static struct tree_node *ns_in_view(const struct tree *tr, const struct nsinfo_ns *ns,
				    enum view view)
{
	const struct nsinfo_proc *lead;
	unsigned int how;
	struct tree_node *n = tree_ns_node(tr, ns);
	pid_t tid;

	if (n)
		return n;
	if (nsinfo_ns_leader(ns, &lead, &tid, &how) == 0)
		return proc_in_view(tr, lead, view);
	return NULL;
}

static struct tree_node *find_start(const struct nstree *nt, const struct tree *tr)
{
	const struct nsinfo_snapshot *snap = tr->snap;
	const char *arg = nt->start;
	const struct nsinfo_container *c;
	const struct nsinfo_proc *p;
	const struct nsinfo_ns *ns = NULL;
	struct tree_node *n = NULL;
	uint64_t v;
	int type, rc;

	if (strchr(arg, ':')) {
		if (nsinfo_parse_ns_link(arg, strlen(arg), &type, &v) < 0)
			errx(EXIT_TROUBLE, "invalid namespace '%s'", arg);
		ns = nsinfo_snapshot_find_ns(snap, type, v);
		if (!ns)
			errx(EXIT_TROUBLE, "namespace %s: not found", arg);
	} else if (cli_parse_number(arg, 1, UINT64_MAX, &v) == 0) {
		/* an inode is above any PID (pid_max is at most 2^22) */
		ns = nsinfo_snapshot_find_ns(snap, -1, v);
		p = !ns && v <= INT_MAX ? nsinfo_snapshot_find_proc(snap, (pid_t)v) : NULL;
		if (p && (nsinfo_proc_flags(p) & NSINFO_PROC_DENIED))
			errx(EXIT_TROUBLE, "cannot read the namespaces of PID %s: permission denied", arg);
		if (p)
			n = proc_in_view(tr, p, nt->view);
		else if (!ns && nsinfo_snapshot_find_container(snap, arg, &c) == 0 &&
			 nsinfo_container_proc_count(c))
			n = proc_in_view(tr, nsinfo_container_proc(c, 0), nt->view);
		else if (!ns)
			errx(EXIT_TROUBLE, "%s: no such process, namespace or container", arg);
	} else if ((rc = nsinfo_snapshot_find_container(snap, arg, &c)) == 0) {
		if (!nsinfo_container_proc_count(c))
			errx(EXIT_TROUBLE, "container %s: no process", arg);
		n = proc_in_view(tr, nsinfo_container_proc(c, 0), nt->view);
	} else if (rc == -ENOTUNIQ) {
		errx(EXIT_TROUBLE, "container %s: more than one matches", arg);
	} else if (rc == -EPERM) {
		errx(EXIT_TROUBLE, "container %s: only another user's claim matches", arg);
	} else {
		for (size_t i = 0; i < nsinfo_snapshot_ns_count(snap) && !ns; i++) {
			const struct nsinfo_ns *m = nsinfo_snapshot_ns(snap, i);
			const char *name = nsinfo_ns_name(m);

			if (nsinfo_ns_type(m) == NSINFO_TYPE_NET && name && !strcmp(name, arg))
				ns = m;
		}
		if (!ns)
			errx(EXIT_TROUBLE, "%s: no such container or network namespace", arg);
	}
	if (ns)
		n = ns_in_view(tr, ns, nt->view);
	if (!n)
		errx(EXIT_TROUBLE, "%s: not in this view", arg);
	return n;
}

/* ---- rows ---- */

struct emit {
	const struct nstree *nt;
	const struct columns_ctx *ctx;
	struct out *out;
};

/* The namespaces of types shown in which a process (or thread) differs
 * from the node above it ("net:4026532180 uts:4026532178"); "" for none. */
static void ns_changes(const struct emit *e, const struct tree_node *n, char *buf, size_t size)
{
	const struct tree_node *up = n->parent;
	size_t len = 0;

	buf[0] = '\0';
	if (!up || (up->kind != TREE_PROC && up->kind != TREE_THREAD))
		return;
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		const struct nsinfo_ns *a, *b;

		if (!type_shown(e->nt, (enum nsinfo_type)t))
			continue;
		a = n->kind == TREE_THREAD ? nsinfo_proc_split_ns(n->proc, n->split, t)
					   : nsinfo_proc_ns(n->proc, t);
		b = up->kind == TREE_THREAD ? nsinfo_proc_split_ns(up->proc, up->split, t)
					    : nsinfo_proc_ns(up->proc, t);
		if (!a || !b || a == b)
			continue;
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s:%" PRIu64,
					len ? " " : "", nsinfo_type_name(t), nsinfo_ns_inode(a));
	}
	if (len >= size)
		buf[size - 1] = '\0';
}

static int set_node(const struct emit *e, struct out_row *row, size_t pos,
		    const struct tree_node *n)
{
	char changes[512];
	const char *comm;

	switch (n->kind) {
	case TREE_STUB:
		return out_set(row, pos, "? (above our view)");
	case TREE_NS: {
		unsigned int h = nsinfo_ns_holders(n->ns);

		/* a namespace only its descendants keep alive */
		return out_setf(row, pos, "%s:[%" PRIu64 "]%s", nsinfo_type_name(nsinfo_ns_type(n->ns)),
				nsinfo_ns_inode(n->ns),
				h == NSINFO_HOLD_ANCESTOR ? " (hidden)" : "");
	}
	case TREE_PROC:
	case TREE_THREAD:
		break;
	}
	ns_changes(e, n, changes, sizeof(changes));
	comm = nsinfo_proc_comm(n->proc);
	if (n->kind == TREE_THREAD)
		comm = "(thread)";
	return out_setf(row, pos, "%d%s%s%s%s%s", (int)tree_node_pid(n), comm ? " " : "", comm ? comm : "",
			*changes ? " [" : "", changes, *changes ? "]" : "");
}

static int set_id(struct out_row *row, size_t pos, const struct tree_node *n)
{
	if (!n)
		return 0;
	switch (n->kind) {
	case TREE_STUB:
		return out_set(row, pos, "0");
	case TREE_NS:
		return col_set_u64(row, pos, nsinfo_ns_inode(n->ns));
	case TREE_PROC:
	case TREE_THREAD:
		break;
	}
	return out_setf(row, pos, "%d", (int)tree_node_pid(n));
}

/* A namespace column of a process row: the process's own cell. */
static int proc_cell(const struct emit *e, struct out_row *row, size_t pos, int col,
		     const struct tree_node *n)
{
	static const int map[NS_NCOLS] = {
		[NS_COL_PID] = PROC_COL_PID + 1, [NS_COL_PPID] = PROC_COL_PPID + 1,
		[NS_COL_COMMAND] = PROC_COL_COMMAND + 1, [NS_COL_UID] = PROC_COL_UID + 1,
		[NS_COL_USER] = PROC_COL_USER + 1, [NS_COL_NTHREADS] = PROC_COL_NTHREADS + 1,
		[NS_COL_RUNTIME] = PROC_COL_RUNTIME + 1, [NS_COL_CONTAINER] = PROC_COL_CONTAINER + 1,
		[NS_COL_PCPU] = PROC_COL_PCPU + 1, [NS_COL_RSS] = PROC_COL_RSS + 1,
		[NS_COL_AGE] = PROC_COL_AGE + 1,
	};
	bool thread = n->kind == TREE_THREAD;

	/* the cgroup and stream columns sit in the same order in both
	 * catalogues, from CG0 on */
	_Static_assert(NS_NCOLS - NS_COL_CG0 == PROC_COL_NS0 - PROC_COL_CG0,
		       "the cgroup and stdio columns of both catalogues line up");
	if (col >= NS_COL_CG0 && col < NS_NCOLS)
		return thread ? 0 : proc_column_fill(e->ctx, row, pos, PROC_COL_CG0 + (col - NS_COL_CG0),
						     n->proc, 0, 0);
	if (!map[col])
		return 0;
	return proc_column_fill(e->ctx, row, pos, (enum proc_col)(map[col] - 1), n->proc,
				thread ? tree_node_pid(n) : 0, thread ? n->split : 0);
}

static struct out_row *emit_row(const struct emit *e, const struct tree_node *n,
				struct out_row *parent)
{
	struct out_row *row = out_row(e->out, parent);

	if (!row)
		errx(EXIT_TROUBLE, "out of memory");
	for (size_t c = 0; c < e->nt->sel.n; c++) {
		int col = e->nt->sel.ids[c];

		switch (col) {
		case NT_COL_NODE:
			NOMEM(set_node(e, row, c, n));
			if (n->kind == TREE_STUB)
				out_mark(row, c, OUT_MARK_DENIED);
			continue;
		case NT_COL_ID:
			NOMEM(set_id(row, c, n));
			continue;
		case NT_COL_PARENT:
			/* a root has none (empty); under the stub: 0 */
			if (n->parent && n->parent->parent)
				NOMEM(set_id(row, c, n->parent));
			continue;
		case NT_COL_NSPID:
			if (n->kind == TREE_PROC)
				NOMEM(col_set_nspid(row, c, n->proc));
			continue;
		default:
			break;
		}
		if (n->kind == TREE_NS)
			NOMEM(ns_column_fill(e->ctx, row, c, (enum ns_col)col, n->ns));
		else if (n->kind != TREE_STUB)
			NOMEM(proc_cell(e, row, c, col, n));
	}
	return row;
}

static struct out_row *row_fn(void *arg, const struct tree_node *n, struct out_row *parent)
{
	return emit_row(arg, n, parent);
}

/* The path from the top down to start, then start's subtree. */
static void emit_branch(const struct emit *e, const struct tree_node *start)
{
	const struct tree_node *path[256];
	struct out_row *row = NULL;
	size_t n = 0;

	for (const struct tree_node *a = start->parent; a && a->parent && n < ARRAY_SIZE(path);
	     a = a->parent)
		path[n++] = a;
	while (n)
		row = emit_row(e, path[--n], row);
	NOMEM(tree_emit(start, row, e->nt->ancestors ? 0 : e->nt->depth, row_fn, (void *)e));
}

int main(int argc, char **argv)
{
	struct nstree nt = { .proc_root = "/proc", .depth = -1 };
	struct nsinfo_scan_opts opts = { .size = sizeof(opts) };
	struct nsinfo_snapshot *snap = NULL;
	struct tree tr;
	struct columns_ctx ctx;
	struct emit e;
	struct out *out;
	int rc;

	setlocale(LC_ALL, "");	/* UTF-8 tree art on a UTF-8 terminal */
	atexit(cli_close_stdout);
	memcpy(columns, ns_columns, sizeof(ns_columns));
	memcpy(columns + NS_NCOLS, extra_columns, sizeof(extra_columns));
	parse_args(&nt, argc, argv);
	choose_columns(&nt);

	if (nt.list_columns) {
		rc = cli_list_columns(columns, NT_NCOLS, nt.out.format, nt.out.noheadings);
		if (rc == 0 && fflush(stdout) != 0)
			rc = -errno;
		if (rc < 0)
			cli_write_failed(rc);
		return EXIT_OK;
	}

	opts.proc_root = nt.proc_root;
	opts.flags = scan_flags(&nt);
	opts.source = nt.source;
	rc = nsinfo_snapshot_new(&snap, &opts);
	if (rc < 0)
		cli_scan_failed(rc, &opts);
	build(&nt, &tr, snap);

	nt.out.tree = true;
	nt.out.tree_col = cli_columns_has(&nt.sel, NT_COL_NODE) ? NT_COL_NODE : nt.sel.ids[0];
	nt.out.color = nt.out.format == OUT_TABLE && cli_color_wanted(nt.color);
	nt.out.json_key = "nodes";
	nt.out.json_schema = SCHEMA_NSTREE;
	out = out_new(columns, nt.sel.ids, nt.sel.n, &nt.out);
	if (!out)
		errx(EXIT_TROUBLE, "out of memory");
	columns_ctx_init(&ctx, snap);
	/* raw output escapes every byte past ASCII; --ascii asks for none */
	if (nt.out.format == OUT_RAW || nt.out.ascii)
		ctx.utf8 = false;
	e = (struct emit){ .nt = &nt, .ctx = &ctx, .out = out };

	if (nt.start) {
		emit_branch(&e, find_start(&nt, &tr));
	} else {
		for (size_t i = 0; i < tr.top.nkids; i++)
			NOMEM(tree_emit(tr.top.kids[i], NULL, nt.depth, row_fn, &e));
	}
	if (nt.out.format == OUT_JSON)
		NOMEM(cli_json_source(out, snap));
	rc = out_print(out, stdout);
	out_free(out);
	if (rc == 0 && fflush(stdout) != 0)
		rc = -errno;
	if (rc < 0)
		cli_write_failed(rc);
	cli_say_denied(snap);
	tree_free(&tr);
	nsinfo_snapshot_unref(snap);
	return EXIT_OK;
}
