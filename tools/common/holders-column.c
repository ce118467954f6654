// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * holders-column.c - the HOLDERS cell: what keeps a namespace alive, as a list
 * for the table and as an array of objects for -J (see nsls(1), JSON).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "columns.h"

/*
 * HOLDERS is a list cell: one item per holder for the table (escaped and
 * joined by the output layer), and for -J an array of objects, one per
 * holder, whose "kind" says which keys follow (see nsls(1), JSON).
 */
struct holders {
	struct out_row *row;
	size_t pos;
	cJSON *json;	/* the array; NULL: the table has no JSON (items only) */
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
	return col_json_add_uint(o, key, v);
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
		if (!hs->json)
			return rc;
		o = holder_obj(hs, "fd");
		break;
	case NSINFO_HOLDER_SOCKET:
		rc = out_add_itemf(hs->row, hs->pos, "socket fd %d of PID %d", h->fd,
				   (int)h->pid);
		if (!hs->json)
			return rc;
		o = holder_obj(hs, "socket");
		break;
	case NSINFO_HOLDER_MOUNT:
		rc = add_mount_items(hs, ns, i);
		if (!hs->json)
			return rc;
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
int col_set_holders(struct out_row *row, size_t pos, const struct nsinfo_ns *ns)
{
	unsigned int bits = nsinfo_ns_holders(ns);
	size_t nprocs = nsinfo_ns_proc_count(ns);
	/* a table that never becomes JSON (a monitor's screen) is spared
	 * the array: only the items are made */
	bool json = out_row_wants_json(row);
	struct holders hs = { row, pos, json ? cJSON_CreateArray() : NULL };
	const struct nsinfo_proc *lead;
	char link[32];
	pid_t tid;
	unsigned int how;
	cJSON *o;

	if (json && !hs.json)
		return -ENOMEM;
	if (nprocs) {
		char num[COL_U64_BUF + 16];
		char *p = col_format_u64(num, nprocs);

		/* by hand: this is every row of a monitor's frame */
		memmove(num, p, strlen(p) + 1);
		strcat(num, nprocs == 1 ? " process" : " processes");
		if (out_add_item(row, pos, num) ||
		    (json && (!(o = holder_obj(&hs, "processes")) || !add_unum(o, "count", nprocs))))
			goto fail;
	}
	if ((bits & NSINFO_HOLD_THREAD) && nsinfo_ns_leader(ns, &lead, &tid, &how) == 0 &&
	    how == NSINFO_HOLD_THREAD) {
		if (out_add_itemf(row, pos, "thread %d of PID %d", (int)tid,
				  (int)nsinfo_proc_pid(lead)) ||
		    (json && (!(o = holder_obj(&hs, "thread")) || !add_num(o, "tid", tid) ||
			      !add_num(o, "pid", nsinfo_proc_pid(lead)))))
			goto fail;
	} else if (bits & NSINFO_HOLD_THREAD) {
		/* threads besides processes: which ones is not kept */
		if (out_add_item(row, pos, "threads") || (json && !holder_obj(&hs, "threads")))
			goto fail;
	}
	if (bits & NSINFO_HOLD_FOR_CHILDREN) {
		snprintf(link, sizeof(link), "%s_for_children",
			 nsinfo_type_proc_name(nsinfo_ns_type(ns)));
		if (out_add_item(row, pos, link) ||
		    (json && (!(o = holder_obj(&hs, "for_children")) ||
			      !cJSON_AddStringToObject(o, "link", link))))
			goto fail;
	}
	for (size_t i = 0; i < nsinfo_ns_holder_count(ns); i++)
		if (add_holder(&hs, ns, i) < 0)
			goto fail;
	if (bits & NSINFO_HOLD_ANCESTOR) {
		bool only = bits == NSINFO_HOLD_ANCESTOR;

		if (out_add_item(row, pos, only ? "descendants only (hidden)" : "descendants") ||
		    (json && (!(o = holder_obj(&hs, "descendants")) ||
			      !cJSON_AddBoolToObject(o, "only", only))))
			goto fail;
	}
	if (!json)
		return 0;
	if (cJSON_GetArraySize(hs.json) == 0) {
		cJSON_Delete(hs.json);
		return 0;	/* nothing known: empty, null in JSON */
	}
	return out_set_json(row, pos, hs.json);
fail:
	cJSON_Delete(hs.json);
	return -ENOMEM;
}
