// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * deep-uts.c - what a uts namespace shows: its hostname and NIS domain
 * name, read by uname(2) in a child inside it (no file names them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/utsname.h>

#include "nsdiff.h"

static int uts_read(void *arg, struct facts *f, char *why, size_t whylen)
{
	struct utsname u;

	(void)arg;
	if (uname(&u) < 0) {
		snprintf(why, whylen, "uname");
		return -errno;
	}
	facts_add(f, "hostname", "", u.nodename);
	facts_add(f, "domainname", "", u.domainname);
	return f->nomem ? -ENOMEM : 0;
}

int deep_uts(const struct nsd *nsd, const struct side *s, struct deep *d)
{
	(void)nsd;
	return deep_child(s, NSINFO_TYPE_UTS, uts_read, NULL, d);
}
