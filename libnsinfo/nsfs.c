// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsfs.c - nsfs mount points (bind mounts of namespace files, e.g. `ip
 * netns add`) from the caller's own mountinfo, as lsns's NSFS column.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static int add_path(struct nsinfo_ns *ns, const char *path)
{
	char **v, *p = strdup(path);

	if (!p)
		return -ENOMEM;
	v = realloc(ns->nsfs, (ns->nnsfs + 2) * sizeof(*v));
	if (!v) {
		free(p);
		return -ENOMEM;
	}
	v[ns->nnsfs++] = p;
	v[ns->nnsfs] = NULL;
	ns->nsfs = v;
	return 0;
}

int nsfs_read_mounts(struct nsinfo_snapshot *snap, int proc_fd)
{
	char *line = NULL;
	size_t cap = 0;
	int fd, rc = 0;
	FILE *f;

	fd = openat(proc_fd, "self/mountinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;	/* a fixture root without self/: no mounts */
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return -errno;
	}
	while (getline(&line, &cap, f) > 0) {
		struct mountinfo_entry e;
		struct nsinfo_ns *ns;
		uint64_t inode;
		int type;

		if (mountinfo_parse_line(line, &e) < 0 || strcmp(e.fstype, "nsfs") != 0)
			continue;
		if (nsinfo_parse_ns_link(e.root, strlen(e.root), &type, &inode) < 0)
			continue;
		ns = nsmap_find(&snap->map, type, inode);
		if (!ns)
			continue;	/* not among what we scanned */
		rc = add_path(ns, e.target);
		if (rc)
			break;
	}
	free(line);
	fclose(f);
	return rc;
}
