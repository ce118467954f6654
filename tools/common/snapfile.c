// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * snapfile.c - snapshots as plain data, saved and read back (snapfile.h).
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "atomic-file.h"
#include "cli.h"
#include "output.h"
#include "snapfile.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What keeps a namespace alive, by the names the file uses. */
static const struct {
	unsigned int bit;
	const char *name;
} hold_names[] = {
	{ NSINFO_HOLD_PROCESS, "process" },
	{ NSINFO_HOLD_THREAD, "thread" },
	{ NSINFO_HOLD_FOR_CHILDREN, "for-children" },
	{ NSINFO_HOLD_ANCESTOR, "ancestor" },
	{ NSINFO_HOLD_FD, "fd" },
	{ NSINFO_HOLD_SOCKET, "socket" },
	{ NSINFO_HOLD_MOUNT, "mount" },
};

const char *snapfile_holder_kind_name(enum nsinfo_holder_kind kind)
{
	switch (kind) {
	case NSINFO_HOLDER_FD:
		return "fd";
	case NSINFO_HOLDER_SOCKET:
		return "socket";
	case NSINFO_HOLDER_MOUNT:
		return "mount";
	}
	return NULL;
}

static void ns_clear(struct snap_ns *ns)
{
	free(ns->name);
	for (size_t i = 0; i < ns->nholders; i++)
		free(ns->holders[i].path);
	free(ns->holders);
}

void snapfile_free(struct snapfile *sf)
{
	if (!sf)
		return;
	for (size_t i = 0; i < sf->nns; i++)
		ns_clear(&sf->ns[i]);
	free(sf->ns);
	for (size_t i = 0; i < sf->nprocs; i++) {
		free(sf->procs[i].comm);
		free(sf->procs[i].nspid);
	}
	free(sf->procs);
	for (size_t i = 0; i < sf->ncontainers; i++) {
		free(sf->containers[i].runtime);
		free(sf->containers[i].id);
		free(sf->containers[i].name);
	}
	free(sf->containers);
	free(sf->tool);
	free(sf->boot_id);
	free(sf->source);
	free(sf);
}

static int cmp_ns(const void *x, const void *y)
{
	const struct snap_ns *a = x, *b = y;

	if (a->inode != b->inode)
		return a->inode < b->inode ? -1 : 1;
	return (a->type > b->type) - (a->type < b->type);
}

static int cmp_proc(const void *x, const void *y)
{
	const struct snap_proc *a = x, *b = y;

	return (a->pid > b->pid) - (a->pid < b->pid);
}

const struct snap_ns *snapfile_find_ns(const struct snapfile *sf, enum nsinfo_type type,
				       uint64_t inode)
{
	struct snap_ns key = { .type = type, .inode = inode };

	if (!sf || !sf->nns)
		return NULL;
	return bsearch(&key, sf->ns, sf->nns, sizeof(*sf->ns), cmp_ns);
}

const struct snap_proc *snapfile_find_proc(const struct snapfile *sf, pid_t pid)
{
	struct snap_proc key = { .pid = pid };

	if (!sf || !sf->nprocs)
		return NULL;
	return bsearch(&key, sf->procs, sf->nprocs, sizeof(*sf->procs), cmp_proc);
}

static char *dup_or_null(const char *s, bool *nomem)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*nomem = true;
	return d;
}

char *snapfile_boot_id(void)
{
	char buf[64];
	ssize_t n;
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return strdup(buf);
}

/* ---- from a live snapshot ---- */

static int ns_from_live(struct snap_ns *o, const struct nsinfo_ns *ns, bool *nomem)
{
	pid_t self = getpid();
	uint64_t v;
	uid_t uid;
	unsigned int depth;
	size_t n = nsinfo_ns_holder_count(ns);

	o->type = nsinfo_ns_type(ns);
	o->inode = nsinfo_ns_inode(ns);
	o->holds = nsinfo_ns_holders(ns);
	if (nsinfo_ns_parent(ns, &v) == 0) {
		o->parent = v;
		o->known |= SNAP_NS_PARENT;
	}
	if (nsinfo_ns_owner(ns, &v) == 0) {
		o->owner = v;
		o->known |= SNAP_NS_OWNER;
	}
	if (nsinfo_ns_owner_uid(ns, &uid) == 0) {
		o->owner_uid = uid;
		o->known |= SNAP_NS_OWNER_UID;
	}
	if (nsinfo_ns_depth(ns, &depth) == 0) {
		o->depth = depth;
		o->known |= SNAP_NS_DEPTH;
	}
	if (nsinfo_ns_id(ns, &v) == 0) {
		o->nsid = v;
		o->known |= SNAP_NS_NSID;
	}
	o->name = dup_or_null(nsinfo_ns_name(ns), nomem);
	o->holders = calloc(n ? n : 1, sizeof(*o->holders));
	if (!o->holders)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct nsinfo_holder *h = nsinfo_ns_holder(ns, i);

		/* our own scan's descriptors are no holder of anything */
		if (h->kind != NSINFO_HOLDER_MOUNT && h->pid == self)
			continue;
		o->holders[o->nholders] = (struct snap_holder){
			.kind = h->kind, .pid = h->pid, .fd = h->fd, .mntns = h->mntns,
			.path = dup_or_null(h->path, nomem),
		};
		o->nholders++;
	}
	return 0;
}

