// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * snapdump - one libnsinfo snapshot as canonical text, for
 * tests/integration/sources.sh (the /proc source and the kernel source
 * must give the same snapshot).
 *
 *   snapdump --source SRC[,SRC...] [--flags N | --all] [--types LIST]
 *            [--proc-root P] [--state-root P] [--exclude-pid PID]...
 *            [--pid PID]... [--tree PID]... [--ns INODE]... [--refreshes N]
 *
 * Each SRC (proc, kernel, auto) is one snapshot; all are taken first,
 * back-to-back in this one process, and only then printed, each after a
 * line "== dump N", so that a test compares scans a few milliseconds
 * apart, made by the same PID (mount holders of our own mount namespace
 * name the dumper; it prints them as "self"). --refreshes N (N > 1) takes
 * each through a scanner instead, refreshed N times, and dumps the last
 * refresh (what a monitor shows, relations kept from the refresh before).
 *
 * Without --pid/--tree/--ns, the dump is the whole snapshot: a line per
 * namespace, a line per process (but ours and --exclude-pid's), the
 * containers, the counts. With them it is a scope: the processes named
 * (--tree: with their descendants, read once from /proc/PID/task/TID/
 * children before the first scan, so every dump has the same scope), and
 * the namespaces they reach: theirs, their threads' and for_children
 * ones, those their fds, sockets and mounts hold, those --ns names, and
 * the parents and owners of all of these. A namespace that a process out
 * of the scope is in too (the host's) is "shared": only what the scope
 * cannot change is printed of it (relations, unknown bits, NETNSID, and
 * the holders of the scope's processes), since processes elsewhere on
 * the machine come and go between two scans.
 *
 * On stderr, one line per dump: "snapdump: dump N: asked SRC, used SRC"
 * and, when auto chose /proc, " (why: REASON)". Exit 0, or 1 with one
 * line on stderr (a scan that failed says the source's reason).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nsinfo.h>

#define MAX_DUMPS 8
#define ALL_FLAGS ((NSINFO_SCAN_STDIO << 1) - 1)

static __attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...)
{
	va_list ap;

	fputs("snapdump: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---- sets of PIDs and inodes ---------------------------------------- */

struct set {
	uint64_t *v;
	size_t n, cap;
};

static void set_add(struct set *s, uint64_t x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v)
			die("out of memory");
	}
	s->v[s->n++] = x;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* sort and drop duplicates */
static void set_done(struct set *s)
{
	size_t j = 0;

	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp_u64);
	for (size_t i = 1; i < s->n; i++)
		if (s->v[i] != s->v[j])
			s->v[++j] = s->v[i];
	s->n = j + 1;
}

static bool set_has(const struct set *s, uint64_t x)
{
	return s->n && bsearch(&x, s->v, s->n, sizeof(*s->v), cmp_u64);
}

static void set_del(struct set *s, uint64_t x)
{
	uint64_t *p = s->n ? bsearch(&x, s->v, s->n, sizeof(*s->v), cmp_u64) : NULL;

	if (p) {
		memmove(p, p + 1, (size_t)(s->v + s->n - (p + 1)) * sizeof(*p));
		s->n--;
	}
}

static unsigned long long number(const char *opt, const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-')
		die("%s: not a number: '%s'", opt, s);
	return v;
}

/* The descendants of pid, by the children lists of each of its tasks. */
static void add_tree(struct set *s, const char *proc_root, pid_t pid, int depth)
{
	char path[4096];
	struct dirent *d;
	DIR *dir;

	set_add(s, (uint64_t)pid);
	if (depth > 64)
		return;
	snprintf(path, sizeof(path), "%s/%d/task", proc_root, (int)pid);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		unsigned long child;
		FILE *f;

		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/%d/task/%s/children", proc_root, (int)pid,
			 d->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		while (fscanf(f, "%lu", &child) == 1)
			add_tree(s, proc_root, (pid_t)child, depth + 1);
		fclose(f);
	}
	closedir(dir);
}

/* ---- printing --------------------------------------------------------- */

static pid_t self;

static void put_pid(FILE *o, pid_t pid)
{
	if (pid == self)
		fputs("self", o);
	else
		fprintf(o, "%d", (int)pid);
}

static void put_rc(FILE *o, int rc)
{
	const char *name = rc < 0 ? strerrorname_np(-rc) : NULL;

	if (rc == 0)
		fputs("0", o);
	else if (name)
		fputs(name, o);
	else
		fprintf(o, "%d", rc);
}

/* " key=RC" or " key=0:VALUE" */
static void put_rel_u64(FILE *o, const char *key, int rc, uint64_t v)
{
	fprintf(o, " %s=", key);
	put_rc(o, rc);
	if (rc == 0)
		fprintf(o, ":%" PRIu64, v);
}

static const char *kind_name(enum nsinfo_holder_kind k)
{
	switch (k) {
	case NSINFO_HOLDER_FD: return "fd";
	case NSINFO_HOLDER_SOCKET: return "socket";
	case NSINFO_HOLDER_MOUNT: return "mount";
	}
	return "?";
}

static void put_holder(FILE *o, const struct nsinfo_holder *h)
{
	fprintf(o, "%s:", kind_name(h->kind));
	put_pid(o, h->pid);
	if (h->kind == NSINFO_HOLDER_MOUNT)
		fprintf(o, ":mnt=%" PRIu64 ":own=%d:%s", h->mntns, h->own_mntns,
			h->path ? h->path : "(null)");
	else
		fprintf(o, ":%d", h->fd);
}

struct dump {
	const char *asked;
	int source;
	struct nsinfo_snapshot *snap;
};

struct scope {
	bool on;		/* --pid/--tree/--ns given */
	struct set pids;	/* the scope's processes */
	struct set inodes;	/* --ns */
	struct set exclude;	/* full dumps: processes left out */
};

/* Index of ns in the snapshot's array (sorted by inode, then type). */
static size_t ns_index(const struct nsinfo_snapshot *snap, const struct nsinfo_ns *ns)
{
	size_t lo = 0, hi = nsinfo_snapshot_ns_count(snap);
	uint64_t ino = nsinfo_ns_inode(ns);
	int type = (int)nsinfo_ns_type(ns);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct nsinfo_ns *m = nsinfo_snapshot_ns(snap, mid);
		uint64_t mi = nsinfo_ns_inode(m);
		int mt = (int)nsinfo_ns_type(m);

		if (m == ns)
			return mid;
		if (mi < ino || (mi == ino && mt < type))
			lo = mid + 1;
		else
			hi = mid;
	}
	/* not where the order says: look everywhere */
	for (size_t i = 0; i < nsinfo_snapshot_ns_count(snap); i++)
		if (nsinfo_snapshot_ns(snap, i) == ns)
			return i;
	die("a namespace not in its own snapshot");
}

struct marks {
	const struct nsinfo_snapshot *snap;
	unsigned char *in;	/* per namespace index: in the dump */
	size_t *stack;
	size_t nstack;
};

static void mark(struct marks *m, const struct nsinfo_ns *ns)
{
	size_t i;

	if (!ns)
		return;
	i = ns_index(m->snap, ns);
	if (m->in[i])
		return;
	m->in[i] = 1;
	m->stack[m->nstack++] = i;
}

static bool proc_in(const struct scope *sc, const struct nsinfo_proc *p)
{
	pid_t pid = nsinfo_proc_pid(p);

	if (sc->on)
		return set_has(&sc->pids, (uint64_t)pid);
	return pid != self && !set_has(&sc->exclude, (uint64_t)pid);
}

/* Whether only the scope is in ns (full dumps: every namespace). */
static bool ns_private(const struct scope *sc, const struct nsinfo_ns *ns)
{
	const struct nsinfo_proc *lp;
	unsigned int how;
	pid_t tid;

	if (!sc->on)
		return true;
	for (size_t i = 0; i < nsinfo_ns_proc_count(ns); i++)
		if (!set_has(&sc->pids, (uint64_t)nsinfo_proc_pid(nsinfo_ns_proc(ns, i))))
			return false;
	if (nsinfo_ns_leader(ns, &lp, &tid, &how) == 0 &&
	    !set_has(&sc->pids, (uint64_t)nsinfo_proc_pid(lp)))
		return false;
	for (size_t i = 0; i < nsinfo_ns_holder_count(ns); i++) {
		const struct nsinfo_holder *h = nsinfo_ns_holder(ns, i);

		if (h->kind != NSINFO_HOLDER_MOUNT && !set_has(&sc->pids, (uint64_t)h->pid))
			return false;
	}
	return true;
}

static void put_ns(FILE *o, const struct scope *sc, const struct nsinfo_ns *ns)
{
	bool priv = ns_private(sc, ns);
	const struct nsinfo_proc *lp;
	uint64_t v;
	unsigned int u, how;
	uid_t uid;
	pid_t tid;
	int rc, id;
	size_t n;

	fprintf(o, "ns %s %" PRIu64, nsinfo_type_name(nsinfo_ns_type(ns)), nsinfo_ns_inode(ns));
	if (priv)
		fprintf(o, " procs=%zu threads=%zu hold=0x%x", nsinfo_ns_proc_count(ns),
			nsinfo_ns_thread_count(ns), nsinfo_ns_holders(ns));
	else
		fputs(" shared", o);
	fprintf(o, " unknown=0x%x", nsinfo_ns_unknown(ns));
	rc = nsinfo_ns_parent(ns, &v);
	put_rel_u64(o, "parent", rc, v);
	rc = nsinfo_ns_owner(ns, &v);
	put_rel_u64(o, "owner", rc, v);
	rc = nsinfo_ns_owner_uid(ns, &uid);
	put_rel_u64(o, "uid", rc, uid);
	rc = nsinfo_ns_id(ns, &v);
	put_rel_u64(o, "id", rc, v);
	rc = nsinfo_ns_depth(ns, &u);
	put_rel_u64(o, "depth", rc, u);
	rc = nsinfo_ns_netnsid(ns, &id);
	fputs(" netnsid=", o);
	put_rc(o, rc);
	if (rc == 0)
		fprintf(o, ":%d", id);
	if (priv) {
		rc = nsinfo_ns_leader(ns, &lp, &tid, &how);
		fputs(" leader=", o);
		put_rc(o, rc);
		if (rc == 0) {
			fputc(':', o);
			put_pid(o, nsinfo_proc_pid(lp));
			fputc('/', o);
			put_pid(o, tid);
			fprintf(o, "/0x%x", how);
		}
	}
	/* holders in the library's order (processes by PID, then mounts) */
	fputs(" holders=", o);
	n = 0;
	for (size_t i = 0; i < nsinfo_ns_holder_count(ns); i++) {
		const struct nsinfo_holder *h = nsinfo_ns_holder(ns, i);

		/* of a scope: its processes' holders, and mounts of our own
		 * mount namespace (mount namespaces of others come and go
		 * with processes out of the scope) */
		if (sc->on && !set_has(&sc->pids, (uint64_t)h->pid) &&
		    (!priv || h->kind != NSINFO_HOLDER_MOUNT || h->pid != self))
			continue;
		if (n++)
			fputc('|', o);
		put_holder(o, h);
	}
	if (!n)
		fputc('-', o);
	if (priv) {
		fputs(" nsfs=", o);
		for (size_t i = 0; i < nsinfo_ns_nsfs_count(ns); i++)
			fprintf(o, "%s%s", i ? "|" : "", nsinfo_ns_nsfs(ns, i));
		if (!nsinfo_ns_nsfs_count(ns))
			fputc('-', o);
		fprintf(o, " name=%s", nsinfo_ns_name(ns) ? nsinfo_ns_name(ns) : "-");
	}
	fputc('\n', o);
}

static void put_ns_ref(FILE *o, const struct nsinfo_ns *ns)
{
	if (ns)
		fprintf(o, "%" PRIu64, nsinfo_ns_inode(ns));
	else
		fputc('-', o);
}

static const struct nsinfo_proc *split_sort_proc;

static int cmp_split(const void *a, const void *b)
{
	pid_t x = nsinfo_proc_split_tid(split_sort_proc, *(const size_t *)a);
	pid_t y = nsinfo_proc_split_tid(split_sort_proc, *(const size_t *)b);

	return (x > y) - (x < y);
}

/* The three streams: kind, inode, access, name, session/foreground,
 * peer inode and error, peers (PID:command). */
static void put_stdio(FILE *o, const struct nsinfo_proc *p)
{
	fputs("stdio", o);
	for (int fd = 0; fd < 3; fd++) {
		struct nsinfo_stdio s = { .size = sizeof(s) };
		int rc = nsinfo_proc_stdio(p, fd, &s);

		fprintf(o, " %d=", fd);
		if (rc < 0) {
			put_rc(o, rc);
			continue;
		}
		fprintf(o, "%d:%" PRIu64 ":%d:", (int)s.kind, s.inode, s.access);
		/* a path may hold anything: its length stands for it */
		if (s.name)
			fprintf(o, "%zu", strlen(s.name));
		fprintf(o, ":%d/%d:%" PRIu64 ":", (int)s.session, (int)s.foreground, s.peer_inode);
		put_rc(o, s.peer_err);
		fputc(':', o);
		for (size_t i = 0; i < s.npeers; i++) {
			fputs(i ? "," : "", o);
			put_pid(o, s.peers[i].pid);
			fprintf(o, "(%s)", s.peers[i].comm ? s.peers[i].comm : "-");
		}
	}
	fputc('\n', o);
}

static void put_proc(FILE *o, const struct nsinfo_proc *p)
{
	const struct nsinfo_container *c = nsinfo_proc_container(p);
	size_t ns = nsinfo_proc_split_count(p), *idx;

	fputs("proc ", o);
	put_pid(o, nsinfo_proc_pid(p));
	fprintf(o, " flags=0x%x threads=%zu ns=", nsinfo_proc_flags(p), nsinfo_proc_thread_count(p));
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		fprintf(o, "%s%s:", t ? "," : "", nsinfo_type_name((enum nsinfo_type)t));
		put_ns_ref(o, nsinfo_proc_ns(p, (enum nsinfo_type)t));
	}
	fputs(" fc=pid:", o);
	put_ns_ref(o, nsinfo_proc_ns_for_children(p, NSINFO_TYPE_PID));
	fputs(",time:", o);
	put_ns_ref(o, nsinfo_proc_ns_for_children(p, NSINFO_TYPE_TIME));
	fputs(" split=", o);
	idx = calloc(ns ? ns : 1, sizeof(*idx));
	if (!idx)
		die("out of memory");
	for (size_t i = 0; i < ns; i++)
		idx[i] = i;
	split_sort_proc = p;
	qsort(idx, ns, sizeof(*idx), cmp_split);
	for (size_t i = 0; i < ns; i++) {
		fprintf(o, "%s%d[", i ? ";" : "", (int)nsinfo_proc_split_tid(p, idx[i]));
		for (int t = 0; t < NSINFO_NTYPES; t++) {
			fprintf(o, "%s%s:", t ? "," : "", nsinfo_type_name((enum nsinfo_type)t));
			put_ns_ref(o, nsinfo_proc_split_ns(p, idx[i], (enum nsinfo_type)t));
		}
		fputc(']', o);
	}
	free(idx);
	if (!ns)
		fputc('-', o);
	fputs(" nspid=", o);
	for (size_t i = 0; i < nsinfo_proc_nspid_count(p); i++)
		fprintf(o, "%s%d", i ? "," : "", (int)nsinfo_proc_nspid(p, i));
	if (!nsinfo_proc_nspid_count(p))
		fputc('-', o);
	if (c)
		fprintf(o, " container=%s/%s/%s", nsinfo_container_runtime(c),
			nsinfo_container_id(c) ? nsinfo_container_id(c) : "-",
			nsinfo_container_name(c) ? nsinfo_container_name(c) : "-");
	else
		fputs(" container=-", o);
	fputc('\n', o);
	put_stdio(o, p);
}

