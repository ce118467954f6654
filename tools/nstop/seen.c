// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * seen.c - the row keys a monitor has shown, with the refresh each was
 * first and last seen in: what makes a row "new" for a few refreshes and
 * lets a vanished one be shown once. Open addressing on an FNV-1a hash;
 * pruning rebuilds the table from what is left, so there are no
 * tombstones to skip.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nstop.h"

static size_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static struct seen_entry *slot(const struct seen_map *s, const char *key)
{
	size_t i = hash(key) & (s->cap - 1);

	while (s->v[i].key && strcmp(s->v[i].key, key))
		i = (i + 1) & (s->cap - 1);
	return &s->v[i];
}

/* A table of cap slots (a power of two) holding the entries of old. */
static int rehash(struct seen_map *s, size_t cap, unsigned long keep_since)
{
	struct seen_map n = { calloc(cap, sizeof(*n.v)), cap, 0 };

	if (!n.v)
		return -ENOMEM;
	for (size_t i = 0; i < s->cap; i++) {
		struct seen_entry *e = &s->v[i];

		if (!e->key)
			continue;
		if (e->last < keep_since) {
			free(e->key);
			continue;
		}
		*slot(&n, e->key) = *e;
		n.n++;
	}
	free(s->v);
	*s = n;
	return 0;
}

int seen_mark(struct seen_map *s, const char *key, unsigned long gen, unsigned long *first)
{
	struct seen_entry *e;

	if ((s->n + 1) * 2 > s->cap && rehash(s, s->cap ? s->cap * 2 : 256, 0) < 0)
		return -ENOMEM;
	e = slot(s, key);
	if (!e->key) {
		e->key = strdup(key);
		if (!e->key)
			return -ENOMEM;
		e->first = gen;
		s->n++;
	}
	e->last = gen;
	if (first)
		*first = e->first;
	return 0;
}

const struct seen_entry *seen_find(const struct seen_map *s, const char *key)
{
	const struct seen_entry *e;

	if (!s->cap)
		return NULL;
	e = slot(s, key);
	return e->key ? e : NULL;
}

int seen_prune(struct seen_map *s, unsigned long gen)
{
	size_t cap = 256;

	while (cap < s->n * 2)
		cap *= 2;
	return s->cap ? rehash(s, cap, gen) : 0;
}

void seen_free(struct seen_map *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->v[i].key);
	free(s->v);
	*s = (struct seen_map){ NULL, 0, 0 };
}
