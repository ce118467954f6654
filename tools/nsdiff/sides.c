// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sides.c - what an argument names, and its namespaces.
 *
 *   4242           a process (else a container whose ID starts so)
 *   web, 3f2a9c    a container, by name or ID prefix (else an ip netns name)
 *   host           PID 1's namespaces, or ours when PID 1 cannot be read
 *   FILE           a saved snapshot (nsls --save): an argument with a '/'
 *                  or ending in ".json"; against a live side, that side as
 *                  the file saw it, against another file, the whole diff
 *   SEL@FILE       SEL (any of the above) as the file saw it
 *   now            a whole snapshot read now, against a file
 *
 * A live process is held as a pidfd checked against the start time the
 * scan saw, its /proc directory and its namespace files (opened through
 * nsinfo_nsfs_open(), never anything else); the pidfd is asked once more
 * after everything is open, so that a PID reused meanwhile is noticed.
 * What is compared and read deep is what these descriptors hold.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "nsdiff.h"

static bool looks_like_file(const char *s)
{
	size_t n = strlen(s);

	return strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".json"));
}

static char *must_dup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		errx(NSD_TROUBLE, "out of memory");
	return d;
}

static enum side_kind classify(const char *sel)
{
	uint64_t v;

	if (!strcmp(sel, "host"))
		return SIDE_HOST;
	if (cli_parse_number(sel, 1, INT_MAX, &v) == 0)
		return SIDE_PID;
	return SIDE_CONTAINER;
}

void side_parse(struct side *s, char which, const char *arg)
{
	const char *at = strchr(arg, '@');

	*s = (struct side){ .which = which, .arg = arg, .pidfd = -1, .procfd = -1 };
	for (int t = 0; t < NSINFO_NTYPES; t++)
		s->nsfd[t] = -1;
	if (!*arg) {
		warnx("an empty side");
		cli_usage_error();
	}
	if (at && looks_like_file(at + 1)) {
		if (at == arg) {
			warnx("'%s': nothing before the '@'", arg);
			cli_usage_error();
		}
		s->sel = strndup(arg, (size_t)(at - arg));
		if (!s->sel)
			errx(NSD_TROUBLE, "out of memory");
		s->file = must_dup(at + 1);
		s->kind = classify(s->sel);
		if (!strcmp(s->sel, "now")) {
			warnx("'%s': now is a whole snapshot, not in a file", arg);
			cli_usage_error();
		}
	} else if (looks_like_file(arg)) {
		s->kind = SIDE_SNAPSHOT;
		s->file = must_dup(arg);
	} else if (!strcmp(arg, "now")) {
		s->kind = SIDE_NOW;
		s->live = true;
	} else {
		s->sel = must_dup(arg);
		s->kind = classify(arg);
		s->live = true;
	}
}

bool side_is_whole(const struct side *s)
{
	return s->kind == SIDE_SNAPSHOT || s->kind == SIDE_NOW;
}

bool side_needs_live(const struct side *s)
{
	return s->live;
}

void side_take_selector(struct side *s, const struct side *other)
{
	if (!side_is_whole(s) || side_is_whole(other))
		return;
	if (s->kind == SIDE_NOW)
		errx(NSD_TROUBLE, "now is compared with a snapshot file, not with '%s'", other->arg);
	s->sel = must_dup(other->sel);
	s->kind = other->kind;
}

void side_close(struct side *s)
{
	if (s->pidfd >= 0)
		close(s->pidfd);
	if (s->procfd >= 0)
		close(s->procfd);
	for (int t = 0; t < NSINFO_NTYPES; t++)
		if (s->nsfd[t] >= 0)
			close(s->nsfd[t]);
	free(s->sel);
	free(s->file);
	free(s->netns);
	free(s->ct_runtime);
	free(s->ct_name);
}

const struct snap_ns *nsd_find_ns(const struct side *a, const struct side *b, enum nsinfo_type t,
				  uint64_t ino)
{
	const struct snap_ns *ns = a ? snapfile_find_ns(a->sf, t, ino) : NULL;

	if (!ns && b && (!a || b->sf != a->sf))
		ns = snapfile_find_ns(b->sf, t, ino);
	return ns;
}

