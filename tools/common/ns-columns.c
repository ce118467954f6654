// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns-columns.c - the namespace view's catalogue (lsns's columns first,
 * then ours) and its fill_column() switch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>

#include "columns.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The process columns of this view show the namespace's leader only. */
#define LEADER		NSINFO_SCAN_INFO_LEADERS
#define STATS		NSINFO_SCAN_TASK_STATS
#define HOLDERS_NEED	(NSINFO_SCAN_FOR_CHILDREN | NSINFO_SCAN_FDS | \
			 NSINFO_SCAN_MOUNTS | NSINFO_SCAN_RELATIONS)

const struct out_column ns_columns[] = {
	[NS_COL_NS]	  = { "NS", 10, OUT_RIGHT, OUT_JSON_NUMBER, "namespace identifier (inode number)", 0 },
	[NS_COL_TYPE]	  = { "TYPE", 5, 0, OUT_JSON_STRING, "kind of namespace", 0 },
	[NS_COL_PATH]	  = { "PATH", 0, 0, OUT_JSON_STRING, "path to the namespace", 0 },
	[NS_COL_NPROCS]	  = { "NPROCS", 5, OUT_RIGHT, OUT_JSON_NUMBER, "number of processes in the namespace", 0 },
	[NS_COL_PID]	  = { "PID", 5, OUT_RIGHT, OUT_JSON_NUMBER, "lowest PID in the namespace", 0 },
	[NS_COL_PPID]	  = { "PPID", 5, OUT_RIGHT, OUT_JSON_NUMBER, "PPID of the PID", LEADER },
	[NS_COL_COMMAND]  = { "COMMAND", 0, OUT_TRUNC, OUT_JSON_STRING, "command line of the PID", LEADER },
	[NS_COL_UID]	  = { "UID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "UID of the PID", LEADER },
	[NS_COL_USER]	  = { "USER", 0, 0, OUT_JSON_STRING, "username of the PID", LEADER },
	/* a string in JSON, "7" and "unassigned" alike, as lsns prints it */
	[NS_COL_NETNSID]  = { "NETNSID", 0, OUT_RIGHT, OUT_JSON_STRING, "namespace ID as used by network subsystem",
			      NSINFO_SCAN_NETNSID },
	[NS_COL_NSFS]	  = { "NSFS", 0, OUT_WRAP, OUT_JSON_STRING, "nsfs mountpoint (usually used network subsystem)",
			      NSINFO_SCAN_MOUNTS },
	[NS_COL_PNS]	  = { "PNS", 10, OUT_RIGHT, OUT_JSON_NUMBER, "parent namespace identifier (inode number)",
			      NSINFO_SCAN_RELATIONS },
	[NS_COL_ONS]	  = { "ONS", 10, OUT_RIGHT, OUT_JSON_NUMBER, "owner namespace identifier (inode number)",
			      NSINFO_SCAN_RELATIONS },
	[NS_COL_NTHREADS] = { "NTHREADS", 5, OUT_RIGHT, OUT_JSON_NUMBER, "number of threads in the namespace",
			      NSINFO_SCAN_TASKS },
	[NS_COL_OWNERUID] = { "OWNERUID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "UID that created the user namespace",
			      NSINFO_SCAN_RELATIONS },
	[NS_COL_NSID]	  = { "NSID", 0, OUT_RIGHT, OUT_JSON_NUMBER, "64-bit namespace ID (Linux 6.18+)",
			      NSINFO_SCAN_RELATIONS },
	[NS_COL_DEPTH]	  = { "DEPTH", 0, OUT_RIGHT, OUT_JSON_NUMBER, "nesting level of a pid or user namespace",
			      NSINFO_SCAN_RELATIONS },
	[NS_COL_HOLDERS]  = { "HOLDERS", 0, OUT_WRAP, OUT_JSON_ARRAY,
			      "what keeps the namespace alive (processes, threads, fds, mounts, descendants)",
			      HOLDERS_NEED },
	[NS_COL_NAME]	  = { "NAME", 0, 0, OUT_JSON_STRING, "ip netns name, or the path of an nsfs bind mount",
			      NSINFO_SCAN_MOUNTS },
	[NS_COL_RUNTIME]  = { "RUNTIME", 0, 0, OUT_JSON_STRING, "container runtime of the PID (docker, podman, lxc, ...)",
			      NSINFO_SCAN_CONTAINERS },
	[NS_COL_CONTAINER] = { "CONTAINER", 0, 0, OUT_JSON_STRING, "container of the PID: name, else short ID",
			       NSINFO_SCAN_CONTAINERS },
	[NS_COL_PCPU]	  = { "%CPU", 5, OUT_RIGHT, OUT_JSON_NUMBER,
			      "CPU use of its processes, percent of one CPU (live: since the last refresh)", STATS },
	[NS_COL_RSS]	  = { "RSS", 8, OUT_RIGHT, OUT_JSON_NUMBER, "resident memory of its processes, KiB (summed)",
			      STATS },
	[NS_COL_AGE]	  = { "AGE", 8, OUT_RIGHT, OUT_JSON_NUMBER,
			      "time since its oldest process started ([[DD-]hh:]mm:ss; JSON: seconds)", STATS },
	COL_CG_ROWS(NS_COL_CG0, " of the PID"),
	[NS_COL_STDIN]	  = { "STDIN", 0, 0, OUT_JSON_OBJECT, COL_STDIO_HELP("fd 0 of the PID"), NSINFO_SCAN_STDIO },
	[NS_COL_STDOUT]	  = { "STDOUT", 0, 0, OUT_JSON_OBJECT, COL_STDIO_HELP("fd 1 of the PID"), NSINFO_SCAN_STDIO },
	[NS_COL_STDERR]	  = { "STDERR", 0, 0, OUT_JSON_OBJECT, COL_STDIO_HELP("fd 2 of the PID"), NSINFO_SCAN_STDIO },
};
_Static_assert(ARRAY_SIZE(ns_columns) == NS_NCOLS, "one ns_columns[] row per enum ns_col");

/* A relation value, 0 when there is none, "denied" when not readable,
 * empty when not known. */
static int set_relation(struct out_row *row, size_t pos, int rc, uint64_t v)
{
	if (rc == 0)
		return col_set_u64(row, pos, v);
	if (rc == -EACCES)
		return col_set_denied(row, pos);
	return 0;
}

/* A list cell; in JSON one string, as lsns prints it (the output layer). */
static int set_nsfs(struct out_row *row, size_t pos, const struct nsinfo_ns *ns)
{
	for (size_t i = 0; i < nsinfo_ns_nsfs_count(ns); i++) {
		int rc = out_add_item(row, pos, nsinfo_ns_nsfs(ns, i));

		if (rc < 0)
			return rc;
	}
	return 0;
}

/* PATH: the link the leader holds it by (its thread's, or a
 * *_for_children link). */
static int set_path(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
		    enum nsinfo_type type, const struct nsinfo_proc *lead, pid_t tid,
		    unsigned int how)
{
	if (!lead)
		return 0;
	if (how == NSINFO_HOLD_THREAD)
		return out_setf(row, pos, "%s/%d/task/%d/ns/%s", ctx->proc_root,
				(int)nsinfo_proc_pid(lead), (int)tid,
				nsinfo_type_proc_name(type));
	return out_setf(row, pos, "%s/%d/ns/%s%s", ctx->proc_root, (int)tid,
			nsinfo_type_proc_name(type),
			how == NSINFO_HOLD_FOR_CHILDREN ? "_for_children" : "");
}

/* Threads as counted one by one (NSINFO_SCAN_TASKS); without that, each
 * process's count from its stat (a monitor's way: a thread that sat in
 * another namespace is counted with its process), if that was read. */
static int set_threads(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
		       const struct nsinfo_ns *ns)
{
	struct col_stats scratch;
	size_t n = nsinfo_ns_thread_count(ns);

	/* the sum comes with %CPU's and RSS's: one pass over the processes */
	if (!n)
		n = col_stats_of(ctx, ns, NULL, &scratch)->threads;
	return col_set_u64(row, pos, n);
}

/* A figure summed over the namespace's processes. */
static int set_stat(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
		    enum ns_col col, const struct nsinfo_ns *ns)
{
	struct col_stats scratch;

	return col_set_stat(row, pos, ctx,
			    col == NS_COL_PCPU ? COL_STAT_CPU :
			    col == NS_COL_RSS ? COL_STAT_RSS : COL_STAT_AGE,
			    col_stats_of(ctx, ns, NULL, &scratch));
}

/* One process's figure (a row of nsls's view of one namespace). */
static int set_proc_stat(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
			 enum ns_col col, const struct nsinfo_proc *p)
{
	struct col_stats st;

	col_stats_init(&st);
	col_stats_add(&st, ctx, p);
	return col_set_stat(row, pos, ctx,
			    col == NS_COL_PCPU ? COL_STAT_CPU :
			    col == NS_COL_RSS ? COL_STAT_RSS : COL_STAT_AGE, &st);
}

/*
 * UID and USER of a user namespace that no process stands for (held by a
 * mount or an fd, or only by the namespaces below it): those of its owner,
 * the UID that created it, as lsns shows them. Other types have no owner
 * UID and stay empty (lsns says root there, whoever made them).
 */
static int set_owner_user(struct out_row *row, size_t pos, enum ns_col col,
			  const struct nsinfo_ns *ns)
{
	struct passwd pw, *res = NULL;
	char buf[1024];
	uid_t uid;

	if (nsinfo_ns_type(ns) != NSINFO_TYPE_USER || nsinfo_ns_owner_uid(ns, &uid) < 0)
		return 0;
	if (col == NS_COL_UID)
		return out_setf(row, pos, "%u", (unsigned int)uid);
	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		return out_set(row, pos, res->pw_name);
	return out_setf(row, pos, "%u", (unsigned int)uid);
}

/*
 * The switch of both: the process columns show lead (tid, how: as
 * nsinfo_ns_leader() says); member: lead is one of the namespace's
 * processes and its row is its own (its threads and figures, not the
 * namespace's).
 */
static int fill(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
		enum ns_col col, const struct nsinfo_ns *ns, const struct nsinfo_proc *lead,
		pid_t tid, unsigned int how, bool member)
{
	enum nsinfo_type type = nsinfo_ns_type(ns);
	unsigned int depth;
	uint64_t v;
	uid_t uid;
	int id, rc;

	switch (col) {
	case NS_COL_NS:
		return col_set_u64(row, pos, nsinfo_ns_inode(ns));
	case NS_COL_TYPE:
		return out_set(row, pos, nsinfo_type_name(type));
	case NS_COL_PATH:
		return set_path(ctx, row, pos, type, lead, tid, how);
	case NS_COL_NPROCS:
		return col_set_u64(row, pos, nsinfo_ns_proc_count(ns));
	case NS_COL_PID:
		return lead ? out_setf(row, pos, "%d", (int)tid) : 0;
	case NS_COL_PPID:
		return col_set_task(row, pos, COL_TASK_PPID, lead);
	case NS_COL_COMMAND:
		return col_set_task(row, pos, COL_TASK_COMMAND, lead);
	case NS_COL_UID:
	case NS_COL_USER:
		if (!lead)
			return set_owner_user(row, pos, col, ns);
		return col_set_task(row, pos, col == NS_COL_UID ? COL_TASK_UID : COL_TASK_USER, lead);
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
		if (member)
			return nsinfo_proc_thread_count(lead) ?
				col_set_u64(row, pos, nsinfo_proc_thread_count(lead)) : 0;
		return set_threads(ctx, row, pos, ns);
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
		return col_set_holders(row, pos, ns);
	case NS_COL_NAME:
		return out_set(row, pos, nsinfo_ns_name(ns));
	case NS_COL_RUNTIME:
	case NS_COL_CONTAINER:
		return col_set_container(row, pos, col == NS_COL_RUNTIME, lead);
	case NS_COL_PCPU:
	case NS_COL_RSS:
	case NS_COL_AGE:
		if (member)
			return set_proc_stat(ctx, row, pos, col, lead);
		return set_stat(ctx, row, pos, col, ns);
	case NS_COL_STDIN:
	case NS_COL_STDOUT:
	case NS_COL_STDERR:
		/* a thread stands for the namespace: its process's streams */
		return col_set_stdio(ctx, row, pos, (int)(col - NS_COL_STDIN), lead);
	default:
		break;
	}
	/* the PID's cgroups (a cgroup namespace's row: CGNSROOT is its root) */
	if (col >= NS_COL_CG0 && col < NS_COL_STDIN && lead)
		return col_set_cgroup(row, pos, (enum col_cg)(col - NS_COL_CG0), lead, NULL);
	return 0;
}

int ns_column_fill(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
		   enum ns_col col, const struct nsinfo_ns *ns)
{
	const struct nsinfo_proc *lead = NULL;
	unsigned int how = 0;
	pid_t tid = 0;

	nsinfo_ns_leader(ns, &lead, &tid, &how);
	return fill(ctx, row, pos, col, ns, lead, tid, how, false);
}

int ns_member_column_fill(const struct columns_ctx *ctx, struct out_row *row, size_t pos,
			  enum ns_col col, const struct nsinfo_ns *ns,
			  const struct nsinfo_proc *proc)
{
	return fill(ctx, row, pos, col, ns, proc, nsinfo_proc_pid(proc), NSINFO_HOLD_PROCESS,
		    true);
}