static int proc_from_live(struct snap_proc *o, const struct nsinfo_proc *p, bool *nomem)
{
	unsigned int f = nsinfo_proc_flags(p);
	size_t n = nsinfo_proc_nspid_count(p);

	o->pid = nsinfo_proc_pid(p);
	o->has_start = nsinfo_proc_start_ticks(p, &o->start) == 0;
	o->has_uid = nsinfo_proc_uid(p, &o->uid) == 0;
	o->comm = dup_or_null(nsinfo_proc_comm(p), nomem);
	o->denied = f & NSINFO_PROC_DENIED;
	o->zombie = f & NSINFO_PROC_ZOMBIE;
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		const struct nsinfo_ns *ns = nsinfo_proc_ns(p, (enum nsinfo_type)t);

		if (ns) {
			o->ns[t] = nsinfo_ns_inode(ns);
			o->ns_known |= NSINFO_TYPE_BIT(t);
		}
	}
	if (nsinfo_proc_ns_for_children(p, NSINFO_TYPE_PID))
		o->pid_for_children = nsinfo_ns_inode(nsinfo_proc_ns_for_children(p, NSINFO_TYPE_PID));
	if (nsinfo_proc_ns_for_children(p, NSINFO_TYPE_TIME))
		o->time_for_children = nsinfo_ns_inode(nsinfo_proc_ns_for_children(p, NSINFO_TYPE_TIME));
	if (n) {
		o->nspid = calloc(n, sizeof(*o->nspid));
		if (!o->nspid)
			return -ENOMEM;
		for (size_t i = 0; i < n; i++)
			o->nspid[i] = nsinfo_proc_nspid(p, i);
		o->nnspid = n;
	}
	return 0;
}

/* A container's name or ID, kept only when the library resolves it back
 * to this container: another user's claim is never saved as a name. */
static char *trusted_key(const struct nsinfo_snapshot *snap, const struct nsinfo_container *c,
			 const char *key, bool *nomem)
{
	const struct nsinfo_container *found;

	if (!key || nsinfo_snapshot_find_container(snap, key, &found) < 0 || found != c)
		return NULL;
	return dup_or_null(key, nomem);
}

int snapfile_from_snapshot(struct snapfile **out, const struct nsinfo_snapshot *snap)
{
	struct snapfile *sf = calloc(1, sizeof(*sf));
	size_t nns = nsinfo_snapshot_ns_count(snap), np = nsinfo_snapshot_proc_count(snap);
	size_t nc = nsinfo_snapshot_container_count(snap);
	const struct nsinfo_proc *init;
	const char *why = NULL;
	bool nomem = false;
	char tool[128];

	if (!sf)
		return -ENOMEM;
	sf->version = SNAPFILE_VERSION;
	snprintf(tool, sizeof(tool), "%s %s", program_invocation_short_name, NSINFO_VERSION);
	sf->tool = dup_or_null(tool, &nomem);
	sf->saved = (long long)time(NULL);
	sf->boot_id = snapfile_boot_id();
	sf->has_uid = true;
	sf->uid = getuid();
	sf->self = getpid();
	init = nsinfo_snapshot_find_proc(snap, 1);
	sf->host = init && !(nsinfo_proc_flags(init) & NSINFO_PROC_DENIED) ? 1 : sf->self;
	sf->source = dup_or_null(nsinfo_source_name(nsinfo_snapshot_source(snap, &why)), &nomem);
	sf->seen = nsinfo_snapshot_seen_count(snap);
	sf->denied = nsinfo_snapshot_denied_count(snap);
	sf->ns = calloc(nns ? nns : 1, sizeof(*sf->ns));
	sf->procs = calloc(np ? np : 1, sizeof(*sf->procs));
	sf->containers = calloc(nc ? nc : 1, sizeof(*sf->containers));
	if (!sf->ns || !sf->procs || !sf->containers)
		goto nomem;
	for (size_t i = 0; i < nns; i++, sf->nns++)
		if (ns_from_live(&sf->ns[i], nsinfo_snapshot_ns(snap, i), &nomem) < 0)
			goto nomem;
	for (size_t i = 0; i < np; i++, sf->nprocs++)
		if (proc_from_live(&sf->procs[i], nsinfo_snapshot_proc(snap, i), &nomem) < 0)
			goto nomem;
	for (size_t i = 0; i < nc; i++) {
		const struct nsinfo_container *c = nsinfo_snapshot_container(snap, i);
		struct snap_container *o = &sf->containers[sf->ncontainers];

		if (!nsinfo_container_proc_count(c))
			continue;
		o->runtime = dup_or_null(nsinfo_container_runtime(c), &nomem);
		o->id = trusted_key(snap, c, nsinfo_container_id(c), &nomem);
		o->name = trusted_key(snap, c, nsinfo_container_name(c), &nomem);
		o->pid = nsinfo_proc_pid(nsinfo_container_proc(c, 0));
		sf->ncontainers++;
	}
	if (nomem)
		goto nomem;
	/* the library's order already; sorted again all the same, as a file
	 * is, so that look-ups never depend on it */
	qsort(sf->ns, sf->nns, sizeof(*sf->ns), cmp_ns);
	qsort(sf->procs, sf->nprocs, sizeof(*sf->procs), cmp_proc);
	*out = sf;
	return 0;
nomem:
	snapfile_free(sf);
	return -ENOMEM;
}

