// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgns.c - the root of each cgroup namespace: the cgroup its processes
 * see as "/", which is why a container's cgroup paths read differently
 * inside and out.
 *
 * The kernel says it nowhere directly, but /proc/PID/cgroup is shown
 * relative to the *reader's* cgroup namespace. So one thread of ours
 * reads a member's file from where we stand (the full path), enters the
 * namespace (setns(2) changes only the calling thread's cgroup
 * namespace), reads it again (the path below the root), and goes back;
 * the root is the full path with the inner one taken off its end. The
 * thread is ours alone and ends when done, so the caller's threads never
 * leave their namespace. Needs CAP_SYS_ADMIN over the namespace: else
 * -EPERM, said per namespace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define MAX_CGROUP_FILE (64u << 10)
/* members tried per namespace, should the first be gone */
#define TRIES 4

struct cgns_job {
	struct nsinfo_snapshot *snap;
	int proc_fd;
	int own_fd;		/* our cgroup namespace, to come back to */
	uint64_t own_ino;
};

static int read_paths(int proc_fd, pid_t pid, struct cg_paths **out)
{
	char path[32], *text;
	struct stat st;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%d/cgroup", (int)pid);
	rc = untrusted_read_file(proc_fd, path, UNTRUSTED_PROCFS, 0, MAX_CGROUP_FILE, &text, &len, &st);
	if (rc < 0)
		return rc;
	rc = cg_paths_parse(text, len, 0, out);
	free(text);
	return rc;
}

/* The root from the full path and the one seen inside; malloc'd into
 * *root, or -ERANGE when inside says it is out of the root ("/../x"). */
static int strip_inner(const char *full, const char *inner, char **root)
{
	size_t fl = strlen(full), il = strlen(inner);

	if (!strcmp(inner, "/")) {
		*root = strdup(full);
	} else if (!strncmp(inner, "/..", 3) || il > fl || strcmp(full + fl - il, inner) != 0) {
		return -ERANGE;
	} else {
		fl -= il;
		*root = fl ? strndup(full, fl) : strdup("/");
	}
	return *root ? 0 : -ENOMEM;
}

/* outer minus inner, hierarchy by hierarchy, as "ID:ctrl:root" lines */
static int roots_of(const struct cg_paths *outer, const struct cg_paths *inner,
		    struct cg_paths **out)
{
	size_t cap = 1, len = 0;
	char *text;
	int rc = 0;

	for (size_t i = 0; i < outer->n; i++)
		cap += strlen(outer->e[i].ctrl) + strlen(outer->e[i].path) + 8;
	text = malloc(cap);
	if (!text)
		return -ENOMEM;
	for (size_t i = 0; i < outer->n && !rc; i++) {
		const struct cg_entry *o = &outer->e[i];
		char *root = NULL;

		for (size_t j = 0; j < inner->n; j++) {
			if (strcmp(inner->e[j].ctrl, o->ctrl) != 0)
				continue;
			rc = strip_inner(o->path, inner->e[j].path, &root);
			break;
		}
		if (rc == -ERANGE)
			rc = 0;		/* that hierarchy's root is not known */
		if (root)
			len += (size_t)sprintf(text + len, "0:%s:%s\n", o->ctrl, root);
		free(root);
	}
	if (!rc)
		rc = cg_paths_parse(text, len, 0, out);
	free(text);
	return rc;
}

/* One namespace, asked of member pid: 0, or -errno for this try. */
static int ask(struct cgns_job *job, struct nsinfo_ns *ns, pid_t pid)
{
	struct cg_paths *outer = NULL, *inner = NULL;
	char dir[16];
	int piddir, fd, rc;

	snprintf(dir, sizeof(dir), "%d", (int)pid);
	piddir = untrusted_open(job->proc_fd, dir, O_PATH | O_DIRECTORY, UNTRUSTED_BENEATH);
	if (piddir < 0)
		return piddir;
	rc = read_paths(job->proc_fd, pid, &outer);
	if (rc < 0)
		goto out;
	if (ns->inode == job->own_ino) {
		/* our own: what we read is what it sees, every root "/" */
		rc = roots_of(outer, outer, &ns->cgroot);
		goto out;
	}
	/* the namespace the member is in, and no other (it may have moved) */
	fd = openat(piddir, "ns", O_PATH | O_DIRECTORY | O_CLOEXEC);
	rc = fd < 0 ? -errno : untrusted_nsfs_at(fd, "cgroup", NSINFO_TYPE_CGROUP, ns->inode);
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		goto out;
	fd = rc;
	rc = setns(fd, CLONE_NEWCGROUP) < 0 ? -errno : 0;
	close(fd);
	if (rc < 0)
		goto out;
	rc = read_paths(job->proc_fd, pid, &inner);
	/* back where we were; if that fails the thread asks no more */
	if (setns(job->own_fd, CLONE_NEWCGROUP) < 0)
		rc = rc ? rc : -ECANCELED;
	if (!rc)
		rc = roots_of(outer, inner, &ns->cgroot);
out:
	cg_paths_free(outer);
	cg_paths_free(inner);
	close(piddir);
	return rc;
}

static void *cgns_thread(void *arg)
{
	struct cgns_job *job = arg;
	struct nsinfo_snapshot *snap = job->snap;

	for (size_t i = 0; i < snap->nns; i++) {
		struct nsinfo_ns *ns = snap->ns[i];
		int rc = -ESRCH;

		if (ns->type != NSINFO_TYPE_CGROUP)
			continue;
		for (size_t k = 0; k < ns->nprocs && k < TRIES; k++) {
			rc = ask(job, ns, ns_proc_at(ns, k)->pid);
			/* gone, or moved to another namespace: the next one */
			if (rc != -ENOENT && rc != -ESRCH && rc != -ESTALE)
				break;
		}
		if (rc == -ENOENT || rc == -ESTALE)
			rc = -ESRCH;
		ns->cgroot_err = rc;
		if (rc == -ECANCELED)
			break;
	}
	return NULL;
}

void cgns_roots_read(struct nsinfo_snapshot *snap, int proc_fd)
{
	struct cgns_job job = { .snap = snap, .proc_fd = proc_fd };
	pthread_t th;
	char link[64];
	ssize_t n;
	int type;

	for (size_t i = 0; i < snap->nns; i++)
		snap->ns[i]->cgroot_err = -ENODATA;
	n = readlink("/proc/thread-self/ns/cgroup", link, sizeof(link));
	if (n <= 0 || (size_t)n >= sizeof(link) ||
	    nsinfo_parse_ns_link(link, (size_t)n, &type, &job.own_ino) < 0)
		return;
	job.own_fd = open("/proc/thread-self/ns/cgroup", O_RDONLY | O_CLOEXEC);
	if (job.own_fd < 0)
		return;
	/* a thread of its own: setns() moves only the calling thread, and
	 * this one ends with its work */
	if (pthread_create(&th, NULL, cgns_thread, &job) == 0)
		pthread_join(th, NULL);
	close(job.own_fd);
}

NSINFO_EXPORT int nsinfo_ns_cgroup_root(const struct nsinfo_ns *ns, const char *controller,
					const char **path)
{
	if (!ns || !controller || !path || ns->type != NSINFO_TYPE_CGROUP)
		return -EINVAL;
	if (!ns->cgroot)
		return ns->cgroot_err ? ns->cgroot_err : -ENODATA;
	for (size_t i = 0; i < ns->cgroot->n; i++) {
		if (!strcmp(ns->cgroot->e[i].ctrl, controller)) {
			*path = ns->cgroot->e[i].path;
			return 0;
		}
	}
	return -ENOENT;
}
