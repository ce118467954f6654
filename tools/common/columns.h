/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * columns.h - the column catalogues every tool shares: one row per
 * namespace (ns view) or per process (process view), and the one switch
 * per view that turns a column into a cell (util-linux's fill_column()
 * habit). nsls, nstree, nstop and nsdiff name, size and type a column
 * the same way because they all take it from here.
 *
 * The catalogues are const. Each row names what filling it needs as
 * NSINFO_SCAN_* bits (struct out_column .needs), so there is one table
 * per view and nothing that mirrors the library's flags. Task info is
 * the one flag that differs by view: the ns view fills process columns
 * from each namespace's leader (NSINFO_SCAN_INFO_LEADERS), the process
 * view from every process (NSINFO_SCAN_INFO_ALL); each catalogue says
 * its own. A tree view is the caller's choice (out_opts.tree), not a
 * flag patched into a catalogue.
 */
#ifndef NSINFO_COLUMNS_H
#define NSINFO_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "nsinfo.h"
#include "output.h"

struct cJSON;

/* The cgroup columns every catalogue has (cgroup-columns.c), in this
 * order from its *_COL_CG0. CGROUP is the cgroup's path; the cgroup
 * *namespace* inode stays CGROUPNS, as ps names it. */
enum col_cg {
	COL_CG_PATH, COL_CG_NSROOT, COL_CG_MEM, COL_CG_MEMMAX, COL_CG_CPUMAX, COL_CG_CPU,
	COL_CG_PIDS, COL_CG_PIDSMAX, COL_CG_PSI,
	COL_CG_N
};
#define CG_PATHS  NSINFO_SCAN_CGROUPS
#define CG_ROOTS  NSINFO_SCAN_CGROUP_ROOTS
#define CG_LIMITS NSINFO_SCAN_CGROUP_LIMITS
/* The catalogue rows, from base; whose: " of the PID", ... */
#define COL_CG_ROWS(base, whose) \
	[(base) + COL_CG_PATH] = { "CGROUP", 0, OUT_WRAP, OUT_JSON_ARRAY, \
		"cgroup path" whose " (v2; v1 hierarchies where they differ)", CG_PATHS }, \
	[(base) + COL_CG_NSROOT] = { "CGNSROOT", 0, OUT_WRAP, OUT_JSON_ARRAY, \
		"root of the cgroup namespace" whose ": what it sees as /", CG_ROOTS }, \
	[(base) + COL_CG_MEM] = { "MEM", 6, OUT_RIGHT, OUT_JSON_NUMBER, \
		"memory use of the cgroup" whose " (memory.current; JSON: bytes)", CG_LIMITS }, \
	[(base) + COL_CG_MEMMAX] = { "MEMMAX", 6, OUT_RIGHT, OUT_JSON_NUMBER, \
		"memory limit of the cgroup" whose " (memory.max; JSON: bytes, null: max)", CG_LIMITS }, \
	[(base) + COL_CG_CPUMAX] = { "CPUMAX", 6, OUT_RIGHT, OUT_JSON_NUMBER, \
		"CPU limit of the cgroup" whose " (cpu.max; JSON: CPUs, null: max)", CG_LIMITS }, \
	[(base) + COL_CG_CPU] = { "CGCPU", 7, OUT_RIGHT, OUT_JSON_NUMBER, \
		"CPU time used by the cgroup" whose " (cpu.stat; JSON: microseconds)", CG_LIMITS }, \
	[(base) + COL_CG_PIDS] = { "PIDS", 4, OUT_RIGHT, OUT_JSON_NUMBER, \
		"tasks in the cgroup" whose " (pids.current)", CG_LIMITS }, \
	[(base) + COL_CG_PIDSMAX] = { "PIDSMAX", 4, OUT_RIGHT, OUT_JSON_NUMBER, \
		"task limit of the cgroup" whose " (pids.max; JSON: null: max)", CG_LIMITS }, \
	[(base) + COL_CG_PSI] = { "PSI", 14, OUT_RIGHT, OUT_JSON_OBJECT, \
		"pressure on the cgroup" whose ": some avg10 of cpu/memory/io, percent", CG_LIMITS }

/* The namespace view: one row per namespace, lsns's columns first. */
enum ns_col {
	NS_COL_NS, NS_COL_TYPE, NS_COL_PATH, NS_COL_NPROCS, NS_COL_PID,
	NS_COL_PPID, NS_COL_COMMAND, NS_COL_UID, NS_COL_USER, NS_COL_NETNSID,
	NS_COL_NSFS, NS_COL_PNS, NS_COL_ONS,
	/* ours */
	NS_COL_NTHREADS, NS_COL_OWNERUID, NS_COL_NSID, NS_COL_DEPTH,
	NS_COL_HOLDERS, NS_COL_NAME, NS_COL_RUNTIME, NS_COL_CONTAINER,
	/* a monitor's figures, summed over the namespace's processes */
	NS_COL_PCPU, NS_COL_RSS, NS_COL_AGE,
	/* the cgroups of the PID */
	NS_COL_CG0,
	/* where the leader's standard streams go */
	NS_COL_STDIN = NS_COL_CG0 + COL_CG_N, NS_COL_STDOUT, NS_COL_STDERR,
	NS_NCOLS
};
extern const struct out_column ns_columns[NS_NCOLS];

