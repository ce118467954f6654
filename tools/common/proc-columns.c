// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * proc-columns.c - the process view's catalogue (as ps: one column per
 * namespace type) and its fill_column() switch.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "columns.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define INFO	NSINFO_SCAN_INFO_ALL

/*
 * ps's names (netns, mntns, ...) upper-cased as columns are: "NET" "NS".
 * Spelt out here so the catalogue is const; the unit test checks each
 * against nsinfo_type_name(), and the size check below fails the build
 * when the library grows a type this table does not have.
 */
#define TYPE_COL(TYPE, upper, lower) \
	[PROC_COL_NS0 + NSINFO_TYPE_##TYPE] = { upper "NS", 10, OUT_RIGHT, OUT_JSON_NUMBER, \
						"inode of the " lower " namespace", 0 }

const struct out_column proc_columns[] = {
	[PROC_COL_PID]	    = { "PID", 5, OUT_RIGHT, OUT_JSON_NUMBER, "process ID", 0 },
	[PROC_COL_TID]	    = { "TID", 5, OUT_RIGHT, OUT_JSON_NUMBER,
				"thread ID of a thread apart from its process (--tasks)", NSINFO_SCAN_TASKS },
	[PROC_COL_PPID]	    = { "PPID", 5, OUT_RIGHT, OUT_JSON_NUMBER, "parent process ID", INFO },
	[PROC_COL_UID]	    = { "UID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "effective UID", INFO },
	[PROC_COL_USER]	    = { "USER", 0, 0, OUT_JSON_STRING, "effective user name", INFO },
	[PROC_COL_STATE]    = { "STATE", 1, 0, OUT_JSON_STRING, "process state (R, S, D, Z, T, ...)", INFO },
	[PROC_COL_NTHREADS] = { "NTHREADS", 3, OUT_RIGHT, OUT_JSON_NUMBER, "number of threads (--tasks)",
				NSINFO_SCAN_TASKS },
	[PROC_COL_COMMAND]  = { "COMMAND", 0, OUT_TRUNC, OUT_JSON_STRING, "command line", INFO },
	[PROC_COL_RUNTIME]  = { "RUNTIME", 0, 0, OUT_JSON_STRING, "container runtime (docker, podman, lxc, ...)",
				NSINFO_SCAN_CONTAINERS },
	[PROC_COL_CONTAINER] = { "CONTAINER", 0, 0, OUT_JSON_STRING, "container: name, else short ID",
				 NSINFO_SCAN_CONTAINERS },
	[PROC_COL_PCPU]	    = { "%CPU", 5, OUT_RIGHT, OUT_JSON_NUMBER,
				"CPU use, percent of one CPU (live: since the last refresh; else as ps)",
				NSINFO_SCAN_TASK_STATS },
	[PROC_COL_RSS]	    = { "RSS", 8, OUT_RIGHT, OUT_JSON_NUMBER, "resident memory, KiB", NSINFO_SCAN_TASK_STATS },
	[PROC_COL_AGE]	    = { "AGE", 8, OUT_RIGHT, OUT_JSON_NUMBER,
				"time since it started ([[DD-]hh:]mm:ss; JSON: seconds)", NSINFO_SCAN_TASK_STATS },
	[PROC_COL_NSPID]    = { "NSPID", 0, 0, OUT_JSON_ARRAY, "PID in each pid namespace, outermost first",
				NSINFO_SCAN_NSPID },
	COL_CG_ROWS(PROC_COL_CG0, ""),
	[PROC_COL_STDIN]    = { "STDIN", 0, 0, OUT_JSON_OBJECT, COL_STDIO_HELP("fd 0"), NSINFO_SCAN_STDIO },
	[PROC_COL_STDOUT]   = { "STDOUT", 0, 0, OUT_JSON_OBJECT, COL_STDIO_HELP("fd 1"), NSINFO_SCAN_STDIO },
	[PROC_COL_STDERR]   = { "STDERR", 0, 0, OUT_JSON_OBJECT, COL_STDIO_HELP("fd 2"), NSINFO_SCAN_STDIO },
	TYPE_COL(CGROUP, "CGROUP", "cgroup"),
	TYPE_COL(IPC, "IPC", "ipc"),
	TYPE_COL(MNT, "MNT", "mnt"),
	TYPE_COL(NET, "NET", "net"),
	TYPE_COL(PID, "PID", "pid"),
	TYPE_COL(TIME, "TIME", "time"),
	TYPE_COL(USER, "USER", "user"),
	TYPE_COL(UTS, "UTS", "uts"),
};
_Static_assert(ARRAY_SIZE(proc_columns) == PROC_NCOLS,
	       "one proc_columns[] row per enum proc_col and per namespace type");

/* The inode of the process's (or split thread's) namespace of type t. */
static int set_type_ns(struct out_row *row, size_t pos, enum nsinfo_type t,
		       const struct nsinfo_proc *p, pid_t tid, size_t split)
{
	const struct nsinfo_ns *ns = tid ? nsinfo_proc_split_ns(p, split, t)
					 : nsinfo_proc_ns(p, t);

	if (ns)
		return col_set_u64(row, pos, nsinfo_ns_inode(ns));
	if (nsinfo_proc_flags(p) & NSINFO_PROC_DENIED)
		return col_set_denied(row, pos);
	return 0;
}

int proc_column_fill(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
		     enum proc_col col, const struct nsinfo_proc *p, pid_t tid,
		     size_t split)
{
	if (col >= PROC_COL_CG0 && col < PROC_COL_CG0 + COL_CG_N)
		return tid ? 0 : col_set_cgroup(row, pos, (enum col_cg)(col - PROC_COL_CG0), p, NULL);
	if (col >= PROC_COL_NS0 && col < PROC_NCOLS)
		return set_type_ns(row, pos, (enum nsinfo_type)(col - PROC_COL_NS0), p, tid,
				   split);
	switch (col) {
	case PROC_COL_PID:
		return out_setf(row, pos, "%d", (int)nsinfo_proc_pid(p));
	case PROC_COL_TID:
		return tid ? out_setf(row, pos, "%d", (int)tid) : 0;
	case PROC_COL_PPID:
		return col_set_task(row, pos, COL_TASK_PPID, p);
	case PROC_COL_UID:
		return col_set_task(row, pos, COL_TASK_UID, p);
	case PROC_COL_USER:
		return col_set_task(row, pos, COL_TASK_USER, p);
	case PROC_COL_STATE:
		return col_set_task(row, pos, COL_TASK_STATE, p);
	case PROC_COL_COMMAND:
		return col_set_task(row, pos, COL_TASK_COMMAND, p);
	case PROC_COL_NTHREADS:
		return tid ? 0 : col_set_u64(row, pos, nsinfo_proc_thread_count(p));
	case PROC_COL_RUNTIME:
	case PROC_COL_CONTAINER:
		return col_set_container(row, pos, col == PROC_COL_RUNTIME, p);
	case PROC_COL_PCPU:
	case PROC_COL_RSS:
	case PROC_COL_AGE: {
		struct col_stats st;

		if (tid)
			return 0;
		col_stats_init(&st);
		col_stats_add(&st, ctx, p);
		return col_set_stat(row, pos, ctx,
				    col == PROC_COL_PCPU ? COL_STAT_CPU :
				    col == PROC_COL_RSS ? COL_STAT_RSS : COL_STAT_AGE, &st);
	}
	case PROC_COL_NSPID:
		return tid ? 0 : col_set_nspid(row, pos, p);
	case PROC_COL_STDIN:
	case PROC_COL_STDOUT:
	case PROC_COL_STDERR:
		/* the process's descriptors: a thread row shares them */
		return tid ? 0 : col_set_stdio(ctx, row, pos, (int)(col - PROC_COL_STDIN), p);
	default:	/* the per-type columns, above */
		break;
	}
	return 0;
}