size_t nsd_chain(const struct side *a, const struct side *b, enum nsinfo_type t, uint64_t ino,
		 uint64_t *chain, size_t max)
{
	size_t n = 0;

	if (!ino || !max)
		return 0;
	chain[n++] = ino;
	while (n < max) {
		const struct snap_ns *ns = nsd_find_ns(a, b, t, chain[n - 1]);

		if (!ns || !(ns->known & SNAP_NS_PARENT) || !ns->parent)
			break;
		for (size_t i = 0; i < n; i++)
			if (chain[i] == ns->parent)
				return n;	/* a loop: read piecewise, cut */
		chain[n++] = ns->parent;
	}
	return n;
}

/* ---- live descriptors ---- */

static int pidfd_alive(int pidfd)
{
	if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0 || errno == EPERM)
		return 0;
	return -errno;
}

/* The namespace files of the process in procfd, and their inodes. */
static void open_ns_files(struct side *s, int procfd, unsigned int types)
{
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		char path[32];
		struct stat st;
		int fd;

		if (!(types & NSINFO_TYPE_BIT(t)))
			continue;
		snprintf(path, sizeof(path), "ns/%s", nsinfo_type_proc_name((enum nsinfo_type)t));
		fd = nsinfo_nsfs_open(procfd, path);
		if (fd >= 0 && fstat(fd, &st) < 0) {
			close(fd);
			fd = -errno;
		}
		if (fd < 0) {
			s->known &= ~NSINFO_TYPE_BIT(t);
			s->err[t] = fd;
			continue;
		}
		s->nsfd[t] = fd;
		s->ino[t] = (uint64_t)st.st_ino;
		s->known |= NSINFO_TYPE_BIT(t);
		s->err[t] = 0;
	}
}

static void open_live_proc(const struct nsd *nsd, struct side *s, unsigned int types)
{
	char path[32];
	pid_t pid = s->pid;
	int rc;

	int fd;

	if (s->proc && s->proc->has_start) {
		fd = nsinfo_pidfd_open(nsd->snap, pid, s->proc->start);
	} else {
		fd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (fd < 0)
			fd = -errno;
	}
	/* gone, or its PID taken by another process since the scan */
	if (fd == -ESRCH)
		errx(NSD_TROUBLE, "PID %d: exited", (int)pid);
	/* an old kernel: the /proc directory alone */
	s->pidfd = fd >= 0 ? fd : -1;
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	s->procfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (s->procfd < 0)
		errx(NSD_TROUBLE, "PID %d: %s", (int)pid, strerror(errno));
	open_ns_files(s, s->procfd, types);
	if (s->pidfd >= 0 && (rc = pidfd_alive(s->pidfd)) < 0)
		errx(NSD_TROUBLE, "PID %d: exited while it was read", (int)pid);
}

/* ---- resolving ---- */

static const char *date_of(long long t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t || !localtime_r(&tt, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, len, "unknown time");
	return buf;
}

static void label_proc(struct side *s, const char *what)
{
	const char *comm = s->proc && s->proc->comm ? s->proc->comm : NULL;
	int n = 0;

	if (what)
		n = snprintf(s->label, sizeof(s->label), "%s, ", what);
	if (n < 0 || (size_t)n >= sizeof(s->label))
		n = 0;
	snprintf(s->label + n, sizeof(s->label) - (size_t)n, "PID %d%s%s%s", (int)s->pid,
		 comm ? " (" : "", comm ? comm : "", comm ? ")" : "");
}

static bool valid_netns_name(const char *name)
{
	return *name && strlen(name) < NAME_MAX && !strchr(name, '/') && strcmp(name, ".") &&
	       strcmp(name, "..");
}