static void put_container(FILE *o, const struct scope *sc, const struct nsinfo_container *c)
{
	const char *pod = nsinfo_container_pod(c);
	size_t n = 0, all = nsinfo_container_proc_count(c);
	uid_t uid;
	int rc;

	for (size_t i = 0; i < all; i++)
		n += proc_in(sc, nsinfo_container_proc(c, i));
	if (!n)
		return;
	fprintf(o, "container %s %s %s pod=%s procs=", nsinfo_container_runtime(c),
		nsinfo_container_id(c) ? nsinfo_container_id(c) : "-",
		nsinfo_container_name(c) ? nsinfo_container_name(c) : "-", pod ? pod : "-");
	n = 0;
	for (size_t i = 0; i < all; i++) {
		const struct nsinfo_proc *p = nsinfo_container_proc(c, i);

		if (!proc_in(sc, p))
			continue;
		fprintf(o, "%s", n++ ? "," : "");
		put_pid(o, nsinfo_proc_pid(p));
	}
	/* a scope dump cannot tell others' processes of it from churn */
	if (!sc->on)
		fprintf(o, " nprocs=%zu", all);
	rc = nsinfo_container_owner(c, &uid);
	put_rel_u64(o, "owner", rc, uid);
	rc = nsinfo_container_name_uid(c, &uid);
	put_rel_u64(o, "name_uid", rc, uid);
	fputc('\n', o);
}

