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

/* key's slot, h its hash: the entry's, or the empty one it would take.
 * The hashes are compared first: a key is a pointer away, most often in
 * another cache line (a tenth of nstop's user time at 10k processes,
 * when every probe followed it). */
static struct seen_entry *slot(const struct seen_map *s, const char *key, size_t h)
{
	size_t i = h & (s->cap - 1);

	while (s->v[i].key && (s->v[i].hash != h || strcmp(s->v[i].key, key)))
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
		*slot(&n, e->key, e->hash) = *e;
		n.n++;
	}
	free(s->v);
	*s = n;
	return 0;
}

int seen_mark(struct seen_map *s, const char *key, unsigned long gen, unsigned long *first)
{
	size_t h = hash(key);
	struct seen_entry *e;

	if ((s->n + 1) * 2 > s->cap && rehash(s, s->cap ? s->cap * 2 : 256, 0) < 0)
		return -ENOMEM;
	e = slot(s, key, h);
	if (!e->key) {
		e->key = strdup(key);
		if (!e->key)
			return -ENOMEM;
		e->hash = h;
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
	e = slot(s, key, hash(key));
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