/* ---- writing ---- */

static bool add_u64(cJSON *obj, const char *key, unsigned long long v)
{
	cJSON *n = out_json_uint(v);

	return n && cJSON_AddItemToObject(obj, key, n);
}

static bool add_str(cJSON *obj, const char *key, const char *s)
{
	cJSON *v = s ? cJSON_CreateString(s) : cJSON_CreateNull();

	return v && cJSON_AddItemToObject(obj, key, v);
}

static cJSON *ns_json(const struct snap_ns *ns)
{
	cJSON *o = cJSON_CreateObject(), *holds, *hl;
	bool ok = o != NULL;

	ok = ok && add_u64(o, "ns", ns->inode);
	ok = ok && add_str(o, "type", nsinfo_type_name(ns->type));
	if (ok && (ns->known & SNAP_NS_NSID))
		ok = add_u64(o, "nsid", ns->nsid);
	if (ok && (ns->known & SNAP_NS_PARENT))
		ok = add_u64(o, "parent", ns->parent);
	if (ok && (ns->known & SNAP_NS_OWNER))
		ok = add_u64(o, "owner", ns->owner);
	if (ok && (ns->known & SNAP_NS_OWNER_UID))
		ok = add_u64(o, "owner_uid", ns->owner_uid);
	if (ok && (ns->known & SNAP_NS_DEPTH))
		ok = add_u64(o, "depth", ns->depth);
	if (ok && ns->name)
		ok = add_str(o, "name", ns->name);
	holds = ok ? cJSON_AddArrayToObject(o, "holds") : NULL;
	for (size_t i = 0; holds && i < ARRAY_SIZE(hold_names); i++)
		if ((ns->holds & hold_names[i].bit) &&
		    !cJSON_AddItemToArray(holds, cJSON_CreateString(hold_names[i].name)))
			holds = NULL;
	hl = holds ? cJSON_AddArrayToObject(o, "holders") : NULL;
	ok = hl != NULL;
	for (size_t i = 0; ok && i < ns->nholders; i++) {
		const struct snap_holder *h = &ns->holders[i];
		cJSON *ho = cJSON_CreateObject();

		ok = ho && cJSON_AddItemToArray(hl, ho);
		ok = ok && add_str(ho, "kind", snapfile_holder_kind_name(h->kind));
		ok = ok && add_u64(ho, "pid", (unsigned long long)h->pid);
		if (ok && h->kind == NSINFO_HOLDER_MOUNT) {
			ok = add_u64(ho, "mntns", h->mntns);
			ok = ok && add_str(ho, "path", h->path);
		} else if (ok) {
			ok = add_u64(ho, "fd", (unsigned long long)h->fd);
		}
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *proc_json(const struct snap_proc *p)
{
	cJSON *o = cJSON_CreateObject(), *ns, *fc, *nspid;
	bool ok = o != NULL;

	ok = ok && add_u64(o, "pid", (unsigned long long)p->pid);
	if (ok && p->has_start)
		ok = add_u64(o, "start", p->start);
	if (ok && p->comm)
		ok = add_str(o, "command", p->comm);
	if (ok && p->has_uid)
		ok = add_u64(o, "uid", p->uid);
	if (ok && p->denied)
		ok = cJSON_AddTrueToObject(o, "denied") != NULL;
	if (ok && p->zombie)
		ok = cJSON_AddTrueToObject(o, "zombie") != NULL;
	ns = ok ? cJSON_AddObjectToObject(o, "ns") : NULL;
	ok = ns != NULL;
	for (int t = 0; ok && t < NSINFO_NTYPES; t++)
		if (p->ns_known & NSINFO_TYPE_BIT(t))
			ok = add_u64(ns, nsinfo_type_name((enum nsinfo_type)t), p->ns[t]);
	if (ok && (p->pid_for_children || p->time_for_children)) {
		fc = cJSON_AddObjectToObject(o, "for_children");
		ok = fc != NULL;
		if (ok && p->pid_for_children)
			ok = add_u64(fc, "pid", p->pid_for_children);
		if (ok && p->time_for_children)
			ok = add_u64(fc, "time", p->time_for_children);
	}
	if (ok && p->nnspid) {
		nspid = cJSON_AddArrayToObject(o, "nspid");
		ok = nspid != NULL;
		for (size_t i = 0; ok && i < p->nnspid; i++)
			ok = cJSON_AddItemToArray(nspid, out_json_uint((unsigned long long)p->nspid[i]));
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

char *snapfile_to_json(const struct snapfile *sf)
{
	cJSON *root = cJSON_CreateObject(), *a;
	char *text = NULL;
	bool ok = root != NULL;

	ok = ok && add_str(root, SCHEMA_KEY, SCHEMA_SNAPSHOT);
	ok = ok && add_str(root, "format", SNAPFILE_FORMAT);
	ok = ok && add_u64(root, "version", SNAPFILE_VERSION);
	ok = ok && add_str(root, "tool", sf->tool);
	ok = ok && cJSON_AddItemToObject(root, "saved", out_json_int(sf->saved));
	ok = ok && add_str(root, "boot_id", sf->boot_id);
	if (ok && sf->has_uid)
		ok = add_u64(root, "uid", sf->uid);
	ok = ok && add_u64(root, "pid", (unsigned long long)sf->self);
	ok = ok && add_u64(root, "host", (unsigned long long)sf->host);
	ok = ok && add_str(root, "source", sf->source);
	ok = ok && add_u64(root, "processes_seen", sf->seen);
	ok = ok && add_u64(root, "processes_denied", sf->denied);
	a = ok ? cJSON_AddArrayToObject(root, "namespaces") : NULL;
	ok = a != NULL;
	for (size_t i = 0; ok && i < sf->nns; i++)
		ok = cJSON_AddItemToArray(a, ns_json(&sf->ns[i]));
	a = ok ? cJSON_AddArrayToObject(root, "processes") : NULL;
	ok = a != NULL;
	for (size_t i = 0; ok && i < sf->nprocs; i++)
		ok = cJSON_AddItemToArray(a, proc_json(&sf->procs[i]));
	a = ok ? cJSON_AddArrayToObject(root, "containers") : NULL;
	ok = a != NULL;
	for (size_t i = 0; ok && i < sf->ncontainers; i++) {
		const struct snap_container *c = &sf->containers[i];
		cJSON *o = cJSON_CreateObject();

		ok = o && cJSON_AddItemToArray(a, o);
		ok = ok && add_str(o, "runtime", c->runtime);
		ok = ok && add_str(o, "id", c->id);
		ok = ok && add_str(o, "name", c->name);
		ok = ok && add_u64(o, "pid", (unsigned long long)c->pid);
	}
	if (ok)
		text = cJSON_Print(root);
	cJSON_Delete(root);
	return text;
}

int snapfile_write(const struct snapfile *sf, const char *path, const char **why)
{
	char *text = snapfile_to_json(sf);
	size_t len;
	int rc;

	*why = "out of memory";
	if (!text)
		return -ENOMEM;
	len = strlen(text);
	text[len++] = '\n';	/* cJSON_Print's NUL becomes the last newline */
	rc = atomic_write_file(path, text, len, why);
	free(text);
	return rc;
}

int snapfile_save_command(const struct nsinfo_scan_opts *opts, const char *path)
{
	struct nsinfo_scan_opts o = *opts;
	struct nsinfo_snapshot *snap = NULL;
	struct snapfile *sf = NULL;
	const char *why;
	int rc;

	o.flags |= SNAPFILE_SCAN_FLAGS;
	rc = nsinfo_snapshot_new(&snap, &o);
	if (rc < 0)
		cli_scan_failed(rc, &o);
	rc = snapfile_from_snapshot(&sf, snap);
	nsinfo_snapshot_unref(snap);
	if (rc < 0) {
		warnx("out of memory");
		return EXIT_TROUBLE;
	}
	rc = snapfile_write(sf, path, &why);
	snapfile_free(sf);
	if (rc < 0) {
		warnx("%s: %s: %s", path, why, strerror(-rc));
		return EXIT_TROUBLE;
	}
	return EXIT_OK;
}

/* ---- reading ---- */

struct rd {
	char *why;
	size_t whylen;
	bool nomem;
};

__attribute__((format(printf, 2, 3))) static int bad(struct rd *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->why, r->whylen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* 0 <= d <= 2^53 and whole (no libm in the tools) */
static bool whole_number(double d)
{
	return d >= 0 && d <= 9007199254740992.0 && (double)(uint64_t)d == d;
}

/* A whole number in [0, max] (JSON numbers are doubles: at most 2^53);
 * 0 when absent (never what out held: callers reuse one variable). */
static int get_uint(struct rd *r, const cJSON *obj, const char *key, bool need, uint64_t max,
		    uint64_t *out, bool *present)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	double d;

	if (present)
		*present = false;
	*out = 0;
	if (!v || cJSON_IsNull(v)) {
		if (need)
			return bad(r, "\"%s\" is missing", key);
		return 0;
	}
	if (!cJSON_IsNumber(v))
		return bad(r, "\"%s\" is not a number", key);
	d = v->valuedouble;
	if (!whole_number(d) || d > (double)max)
		return bad(r, "\"%s\" is out of range", key);
	*out = (uint64_t)d;
	if (present)
		*present = true;
	return 0;
}

/* A string of at most max bytes, copied; NULL when absent or null. */
static int get_str(struct rd *r, const cJSON *obj, const char *key, size_t max, char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v) || !v->valuestring)
		return bad(r, "\"%s\" is not a string", key);
	if (strlen(v->valuestring) > max)
		return bad(r, "\"%s\" is too long", key);
	*out = strdup(v->valuestring);
	if (!*out) {
		r->nomem = true;
		return -ENOMEM;
	}
	return 0;
}

static int get_bool(struct rd *r, const cJSON *obj, const char *key, bool *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = false;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsBool(v))
		return bad(r, "\"%s\" is not true or false", key);
	*out = cJSON_IsTrue(v);
	return 0;
}

static int get_type(struct rd *r, const cJSON *obj, const char *key, enum nsinfo_type *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	int t;

	if (!cJSON_IsString(v) || !v->valuestring)
		return bad(r, "\"%s\" is not a namespace type", key);
	t = nsinfo_type_from_name(v->valuestring);
	if (t < 0)
		return bad(r, "unknown namespace type in \"%s\"", key);
	*out = (enum nsinfo_type)t;
	return 0;
}

#define INODE_MAX UINT64_C(9007199254740992)
#define PID_MAX_ANY 4194304u	/* PID_MAX_LIMIT */

static int read_holder(struct rd *r, const cJSON *o, struct snap_holder *h)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(o, "kind");
	uint64_t v;
	int rc;

	if (!cJSON_IsObject(o) || !cJSON_IsString(k))
		return bad(r, "a holder is not an object with a \"kind\"");
	if (!strcmp(k->valuestring, "fd"))
		h->kind = NSINFO_HOLDER_FD;
	else if (!strcmp(k->valuestring, "socket"))
		h->kind = NSINFO_HOLDER_SOCKET;
	else if (!strcmp(k->valuestring, "mount"))
		h->kind = NSINFO_HOLDER_MOUNT;
	else
		return bad(r, "unknown holder kind");
	if ((rc = get_uint(r, o, "pid", true, PID_MAX_ANY, &v, NULL)) < 0)
		return rc;
	h->pid = (pid_t)v;
	if (h->kind == NSINFO_HOLDER_MOUNT) {
		if ((rc = get_uint(r, o, "mntns", true, INODE_MAX, &h->mntns, NULL)) < 0)
			return rc;
		return get_str(r, o, "path", PATH_MAX * 4, &h->path);
	}
	if ((rc = get_uint(r, o, "fd", true, INT_MAX, &v, NULL)) < 0)
		return rc;
	h->fd = (int)v;
	return 0;
}

