// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * container.c - group processes into containers by their cgroup paths
 * (cgroup.c says which), and name the containers from the runtimes' own
 * state files, read with libcjson. No engine API is asked: what the files
 * do not say stays unknown.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "internal.h"
#include "proc2.h"

/* State files larger than this are not ours to parse. */
#define MAX_STATE_FILE (64u << 20)

/*
 * A state file below root ("" for /), parsed. Another user may own the
 * files of their own containers (rootless podman keeps its store in their
 * home), so the file is read as untrusted: no symlink on the way, every
 * directory and the file owned by root or by `owner` (the container's,
 * from its cgroup) and writable by nobody else, a regular file of bounded
 * size. *file_uid says whose word it is.
 */
static cJSON *read_json(const char *root, const char *path, uid_t owner, uid_t *file_uid)
{
	struct stat st;
	cJSON *j = NULL;
	char *text;
	int dirfd, rc;

	dirfd = open(*root ? root : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return NULL;
	rc = untrusted_read_file(dirfd, path, UNTRUSTED_OWNED, owner, MAX_STATE_FILE, &text,
				 NULL, &st);
	close(dirfd);
	if (rc < 0)
		return NULL;
	j = cJSON_Parse(text);
	free(text);
	if (j && file_uid)
		*file_uid = st.st_uid;
	return j;
}

/* Docker: /var/lib/docker/containers/ID/config.v2.json, "Name": "/web". */
char *container_docker_name(const char *root, const char *id, uid_t owner, uid_t *name_uid)
{
	char path[256];
	char *out;
	cJSON *j;

	snprintf(path, sizeof(path), "/var/lib/docker/containers/%s/config.v2.json", id);
	j = read_json(root, path, owner, name_uid);
	out = container_json_docker_name(j);
	cJSON_Delete(j);
	return out;
}

char *container_json_docker_name(const cJSON *config)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(config, "Name");

	if (cJSON_IsString(name) && name->valuestring[0])
		return strdup(name->valuestring + (name->valuestring[0] == '/'));
	return NULL;
}

/*
 * Podman and CRI-O keep containers in containers/storage:
 * GRAPHROOT/DRIVER-containers/containers.json, an array of {"id": ...,
 * "names": [...]}. The graph root is where conmon's bundle (-b) lives, or
 * the default /var/lib/containers/storage. Each file is read once.
 */
#define MAX_STORES 8

struct store {
	char *paths[MAX_STORES];
	uid_t owners[MAX_STORES];	/* whom it was read for */
	uid_t file_uids[MAX_STORES];	/* whose file it is */
	cJSON *lists[MAX_STORES];
	size_t n;
};

static const cJSON *store_list(struct store *st, const char *root, const char *path,
			       uid_t owner, uid_t *file_uid)
{
	for (size_t i = 0; i < st->n; i++)
		if (!strcmp(st->paths[i], path) && st->owners[i] == owner) {
			*file_uid = st->file_uids[i];
			return st->lists[i];
		}
	if (st->n == MAX_STORES || !(st->paths[st->n] = strdup(path)))
		return NULL;
	st->owners[st->n] = owner;
	st->file_uids[st->n] = (uid_t)-1;
	st->lists[st->n] = read_json(root, path, owner, &st->file_uids[st->n]);
	*file_uid = st->file_uids[st->n];
	return st->lists[st->n++];
}

char *container_json_store_name(const cJSON *list, const char *id)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, list) {
		const cJSON *cid = cJSON_GetObjectItemCaseSensitive(c, "id");
		const cJSON *names = cJSON_GetObjectItemCaseSensitive(c, "names");
		const cJSON *first = cJSON_GetArrayItem(names, 0);

		if (cJSON_IsString(cid) && strcmp(cid->valuestring, id) == 0 && cJSON_IsString(first))
			return strdup(first->valuestring);
	}
	return NULL;
}

