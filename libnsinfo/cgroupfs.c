// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroupfs.c - what a process's cgroups may use and use: its paths from
 * /proc/PID/cgroup (read by the walk), then the limit, usage and pressure
 * files of those cgroups, from the cgroup file systems mounted in *our*
 * mount namespace (never the target's: a process can mount anything in
 * its own).
 *
 * Cost: nothing unless asked. Processes in the same cgroups share one
 * value set (their cgroup files say the same), so each set of directories
 * is read once a scan, however many processes are in it.
 *
 * Hostile names: a delegated cgroup is named by its owner. Its path is
 * opened below the hierarchy's mount with the one untrusted open
 * (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS, no "..", no mount crossed), and
 * a cgroup file with more lines than there are hierarchies (a name with
 * a newline, which reads as a line of its own) is refused whole.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "internal.h"

/* Files of a cgroup directory are a few lines; mountinfo is bigger. */
#define MAX_VALUE_FILE	  4096
#define MAX_MOUNTINFO	  (4u << 20)
#define MAX_CGROUP_FILE	  (64u << 10)

void cg_paths_free(struct cg_paths *p)
{
	free(p);
}

int cg_paths_parse(const char *text, size_t len, size_t nhier, struct cg_paths **out)
{
	size_t nlines = 0;
	struct cg_paths *p;
	char *strs;

	*out = NULL;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			nlines++;
	if (len && text[len - 1] != '\n')
		nlines++;
	if (nhier && nlines > nhier)
		return -EBADMSG;
	/* the strings fit in the text's length plus a NUL each */
	p = malloc(sizeof(*p) + nlines * sizeof(*p->e) + len + nlines * 2 + 1);
	if (!p)
		return -ENOMEM;
	p->n = 0;
	p->e = (struct cg_entry *)(p + 1);
	strs = (char *)(p->e + nlines);
	for (const char *l = text; l < text + len;) {
		const char *nl = memchr(l, '\n', (size_t)(text + len - l));
		size_t n = nl ? (size_t)(nl - l) : (size_t)(text + len - l);
		struct cgroup_line cl;

		if (cgroup_split_line(l, n, &cl) < 0) {
			free(p);
			return -EINVAL;
		}
		p->e[p->n].ctrl = strs;
		memcpy(strs, cl.ctrl, cl.ctrl_len);
		strs[cl.ctrl_len] = '\0';
		strs += cl.ctrl_len + 1;
		p->e[p->n].path = strs;
		memcpy(strs, cl.path, cl.path_len);
		strs[cl.path_len] = '\0';
		strs += cl.path_len + 1;
		p->n++;
		l += n + 1;
	}
	*out = p;
	return 0;
}

/* Whether the comma list has item (n bytes). */
static bool list_has(const char *list, const char *item, size_t n)
{
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, item, n))
			return true;
		p += len;
		p += *p == ',';
	}
	return false;
}

/* The entry of the hierarchy a v1 controller is bound to, else the
 * unified one; NULL when neither is there. */
static const struct cg_entry *entry_for(const struct cg_paths *p, const char *ctrl)
{
	const struct cg_entry *v2 = NULL;

	for (size_t i = 0; i < p->n; i++) {
		if (!p->e[i].ctrl[0])
			v2 = &p->e[i];
		else if (ctrl && list_has(p->e[i].ctrl, ctrl, strlen(ctrl)))
			return &p->e[i];
	}
	return v2;
}

/* ---- the cgroup mounts of our mount namespace ---- */

struct cg_mount {
	bool v2;
	char *opts;	/* super options: "rw,cpu,cpuacct", "rw,name=systemd" */
	char *root;	/* what of the hierarchy it shows, "/" mostly */
	char *target;
	int fd;		/* opened on first use; -1: not yet, -2: failed */
	int err;
	dev_t dev;
};

struct cg_ctx {
	struct cg_mount *m;
	size_t nm;
	int err;	/* reading our mountinfo failed: every value says so */
	long page_size;
};

static void mounts_free(struct cg_ctx *c)
{
	for (size_t i = 0; i < c->nm; i++) {
		free(c->m[i].opts);
		free(c->m[i].root);
		free(c->m[i].target);
		if (c->m[i].fd >= 0)
			close(c->m[i].fd);
	}
	free(c->m);
}