static int read_ns(struct rd *r, const cJSON *o, struct snap_ns *ns)
{
	static const struct {
		const char *key;
		unsigned int bit;
	} rel[] = {
		{ "parent", SNAP_NS_PARENT }, { "owner", SNAP_NS_OWNER },
		{ "owner_uid", SNAP_NS_OWNER_UID }, { "depth", SNAP_NS_DEPTH },
		{ "nsid", SNAP_NS_NSID },
	};
	const cJSON *holds, *hl, *it;
	uint64_t v;
	bool have;
	int rc;

	if (!cJSON_IsObject(o))
		return bad(r, "a namespace is not an object");
	if ((rc = get_uint(r, o, "ns", true, INODE_MAX, &ns->inode, NULL)) < 0 ||
	    (rc = get_type(r, o, "type", &ns->type)) < 0)
		return rc;
	if (!ns->inode)
		return bad(r, "a namespace has inode 0");
	for (size_t i = 0; i < ARRAY_SIZE(rel); i++) {
		uint64_t max = rel[i].bit == SNAP_NS_OWNER_UID ? UINT32_MAX - 1
			     : rel[i].bit == SNAP_NS_DEPTH    ? 1024
							      : INODE_MAX;

		if ((rc = get_uint(r, o, rel[i].key, false, max, &v, &have)) < 0)
			return rc;
		if (!have)
			continue;
		ns->known |= rel[i].bit;
		switch (rel[i].bit) {
		case SNAP_NS_PARENT:
			ns->parent = v;
			break;
		case SNAP_NS_OWNER:
			ns->owner = v;
			break;
		case SNAP_NS_OWNER_UID:
			ns->owner_uid = (uid_t)v;
			break;
		case SNAP_NS_DEPTH:
			ns->depth = (unsigned int)v;
			break;
		default:
			ns->nsid = v;
			break;
		}
	}
	if ((rc = get_str(r, o, "name", PATH_MAX * 4, &ns->name)) < 0)
		return rc;
	holds = cJSON_GetObjectItemCaseSensitive(o, "holds");
	if (holds && !cJSON_IsArray(holds))
		return bad(r, "\"holds\" is not an array");
	cJSON_ArrayForEach(it, holds) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(hold_names); i++)
			if (cJSON_IsString(it) && !strcmp(it->valuestring, hold_names[i].name))
				break;
		if (i == ARRAY_SIZE(hold_names))
			return bad(r, "unknown word in \"holds\"");
		ns->holds |= hold_names[i].bit;
	}
	hl = cJSON_GetObjectItemCaseSensitive(o, "holders");
	if (hl && !cJSON_IsArray(hl))
		return bad(r, "\"holders\" is not an array");
	if (cJSON_GetArraySize(hl) > 0) {
		ns->holders = calloc((size_t)cJSON_GetArraySize(hl), sizeof(*ns->holders));
		if (!ns->holders) {
			r->nomem = true;
			return -ENOMEM;
		}
	}
	cJSON_ArrayForEach(it, hl) {
		if ((rc = read_holder(r, it, &ns->holders[ns->nholders])) < 0) {
			free(ns->holders[ns->nholders].path);
			return rc;
		}
		ns->nholders++;
	}
	return 0;
}