/* The process view: one row per process (and split thread), one column
 * per namespace type, named as ps names them (NETNS, MNTNS, ...). */
enum proc_col {
	PROC_COL_PID, PROC_COL_TID, PROC_COL_PPID, PROC_COL_UID,
	PROC_COL_USER, PROC_COL_STATE, PROC_COL_NTHREADS, PROC_COL_COMMAND,
	PROC_COL_RUNTIME, PROC_COL_CONTAINER, PROC_COL_PCPU, PROC_COL_RSS,
	PROC_COL_AGE, PROC_COL_NSPID,
	PROC_COL_CG0,	/* + enum col_cg */
	PROC_COL_STDIN = PROC_COL_CG0 + COL_CG_N, PROC_COL_STDOUT, PROC_COL_STDERR,
	PROC_COL_NS0,	/* + enum nsinfo_type: CGROUPNS ... UTSNS */
	PROC_NCOLS = PROC_COL_NS0 + NSINFO_NTYPES
};
extern const struct out_column proc_columns[PROC_NCOLS];

/* What the selected columns cols[ids[0..n-1]] need the scan to read:
 * their NSINFO_SCAN_* bits, ORed. */
/* The group view: one row per group of processes, a container or a
 * namespace set (processes that share all their namespaces). Process
 * columns show the group's first process (a container's init). */
enum group_col {
	GROUP_COL_CONTAINER, GROUP_COL_RUNTIME, GROUP_COL_ID, GROUP_COL_PID,
	GROUP_COL_NPROCS, GROUP_COL_NTHREADS, GROUP_COL_PCPU, GROUP_COL_RSS,
	GROUP_COL_AGE, GROUP_COL_HOST, GROUP_COL_USER, GROUP_COL_COMMAND,
	GROUP_COL_CG0,	/* + enum col_cg: the container's cgroup */
	GROUP_COL_STDIN = GROUP_COL_CG0 + COL_CG_N, GROUP_COL_STDOUT, GROUP_COL_STDERR,
	GROUP_COL_NS0,	/* + enum nsinfo_type: CGROUPNS ... UTSNS */
	GROUP_NCOLS = GROUP_COL_NS0 + NSINFO_NTYPES
};
extern const struct out_column group_columns[GROUP_NCOLS];

/* A group: its processes by PID, and its container (NULL for a set of
 * processes in no container). */
struct col_group {
	const struct nsinfo_container *ct;
	const struct nsinfo_proc *const *procs;
	size_t nprocs;
};

unsigned int columns_scan_flags(const struct out_column *cols, const int *ids, size_t n);

/*
 * What a monitor sums over a group of processes (a namespace's, a
 * container's): CPU in percent of one CPU (since the scanner's last
 * refresh, as top; for a process with no refresh before, its average
 * over its life, as ps), resident KiB, threads, and the start of the
 * oldest. known: how many processes had stats.
 */
struct col_stats {
	double cpu;
	unsigned long long rss_kib;
	unsigned long long start_ticks;	/* oldest; ULLONG_MAX: none */
	size_t known;
	size_t threads;			/* of every process, from its stat */
};

/*
 * The figures of the namespace or group summed last: %CPU, RSS and AGE of
 * one row come from one pass over its processes, not one per column. Of
 * one snapshot: columns_ctx_init() empties it.
 */
struct col_stats_memo {
	const void *of;			/* the namespace, or the group's container */
	const struct nsinfo_proc *first;	/* a group's first process */
	size_t n;			/* a group's process count */
	bool group, valid;
	struct col_stats st;
};

/* What every filler may look at; columns_ctx_init() fills it. */
struct columns_ctx {
	const struct nsinfo_snapshot *snap;
	const char *proc_root;		/* nsinfo_snapshot_proc_root() */
	/* seconds since boot, near the time of the snapshot (AGE, and %CPU
	 * as ps reckons it when no refresh came before) */
	double uptime;
	long hz;			/* clock ticks a second */
	/* The host's namespaces, for HOST: PID 1's, else (its links are
	 * denied, a proc root of another pid namespace) our own; NULL for
	 * a type neither could be read in. */
	const struct nsinfo_ns *host[NSINFO_NTYPES];
	/* the locale is UTF-8: "\u2192" in STDIN/STDOUT/STDERR, else "->" */
	bool utf8;
	/* &memo_store, or NULL (no memo): written through by fillers that
	 * are handed a const context */
	struct col_stats_memo *memo;
	struct col_stats_memo memo_store;
};
void columns_ctx_init(struct columns_ctx *ctx, const struct nsinfo_snapshot *snap);

/* One cell of a namespace row; 0 or -ENOMEM. */
int ns_column_fill(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
		   enum ns_col col, const struct nsinfo_ns *ns);
