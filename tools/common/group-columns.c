// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * group-columns.c - the group view's catalogue (one row per container or
 * namespace set) and its fill_column() switch. HOST answers the first
 * question of a container review: which of its namespaces are the host's?
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "columns.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define INFO	NSINFO_SCAN_INFO_ALL
#define STATS	NSINFO_SCAN_TASK_STATS
#define CTR	NSINFO_SCAN_CONTAINERS

#define TYPE_COL(TYPE, upper, lower) \
	[GROUP_COL_NS0 + NSINFO_TYPE_##TYPE] = { upper "NS", 10, OUT_RIGHT, OUT_JSON_NUMBER, \
						 "inode of the " lower " namespace of its first process", 0 }

const struct out_column group_columns[] = {
	[GROUP_COL_CONTAINER] = { "CONTAINER", 0, 0, OUT_JSON_STRING, "container: name, else short ID", CTR },
	[GROUP_COL_RUNTIME]   = { "RUNTIME", 0, 0, OUT_JSON_STRING, "container runtime (docker, podman, lxc, ...)", CTR },
	[GROUP_COL_ID]	      = { "ID", 12, 0, OUT_JSON_STRING, "container ID, as docker ps shortens it (JSON: all of it)",
				  CTR },
	[GROUP_COL_PID]	      = { "PID", 5, OUT_RIGHT, OUT_JSON_NUMBER, "its first process (a container's init)", 0 },
	[GROUP_COL_NPROCS]    = { "NPROCS", 5, OUT_RIGHT, OUT_JSON_NUMBER, "number of processes", 0 },
	[GROUP_COL_NTHREADS]  = { "NTHREADS", 5, OUT_RIGHT, OUT_JSON_NUMBER, "number of threads", STATS },
	[GROUP_COL_PCPU]      = { "%CPU", 5, OUT_RIGHT, OUT_JSON_NUMBER,
				  "CPU use of its processes, percent of one CPU (live: since the last refresh)", STATS },
	[GROUP_COL_RSS]	      = { "RSS", 8, OUT_RIGHT, OUT_JSON_NUMBER, "resident memory of its processes, KiB (summed)",
				  STATS },
	[GROUP_COL_AGE]	      = { "AGE", 8, OUT_RIGHT, OUT_JSON_NUMBER,
				  "time since its oldest process started ([[DD-]hh:]mm:ss; JSON: seconds)", STATS },
	[GROUP_COL_HOST]      = { "HOST", 0, 0, OUT_JSON_ARRAY,
				  "types whose namespace it shares with the host (PID 1): all, none, a list, or all but a list",
				  0 },
	[GROUP_COL_USER]      = { "USER", 0, 0, OUT_JSON_STRING, "user of its first process", INFO },
	[GROUP_COL_COMMAND]   = { "COMMAND", 0, OUT_TRUNC, OUT_JSON_STRING, "command line of its first process", INFO },
	COL_CG_ROWS(GROUP_COL_CG0, " of its container (else of its first process)"),
	[GROUP_COL_STDIN]     = { "STDIN", 0, 0, OUT_JSON_OBJECT, COL_STDIO_HELP("fd 0 of its first process"),
				  NSINFO_SCAN_STDIO },
	[GROUP_COL_STDOUT]    = { "STDOUT", 0, 0, OUT_JSON_OBJECT, COL_STDIO_HELP("fd 1 of its first process"),
				  NSINFO_SCAN_STDIO },
	[GROUP_COL_STDERR]    = { "STDERR", 0, 0, OUT_JSON_OBJECT, COL_STDIO_HELP("fd 2 of its first process"),
				  NSINFO_SCAN_STDIO },
	TYPE_COL(CGROUP, "CGROUP", "cgroup"),
	TYPE_COL(IPC, "IPC", "ipc"),
	TYPE_COL(MNT, "MNT", "mnt"),
	TYPE_COL(NET, "NET", "net"),
	TYPE_COL(PID, "PID", "pid"),
	TYPE_COL(TIME, "TIME", "time"),
	TYPE_COL(USER, "USER", "user"),
	TYPE_COL(UTS, "UTS", "uts"),
};
_Static_assert(ARRAY_SIZE(group_columns) == GROUP_NCOLS,
	       "one group_columns[] row per enum group_col and per namespace type");

unsigned int col_host_types(const struct columns_ctx *ctx, const struct nsinfo_proc *p,
			    unsigned int *known)
{
	unsigned int shared = 0;

	*known = 0;
	for (int t = 0; p && t < NSINFO_NTYPES; t++) {
		const struct nsinfo_ns *ns = nsinfo_proc_ns(p, (enum nsinfo_type)t);

		if (!ns || !ctx->host[t])
			continue;
		*known |= NSINFO_TYPE_BIT(t);
		if (ns == ctx->host[t])
			shared |= NSINFO_TYPE_BIT(t);
	}
	return shared;
}