static int read_proc(struct rd *r, const cJSON *o, struct snap_proc *p)
{
	const cJSON *ns, *fc, *nspid, *it;
	uint64_t v;
	int rc;

	if (!cJSON_IsObject(o))
		return bad(r, "a process is not an object");
	if ((rc = get_uint(r, o, "pid", true, PID_MAX_ANY, &v, NULL)) < 0)
		return rc;
	if (!v)
		return bad(r, "a process has PID 0");
	p->pid = (pid_t)v;
	if ((rc = get_uint(r, o, "start", false, INODE_MAX, &v, &p->has_start)) < 0)
		return rc;
	p->start = v;
	if ((rc = get_uint(r, o, "uid", false, UINT32_MAX - 1, &v, &p->has_uid)) < 0)
		return rc;
	p->uid = (uid_t)v;
	if ((rc = get_str(r, o, "command", 4096, &p->comm)) < 0 ||
	    (rc = get_bool(r, o, "denied", &p->denied)) < 0 ||
	    (rc = get_bool(r, o, "zombie", &p->zombie)) < 0)
		return rc;
	ns = cJSON_GetObjectItemCaseSensitive(o, "ns");
	if (ns && !cJSON_IsObject(ns))
		return bad(r, "\"ns\" is not an object");
	for (int t = 0; ns && t < NSINFO_NTYPES; t++) {
		bool have;

		if ((rc = get_uint(r, ns, nsinfo_type_name((enum nsinfo_type)t), false, INODE_MAX,
				   &p->ns[t], &have)) < 0)
			return rc;
		if (have && p->ns[t])
			p->ns_known |= NSINFO_TYPE_BIT(t);
	}
	fc = cJSON_GetObjectItemCaseSensitive(o, "for_children");
	if (fc && !cJSON_IsObject(fc))
		return bad(r, "\"for_children\" is not an object");
	if (fc && ((rc = get_uint(r, fc, "pid", false, INODE_MAX, &p->pid_for_children, NULL)) < 0 ||
		   (rc = get_uint(r, fc, "time", false, INODE_MAX, &p->time_for_children, NULL)) < 0))
		return rc;
	nspid = cJSON_GetObjectItemCaseSensitive(o, "nspid");
	if (nspid && !cJSON_IsArray(nspid))
		return bad(r, "\"nspid\" is not an array");
	if (cJSON_GetArraySize(nspid) > 64)
		return bad(r, "\"nspid\" is too long");
	if (cJSON_GetArraySize(nspid) > 0) {
		p->nspid = calloc((size_t)cJSON_GetArraySize(nspid), sizeof(*p->nspid));
		if (!p->nspid) {
			r->nomem = true;
			return -ENOMEM;
		}
	}
	cJSON_ArrayForEach(it, nspid) {
		double d = cJSON_IsNumber(it) ? it->valuedouble : -1;

		if (!whole_number(d) || d < 1 || d > PID_MAX_ANY)
			return bad(r, "\"nspid\" holds what is not a PID");
		p->nspid[p->nnspid++] = (pid_t)d;
	}
	return 0;
}

