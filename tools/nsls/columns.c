// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * columns.c - nsls's column catalogues and the one switch per view that
 * turns a column into a cell (util-linux's fill_column() habit).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

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
	[NS_COL_HOLDERS]  = { "HOLDERS", 0, OUT_WRAP, OUT_JSON_ARRAY, "what keeps the namespace alive (processes, threads, fds, mounts, descendants)" },
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

/*
 * HOLDERS is a list cell: one item per holder for the table (escaped and
 * joined by the output layer), and for -J an array of objects, one per
 * holder, whose "kind" says which keys follow (see nsls(1), JSON).
 */
struct holders {
	struct out_row *row;
	size_t pos;
	cJSON *json;	/* the array */
};

/* One object of the array, {"kind": kind}; NULL on ENOMEM. */
static cJSON *holder_obj(struct holders *h, const char *kind)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !cJSON_AddStringToObject(o, "kind", kind) ||
	    !cJSON_AddItemToArray(h->json, o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* key: an exact number; false on ENOMEM. */
static bool add_num(cJSON *o, const char *key, long long v)
{
	cJSON *n = out_json_int(v);

	if (!n || !cJSON_AddItemToObject(o, key, n)) {
		cJSON_Delete(n);
		return false;
	}
	return true;
}

static bool add_unum(cJSON *o, const char *key, unsigned long long v)
{
	cJSON *n = out_json_uint(v);

	if (!n || !cJSON_AddItemToObject(o, key, n)) {
		cJSON_Delete(n);
		return false;
	}
	return true;
}

/*
 * The mounts of one path, once: a bind mount made before other mount
 * namespaces were copied shows in all of them, so the table counts them
 * instead of listing them. Only the first holder of each path (index i)
 * makes the items; JSON has every mount as it is (add_holders()).
 */
static int add_mount_items(struct holders *hs, const struct nsinfo_ns *ns, size_t i)
{
	const struct nsinfo_holder *h = nsinfo_ns_holder(ns, i), *other = NULL;
	size_t nothers = 0;
	bool own = false;
	int rc = 0;

	for (size_t j = 0; j < i; j++)
		if (nsinfo_ns_holder(ns, j)->kind == NSINFO_HOLDER_MOUNT &&
		    strcmp(nsinfo_ns_holder(ns, j)->path, h->path) == 0)
			return 0;	/* listed with its first */
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
	if (own)
		rc = out_add_itemf(hs->row, hs->pos, "mount %s", h->path);
	if (rc == 0 && nothers == 1)
		rc = out_add_itemf(hs->row, hs->pos, "mount %s in mnt:[%llu]", h->path,
				   (unsigned long long)other->mntns);
	if (rc == 0 && nothers > 1)
		rc = out_add_itemf(hs->row, hs->pos, "mount %s in %zu %smount namespaces",
				   h->path, nothers, own ? "other " : "");
	return rc;
}

/* One holder record: its item (mounts: grouped) and its object. */
static int add_holder(struct holders *hs, const struct nsinfo_ns *ns, size_t i)
{
	const struct nsinfo_holder *h = nsinfo_ns_holder(ns, i);
	cJSON *o;
	int rc;

	switch (h->kind) {
	case NSINFO_HOLDER_FD:
		rc = out_add_itemf(hs->row, hs->pos, "fd %d of PID %d", h->fd, (int)h->pid);
		o = holder_obj(hs, "fd");
		break;
	case NSINFO_HOLDER_SOCKET:
		rc = out_add_itemf(hs->row, hs->pos, "socket fd %d of PID %d", h->fd,
				   (int)h->pid);
		o = holder_obj(hs, "socket");
		break;
	case NSINFO_HOLDER_MOUNT:
		rc = add_mount_items(hs, ns, i);
		o = holder_obj(hs, "mount");
		if (!o || !cJSON_AddStringToObject(o, "path", h->path) ||
		    !add_unum(o, "mntns", h->mntns) || !add_num(o, "pid", h->pid) ||
		    !cJSON_AddBoolToObject(o, "own_mntns", h->own_mntns))
			return -ENOMEM;
		return rc;
	default:
		return 0;
	}
	if (rc < 0 || !o || !add_num(o, "pid", h->pid) || !add_num(o, "fd", h->fd))
		return -ENOMEM;
	return 0;
}

/* What keeps the namespace alive, one holder an item: processes and
 * threads as counts, then every fd, socket and mount, then descendants. */
static int set_holders(struct out_row *row, size_t pos, const struct nsinfo_ns *ns)
{
	unsigned int bits = nsinfo_ns_holders(ns);
	size_t nprocs = nsinfo_ns_proc_count(ns);
	struct holders hs = { row, pos, cJSON_CreateArray() };
	const struct nsinfo_proc *lead;
	char link[32];
	pid_t tid;
	unsigned int how;
	cJSON *o;

	if (!hs.json)
		return -ENOMEM;
	if (nprocs) {
		if (out_add_itemf(row, pos, "%zu process%s", nprocs, nprocs == 1 ? "" : "es") ||
		    !(o = holder_obj(&hs, "processes")) || !add_unum(o, "count", nprocs))
			goto fail;
	}
	if ((bits & NSINFO_HOLD_THREAD) && nsinfo_ns_leader(ns, &lead, &tid, &how) == 0 &&
	    how == NSINFO_HOLD_THREAD) {
		if (out_add_itemf(row, pos, "thread %d of PID %d", (int)tid,
				  (int)nsinfo_proc_pid(lead)) ||
		    !(o = holder_obj(&hs, "thread")) || !add_num(o, "tid", tid) ||
		    !add_num(o, "pid", nsinfo_proc_pid(lead)))
			goto fail;
	} else if (bits & NSINFO_HOLD_THREAD) {
		/* threads besides processes: which ones is not kept */
		if (out_add_item(row, pos, "threads") || !holder_obj(&hs, "threads"))
			goto fail;
	}
	if (bits & NSINFO_HOLD_FOR_CHILDREN) {
		snprintf(link, sizeof(link), "%s_for_children",
			 nsinfo_type_proc_name(nsinfo_ns_type(ns)));
		if (out_add_item(row, pos, link) || !(o = holder_obj(&hs, "for_children")) ||
		    !cJSON_AddStringToObject(o, "link", link))
			goto fail;
	}
	for (size_t i = 0; i < nsinfo_ns_holder_count(ns); i++)
		if (add_holder(&hs, ns, i) < 0)
			goto fail;
	if (bits & NSINFO_HOLD_ANCESTOR) {
		bool only = bits == NSINFO_HOLD_ANCESTOR;

		if (out_add_item(row, pos, only ? "descendants only (hidden)" : "descendants") ||
		    !(o = holder_obj(&hs, "descendants")) ||
		    !cJSON_AddBoolToObject(o, "only", only))
			goto fail;
	}
	if (cJSON_GetArraySize(hs.json) == 0) {
		cJSON_Delete(hs.json);
		return 0;	/* nothing known: empty, null in JSON */
	}
	return out_set_json(row, pos, hs.json);
fail:
	cJSON_Delete(hs.json);
	return -ENOMEM;
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
