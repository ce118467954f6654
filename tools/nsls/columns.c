// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * columns.c - nsls's column catalogues and the one switch per view that
 * turns a column into a cell (util-linux's fill_column() habit).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nsls.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const struct out_column ns_columns[] = {
	[NS_COL_NS]	  = { "NS", 10, OUT_RIGHT, OUT_JSON_NUMBER, "namespace identifier (inode number)" },
	[NS_COL_TYPE]	  = { "TYPE", 5, 0, OUT_JSON_STRING, "kind of namespace" },
	[NS_COL_PATH]	  = { "PATH", 0, 0, OUT_JSON_STRING, "path to the namespace" },
	[NS_COL_NPROCS]	  = { "NPROCS", 5, OUT_RIGHT, OUT_JSON_NUMBER, "number of processes in the namespace" },
	[NS_COL_PID]	  = { "PID", 5, OUT_RIGHT, OUT_JSON_NUMBER, "lowest PID in the namespace" },
	[NS_COL_PPID]	  = { "PPID", 5, OUT_RIGHT, OUT_JSON_NUMBER, "PPID of the PID" },
	[NS_COL_COMMAND]  = { "COMMAND", 0, OUT_TRUNC, OUT_JSON_STRING, "command line of the PID" },
	[NS_COL_UID]	  = { "UID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "UID of the PID" },
	[NS_COL_USER]	  = { "USER", 0, 0, OUT_JSON_STRING, "username of the PID" },
	[NS_COL_NETNSID]  = { "NETNSID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "namespace ID as used by network subsystem" },
	[NS_COL_NSFS]	  = { "NSFS", 0, OUT_WRAP, OUT_JSON_STRING, "nsfs mountpoint (usually used network subsystem)" },
	[NS_COL_PNS]	  = { "PNS", 10, OUT_RIGHT, OUT_JSON_NUMBER, "parent namespace identifier (inode number)" },
	[NS_COL_ONS]	  = { "ONS", 10, OUT_RIGHT, OUT_JSON_NUMBER, "owner namespace identifier (inode number)" },
	[NS_COL_NTHREADS] = { "NTHREADS", 5, OUT_RIGHT, OUT_JSON_NUMBER, "number of threads in the namespace" },
	[NS_COL_OWNERUID] = { "OWNERUID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "UID that created the user namespace" },
	[NS_COL_NSID]	  = { "NSID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "64-bit namespace ID (Linux 6.18+)" },
	[NS_COL_DEPTH]	  = { "DEPTH", 0, OUT_RIGHT, OUT_JSON_NUMBER, "nesting level of a pid or user namespace" },
	[NS_COL_HOLDERS]  = { "HOLDERS", 0, OUT_WRAP, OUT_JSON_STRING, "what keeps the namespace alive (processes, threads, fds, mounts, descendants)" },
	[NS_COL_NAME]	  = { "NAME", 0, 0, OUT_JSON_STRING, "ip netns name, or the path of an nsfs bind mount" },
	[NS_COL_RUNTIME]  = { "RUNTIME", 0, 0, OUT_JSON_STRING, "container runtime of the PID (docker, podman, lxc, ...)" },
	[NS_COL_CONTAINER] = { "CONTAINER", 0, 0, OUT_JSON_STRING, "container of the PID: name, else short ID" },
};
_Static_assert(ARRAY_SIZE(ns_columns) == NS_NCOLS, "one ns_columns[] row per enum ns_col");

const unsigned int ns_column_needs[NS_NCOLS] = {
	[NS_COL_PPID] = NEED_INFO, [NS_COL_COMMAND] = NEED_INFO,
	[NS_COL_UID] = NEED_INFO, [NS_COL_USER] = NEED_INFO,
	[NS_COL_NETNSID] = NEED_NETNSID, [NS_COL_NSFS] = NEED_MOUNTS,
	[NS_COL_PNS] = NEED_RELATIONS, [NS_COL_ONS] = NEED_RELATIONS,
	[NS_COL_NTHREADS] = NEED_TASKS, [NS_COL_OWNERUID] = NEED_RELATIONS,
	[NS_COL_NSID] = NEED_RELATIONS, [NS_COL_DEPTH] = NEED_RELATIONS,
	[NS_COL_HOLDERS] = NEED_FOR_CHILDREN | NEED_FDS | NEED_MOUNTS | NEED_RELATIONS,
	[NS_COL_NAME] = NEED_MOUNTS,
	[NS_COL_RUNTIME] = NEED_CONTAINERS, [NS_COL_CONTAINER] = NEED_CONTAINERS,
};

/* Per-type names live in the type table; the array is filled from it. */
static char type_col_names[NSINFO_NTYPES][16];
static char type_col_help[NSINFO_NTYPES][48];

struct out_column proc_columns[] = {
	[PROC_COL_PID]	    = { "PID", 5, OUT_RIGHT, OUT_JSON_NUMBER, "process ID" },
	[PROC_COL_TID]	    = { "TID", 5, OUT_RIGHT, OUT_JSON_NUMBER, "thread ID of a thread apart from its process (--tasks)" },
	[PROC_COL_PPID]	    = { "PPID", 5, OUT_RIGHT, OUT_JSON_NUMBER, "parent process ID" },
	[PROC_COL_UID]	    = { "UID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "effective UID" },
	[PROC_COL_USER]	    = { "USER", 0, 0, OUT_JSON_STRING, "effective user name" },
	[PROC_COL_STATE]    = { "STATE", 1, 0, OUT_JSON_STRING, "process state (R, S, D, Z, T, ...)" },
	[PROC_COL_NTHREADS] = { "NTHREADS", 3, OUT_RIGHT, OUT_JSON_NUMBER, "number of threads (--tasks)" },
	[PROC_COL_COMMAND]  = { "COMMAND", 0, OUT_TRUNC, OUT_JSON_STRING, "command line" },
	[PROC_COL_RUNTIME]  = { "RUNTIME", 0, 0, OUT_JSON_STRING, "container runtime (docker, podman, lxc, ...)" },
	[PROC_COL_CONTAINER] = { "CONTAINER", 0, 0, OUT_JSON_STRING, "container: name, else short ID" },
};
_Static_assert(ARRAY_SIZE(proc_columns) == PROC_NCOLS, "one proc_columns[] row per enum proc_col");

const unsigned int proc_column_needs[PROC_NCOLS] = {
	[PROC_COL_PPID] = NEED_INFO, [PROC_COL_UID] = NEED_INFO,
	[PROC_COL_USER] = NEED_INFO, [PROC_COL_STATE] = NEED_INFO,
	[PROC_COL_COMMAND] = NEED_INFO, [PROC_COL_NTHREADS] = NEED_TASKS,
	[PROC_COL_TID] = NEED_TASKS,
	[PROC_COL_RUNTIME] = NEED_CONTAINERS, [PROC_COL_CONTAINER] = NEED_CONTAINERS,
};

void proc_columns_init(void)
{
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		const char *name = nsinfo_type_name((enum nsinfo_type)t);
		struct out_column *c = &proc_columns[PROC_COL_NS0 + t];
		size_t i;

		/* ps's names: netns, mntns, ... upper-cased as columns are */
		for (i = 0; name[i] && i < sizeof(type_col_names[t]) - 3; i++)
			type_col_names[t][i] = (char)toupper((unsigned char)name[i]);
		memcpy(type_col_names[t] + i, "NS", 3);
		snprintf(type_col_help[t], sizeof(type_col_help[t]),
			 "inode of the %s namespace", name);
		*c = (struct out_column){ type_col_names[t], 10, OUT_RIGHT,
					  OUT_JSON_NUMBER, type_col_help[t] };
	}
}

/* ---- cells ---- */

static int set_u64(struct out_row *row, size_t pos, unsigned long long v)
{
	return out_setf(row, pos, "%llu", v);
}

/* Append one line to a growing text; false when it did not fit. */
static bool add_line(char *buf, size_t len, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static bool add_line(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used && *used + 1 < len)
		buf[(*used)++] = '\n';
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, len - *used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *used) {
		buf[*used] = '\0';
		return false;
	}
	*used += (size_t)n;
	return true;
}

/*
 * The mounts of one path, once: a bind mount made before other mount
 * namespaces were copied shows in all of them, so they are counted, not
 * listed. Only the first holder of each path (index i) prints.
 */
static bool add_mount_lines(char *buf, size_t len, size_t *used,
			    const struct nsinfo_ns *ns, size_t i)
{
	const struct nsinfo_holder *h = nsinfo_ns_holder(ns, i), *other = NULL;
	size_t nothers = 0;
	bool own = false;

	for (size_t j = 0; j < i; j++)
		if (nsinfo_ns_holder(ns, j)->kind == NSINFO_HOLDER_MOUNT &&
		    strcmp(nsinfo_ns_holder(ns, j)->path, h->path) == 0)
			return true;	/* printed with its first */
	for (size_t j = i; j < nsinfo_ns_holder_count(ns); j++) {
		const struct nsinfo_holder *k = nsinfo_ns_holder(ns, j);

		if (k->kind != NSINFO_HOLDER_MOUNT || strcmp(k->path, h->path) != 0)
			continue;
		if (k->own_mntns) {
			own = true;
		} else {
			other = k;
			nothers++;
		}
	}
	if (own && !add_line(buf, len, used, "mount %s", h->path))
		return false;
	if (nothers == 1)
		return add_line(buf, len, used, "mount %s in mnt:[%llu]", h->path,
				(unsigned long long)other->mntns);
	if (nothers > 1)
		return add_line(buf, len, used, "mount %s in %zu %smount namespaces", h->path,
				nothers, own ? "other " : "");
	return true;
}

/* What keeps the namespace alive, one holder a line: processes and
 * threads as counts, then every fd, socket and mount, then descendants. */
static int set_holders(struct out_row *row, size_t pos, const struct nsinfo_ns *ns)
{
	unsigned int bits = nsinfo_ns_holders(ns);
	size_t nprocs = nsinfo_ns_proc_count(ns), used = 0;
	const struct nsinfo_proc *lead;
	char buf[8192] = "";
	pid_t tid;
	unsigned int how;

	if (nprocs)
		add_line(buf, sizeof(buf), &used, "%zu process%s", nprocs, nprocs == 1 ? "" : "es");
	if ((bits & NSINFO_HOLD_THREAD) && nsinfo_ns_leader(ns, &lead, &tid, &how) == 0 &&
	    how == NSINFO_HOLD_THREAD)
		add_line(buf, sizeof(buf), &used, "thread %d of PID %d", (int)tid,
			 (int)nsinfo_proc_pid(lead));
	else if (bits & NSINFO_HOLD_THREAD)
		add_line(buf, sizeof(buf), &used, "threads");
	if (bits & NSINFO_HOLD_FOR_CHILDREN)
		add_line(buf, sizeof(buf), &used, "%s_for_children",
			 nsinfo_type_proc_name(nsinfo_ns_type(ns)));
	for (size_t i = 0; i < nsinfo_ns_holder_count(ns); i++) {
		const struct nsinfo_holder *h = nsinfo_ns_holder(ns, i);
		bool ok = true;

		if (h->kind == NSINFO_HOLDER_MOUNT) {
			ok = add_mount_lines(buf, sizeof(buf), &used, ns, i);
			if (!ok) {
				add_line(buf, sizeof(buf), &used, "...");
				break;
			}
			continue;
		}
		switch (h->kind) {
		case NSINFO_HOLDER_FD:
			ok = add_line(buf, sizeof(buf), &used, "fd %d of PID %d", h->fd, (int)h->pid);
			break;
		case NSINFO_HOLDER_SOCKET:
			ok = add_line(buf, sizeof(buf), &used, "socket fd %d of PID %d", h->fd,
				      (int)h->pid);
			break;
		case NSINFO_HOLDER_MOUNT:
			break;
		}
		if (!ok) {
			add_line(buf, sizeof(buf), &used, "...");
			break;
		}
	}
	if (bits == NSINFO_HOLD_ANCESTOR)
		add_line(buf, sizeof(buf), &used, "descendants only (hidden)");
	else if (bits & NSINFO_HOLD_ANCESTOR)
		add_line(buf, sizeof(buf), &used, "descendants");
	return out_set(row, pos, used ? buf : NULL);
}

/* A relation value, 0 when there is none, "denied" when not readable,
 * empty when not known. */
static int set_relation(struct out_row *row, size_t pos, int rc, uint64_t v)
{
	if (rc == 0)
		return set_u64(row, pos, v);
	if (rc == -EACCES) {
		out_mark(row, pos, OUT_MARK_DENIED);
		return out_set(row, pos, "denied");
	}
	return 0;
}

static int set_nsfs(struct out_row *row, size_t pos, const struct nsinfo_ns *ns)
{
	size_t n = nsinfo_ns_nsfs_count(ns), len = 0;
	char buf[4096];

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(buf + len, sizeof(buf) - len, "%s%s",
				 i ? "\n" : "", nsinfo_ns_nsfs(ns, i));

		if (w < 0 || (size_t)w >= sizeof(buf) - len)
			break;
		len += (size_t)w;
	}
	return out_set(row, pos, len ? buf : NULL);
}

/* RUNTIME or CONTAINER of a process; the name, else the ID as docker ps
 * shortens it. Unknown stays empty. */
static int set_container(struct out_row *row, size_t pos, bool runtime,
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

/* Columns about a process, shared by both views. */
static int fill_task_info(struct out_row *row, size_t pos, int what,
			  const struct nsinfo_proc *p)
{
	pid_t ppid;
	uid_t uid;
	char st[2] = { 0, 0 };

	if (!p || !(nsinfo_proc_flags(p) & NSINFO_PROC_HAS_INFO))
		return 0;
	switch (what) {
	case NS_COL_PPID:
		return nsinfo_proc_ppid(p, &ppid) ? 0 : out_setf(row, pos, "%d", (int)ppid);
	case NS_COL_COMMAND:
		return out_set(row, pos, nsinfo_proc_cmdline(p));
	case NS_COL_UID:
		return nsinfo_proc_uid(p, &uid) ? 0 : out_setf(row, pos, "%u", (unsigned int)uid);
	case NS_COL_USER:
		return out_set(row, pos, nsinfo_proc_user(p));
	case -1:
		st[0] = nsinfo_proc_state(p);
		return out_set(row, pos, st[0] ? st : NULL);
	}
	return 0;
}

int fill_ns_cell(const struct fill_ctx *ctx, struct out_row *row, size_t pos,
		 enum ns_col col, const struct nsinfo_ns *ns)
{
	enum nsinfo_type type = nsinfo_ns_type(ns);
	const struct nsinfo_proc *lead = NULL;
	unsigned int how = 0, depth;
	pid_t tid = 0;
	uint64_t v;
	uid_t uid;
	int id, rc;

	nsinfo_ns_leader(ns, &lead, &tid, &how);
	switch (col) {
	case NS_COL_NS:
		return set_u64(row, pos, nsinfo_ns_inode(ns));
	case NS_COL_TYPE:
		return out_set(row, pos, nsinfo_type_name(type));
	case NS_COL_PATH:
		if (!lead)
			return 0;
		if (how == NSINFO_HOLD_THREAD)
			return out_setf(row, pos, "%s/%d/task/%d/ns/%s", ctx->proc_root,
					(int)nsinfo_proc_pid(lead), (int)tid,
					nsinfo_type_proc_name(type));
		return out_setf(row, pos, "%s/%d/ns/%s%s", ctx->proc_root, (int)tid,
				nsinfo_type_proc_name(type),
				how == NSINFO_HOLD_FOR_CHILDREN ? "_for_children" : "");
	case NS_COL_NPROCS:
		return set_u64(row, pos, nsinfo_ns_proc_count(ns));
	case NS_COL_PID:
		return lead ? out_setf(row, pos, "%d", (int)tid) : 0;
	case NS_COL_PPID:
	case NS_COL_COMMAND:
	case NS_COL_UID:
	case NS_COL_USER:
		return fill_task_info(row, pos, col, lead);
	case NS_COL_NETNSID:
		if (type != NSINFO_TYPE_NET || nsinfo_ns_netnsid(ns, &id) < 0)
			return 0;
		return id < 0 ? out_set(row, pos, "unassigned") : out_setf(row, pos, "%d", id);
	case NS_COL_NSFS:
		return set_nsfs(row, pos, ns);
	case NS_COL_PNS:
		rc = nsinfo_ns_parent(ns, &v);
		return set_relation(row, pos, rc, v);
	case NS_COL_ONS:
		rc = nsinfo_ns_owner(ns, &v);
		return set_relation(row, pos, rc, v);
	case NS_COL_NTHREADS:
		return set_u64(row, pos, nsinfo_ns_thread_count(ns));
	case NS_COL_OWNERUID:
		if (type != NSINFO_TYPE_USER)
			return 0;
		rc = nsinfo_ns_owner_uid(ns, &uid);
		return set_relation(row, pos, rc, uid);
	case NS_COL_NSID:
		rc = nsinfo_ns_id(ns, &v);
		return set_relation(row, pos, rc, v);
	case NS_COL_DEPTH:
		if (type != NSINFO_TYPE_PID && type != NSINFO_TYPE_USER)
			return 0;
		rc = nsinfo_ns_depth(ns, &depth);
		return set_relation(row, pos, rc, depth);
	case NS_COL_HOLDERS:
		return set_holders(row, pos, ns);
	case NS_COL_NAME:
		return out_set(row, pos, nsinfo_ns_name(ns));
	case NS_COL_RUNTIME:
	case NS_COL_CONTAINER:
		return set_container(row, pos, col == NS_COL_RUNTIME, lead);
	case NS_NCOLS:
		break;
	}
	return 0;
}

int fill_proc_cell(const struct fill_ctx *ctx, struct out_row *row, size_t pos,
		   int col, const struct nsinfo_proc *p, pid_t tid, size_t split)
{
	(void)ctx;
	if (col >= PROC_COL_NS0) {
		enum nsinfo_type t = (enum nsinfo_type)(col - PROC_COL_NS0);
		const struct nsinfo_ns *ns = tid ? nsinfo_proc_split_ns(p, split, t)
						 : nsinfo_proc_ns(p, t);

		if (ns)
			return set_u64(row, pos, nsinfo_ns_inode(ns));
		if (nsinfo_proc_flags(p) & NSINFO_PROC_DENIED) {
			out_mark(row, pos, OUT_MARK_DENIED);
			return out_set(row, pos, "denied");
		}
		return 0;
	}
	switch (col) {
	case PROC_COL_PID:
		return out_setf(row, pos, "%d", (int)nsinfo_proc_pid(p));
	case PROC_COL_TID:
		return tid ? out_setf(row, pos, "%d", (int)tid) : 0;
	case PROC_COL_PPID:
		return fill_task_info(row, pos, NS_COL_PPID, p);
	case PROC_COL_UID:
		return fill_task_info(row, pos, NS_COL_UID, p);
	case PROC_COL_USER:
		return fill_task_info(row, pos, NS_COL_USER, p);
	case PROC_COL_STATE:
		return fill_task_info(row, pos, -1, p);
	case PROC_COL_COMMAND:
		return fill_task_info(row, pos, NS_COL_COMMAND, p);
	case PROC_COL_NTHREADS:
		return tid ? 0 : set_u64(row, pos, nsinfo_proc_thread_count(p));
	case PROC_COL_RUNTIME:
	case PROC_COL_CONTAINER:
		return set_container(row, pos, col == PROC_COL_RUNTIME, p);
	}
	return 0;
}