static int mounts_read(struct cg_ctx *c)
{
	char path[32], *text = NULL;
	struct stat st;
	int proc, rc;

	/* our own procfs: the proc root may be a fixture or another pid
	 * namespace's; "self" is a link, which the untrusted open refuses */
	proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (proc < 0)
		return -errno;
	snprintf(path, sizeof(path), "%d/mountinfo", (int)getpid());
	rc = untrusted_read_file(proc, path, UNTRUSTED_PROCFS, 0, MAX_MOUNTINFO, &text, NULL, &st);
	close(proc);
	if (rc < 0)
		return rc;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		struct mountinfo_entry e;
		struct cg_mount *v, *m;
		bool v2;

		if (mountinfo_parse_line(l, &e) < 0)
			continue;
		v2 = !strcmp(e.fstype, "cgroup2");
		if (!v2 && strcmp(e.fstype, "cgroup") != 0)
			continue;
		v = realloc(c->m, (c->nm + 1) * sizeof(*v));
		if (!v) {
			rc = -ENOMEM;
			break;
		}
		c->m = v;
		m = &c->m[c->nm];
		*m = (struct cg_mount){ .v2 = v2, .fd = -1, .opts = strdup(e.super_opts),
					.root = strdup(e.root), .target = strdup(e.target) };
		c->nm++;
		if (!m->opts || !m->root || !m->target) {
			rc = -ENOMEM;
			break;
		}
	}
	free(text);
	return rc;
}

/* The mount's root directory, checked to be a cgroup file system. */
static int mount_fd(struct cg_mount *m)
{
	struct statfs sfs;
	struct stat st;
	int rootfd, fd;

	if (m->fd >= 0 || m->fd == -2)
		return m->fd >= 0 ? m->fd : m->err;
	/* a mount point of our own namespace, still opened without
	 * following a link a user may have put on the way */
	rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	fd = rootfd < 0 ? -errno
			: untrusted_open(rootfd, m->target[1] ? m->target + 1 : ".",
					 O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH);
	if (rootfd >= 0)
		close(rootfd);
	if (fd >= 0 && (fstatfs(fd, &sfs) < 0 || fstat(fd, &st) < 0 ||
			sfs.f_type != (m->v2 ? CGROUP2_SUPER_MAGIC : CGROUP_SUPER_MAGIC))) {
		close(fd);
		fd = -ENODEV;
	}
	if (fd < 0) {
		m->fd = -2;
		m->err = fd;
		return fd;
	}
	m->fd = fd;
	m->dev = st.st_dev;
	return fd;
}

/* The path below the mount's root: "" for the root itself, NULL when the
 * mount does not show that part of the hierarchy. */
static const char *below_root(const struct cg_mount *m, const char *path)
{
	size_t n = strlen(m->root);

	if (!strcmp(m->root, "/"))
		return path + strspn(path, "/");
	if (strncmp(path, m->root, n) != 0 || (path[n] && path[n] != '/'))
		return NULL;
	return path + n + strspn(path + n, "/");
}

static bool mount_serves(const struct cg_mount *m, const struct cg_entry *e)
{
	if (!e->ctrl[0])
		return m->v2;
	if (m->v2)
		return false;
	/* every controller (or name=) of the line among the mount's options */
	for (const char *p = e->ctrl; *p;) {
		size_t len = strcspn(p, ",");

		if (!list_has(m->opts, p, len))
			return false;
		p += len;
		p += *p == ',';
	}
	return true;
}

/* A path another user may have named: no "..", nothing but components. */
static bool path_sane(const char *rel)
{
	for (const char *p = rel; *p;) {
		size_t len = strcspn(p, "/");

		if ((len == 2 && !strncmp(p, "..", 2)) || (len == 1 && *p == '.'))
			return false;
		p += len;
		p += strspn(p, "/");
	}
	return true;
}

