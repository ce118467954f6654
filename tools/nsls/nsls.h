/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nsls.h - nsls's column catalogues and the cell fillers behind them.
 */
#ifndef NSLS_H
#define NSLS_H

#include <stdbool.h>

#include "nsinfo.h"
#include "output.h"

/* What a column needs the scan to read (lsns reads everything always). */
enum need {
	NEED_INFO	= 1u << 0,	/* libproc2 task info */
	NEED_RELATIONS	= 1u << 1,	/* nsfs ioctls */
	NEED_NETNSID	= 1u << 2,
	NEED_MOUNTS	= 1u << 3,
	NEED_TASKS	= 1u << 4,
	NEED_FOR_CHILDREN = 1u << 5,
	NEED_FDS	= 1u << 6,
	NEED_SOCKETS	= 1u << 7,
	NEED_CONTAINERS	= 1u << 8,
};

/* The namespace view: one row per namespace, lsns's columns first. */
enum ns_col {
	NS_COL_NS, NS_COL_TYPE, NS_COL_PATH, NS_COL_NPROCS, NS_COL_PID,
	NS_COL_PPID, NS_COL_COMMAND, NS_COL_UID, NS_COL_USER, NS_COL_NETNSID,
	NS_COL_NSFS, NS_COL_PNS, NS_COL_ONS,
	/* ours */
	NS_COL_NTHREADS, NS_COL_OWNERUID, NS_COL_NSID, NS_COL_DEPTH,
	NS_COL_HOLDERS, NS_COL_NAME, NS_COL_RUNTIME, NS_COL_CONTAINER,
	NS_NCOLS
};
extern const struct out_column ns_columns[NS_NCOLS];
extern const unsigned int ns_column_needs[NS_NCOLS];

/* The process view: one row per process (and split thread). The per-type
 * columns come from the library's type table at start-up. */
enum proc_col {
	PROC_COL_PID, PROC_COL_TID, PROC_COL_PPID, PROC_COL_UID,
	PROC_COL_USER, PROC_COL_STATE, PROC_COL_NTHREADS, PROC_COL_COMMAND,
	PROC_COL_RUNTIME, PROC_COL_CONTAINER,
	PROC_COL_NS0,	/* + type: CGROUPNS ... UTSNS */
	PROC_NCOLS = PROC_COL_NS0 + NSINFO_NTYPES
};
extern struct out_column proc_columns[PROC_NCOLS];
extern const unsigned int proc_column_needs[PROC_NCOLS];
void proc_columns_init(void);

struct fill_ctx {
	const struct nsinfo_snapshot *snap;
	const char *proc_root;
};

/* One cell of a namespace row; 0 or -ENOMEM. */
int fill_ns_cell(const struct fill_ctx *ctx, struct out_row *row, size_t pos,
		 enum ns_col col, const struct nsinfo_ns *ns);
/* One cell of a process row; tid > 0 makes it a thread's row (split is
 * its index among the process's split threads). */
int fill_proc_cell(const struct fill_ctx *ctx, struct out_row *row, size_t pos,
		   int col, const struct nsinfo_proc *proc, pid_t tid, size_t split);

#endif