/* "all", "none", "net,pid", or when most are shared "all but net,uts"
 * (the short way to say it); JSON: the list of types shared. */
static int set_host(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
		    const struct nsinfo_proc *p)
{
	unsigned int known, shared = col_host_types(ctx, p, &known);
	bool but = __builtin_popcount(shared) * 2 > __builtin_popcount(known);
	char text[96] = "";
	size_t n = 0;
	struct cJSON *arr;

	if (!known)
		return p && (nsinfo_proc_flags(p) & NSINFO_PROC_DENIED) ? col_set_denied(row, pos) : 0;
	arr = cJSON_CreateArray();
	if (!arr)
		return -ENOMEM;
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		const char *name = nsinfo_type_name((enum nsinfo_type)t);

		if ((shared & NSINFO_TYPE_BIT(t)) &&
		    !cJSON_AddItemToArray(arr, cJSON_CreateString(name))) {
			cJSON_Delete(arr);
			return -ENOMEM;
		}
		/* the types named: those shared, or with "but" those not */
		if ((known & NSINFO_TYPE_BIT(t)) && !(shared & NSINFO_TYPE_BIT(t)) == but)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s",
					      n ? "," : but ? "all but " : "", name);
	}
	if (out_set(row, pos, shared == known ? "all" : !shared ? "none" : text) < 0) {
		cJSON_Delete(arr);
		return -ENOMEM;
	}
	return out_set_json(row, pos, arr);
}

int group_column_fill(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
		      enum group_col col, const struct col_group *g)
{
	const struct nsinfo_proc *lead = g->nprocs ? g->procs[0] : NULL;
	const char *id = g->ct ? nsinfo_container_id(g->ct) : NULL;
	struct col_stats st;
	size_t n = 0;

	if (col >= GROUP_COL_CG0 && col < GROUP_COL_CG0 + COL_CG_N) {
		enum col_cg what = (enum col_cg)(col - GROUP_COL_CG0);

		/* paths are the first process's; figures the container's */
		return col_set_cgroup(row, pos, what, lead,
				      what == COL_CG_PATH || what == COL_CG_NSROOT ? NULL : g->ct);
	}
	if (col >= GROUP_COL_NS0 && col < GROUP_NCOLS) {
		const struct nsinfo_ns *ns = lead ? nsinfo_proc_ns(lead, col - GROUP_COL_NS0) : NULL;

		if (ns)
			return col_set_u64(row, pos, nsinfo_ns_inode(ns));
		return lead && (nsinfo_proc_flags(lead) & NSINFO_PROC_DENIED) ? col_set_denied(row, pos) : 0;
	}
	switch (col) {
	case GROUP_COL_CONTAINER:
	case GROUP_COL_RUNTIME:
		return col_set_container(row, pos, col == GROUP_COL_RUNTIME, lead);
	case GROUP_COL_ID:
		if (!id)
			return 0;
		if (out_setf(row, pos, "%.12s", id) < 0)
			return -ENOMEM;
		return out_set_json(row, pos, cJSON_CreateString(id));
	case GROUP_COL_PID:
		return lead ? out_setf(row, pos, "%d", (int)nsinfo_proc_pid(lead)) : 0;
	case GROUP_COL_NPROCS:
		return col_set_u64(row, pos, g->nprocs);
	case GROUP_COL_NTHREADS:
		for (size_t i = 0; i < g->nprocs; i++)
			n += nsinfo_proc_thread_count(g->procs[i]);
		return n ? col_set_u64(row, pos, n) : 0;
	case GROUP_COL_PCPU:
	case GROUP_COL_RSS:
	case GROUP_COL_AGE:
		return col_set_stat(row, pos, ctx,
				    col == GROUP_COL_PCPU ? COL_STAT_CPU :
				    col == GROUP_COL_RSS ? COL_STAT_RSS : COL_STAT_AGE,
				    col_stats_of(ctx, NULL, g, &st));
	case GROUP_COL_HOST:
		return set_host(ctx, row, pos, lead);
	case GROUP_COL_USER:
		return col_set_task(row, pos, COL_TASK_USER, lead);
	case GROUP_COL_COMMAND:
		return col_set_task(row, pos, COL_TASK_COMMAND, lead);
	case GROUP_COL_STDIN:
	case GROUP_COL_STDOUT:
	case GROUP_COL_STDERR:
		return col_set_stdio(ctx, row, pos, (int)(col - GROUP_COL_STDIN), lead);
	default:
		break;
	}
	return 0;
}