/* conmon -b GRAPHROOT/DRIVER-containers/ID/userdata: the store's file. */
bool container_store_from_bundle(const char *bundle, const char *id, char *out, size_t len)
{
	const char *tail = strstr(bundle, id);
	size_t dir;

	if (!tail || strcmp(tail + strlen(id), "/userdata") != 0 || tail == bundle)
		return false;
	dir = (size_t)(tail - bundle);	/* ".../vfs-containers/" */
	return (size_t)snprintf(out, len, "%.*scontainers.json", (int)dir, bundle) < len;
}

static char *store_name(struct store *st, const char *root, const char *id,
			char **conmon_argv, uid_t owner, uid_t *name_uid)
{
	static const char *const drivers[] = { "overlay", "vfs", "btrfs", "zfs" };
	const char *bundle = NULL, *cid = NULL;
	char path[4096];
	char *name;

	for (char **a = conmon_argv; a && a[0] && a[1]; a++) {
		if (!strcmp(a[0], "-b") || !strcmp(a[0], "--bundle"))
			bundle = a[1];
		if (!strcmp(a[0], "-c") || !strcmp(a[0], "--cid"))
			cid = a[1];
	}
	/* the store conmon's bundle lives in, for this very container */
	if (bundle && cid && !strcmp(cid, id) &&
	    container_store_from_bundle(bundle, id, path, sizeof(path)) &&
	    (name = container_json_store_name(store_list(st, root, path, owner, name_uid), id)))
		return name;
	for (size_t i = 0; i < ARRAY_SIZE(drivers); i++) {
		snprintf(path, sizeof(path),
			 "/var/lib/containers/storage/%s-containers/containers.json", drivers[i]);
		name = container_json_store_name(store_list(st, root, path, owner, name_uid), id);
		if (name)
			return name;
	}
	return NULL;
}

static void store_free(struct store *st)
{
	for (size_t i = 0; i < st->n; i++) {
		free(st->paths[i]);
		cJSON_Delete(st->lists[i]);
	}
}

char *container_store_name(const char *root, const char *id, char **conmon_argv,
			   uid_t owner, uid_t *name_uid)
{
	struct store st = { .n = 0 };
	char *name = store_name(&st, root, id, conmon_argv, owner, name_uid);

	store_free(&st);
	return name;
}

/*
 * Who owns the container's cgroup directory: root for what root's runtime
 * made, the user for a cgroup delegated to them (rootless podman, a user's
 * systemd), who can then name it anything. Found below the hierarchy's
 * mount as systemd lays them out; (uid_t)-1 when it cannot be told.
 */
static uid_t cgroup_owner(const struct cgroup_container *cg)
{
	char root[128];
	struct statfs sfs;
	struct stat st;
	int rootfd, fd;
	uid_t uid = (uid_t)-1;

	if (!cg->path[0])
		return uid;
	if (!cg->controllers[0]) {
		/* cgroup2: the whole of /sys/fs/cgroup, or "unified" beside
		 * the v1 hierarchies */
		snprintf(root, sizeof(root), "/sys/fs/cgroup");
		if (statfs(root, &sfs) < 0 || sfs.f_type != CGROUP2_SUPER_MAGIC)
			snprintf(root, sizeof(root), "/sys/fs/cgroup/unified");
	} else {
		const char *name = cg->controllers;

		if (!strncmp(name, "name=", 5))
			name += 5;
		if (strchr(name, '/') || !strcmp(name, "..") || !strcmp(name, "."))
			return uid;
		snprintf(root, sizeof(root), "/sys/fs/cgroup/%s", name);
	}
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return uid;
	if (fstatfs(rootfd, &sfs) == 0 &&
	    (sfs.f_type == CGROUP2_SUPER_MAGIC || sfs.f_type == CGROUP_SUPER_MAGIC)) {
		fd = untrusted_open(rootfd, cg->path[0] == '/' ? cg->path + 1 : cg->path,
				    O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH);
		if (fd >= 0) {
			if (fstat(fd, &st) == 0)
				uid = st.st_uid;
			close(fd);
		}
	}
	close(rootfd);
	return uid;
}