static void put_dump(FILE *o, const struct scope *sc, const struct nsinfo_snapshot *snap)
{
	size_t nns = nsinfo_snapshot_ns_count(snap), np = nsinfo_snapshot_proc_count(snap);
	struct marks m = { .snap = snap };
	size_t present = 0, denied = 0;

	m.in = calloc(nns ? nns : 1, 1);
	m.stack = calloc(nns ? nns : 1, sizeof(*m.stack));
	if (!m.in || !m.stack)
		die("out of memory");
	if (!sc->on) {
		memset(m.in, 1, nns);
	} else {
		/* what the scope's processes reach */
		for (size_t i = 0; i < np; i++) {
			const struct nsinfo_proc *p = nsinfo_snapshot_proc(snap, i);

			if (!proc_in(sc, p))
				continue;
			for (int t = 0; t < NSINFO_NTYPES; t++) {
				mark(&m, nsinfo_proc_ns(p, (enum nsinfo_type)t));
				for (size_t s = 0; s < nsinfo_proc_split_count(p); s++)
					mark(&m, nsinfo_proc_split_ns(p, s, (enum nsinfo_type)t));
			}
			mark(&m, nsinfo_proc_ns_for_children(p, NSINFO_TYPE_PID));
			mark(&m, nsinfo_proc_ns_for_children(p, NSINFO_TYPE_TIME));
		}
		for (size_t i = 0; i < nns; i++) {
			const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, i);

			if (set_has(&sc->inodes, nsinfo_ns_inode(ns)))
				mark(&m, ns);
			for (size_t h = 0; h < nsinfo_ns_holder_count(ns); h++)
				if (set_has(&sc->pids, (uint64_t)nsinfo_ns_holder(ns, h)->pid))
					mark(&m, ns);
		}
		/* and their parents and owners */
		while (m.nstack) {
			const struct nsinfo_ns *ns = nsinfo_snapshot_ns(snap, m.stack[--m.nstack]);
			uint64_t v;

			if (nsinfo_ns_parent(ns, &v) == 0 && v) {
				const struct nsinfo_ns *pa = nsinfo_snapshot_find_ns(snap,
					(int)nsinfo_ns_type(ns), v);

				mark(&m, pa);
			}
			if (nsinfo_ns_owner(ns, &v) == 0 && v)
				mark(&m, nsinfo_snapshot_find_ns(snap, NSINFO_TYPE_USER, v));
		}
	}
	for (size_t i = 0; i < nns; i++)
		if (m.in[i])
			put_ns(o, sc, nsinfo_snapshot_ns(snap, i));
	for (size_t i = 0; i < np; i++) {
		const struct nsinfo_proc *p = nsinfo_snapshot_proc(snap, i);

		if (!proc_in(sc, p))
			continue;
		put_proc(o, p);
		present++;
		denied += !!(nsinfo_proc_flags(p) & NSINFO_PROC_DENIED);
	}
	if (sc->on)
		for (size_t i = 0; i < sc->pids.n; i++)
			if (!nsinfo_snapshot_find_proc(snap, (pid_t)sc->pids.v[i]))
				fprintf(o, "proc %" PRIu64 " absent\n", sc->pids.v[i]);
	for (size_t i = 0; i < nsinfo_snapshot_container_count(snap); i++)
		put_container(o, sc, nsinfo_snapshot_container(snap, i));
	if (sc->on)
		fprintf(o, "scope procs=%zu/%zu denied=%zu\n", present, sc->pids.n, denied);
	else
		fprintf(o, "counts seen=%zu denied=%zu denied_tasks=%zu\n",
			nsinfo_snapshot_seen_count(snap), nsinfo_snapshot_denied_count(snap),
			nsinfo_snapshot_denied_task_count(snap));
	free(m.in);
	free(m.stack);
}