static int read_container(struct rd *r, const cJSON *o, struct snap_container *c)
{
	uint64_t v;
	int rc;

	if (!cJSON_IsObject(o))
		return bad(r, "a container is not an object");
	if ((rc = get_str(r, o, "runtime", 64, &c->runtime)) < 0 ||
	    (rc = get_str(r, o, "id", 256, &c->id)) < 0 ||
	    (rc = get_str(r, o, "name", 1024, &c->name)) < 0 ||
	    (rc = get_uint(r, o, "pid", true, PID_MAX_ANY, &v, NULL)) < 0)
		return rc;
	c->pid = (pid_t)v;
	if (!c->runtime || !c->pid)
		return bad(r, "a container has no runtime or no PID");
	return 0;
}

static const cJSON *get_array(struct rd *r, const cJSON *root, const char *key, bool need,
			      int *rc)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, key);

	*rc = 0;
	if (!a && !need)
		return NULL;
	if (!cJSON_IsArray(a))
		*rc = bad(r, "\"%s\" is not an array", key);
	return a;
}

static int from_json(struct rd *r, const cJSON *root, struct snapfile *sf)
{
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
	const cJSON *schema = cJSON_GetObjectItemCaseSensitive(root, SCHEMA_KEY);
	const cJSON *nsa, *pa, *ca, *it;
	uint64_t v;
	bool have;
	int rc;

	if (!cJSON_IsObject(root) || !cJSON_IsString(fmt) || strcmp(fmt->valuestring, SNAPFILE_FORMAT)) {
		snprintf(r->why, r->whylen, "not an nsinfo snapshot (no \"format\": \"%s\")",
			 SNAPFILE_FORMAT);
		return -EPROTO;
	}
	if (!cJSON_IsNumber(ver) || !whole_number(ver->valuedouble) || ver->valuedouble > 1e9) {
		snprintf(r->why, r->whylen, "snapshot has no format version");
		return -EPROTO;
	}
	if (ver->valuedouble != SNAPFILE_VERSION) {
		snprintf(r->why, r->whylen,
			 "snapshot format version %.0f is not supported (this build reads version %d)",
			 ver->valuedouble, SNAPFILE_VERSION);
		return -EPROTONOSUPPORT;
	}
	/* files saved before the key have none; one that has it says the
	 * version again, and must say the same */
	if (schema && (!cJSON_IsString(schema) || strcmp(schema->valuestring, SCHEMA_SNAPSHOT))) {
		snprintf(r->why, r->whylen,
			 "snapshot \"%s\" is not %s (what format version %d is)", SCHEMA_KEY,
			 SCHEMA_SNAPSHOT, SNAPFILE_VERSION);
		return -EPROTONOSUPPORT;
	}
	sf->version = SNAPFILE_VERSION;
	if ((rc = get_str(r, root, "tool", 256, &sf->tool)) < 0 ||
	    (rc = get_str(r, root, "boot_id", 64, &sf->boot_id)) < 0 ||
	    (rc = get_str(r, root, "source", 16, &sf->source)) < 0)
		return rc;
	it = cJSON_GetObjectItemCaseSensitive(root, "saved");
	if (it && cJSON_IsNumber(it) && it->valuedouble > -1e15 && it->valuedouble < 1e15)
		sf->saved = (long long)it->valuedouble;
	else if (it && !cJSON_IsNull(it))
		return bad(r, "\"saved\" is not a time");
	if ((rc = get_uint(r, root, "uid", false, UINT32_MAX - 1, &v, &sf->has_uid)) < 0)
		return rc;
	sf->uid = (uid_t)v;
	if ((rc = get_uint(r, root, "pid", false, PID_MAX_ANY, &v, NULL)) < 0)
		return rc;
	sf->self = (pid_t)v;
	if ((rc = get_uint(r, root, "host", false, PID_MAX_ANY, &v, &have)) < 0)
		return rc;
	sf->host = have ? (pid_t)v : 1;
	if ((rc = get_uint(r, root, "processes_seen", false, INODE_MAX, &v, NULL)) < 0)
		return rc;
	sf->seen = (size_t)v;
	if ((rc = get_uint(r, root, "processes_denied", false, INODE_MAX, &v, NULL)) < 0)
		return rc;
	sf->denied = (size_t)v;

	nsa = get_array(r, root, "namespaces", true, &rc);
	if (rc < 0)
		return rc;
	pa = get_array(r, root, "processes", true, &rc);
	if (rc < 0)
		return rc;
	ca = get_array(r, root, "containers", false, &rc);
	if (rc < 0)
		return rc;
	sf->ns = calloc((size_t)cJSON_GetArraySize(nsa) + 1, sizeof(*sf->ns));
	sf->procs = calloc((size_t)cJSON_GetArraySize(pa) + 1, sizeof(*sf->procs));
	sf->containers = calloc((size_t)cJSON_GetArraySize(ca) + 1, sizeof(*sf->containers));
	if (!sf->ns || !sf->procs || !sf->containers) {
		r->nomem = true;
		return -ENOMEM;
	}
	cJSON_ArrayForEach(it, nsa) {
		rc = read_ns(r, it, &sf->ns[sf->nns]);
		sf->nns++;	/* freed with the rest, also when half read */
		if (rc < 0)
			return rc;
	}
	cJSON_ArrayForEach(it, pa) {
		rc = read_proc(r, it, &sf->procs[sf->nprocs]);
		sf->nprocs++;
		if (rc < 0)
			return rc;
	}
	cJSON_ArrayForEach(it, ca) {
		rc = read_container(r, it, &sf->containers[sf->ncontainers]);
		sf->ncontainers++;
		if (rc < 0)
			return rc;
	}
	qsort(sf->ns, sf->nns, sizeof(*sf->ns), cmp_ns);
	qsort(sf->procs, sf->nprocs, sizeof(*sf->procs), cmp_proc);
	for (size_t i = 1; i < sf->nns; i++)
		if (!cmp_ns(&sf->ns[i - 1], &sf->ns[i]))
			return bad(r, "namespace %s:[%" PRIu64 "] is listed twice",
				   nsinfo_type_name(sf->ns[i].type), sf->ns[i].inode);
	for (size_t i = 1; i < sf->nprocs; i++)
		if (sf->procs[i - 1].pid == sf->procs[i].pid)
			return bad(r, "PID %d is listed twice", (int)sf->procs[i].pid);
	return 0;
}