/* The directory of the entry's cgroup, O_PATH; -errno as the header says. */
static int cgroup_dir(struct cg_ctx *c, const struct cg_entry *e)
{
	int err = -ENODEV;

	if (c->err)
		return c->err;
	for (size_t i = 0; i < c->nm; i++) {
		struct cg_mount *m = &c->m[i];
		const char *rel;
		struct stat st;
		int mfd, fd;

		if (!mount_serves(m, e) || !(rel = below_root(m, e->path)))
			continue;
		mfd = mount_fd(m);
		if (mfd < 0) {
			err = mfd;
			continue;
		}
		if (!path_sane(rel))
			return -EXDEV;
		fd = untrusted_open(mfd, *rel ? rel : ".", O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH);
		if (fd == -ELOOP)
			return -EXDEV;
		if (fd < 0)
			return fd;
		/* RESOLVE_BENEATH stays below, but may cross into a mount */
		if (fstat(fd, &st) < 0 || st.st_dev != m->dev) {
			close(fd);
			return -EXDEV;
		}
		return fd;
	}
	return err;
}

/* One file of the directory; 0 and *text, or -errno. */
static int read_value(int dirfd, const char *name, char **text)
{
	struct stat st;

	return untrusted_read_file(dirfd, name, UNTRUSTED_BENEATH, 0, MAX_VALUE_FILE, text, NULL, &st);
}

/* A number from one file, parsed by parse; into v->v[k]. */
static void set_from(struct cg_values *v, int k, int dirfd, const char *name,
		     int (*parse)(const char *, uint64_t *))
{
	char *text;
	int rc = read_value(dirfd, name, &text);

	if (!rc) {
		rc = parse(text, &v->v[k]);
		free(text);
	}
	v->err[k] = rc;
}

static void read_memory(struct cg_ctx *c, const struct cg_paths *p, struct cg_values *v)
{
	const struct cg_entry *e = entry_for(p, "memory");
	int fd = e ? cgroup_dir(c, e) : -ENOENT;
	char *text;
	int rc;

	if (fd < 0) {
		v->err[NSINFO_CGROUP_MEMORY_MAX] = v->err[NSINFO_CGROUP_MEMORY_CURRENT] = fd;
		return;
	}
	if (!e->ctrl[0]) {
		set_from(v, NSINFO_CGROUP_MEMORY_MAX, fd, "memory.max", cg_parse_limit);
		set_from(v, NSINFO_CGROUP_MEMORY_CURRENT, fd, "memory.current", cg_parse_limit);
	} else {
		rc = read_value(fd, "memory.limit_in_bytes", &text);
		if (!rc) {
			rc = cg_parse_v1_bytes(text, c->page_size, &v->v[NSINFO_CGROUP_MEMORY_MAX]);
			free(text);
		}
		v->err[NSINFO_CGROUP_MEMORY_MAX] = rc;
		set_from(v, NSINFO_CGROUP_MEMORY_CURRENT, fd, "memory.usage_in_bytes", cg_parse_limit);
	}
	/* a usage is never "max" */
	if (!v->err[NSINFO_CGROUP_MEMORY_CURRENT] &&
	    v->v[NSINFO_CGROUP_MEMORY_CURRENT] == NSINFO_CGROUP_UNLIMITED)
		v->err[NSINFO_CGROUP_MEMORY_CURRENT] = -EINVAL;
	close(fd);
}

static int parse_usec_from_ns(const char *text, uint64_t *v)
{
	int rc = cg_parse_limit(text, v);

	if (!rc && *v == NSINFO_CGROUP_UNLIMITED)
		return -EINVAL;
	*v /= 1000;
	return rc;
}