/* A container of a file: by name, full ID, or unique ID prefix. */
static const struct snap_container *file_container(const struct snapfile *sf, const char *key,
						   int *rc)
{
	const struct snap_container *hit = NULL;
	size_t klen = strlen(key), n = 0;

	for (size_t i = 0; i < sf->ncontainers; i++) {
		const struct snap_container *c = &sf->containers[i];

		if ((c->name && !strcmp(c->name, key)) || (c->id && !strcmp(c->id, key))) {
			*rc = 0;
			return c;
		}
	}
	for (size_t i = 0; i < sf->ncontainers; i++) {
		const struct snap_container *c = &sf->containers[i];

		if (c->id && !strncmp(c->id, key, klen)) {
			hit = c;
			n++;
		}
	}
	*rc = n == 1 ? 0 : n ? -ENOTUNIQ : -ENOENT;
	return n == 1 ? hit : NULL;
}

static bool resolve_container(const struct nsd *nsd, struct side *s)
{
	const char *key = s->sel;
	const char *rt, *name;
	int rc;

	if (s->file) {
		const struct snap_container *c = file_container(s->sf, key, &rc);

		if (rc == -ENOTUNIQ)
			errx(NSD_TROUBLE, "container %s: more than one matches in %s", key, s->file);
		if (!c)
			return false;
		s->pid = c->pid;
		rt = c->runtime;
		name = c->name ? c->name : c->id;
	} else {
		const struct nsinfo_container *c;

		rc = nsinfo_snapshot_find_container(nsd->snap, key, &c);
		if (rc == -ENOTUNIQ)
			errx(NSD_TROUBLE, "container %s: more than one matches", key);
		if (rc == -EPERM)
			errx(NSD_TROUBLE, "container %s: only another user's claim matches", key);
		if (rc < 0)
			return false;
		if (!nsinfo_container_proc_count(c))
			errx(NSD_TROUBLE, "container %s: no process", key);
		s->pid = nsinfo_proc_pid(nsinfo_container_proc(c, 0));
		rt = nsinfo_container_runtime(c);
		name = nsinfo_container_name(c) ? nsinfo_container_name(c) : nsinfo_container_id(c);
	}
	s->kind = SIDE_CONTAINER;
	s->ct_runtime = must_dup(rt ? rt : "?");
	s->ct_name = must_dup(name ? name : key);
	return true;
}

static bool resolve_netns(struct side *s)
{
	const char *name = s->sel;
	char path[NAME_MAX + 16];
	const struct snap_ns *ns = NULL;
	struct stat st;
	int fd;

	if (!valid_netns_name(name))
		return false;
	if (s->file) {
		for (size_t i = 0; i < s->sf->nns && !ns; i++)
			if (s->sf->ns[i].type == NSINFO_TYPE_NET && s->sf->ns[i].name &&
			    !strcmp(s->sf->ns[i].name, name))
				ns = &s->sf->ns[i];
		if (!ns)
			return false;
		s->ino[NSINFO_TYPE_NET] = ns->inode;
	} else {
		snprintf(path, sizeof(path), "/run/netns/%s", name);
		fd = nsinfo_nsfs_open(AT_FDCWD, path);
		if (fd == -ENOENT)
			return false;
		if (fd < 0)
			errx(NSD_TROUBLE, "network namespace %s: %s", name,
			     fd == -ENOTTY ? "not a namespace file" : strerror(-fd));
		if (nsinfo_nsfd_type(fd) != NSINFO_TYPE_NET || fstat(fd, &st) < 0) {
			close(fd);
			errx(NSD_TROUBLE, "network namespace %s: not a network namespace", name);
		}
		s->nsfd[NSINFO_TYPE_NET] = fd;
		s->ino[NSINFO_TYPE_NET] = (uint64_t)st.st_ino;
	}
	s->kind = SIDE_NETNS;
	s->netns = must_dup(name);
	return true;
}

/* No namespace of the type at all: the kernel that was read has none
 * (time namespaces came with Linux 5.6). */
static bool type_absent(const struct snapfile *sf, enum nsinfo_type t)
{
	for (size_t i = 0; i < sf->nns; i++)
		if (sf->ns[i].type == t)
			return false;
	return true;
}