/* One cell of namespace ns on the row of proc, one of its processes (the
 * view of one namespace, lsns NSID): the process columns (PATH, PID,
 * PPID, COMMAND, UID, USER, NTHREADS, RUNTIME, CONTAINER, %CPU, RSS,
 * AGE) are proc's own, the others the namespace's. 0 or -ENOMEM. */
int ns_member_column_fill(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
			  enum ns_col col, const struct nsinfo_ns *ns,
			  const struct nsinfo_proc *proc);
/* One cell of a process row; tid > 0 makes it a thread's row (split is
 * its index among the process's split threads). 0 or -ENOMEM. */
int proc_column_fill(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
		     enum proc_col col, const struct nsinfo_proc *proc, pid_t tid,
		     size_t split);

/* One cell of a group row; 0 or -ENOMEM. */
int group_column_fill(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
		      enum group_col col, const struct col_group *g);
/* The types in which p is in the host's namespace (ctx->host), as bits;
 * *known: the types that could be told. */
unsigned int col_host_types(const struct columns_ctx *ctx, const struct nsinfo_proc *p,
			    unsigned int *known);

/* ---- cells both views make (columns.c, holders-column.c) ---- */

/* An unsigned number; JSON: a number with every digit. */
int col_set_u64(struct out_row *row, size_t pos, unsigned long long v);
/* "denied", marked (red on a terminal); JSON: that string. */
int col_set_denied(struct out_row *row, size_t pos);

/* A field of a process's task info; empty when it was not read. */
enum col_task { COL_TASK_PPID, COL_TASK_UID, COL_TASK_USER, COL_TASK_STATE,
		COL_TASK_COMMAND };
int col_set_task(struct out_row *row, size_t pos, enum col_task what,
		 const struct nsinfo_proc *p);
/* RUNTIME (runtime true) or CONTAINER of a process (p may be NULL). */
int col_set_container(struct out_row *row, size_t pos, bool runtime,
		      const struct nsinfo_proc *p);
/* NSPID: the PID in each pid namespace, outermost first ("4242,1");
 * JSON: an array of numbers. */
int col_set_nspid(struct out_row *row, size_t pos, const struct nsinfo_proc *p);

void col_stats_init(struct col_stats *st);
void col_stats_add(struct col_stats *st, const struct columns_ctx *ctx,
		   const struct nsinfo_proc *p);
/* The figures of namespace ns (group NULL), or of group g: from the
 * memo when it holds them, else summed (and kept there). */
const struct col_stats *col_stats_of(const struct columns_ctx *ctx, const struct nsinfo_ns *ns,
				     const struct col_group *g, struct col_stats *scratch);
enum col_stat { COL_STAT_CPU, COL_STAT_RSS, COL_STAT_AGE };
/* One figure; empty when no process had stats. */
int col_set_stat(struct out_row *row, size_t pos, const struct columns_ctx *ctx,
		 enum col_stat what, const struct col_stats *st);
/* v's decimal digits, written by hand (printf's machinery was a tenth
 * of a monitor's frame, most of its cells being numbers): at the end of
 * buf, returned; no sign, no padding. */
#define COL_U64_BUF 21
char *col_format_u64(char buf[COL_U64_BUF], unsigned long long v);
/* v with one decimal ("12.5"), rounded half up; a pointer into buf */
char *col_format_tenths(char buf[COL_U64_BUF + 2], double v);
/* ps's etime: "[[DD-]hh:]mm:ss" */
void col_format_age(char *buf, size_t len, unsigned long long secs);
/* What col_format_age() wrote, back in seconds; -1 when it is not that. */
long long col_parse_age(const char *text);

/* A cgroup cell of p, the values of ct's cgroup when ct is not NULL
 * (a container's row). */
int col_set_cgroup(struct out_row *row, size_t pos, enum col_cg what, const struct nsinfo_proc *p,
		   const struct nsinfo_container *ct);
/* top's sizes: 900K, 1.5M, 512M */
void col_format_bytes(char *buf, size_t len, unsigned long long v);

/* STDIN, STDOUT, STDERR (fd 0, 1, 2) of p (may be NULL): "pipe->conmon[4242]",
 * "pts/3->bash[901]", "null", ...; "-" (marked) when not readable; JSON: an
 * object (see nsls(1), STANDARD STREAMS). */
int col_set_stdio(const struct columns_ctx *ctx, struct out_row *row, size_t pos, int fd,
		  const struct nsinfo_proc *p);
/* The catalogue rows' help text of each stream. */
#define COL_STDIO_HELP(what) "where " what " goes: pipe->PEER[PID], pts/N->LEADER[PID], null, " \
	"file:PATH, socket->PEER[PID], closed; - when not readable"

/* key: v, an exact JSON number, into object o; false on ENOMEM. */
bool col_json_add_uint(struct cJSON *o, const char *key, unsigned long long v);

/* HOLDERS: a list cell in the table, an array of objects in JSON. */
int col_set_holders(struct out_row *row, size_t pos, const struct nsinfo_ns *ns);

#endif