/* ---- main --------------------------------------------------------------- */

static unsigned int parse_types(const char *list)
{
	char *copy = strdup(list), *save = NULL;
	unsigned int mask = 0;

	if (!copy)
		die("out of memory");
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int type = nsinfo_type_from_name(t);

		if (type < 0)
			die("--types: unknown type '%s'", t);
		mask |= NSINFO_TYPE_BIT(type);
	}
	free(copy);
	if (!mask)
		die("--types: empty list");
	return mask;
}

static void usage(FILE *o, int rc)
{
	fputs("Usage: snapdump --source proc|kernel|auto[,...] [--flags N | --all] [--types LIST]\n"
	      "                [--proc-root P] [--state-root P] [--exclude-pid PID]...\n"
	      "                [--pid PID]... [--tree PID]... [--ns INODE]... [--refreshes N]\n", o);
	exit(rc);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "flags", required_argument, NULL, 'f' },
		{ "all", no_argument, NULL, 'a' },
		{ "types", required_argument, NULL, 't' },
		{ "proc-root", required_argument, NULL, 'r' },
		{ "state-root", required_argument, NULL, 'S' },
		{ "exclude-pid", required_argument, NULL, 'x' },
		{ "pid", required_argument, NULL, 'p' },
		{ "tree", required_argument, NULL, 'T' },
		{ "ns", required_argument, NULL, 'n' },
		{ "refreshes", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct nsinfo_scan_opts opts = { .size = sizeof(opts) };
	struct dump dumps[MAX_DUMPS];
	struct scope sc = { .on = false };
	struct set trees = { 0 };
	const char *sources = NULL;
	size_t ndumps = 0;
	unsigned long long refreshes = 1;
	int c;

	self = getpid();
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': sources = optarg; break;
		case 'f':
			opts.flags = (unsigned int)number("--flags", optarg);
			break;
		case 'a':
			opts.flags = ALL_FLAGS & ~NSINFO_SCAN_ONE_THREAD;
			break;
		case 't': opts.types = parse_types(optarg); break;
		case 'r': opts.proc_root = optarg; break;
		case 'S': opts.state_root = optarg; break;
		case 'x': set_add(&sc.exclude, number("--exclude-pid", optarg)); break;
		case 'p': set_add(&sc.pids, number("--pid", optarg)); sc.on = true; break;
		case 'T': set_add(&trees, number("--tree", optarg)); sc.on = true; break;
		case 'n': set_add(&sc.inodes, number("--ns", optarg)); sc.on = true; break;
		case 'R':
			refreshes = number("--refreshes", optarg);
			if (refreshes < 1 || refreshes > 100)
				die("--refreshes: 1 to 100");
			break;
		case 'h': usage(stdout, 0); break;
		default: usage(stderr, 1); break;
		}
	}
	if (optind != argc)
		die("unexpected argument '%s'", argv[optind]);
	if (!sources)
		die("--source is required (proc, kernel, auto)");

	/* the scope, once, before any scan */
	for (size_t i = 0; i < trees.n; i++)
		add_tree(&sc.pids, opts.proc_root ? opts.proc_root : "/proc", (pid_t)trees.v[i], 0);
	set_done(&sc.pids);
	set_done(&sc.exclude);
	set_done(&sc.inodes);
	for (size_t i = 0; i < sc.exclude.n; i++)
		set_del(&sc.pids, sc.exclude.v[i]);
	set_del(&sc.pids, (uint64_t)self);

	{
		char *copy = strdup(sources), *save = NULL;

		if (!copy)
			die("out of memory");
		for (char *s = strtok_r(copy, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
			int src = nsinfo_source_from_name(s);

			if (src < 0)
				die("--source: unknown source '%s' (proc, kernel, auto)", s);
			if (ndumps == MAX_DUMPS)
				die("--source: at most %d sources", MAX_DUMPS);
			dumps[ndumps].asked = nsinfo_source_name((enum nsinfo_source)src);
			dumps[ndumps].source = src;
			dumps[ndumps].snap = NULL;
			ndumps++;
		}
		free(copy);
		if (!ndumps)
			die("--source: empty list");
	}

	/* every scan first, back-to-back */
	for (size_t i = 0; i < ndumps; i++) {
		int rc;

		opts.source = dumps[i].source;
		if (refreshes == 1) {
			rc = nsinfo_snapshot_new(&dumps[i].snap, &opts);
		} else {
			struct nsinfo_scanner *scanner;

			rc = nsinfo_scanner_new(&scanner, &opts);
			for (unsigned long long r = 0; rc == 0 && r < refreshes; r++) {
				nsinfo_snapshot_unref(dumps[i].snap);
				dumps[i].snap = NULL;
				rc = nsinfo_scanner_refresh(scanner, &dumps[i].snap);
			}
			if (rc == 0)
				nsinfo_scanner_free(scanner);
		}
		if (rc < 0) {
			char why[200] = "";

			if (dumps[i].source != NSINFO_SOURCE_PROC &&
			    nsinfo_source_probe(&opts, why, sizeof(why)) == 0)
				snprintf(why, sizeof(why), "the probe finds nothing wrong");
			die("%s: %s%s%s", dumps[i].asked, strerror(-rc), why[0] ? ": " : "", why);
		}
	}
	for (size_t i = 0; i < ndumps; i++) {
		const char *why = NULL;
		enum nsinfo_source used = nsinfo_snapshot_source(dumps[i].snap, &why);

		fprintf(stderr, "snapdump: dump %zu: asked %s, used %s", i + 1, dumps[i].asked,
			nsinfo_source_name(used));
		if (why)
			fprintf(stderr, " (why: %s)", why);
		fputc('\n', stderr);
		printf("== dump %zu\n", i + 1);
		put_dump(stdout, &sc, dumps[i].snap);
		nsinfo_snapshot_unref(dumps[i].snap);
	}
	free(sc.pids.v);
	free(sc.inodes.v);
	free(sc.exclude.v);
	free(trees.v);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error: %s", strerror(errno));
	return 0;
}
