// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * deep-user.c - what a user namespace shows: its uid_map and gid_map (as
 * our own user namespace sees them: /proc/PID/uid_map is shown relative
 * to the reader's), setgroups, and the UID that owns it (NS_GET_OWNER_UID).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/nsfs.h>

#include "nsdiff.h"

/* "         0       1000          1\n..." as "0 1000 1, ...": one line a
 * range, the blanks of the columns squeezed. */
char *deep_user_squeeze_map(const char *text)
{
	size_t n = strlen(text);
	char *out = malloc(2 * n + 1), *w = out;
	bool blank = true, line = true;

	if (!out)
		return NULL;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			blank = true;
			line = false;
			continue;
		}
		if (*p == ' ' || *p == '\t') {
			blank = true;
			continue;
		}
		if (blank && w != out)
			w = stpcpy(w, line ? " " : ", ");
		blank = false;
		line = true;
		*w++ = *p;
	}
	*w = '\0';
	return out;
}

static int add_map(const struct side *s, struct deep *d, const char *file)
{
	char *buf, *sq;
	size_t len;
	int rc = read_proc_file(s->procfd, file, &buf, &len);

	if (rc < 0) {
		snprintf(d->why, sizeof(d->why), "cannot read %c's %s: %s", s->which, file,
			 strerror(-rc));
		return rc;
	}
	sq = file[0] == 's' ? strndup(buf, strcspn(buf, "\n")) : deep_user_squeeze_map(buf);
	free(buf);
	if (!sq)
		return -ENOMEM;
	rc = facts_add(&d->facts, file, "", *sq ? sq : "(none)");
	free(sq);
	return rc;
}

int deep_user(const struct nsd *nsd, const struct side *s, struct deep *d)
{
	static const char *const files[] = { "uid_map", "gid_map", "setgroups" };
	uid_t uid = (uid_t)-1;	/* NS_GET_OWNER_UID writes it; valgrind cannot know */
	int rc;

	(void)nsd;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if ((rc = add_map(s, d, files[i])) < 0)
			return rc;
	if (s->nsfd[NSINFO_TYPE_USER] >= 0 &&
	    ioctl(s->nsfd[NSINFO_TYPE_USER], NS_GET_OWNER_UID, &uid) == 0)
		facts_addf(&d->facts, "owner", "", "UID %u", (unsigned int)uid);
	return d->facts.nomem ? -ENOMEM : 0;
}
