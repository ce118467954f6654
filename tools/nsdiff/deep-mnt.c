// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * deep-mnt.c - what a mount namespace shows: its mounts, by mount point,
 * from the process's /proc/PID/mountinfo (paths as the process sees them,
 * below its root). Each mount point is one fact: file system type,
 * source, mount options, super block options, propagation (shared:N,
 * master:N, unbindable, or private), and the root within the file system
 * when it is not "/" (a bind mount). Mounts stacked on one point are
 * "POINT", "POINT #2", ... in the order the kernel lists them.
 *
 * The file is the namespace owner's to shape (any mount point, any
 * source text): it is read with a bound, parsed field by field, and a line
 * that is not what the kernel writes is skipped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsdiff.h"

/* The kernel's \ooo escapes (space, tab, newline, backslash) undone in
 * place; a \000 stays as it is written. */
static void unescape(char *s)
{
	char *w = s;

	for (char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
		    p[3] >= '0' && p[3] <= '7') {
			int v = (p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0');

			if (v) {
				*w++ = (char)v;
				p += 3;
				continue;
			}
		}
		*w++ = *p;
	}
	*w = '\0';
}

#define MAX_FIELDS 64

/* One mountinfo line (NUL-terminated, no newline) into a fact. */
static int parse_line(char *line, struct facts *f)
{
	char *field[MAX_FIELDS], *save = NULL, *tok, prop[512] = "";
	size_t n = 0, dash = 0, plen = 0;

	for (tok = strtok_r(line, " ", &save); tok && n < MAX_FIELDS; tok = strtok_r(NULL, " ", &save))
		field[n++] = tok;
	for (size_t i = 6; i < n; i++)
		if (!strcmp(field[i], "-")) {
			dash = i;
			break;
		}
	/* id parent maj:min root point options [optional...] - type source super */
	if (!dash || n != dash + 4)
		return 0;
	for (size_t i = 6; i < dash; i++)
		plen += (size_t)snprintf(prop + plen, plen < sizeof(prop) ? sizeof(prop) - plen : 0,
					 "%s%s", i > 6 ? "," : "", field[i]);
	unescape(field[3]);
	unescape(field[4]);
	unescape(field[dash + 2]);
	if (strcmp(field[3], "/"))
		return facts_addf(f, "mount", field[4], "%s %s %s %s %s root=%s", field[dash + 1],
				  field[dash + 2], field[5], field[dash + 3], prop[0] ? prop : "private",
				  field[3]);
	return facts_addf(f, "mount", field[4], "%s %s %s %s %s", field[dash + 1], field[dash + 2],
			  field[5], field[dash + 3], prop[0] ? prop : "private");
}

int deep_mnt(const struct nsd *nsd, const struct side *s, struct deep *d)
{
	char *buf, *line, *save = NULL;
	size_t len;
	int rc;

	(void)nsd;
	rc = read_proc_file(s->procfd, "mountinfo", &buf, &len);
	if (rc < 0) {
		snprintf(d->why, sizeof(d->why), "cannot read %c's mountinfo: %s", s->which,
			 rc == -EFBIG ? "larger than 16 MiB" : strerror(-rc));
		return rc;
	}
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if ((rc = parse_line(line, &d->facts)) < 0)
			break;
	free(buf);
	return rc < 0 ? rc : d->facts.nomem ? -ENOMEM : 0;
}