void side_resolve(struct nsd *nsd, struct side *s)
{
	const char *where = s->file ? s->file : NULL;
	char date[64];
	uint64_t v;
	bool netns = false;

	s->sf = s->file ? nsd->files[s->which - 'A'] : nsd->live;
	if (s->kind == SIDE_SNAPSHOT) {
		snprintf(s->label, sizeof(s->label), "%s (saved %s, %zu processes)", s->file,
			 date_of(s->sf->saved, date, sizeof(date)), s->sf->nprocs);
		return;
	}
	if (s->kind == SIDE_NOW) {
		snprintf(s->label, sizeof(s->label), "now (%zu processes)", s->sf->nprocs);
		return;
	}
	switch (s->kind) {
	case SIDE_PID:
		cli_parse_number(s->sel, 1, INT_MAX, &v);
		s->pid = (pid_t)v;
		if (snapfile_find_proc(s->sf, s->pid))
			break;
		/* hex digits may all be decimal ones */
		if (resolve_container(nsd, s))
			break;
		if (where)
			errx(NSD_TROUBLE, "PID %s: not in %s", s->sel, where);
		errx(NSD_TROUBLE, "PID %s: no such process", s->sel);
	case SIDE_HOST:
		s->pid = s->sf->host ? s->sf->host : s->sf->self;
		break;
	default:
		if (resolve_container(nsd, s))
			break;
		if (resolve_netns(s)) {
			netns = true;
			s->pid = s->sf->self;
			break;
		}
		if (where)
			errx(NSD_TROUBLE, "%s: no such container or network namespace in %s", s->sel,
			     where);
		errx(NSD_TROUBLE, "%s: no such process, container or network namespace", s->sel);
	}
	s->proc = snapfile_find_proc(s->sf, s->pid);
	if (!s->proc) {
		if (s->kind == SIDE_HOST || netns)
			errx(NSD_TROUBLE, "%s: the scanning process is not in %s", s->arg,
			     where ? where : "the scan");
		errx(NSD_TROUBLE, "PID %d: %s", (int)s->pid,
		     where ? "not in the snapshot" : "exited");
	}
	if (s->proc->zombie)
		errx(NSD_TROUBLE, "PID %d is a zombie: its namespaces are gone", (int)s->pid);
	/* what the data says; a live side reads its own links below */
	for (int t = 0; t < NSINFO_NTYPES; t++) {
		if (netns && t == NSINFO_TYPE_NET)
			continue;
		if (s->proc->ns_known & NSINFO_TYPE_BIT(t)) {
			s->ino[t] = s->proc->ns[t];
			s->known |= NSINFO_TYPE_BIT(t);
		} else {
			s->err[t] = s->proc->denied ? -EACCES
				  : type_absent(s->sf, (enum nsinfo_type)t) ? -ENOENT
									   : -ENODATA;
		}
	}
	if (netns)
		s->known |= NSINFO_TYPE_BIT(NSINFO_TYPE_NET);
	/* the net namespace of a netns side is open already */
	if (s->live)
		open_live_proc(nsd, s, netns ? NSINFO_ALL_TYPES & ~NSINFO_TYPE_BIT(NSINFO_TYPE_NET)
					     : NSINFO_ALL_TYPES);

	switch (s->kind) {
	case SIDE_HOST:
		if (s->pid == 1)
			label_proc(s, "host");
		else
			snprintf(s->label, sizeof(s->label),
				 "host: our own namespaces (PID 1 cannot be read), PID %d", (int)s->pid);
		break;
	case SIDE_CONTAINER: {
		char what[300];

		snprintf(what, sizeof(what), "container %s (%s)", s->ct_name, s->ct_runtime);
		label_proc(s, what);
		break;
	}
	case SIDE_NETNS:
		snprintf(s->label, sizeof(s->label), "netns %s", s->netns);
		break;
	default:
		label_proc(s, NULL);
		break;
	}
	if (where) {
		size_t n = strlen(s->label);

		snprintf(s->label + n, sizeof(s->label) - n, " in %s", where);
	}
}
