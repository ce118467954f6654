// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * columns.c - the cells both views make (a process's task info and
 * container), and what a selection of columns needs the scan to read.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "columns.h"

unsigned int columns_scan_flags(const struct out_column *cols, const int *ids, size_t n)
{
	unsigned int flags = 0;

	for (size_t i = 0; i < n; i++)
		flags |= cols[ids[i]].needs;
	return flags;
}

/* Decimal text: an OUT_JSON_NUMBER column turns it into an exact JSON
 * number (output.c), wider than a double holds. */
int col_set_u64(struct out_row *row, size_t pos, unsigned long long v)
{
	return out_setf(row, pos, "%llu", v);
}

int col_set_denied(struct out_row *row, size_t pos)
{
	out_mark(row, pos, OUT_MARK_DENIED);
	return out_set(row, pos, "denied");
}

int col_set_task(struct out_row *row, size_t pos, enum col_task what,
		 const struct nsinfo_proc *p)
{
	pid_t ppid;
	uid_t uid;
	char st[2] = { 0, 0 };

	if (!p || !(nsinfo_proc_flags(p) & NSINFO_PROC_HAS_INFO))
		return 0;
	switch (what) {
	case COL_TASK_PPID:
		return nsinfo_proc_ppid(p, &ppid) ? 0 : out_setf(row, pos, "%d", (int)ppid);
	case COL_TASK_UID:
		return nsinfo_proc_uid(p, &uid) ? 0 : out_setf(row, pos, "%u", (unsigned int)uid);
	case COL_TASK_USER:
		return out_set(row, pos, nsinfo_proc_user(p));
	case COL_TASK_STATE:
		st[0] = nsinfo_proc_state(p);
		return out_set(row, pos, st[0] ? st : NULL);
	case COL_TASK_COMMAND:
		return out_set(row, pos, nsinfo_proc_cmdline(p));
	}
	return 0;
}

/* The name, else the ID as docker ps shortens it. Unknown stays empty. */
int col_set_container(struct out_row *row, size_t pos, bool runtime,
		      const struct nsinfo_proc *p)
{
	const struct nsinfo_container *c = p ? nsinfo_proc_container(p) : NULL;
	const char *id;

	if (!c)
		return 0;
	if (runtime)
		return out_set(row, pos, nsinfo_container_runtime(c));
	if (nsinfo_container_name(c))
		return out_set(row, pos, nsinfo_container_name(c));
	id = nsinfo_container_id(c);
	return id ? out_setf(row, pos, "%.12s", id) : 0;
}