static void read_cpu(struct cg_ctx *c, const struct cg_paths *p, struct cg_values *v)
{
	const struct cg_entry *e = entry_for(p, "cpu");
	int fd = e ? cgroup_dir(c, e) : -ENOENT;
	char *text;
	int rc;

	if (fd >= 0 && !e->ctrl[0]) {
		rc = read_value(fd, "cpu.max", &text);
		if (!rc) {
			rc = cg_parse_cpu_max(text, &v->v[NSINFO_CGROUP_CPU_QUOTA],
					      &v->v[NSINFO_CGROUP_CPU_PERIOD]);
			free(text);
		}
		v->err[NSINFO_CGROUP_CPU_QUOTA] = v->err[NSINFO_CGROUP_CPU_PERIOD] = rc;
	} else if (fd >= 0) {
		set_from(v, NSINFO_CGROUP_CPU_QUOTA, fd, "cpu.cfs_quota_us", cg_parse_v1_quota);
		set_from(v, NSINFO_CGROUP_CPU_PERIOD, fd, "cpu.cfs_period_us", cg_parse_limit);
	} else {
		v->err[NSINFO_CGROUP_CPU_QUOTA] = v->err[NSINFO_CGROUP_CPU_PERIOD] = fd;
	}
	if (fd >= 0)
		close(fd);
	/* usage: cpuacct where v1 has it, else the unified cpu.stat (a core
	 * file there, present without the cpu controller) */
	e = entry_for(p, "cpuacct");
	fd = e ? cgroup_dir(c, e) : -ENOENT;
	if (fd < 0) {
		v->err[NSINFO_CGROUP_CPU_USAGE] = fd;
		return;
	}
	if (e->ctrl[0]) {
		set_from(v, NSINFO_CGROUP_CPU_USAGE, fd, "cpuacct.usage", parse_usec_from_ns);
	} else {
		rc = read_value(fd, "cpu.stat", &text);
		if (!rc) {
			rc = cg_parse_keyed(text, "usage_usec", &v->v[NSINFO_CGROUP_CPU_USAGE]);
			free(text);
		}
		v->err[NSINFO_CGROUP_CPU_USAGE] = rc == -ENOENT ? -EINVAL : rc;
	}
	close(fd);
}

static void read_pids(struct cg_ctx *c, const struct cg_paths *p, struct cg_values *v)
{
	const struct cg_entry *e = entry_for(p, "pids");
	int fd = e ? cgroup_dir(c, e) : -ENOENT;

	if (fd < 0) {
		v->err[NSINFO_CGROUP_PIDS_MAX] = v->err[NSINFO_CGROUP_PIDS_CURRENT] = fd;
		return;
	}
	set_from(v, NSINFO_CGROUP_PIDS_MAX, fd, "pids.max", cg_parse_limit);
	set_from(v, NSINFO_CGROUP_PIDS_CURRENT, fd, "pids.current", cg_parse_limit);
	close(fd);
}

static void read_psi(struct cg_ctx *c, const struct cg_paths *p, struct cg_values *v)
{
	static const struct {
		const char *file;
		int some;
	} psi[] = {
		{ "cpu.pressure", NSINFO_CGROUP_PSI_CPU_SOME },
		{ "memory.pressure", NSINFO_CGROUP_PSI_MEMORY_SOME },
		{ "io.pressure", NSINFO_CGROUP_PSI_IO_SOME },
	};
	const struct cg_entry *e = entry_for(p, NULL);
	int fd = e ? cgroup_dir(c, e) : -ENODEV;

	for (size_t i = 0; i < ARRAY_SIZE(psi); i++) {
		int k = psi[i].some;
		char *text;
		int rc = fd < 0 ? fd : read_value(fd, psi[i].file, &text);

		if (rc) {
			v->err[k] = v->err[k + 1] = rc;
			continue;
		}
		v->err[k] = cg_parse_psi(text, false, &v->v[k]);
		v->err[k + 1] = cg_parse_psi(text, true, &v->v[k + 1]);
		/* a "full" line is missing only where it means nothing */
		if (v->err[k] == -ENOENT)
			v->err[k] = -EINVAL;
		free(text);
	}
	if (fd >= 0)
		close(fd);
}

/* ---- value sets, by their paths ---- */

struct set_map {
	char **keys;
	struct cg_values **vals;
	size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

static size_t map_slot(const struct set_map *m, const char *key)
{
	size_t j = (size_t)hash_str(key) & (m->cap - 1);

	while (m->keys[j] && strcmp(m->keys[j], key) != 0)
		j = (j + 1) & (m->cap - 1);
	return j;
}

static int map_grow(struct set_map *m)
{
	struct set_map n = { .cap = m->cap ? m->cap * 2 : 64, .n = m->n };

	n.keys = calloc(n.cap, sizeof(*n.keys));
	n.vals = calloc(n.cap, sizeof(*n.vals));
	if (!n.keys || !n.vals) {
		free(n.keys);
		free(n.vals);
		return -ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i]) {
			size_t j = map_slot(&n, m->keys[i]);

			n.keys[j] = m->keys[i];
			n.vals[j] = m->vals[i];
		}
	}
	free(m->keys);
	free(m->vals);
	*m = n;
	return 0;
}

static void map_free(struct set_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
}

