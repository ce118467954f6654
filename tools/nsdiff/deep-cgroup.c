// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * deep-cgroup.c - what a cgroup namespace shows: the process's cgroup
 * (its path as our namespace sees it, /proc/PID/cgroup) and the root of
 * its cgroup namespace. No file names the root: a child that entered the
 * namespace reads the same /proc/PID/cgroup, which is shown relative to
 * the reader's cgroup namespace, and the root is what our path has in
 * front of that one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsdiff.h"

/* "ID:CONTROLLERS:PATH" lines into facts kind, name "ID:CONTROLLERS". */
static int parse_cgroup(const char *text, const char *kind, struct facts *f)
{
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, "\n");
		const char *c1 = memchr(p, ':', n), *c2;

		if (c1 && (c2 = memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - p)))) {
			char *key = strndup(p, (size_t)(c2 - p));
			char *path = strndup(c2 + 1, n - (size_t)(c2 + 1 - p));

			if (!key || !path) {
				free(key);
				free(path);
				return -ENOMEM;
			}
			facts_add(f, kind, key, path);
			free(key);
			free(path);
		}
		p += n;
		p += *p == '\n';
	}
	return f->nomem ? -ENOMEM : 0;
}

static int cgroup_read(void *arg, struct facts *f, char *why, size_t whylen)
{
	const int *procfd = arg;
	char *buf;
	size_t len;
	int rc = read_proc_file(*procfd, "cgroup", &buf, &len);

	if (rc < 0) {
		snprintf(why, whylen, "cgroup");
		return rc;
	}
	rc = parse_cgroup(buf, "rel", f);
	free(buf);
	return rc;
}

/* The hierarchy's name in what is printed: the controllers, or "" for
 * the unified one ("0::"). */
static const char *hier_name(const char *key)
{
	const char *c = strchr(key, ':');

	return c ? c + 1 : key;
}

int deep_cgroup(const struct nsd *nsd, const struct side *s, struct deep *d)
{
	struct facts full = { 0 }, rel = { 0 };
	char *buf;
	size_t len;
	int rc;

	(void)nsd;
	rc = read_proc_file(s->procfd, "cgroup", &buf, &len);
	if (rc < 0) {
		snprintf(d->why, sizeof(d->why), "cannot read %c's cgroup: %s", s->which, strerror(-rc));
		return rc;
	}
	rc = parse_cgroup(buf, "cgroup", &full);
	free(buf);
	if (rc == 0) {
		struct deep in = { 0 };

		rc = deep_child(s, NSINFO_TYPE_CGROUP, cgroup_read, (void *)&s->procfd, &in);
		rel = in.facts;
		if (rc < 0)
			snprintf(d->why, sizeof(d->why), "%s", in.why);
	}
	for (size_t i = 0; rc == 0 && i < full.n; i++) {
		const struct fact *x = &full.v[i];
		const char *h = hier_name(x->name);
		size_t fl = strlen(x->value);

		facts_add(&d->facts, "cgroup", h, x->value);
		for (size_t j = 0; j < rel.n; j++) {
			const char *r = rel.v[j].value;
			size_t rl = strlen(r);

			if (strcmp(rel.v[j].name, x->name))
				continue;
			/* our "/a/b/c" is its "/c": its root is our "/a/b"; its
			 * "/" is the root itself; "/.." is above its root */
			if (!strcmp(r, "/"))
				facts_add(&d->facts, "namespace root", h, x->value);
			else if (strncmp(r, "/..", 3) && rl <= fl && !strcmp(x->value + fl - rl, r))
				facts_addf(&d->facts, "namespace root", h, "%.*s",
					   fl == rl ? 1 : (int)(fl - rl), fl == rl ? "/" : x->value);
			else
				facts_add(&d->facts, "namespace root", h,
					  "(unknown: the process is outside it)");
			break;
		}
	}
	facts_free(&full);
	facts_free(&rel);
	if (rc == 0 && d->facts.nomem)
		rc = -ENOMEM;
	return rc;
}