/* The whole file, through a descriptor that proved to be a regular file
 * before it was opened for reading. */
static int slurp(const char *path, char **buf, size_t *len, char *why, size_t whylen)
{
	char fdpath[64];
	struct stat st;
	size_t cap, n = 0;
	char *b;
	int pfd, fd;

	pfd = open(path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	if (fstat(pfd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = errno;

		e = fstat(pfd, &st) < 0 ? -e : S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;

		close(pfd);
		snprintf(why, whylen, "not a regular file");
		return e;
	}
	if ((unsigned long long)st.st_size > SNAPFILE_MAX_BYTES) {
		close(pfd);
		snprintf(why, whylen, "larger than %u MiB", SNAPFILE_MAX_BYTES >> 20);
		return -EFBIG;
	}
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", pfd);
	fd = open(fdpath, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	close(pfd);
	if (fd < 0)
		return -errno;
	cap = (size_t)st.st_size + 1;
	b = malloc(cap + 1);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb;

			/* it grew since the fstat() */
			if (cap > SNAPFILE_MAX_BYTES) {
				free(b);
				close(fd);
				snprintf(why, whylen, "larger than %u MiB", SNAPFILE_MAX_BYTES >> 20);
				return -EFBIG;
			}
			cap *= 2;
			nb = realloc(b, cap + 1);
			if (!nb) {
				free(b);
				close(fd);
				return -ENOMEM;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = -errno;

			free(b);
			close(fd);
			return e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

int snapfile_read(const char *path, struct snapfile **out, char *why, size_t whylen)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	why[0] = '\0';
	rc = slurp(path, &buf, &len, why, whylen);
	if (rc < 0) {
		if (!why[0])
			snprintf(why, whylen, "%s", strerror(-rc));
		return rc;
	}
	rc = snapfile_parse(buf, len, out, why, whylen);
	free(buf);
	return rc;
}

int snapfile_parse(const char *buf, size_t len, struct snapfile **out, char *why, size_t whylen)
{
	struct rd r = { .why = why, .whylen = whylen };
	struct snapfile *sf;
	cJSON *root;
	int rc;

	why[0] = '\0';
	if (memchr(buf, '\0', len)) {
		snprintf(why, whylen, "not an nsinfo snapshot (binary data)");
		return -EPROTO;
	}
	root = cJSON_ParseWithLength(buf, len);
	if (!root) {
		snprintf(why, whylen, "not an nsinfo snapshot (not JSON)");
		return -EPROTO;
	}
	sf = calloc(1, sizeof(*sf));
	if (!sf) {
		cJSON_Delete(root);
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	rc = from_json(&r, root, sf);
	cJSON_Delete(root);
	if (rc < 0) {
		if (r.nomem)
			snprintf(why, whylen, "out of memory");
		snapfile_free(sf);
		return r.nomem ? -ENOMEM : rc;
	}
	*out = sf;
	return 0;
}