/* The key of a set: its lines joined; malloc'd. depth: cut each path
 * after the component named so (a container's own cgroup), or NULL. */
static char *set_key(const struct cg_paths *p, const char *cut)
{
	size_t len = 1;
	char *k, *w;

	for (size_t i = 0; i < p->n; i++)
		len += strlen(p->e[i].ctrl) + strlen(p->e[i].path) + 2;
	k = w = malloc(len);
	if (!k)
		return NULL;
	for (size_t i = 0; i < p->n; i++) {
		const char *path = p->e[i].path;
		size_t n = strlen(path);

		if (cut && *cut) {
			size_t cl = strlen(cut);

			/* the deepest "/<cut>" that ends a component */
			for (size_t j = n; j-- > 0;) {
				if (path[j] == '/' && !strncmp(path + j + 1, cut, cl) &&
				    (path[j + 1 + cl] == '/' || !path[j + 1 + cl])) {
					n = j + 1 + cl;
					break;
				}
			}
		}
		w += sprintf(w, "%s:%.*s\n", p->e[i].ctrl, (int)n, path);
	}
	*w = '\0';
	return k;
}

/* The values of the set named by key (its text as cg_paths_parse takes
 * it), read on first sight. NULL on ENOMEM. */
static const struct cg_values *set_values(struct nsinfo_snapshot *snap, struct cg_ctx *c,
					  struct set_map *m, char *key)
{
	struct cg_values *v, **vv;
	struct cg_paths *p;
	size_t j;
	int rc;

	if ((m->n + 1) * 2 > m->cap && map_grow(m) < 0) {
		free(key);
		return NULL;
	}
	j = map_slot(m, key);
	if (m->keys[j]) {
		free(key);
		return m->vals[j];
	}
	v = calloc(1, sizeof(*v));
	vv = realloc(snap->cgvals, (snap->ncgvals + 1) * sizeof(*vv));
	if (vv)
		snap->cgvals = vv;
	/* "ctrl:path" lines: parsed as "0:ctrl:path" would be */
	rc = v && vv ? 0 : -ENOMEM;
	if (!rc) {
		size_t n = 0, klen = strlen(key);
		char *text = malloc(klen * 2 + 8), *w = text;

		for (const char *l = key; text && *l; n++) {
			size_t len = strcspn(l, "\n");

			w += sprintf(w, "0:%.*s\n", (int)len, l);
			l += len + (l[len] == '\n');
		}
		rc = text ? cg_paths_parse(text, (size_t)(w - text), 0, &p) : -ENOMEM;
		free(text);
	}
	if (rc) {
		free(v);
		free(key);
		return NULL;
	}
	read_memory(c, p, v);
	read_cpu(c, p, v);
	read_pids(c, p, v);
	read_psi(c, p, v);
	cg_paths_free(p);
	snap->cgvals[snap->ncgvals++] = v;
	m->keys[j] = key;
	m->vals[j] = v;
	m->n++;
	return v;
}

/* Hierarchies the kernel has: the lines of our own cgroup file. */
static size_t hierarchies(void)
{
	char path[32], *text = NULL;
	size_t n = 0;
	struct stat st;
	int proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (proc < 0)
		return 0;
	snprintf(path, sizeof(path), "%d/cgroup", (int)getpid());
	if (untrusted_read_file(proc, path, UNTRUSTED_PROCFS, 0, MAX_CGROUP_FILE, &text, NULL, &st) == 0)
		for (const char *p = text; *p; p++)
			n += *p == '\n';
	free(text);
	close(proc);
	return n;
}