static struct nsinfo_container *find_or_add(struct nsinfo_snapshot *snap,
					    const struct cgroup_container *cg)
{
	struct nsinfo_container *c, **v;

	for (size_t i = 0; i < snap->ncontainers; i++) {
		c = snap->containers[i];
		/* the cgroup too: a user with a delegated cgroup can name one
		 * after another container's ID; that is another container */
		if (strcmp(c->cg.runtime, cg->runtime) == 0 && strcmp(c->cg.id, cg->id) == 0 &&
		    strcmp(c->cg.name, cg->name) == 0 && strcmp(c->cg.path, cg->path) == 0)
			return c;
	}
	c = calloc(1, sizeof(*c));
	v = realloc(snap->containers, (snap->ncontainers + 1) * sizeof(*v));
	if (!c || !v) {
		free(c);
		if (v)
			snap->containers = v;
		return NULL;
	}
	c->cg = *cg;
	c->owner = cgroup_owner(cg);
	c->name_uid = (uid_t)-1;
	snap->containers = v;
	snap->containers[snap->ncontainers++] = c;
	return c;
}

static int add_proc(struct nsinfo_container *c, struct nsinfo_proc *p)
{
	struct nsinfo_proc **v = realloc(c->procs, (c->nprocs + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[c->nprocs++] = p;
	c->procs = v;
	p->container = c;
	return 0;
}

static const char *sort_key(const struct nsinfo_container *c)
{
	return c->name ? c->name : c->cg.id;
}

static int cmp_container(const void *a, const void *b)
{
	const struct nsinfo_container *x = *(struct nsinfo_container *const *)a;
	const struct nsinfo_container *y = *(struct nsinfo_container *const *)b;
	int r = strcmp(x->cg.runtime, y->cg.runtime);

	return r ? r : strcmp(sort_key(x), sort_key(y));
}

static int cmp_proc_ptr(const void *a, const void *b)
{
	pid_t x = (*(struct nsinfo_proc *const *)a)->pid;
	pid_t y = (*(struct nsinfo_proc *const *)b)->pid;

	return (x > y) - (x < y);
}

/*
 * The command lines of the containers' init parents, for podman and CRI-O
 * (conmon names the store and the container); NULL-filled when unknown.
 * Freed with free_argvs().
 */
static char ***parent_argvs(struct nsinfo_snapshot *snap)
{
	enum pids_item items[] = { PIDS_ID_PID, PIDS_CMDLINE_V };
	char ***argvs = calloc(snap->ncontainers ? snap->ncontainers : 1, sizeof(*argvs));
	struct pids_info *info = NULL;

	if (!argvs || proc2_pids_new(&info, items, 2) < 0)
		return argvs;
	for (size_t i = 0; i < snap->ncontainers; i++) {
		struct nsinfo_container *c = snap->containers[i];
		unsigned int pid = (unsigned int)c->init_ppid;
		struct pids_fetch *f;
		char **v;
		size_t n = 0;

		if (pid <= 1 || (strcmp(c->cg.runtime, "podman") && strcmp(c->cg.runtime, "cri-o")))
			continue;
		f = proc2_pids_select(info, &pid, 1);
		if (!f || f->counts->total < 1)
			continue;
		v = PIDS_VAL(1, strv, f->stacks[0], info);
		while (v && v[n])
			n++;
		argvs[i] = calloc(n + 1, sizeof(char *));
		for (size_t k = 0; argvs[i] && k < n; k++)
			argvs[i][k] = strdup(v[k]);
	}
	proc2_pids_unref(&info);
	return argvs;
}

static void free_argvs(char ***argvs, size_t n)
{
	for (size_t i = 0; argvs && i < n; i++) {
		for (char **a = argvs[i]; a && *a; a++)
			free(*a);
		free(argvs[i]);
	}
	free(argvs);
}

/* The container of prev that is c: same runtime, ID, name and cgroup
 * (and so the same owner), whose name is then known. */
static const struct nsinfo_container *prev_twin(const struct nsinfo_snapshot *prev,
						const struct nsinfo_container *c)
{
	for (size_t i = 0; prev && i < prev->ncontainers; i++) {
		const struct nsinfo_container *o = prev->containers[i];

		if (!strcmp(o->cg.runtime, c->cg.runtime) && !strcmp(o->cg.id, c->cg.id) &&
		    !strcmp(o->cg.name, c->cg.name) && !strcmp(o->cg.path, c->cg.path) &&
		    o->owner == c->owner)
			return o;
	}
	return NULL;
}

/* Names: from the cgroup (LXC, nspawn), else the runtime's state; a
 * container the last refresh named keeps that name (its state files are
 * not parsed again). */
static int name_containers(struct nsinfo_snapshot *snap, const struct nsinfo_snapshot *prev)
{
	char ***argvs = parent_argvs(snap);
	struct store store = { .n = 0 };
	int rc = 0;

	for (size_t i = 0; i < snap->ncontainers && !rc; i++) {
		struct nsinfo_container *c = snap->containers[i];

		/* a state file is read only when root or the cgroup's owner
		 * owns it; unknown owner: root's files only */
		uid_t owner = c->owner == (uid_t)-1 ? 0 : c->owner;
		const struct nsinfo_container *old = prev_twin(prev, c);

		if (old && old->name) {
			c->name = strdup(old->name);
			c->name_uid = old->name_uid;
			if (!c->name)
				rc = -ENOMEM;
		} else if (c->cg.name[0]) {
			c->name = strdup(c->cg.name);
			c->name_uid = c->owner;
		} else if (!strcmp(c->cg.runtime, "docker")) {
			c->name = container_docker_name(snap->state_root, c->cg.id, owner,
							&c->name_uid);
		} else if (!strcmp(c->cg.runtime, "podman") || !strcmp(c->cg.runtime, "cri-o")) {
			c->name = store_name(&store, snap->state_root, c->cg.id,
					     argvs ? argvs[i] : NULL, owner, &c->name_uid);
		}
		if (c->cg.name[0] && !c->name)
			rc = -ENOMEM;
		if (c->nprocs > 1)
			qsort(c->procs, c->nprocs, sizeof(*c->procs), cmp_proc_ptr);
	}
	free_argvs(argvs, snap->ncontainers);
	store_free(&store);
	if (snap->ncontainers > 1)
		qsort(snap->containers, snap->ncontainers, sizeof(*snap->containers),
		      cmp_container);
	return rc;
}

/* The parent of a container's init, from its stat: conmon for podman and
 * CRI-O, whose command line names the store. 0 when it cannot be read. */
static pid_t init_parent(int proc_fd, pid_t pid)
{
	char path[32], *buf;
	struct stat st;
	pid_t ppid = 0;
	size_t n;

	snprintf(path, sizeof(path), "%d/stat", (int)pid);
	if (untrusted_read_file(proc_fd, path, UNTRUSTED_PROCFS, 0, 4096, &buf, &n, &st) < 0)
		return 0;
	if (parse_stat_ppid(buf, n, &ppid) < 0)
		ppid = 0;
	free(buf);
	return ppid;
}

int containers_read(struct nsinfo_snapshot *snap, const struct nsinfo_snapshot *prev)
{
	int proc_fd, rc = 0;

	/* the walk read each process's cgroup (a procfs root only) */
	for (size_t i = 0; i < snap->nprocs && !rc; i++) {
		struct nsinfo_proc *p = &snap->procs[i];
		struct nsinfo_container *c;

		if (!p->cg)
			continue;
		c = find_or_add(snap, p->cg);
		if (!c)
			return -ENOMEM;
		if (!c->init_pid || p->pid < c->init_pid)
			c->init_pid = p->pid;
		rc = add_proc(c, p);
	}
	if (rc || !snap->ncontainers)
		return rc;
	proc_fd = open(snap->proc_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = 0; proc_fd >= 0 && i < snap->ncontainers; i++) {
		struct nsinfo_container *c = snap->containers[i];

		if (!strcmp(c->cg.runtime, "podman") || !strcmp(c->cg.runtime, "cri-o"))
			c->init_ppid = init_parent(proc_fd, c->init_pid);
	}
	if (proc_fd >= 0)
		close(proc_fd);
	return name_containers(snap, prev);
}

void containers_free(struct nsinfo_snapshot *snap)
{
	for (size_t i = 0; i < snap->ncontainers; i++) {
		free(snap->containers[i]->name);
		free(snap->containers[i]->procs);
		free(snap->containers[i]);
	}
	free(snap->containers);
}

/* ---- accessors ---- */

NSINFO_EXPORT const struct nsinfo_container *nsinfo_proc_container(const struct nsinfo_proc *proc)
{
	return proc->container;
}

NSINFO_EXPORT size_t nsinfo_snapshot_container_count(const struct nsinfo_snapshot *snap)
{
	return snap ? snap->ncontainers : 0;
}

NSINFO_EXPORT const struct nsinfo_container *nsinfo_snapshot_container(const struct nsinfo_snapshot *snap,
								       size_t index)
{
	if (!snap || index >= snap->ncontainers) {
		errno = EINVAL;
		return NULL;
	}
	return snap->containers[index];
}

/* A claim (a name, an ID) counts for the caller only when root or the
 * caller made it: another user may call their container anything. */
static bool trusted(uid_t uid)
{
	return uid == 0 || uid == geteuid();
}

/* How the key matches c: 0 not at all, 1 by name or full ID, 2 by ID
 * prefix; *trust says whether the claim that matched counts. */
static int match(const struct nsinfo_container *c, const char *key, size_t len, bool *trust)
{
	if (c->name && !strcmp(c->name, key)) {
		*trust = trusted(c->name_uid);
		return 1;
	}
	if (!c->cg.id[0] || strncmp(c->cg.id, key, len))
		return 0;
	*trust = trusted(c->owner);
	return c->cg.id[len] ? 2 : 1;
}

NSINFO_EXPORT int nsinfo_snapshot_find_container(const struct nsinfo_snapshot *snap,
						 const char *key,
						 const struct nsinfo_container **out)
{
	size_t len;

	if (!snap || !key || !*key || !out)
		return -EINVAL;
	len = strlen(key);
	/* a name or a full ID first: they are exact (but two runtimes may
	 * each have a "web"); then a unique ID prefix */
	for (int kind = 1; kind <= 2; kind++) {
		const struct nsinfo_container *hit = NULL;
		size_t ntrusted = 0, nother = 0;

		for (size_t i = 0; i < snap->ncontainers; i++) {
			const struct nsinfo_container *c = snap->containers[i];
			bool trust = false;

			if (match(c, key, len, &trust) != kind)
				continue;
			if (!trust) {
				nother++;
				continue;
			}
			hit = c;
			ntrusted++;
		}
		if (ntrusted > 1)
			return -ENOTUNIQ;
		if (hit) {
			*out = hit;
			return 0;
		}
		if (nother)
			return -EPERM;
	}
	return -ENOENT;
}

NSINFO_EXPORT int nsinfo_container_owner(const struct nsinfo_container *c, uid_t *uid)
{
	if (!c || !uid)
		return -EINVAL;
	if (c->owner == (uid_t)-1)
		return -ENODATA;
	*uid = c->owner;
	return 0;
}

NSINFO_EXPORT int nsinfo_container_name_uid(const struct nsinfo_container *c, uid_t *uid)
{
	if (!c || !uid)
		return -EINVAL;
	if (!c->name || c->name_uid == (uid_t)-1)
		return -ENODATA;
	*uid = c->name_uid;
	return 0;
}

NSINFO_EXPORT const char *nsinfo_container_runtime(const struct nsinfo_container *c)
{
	return c->cg.runtime;
}

NSINFO_EXPORT const char *nsinfo_container_id(const struct nsinfo_container *c)
{
	return c->cg.id[0] ? c->cg.id : NULL;
}

NSINFO_EXPORT const char *nsinfo_container_name(const struct nsinfo_container *c)
{
	return c->name;
}

NSINFO_EXPORT const char *nsinfo_container_pod(const struct nsinfo_container *c)
{
	return c->cg.pod[0] ? c->cg.pod : NULL;
}

NSINFO_EXPORT size_t nsinfo_container_proc_count(const struct nsinfo_container *c)
{
	return c->nprocs;
}

NSINFO_EXPORT const struct nsinfo_proc *nsinfo_container_proc(const struct nsinfo_container *c,
							      size_t index)
{
	if (index >= c->nprocs) {
		errno = EINVAL;
		return NULL;
	}
	return c->procs[index];
}