int cgroups_read(struct nsinfo_snapshot *snap, int proc_fd, bool procfs)
{
	struct cg_ctx c = { .page_size = sysconf(_SC_PAGESIZE) };
	struct set_map m = { 0 };
	size_t nhier = procfs ? hierarchies() : 0;
	int rc = 0;

	for (size_t i = 0; i < snap->nprocs; i++) {
		struct proc_extra *x = snap->procs[i].x;

		/* no text: no block, and the error reads as -ENODATA */
		if (!x || !x->cgtext)
			continue;
		x->cgerr = cg_paths_parse(x->cgtext, strlen(x->cgtext), nhier, &x->cgp);
		if (x->cgerr == -ENOMEM)
			return -ENOMEM;
	}
	if ((snap->flags & NSINFO_SCAN_CGROUP_ROOTS) && procfs)
		cgns_roots_read(snap, proc_fd);
	/* values only from our own cgroup file systems, of our own procfs's
	 * processes: a fixture's paths name nothing here */
	if (!(snap->flags & NSINFO_SCAN_CGROUP_LIMITS) || !procfs)
		return 0;
	c.err = mounts_read(&c);
	if (c.err == -ENOMEM)
		goto out;
	for (size_t i = 0; i < snap->nprocs && !rc; i++) {
		struct proc_extra *x = snap->procs[i].x;
		char *key;

		if (!x || !x->cgp)
			continue;
		key = set_key(x->cgp, NULL);
		if (!key || !(x->cgv = set_values(snap, &c, &m, key)))
			rc = -ENOMEM;
	}
	for (size_t i = 0; i < snap->ncontainers && !rc; i++) {
		struct nsinfo_container *ct = snap->containers[i];
		const struct nsinfo_proc *init = ct->nprocs ? ct->procs[0] : NULL;
		const char *base;
		char *key;

		if (!init || !proc_extra_of(init)->cgp || !ct->cg.path[0])
			continue;
		base = strrchr(ct->cg.path, '/');
		base = base ? base + 1 : ct->cg.path;
		key = set_key(init->x->cgp, base);
		if (!key || !(ct->cgv = set_values(snap, &c, &m, key)))
			rc = -ENOMEM;
	}
out:
	map_free(&m);
	mounts_free(&c);
	return c.err == -ENOMEM ? -ENOMEM : rc;
}

void cgroups_free(struct nsinfo_snapshot *snap)
{
	for (size_t i = 0; i < snap->ncgvals; i++)
		free(snap->cgvals[i]);
	free(snap->cgvals);
}

/* ---- accessors ---- */

NSINFO_EXPORT size_t nsinfo_proc_cgroup_count(const struct nsinfo_proc *proc)
{
	return proc && proc_extra_of(proc)->cgp ? proc->x->cgp->n : 0;
}

NSINFO_EXPORT int nsinfo_proc_cgroup(const struct nsinfo_proc *proc, size_t index,
				     const char **controllers, const char **path)
{
	const struct cg_paths *cgp = proc ? proc_extra_of(proc)->cgp : NULL;

	if (!cgp || index >= cgp->n)
		return -EINVAL;
	if (controllers)
		*controllers = cgp->e[index].ctrl;
	if (path)
		*path = cgp->e[index].path;
	return 0;
}

NSINFO_EXPORT const char *nsinfo_proc_cgroup_path(const struct nsinfo_proc *proc,
						  const char *controller)
{
	const struct cg_paths *cgp = proc ? proc_extra_of(proc)->cgp : NULL;

	for (size_t i = 0; cgp && controller && i < cgp->n; i++)
		if (!strcmp(cgp->e[i].ctrl, controller))
			return cgp->e[i].path;
	errno = ENOENT;
	return NULL;
}

NSINFO_EXPORT int nsinfo_proc_cgroup_error(const struct nsinfo_proc *proc)
{
	const struct proc_extra *x;

	if (!proc)
		return -EINVAL;
	x = proc_extra_of(proc);
	return x->cgp ? 0 : x->cgerr ? x->cgerr : -ENODATA;
}

static int value_of(const struct cg_values *v, enum nsinfo_cgroup_value what, uint64_t *value)
{
	if ((unsigned int)what >= NSINFO_CGROUP_NVALUES || !value)
		return -EINVAL;
	if (!v)
		return -ENODATA;
	if (v->err[what])
		return v->err[what];
	*value = v->v[what];
	return 0;
}

NSINFO_EXPORT int nsinfo_proc_cgroup_value(const struct nsinfo_proc *proc,
					   enum nsinfo_cgroup_value what, uint64_t *value)
{
	return proc ? value_of(proc_extra_of(proc)->cgv, what, value) : -EINVAL;
}

NSINFO_EXPORT int nsinfo_container_cgroup_value(const struct nsinfo_container *c,
						enum nsinfo_cgroup_value what, uint64_t *value)
{
	return c ? value_of(c->cgv, what, value) : -EINVAL;
}
