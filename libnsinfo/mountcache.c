// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mountcache.c - a scanner's memory of the mount tables it has read: for
 * each mount namespace, the mountinfo lines that matter to the holders
 * walk (nsfs mounts, and the FUSE mounts that may cover them), kept with
 * the key the kernel source reads for it: an ID the kernel never reuses
 * and its mount event, which the kernel sets anew on every mount, unmount
 * and move in that namespace. While both are the same, so is the table,
 * and a refresh takes the lines from here instead of having the kernel
 * format every mount of every namespace again (the largest part of a warm
 * refresh with mount holders: bench/RESULTS.md).
 *
 * What the event does not see: paths are as the reading process's root
 * shows them, and a directory above a mount point can be renamed without
 * a mount event. So an entry is also keyed by the PID it was read through,
 * and is read again after MOUNT_CACHE_MAX_AGE seconds whatever its event.
 *
 * Entries not used in a refresh are dropped at its end (mount_cache_sweep):
 * the cache holds what the last refresh saw, no more.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

struct mc_entry {
	uint64_t id, event;
	pid_t pid;
	struct timespec read_at;
	bool used;			/* in this refresh */
	size_t n;
	struct mountinfo_entry *ents;	/* their strings in text */
	char *text;
};

struct mount_cache {
	struct mc_entry *v;
	size_t n, cap;
	uint32_t *hash;		/* index + 1 into v, 0: empty */
	size_t hashsz;		/* a power of two, at least 2 * cap */
	double max_age;
};

static size_t slot_of(uint64_t id, size_t mask)
{
	return (size_t)((id * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

static int rehash(struct mount_cache *mc, size_t want)
{
	size_t sz = mc->hashsz ? mc->hashsz : 64;
	uint32_t *h;

	while (sz < 2 * want)
		sz *= 2;
	h = calloc(sz, sizeof(*h));
	if (!h)
		return -ENOMEM;
	for (size_t i = 0; i < mc->n; i++) {
		size_t j = slot_of(mc->v[i].id, sz - 1);

		while (h[j])
			j = (j + 1) & (sz - 1);
		h[j] = (uint32_t)(i + 1);
	}
	free(mc->hash);
	mc->hash = h;
	mc->hashsz = sz;
	return 0;
}

int mount_cache_new(struct mount_cache **out)
{
	struct mount_cache *mc = calloc(1, sizeof(*mc));

	*out = NULL;
	if (!mc)
		return -ENOMEM;
	mc->max_age = MOUNT_CACHE_MAX_AGE;
	*out = mc;
	return 0;
}

void mount_cache_set_max_age(struct mount_cache *mc, double seconds)
{
	if (mc)
		mc->max_age = seconds;
}

static void entry_free(struct mc_entry *e)
{
	free(e->ents);
	free(e->text);
}

void mount_cache_free(struct mount_cache *mc)
{
	if (!mc)
		return;
	for (size_t i = 0; i < mc->n; i++)
		entry_free(&mc->v[i]);
	free(mc->v);
	free(mc->hash);
	free(mc);
}

static struct mc_entry *find(const struct mount_cache *mc, uint64_t id)
{
	if (!mc->hashsz)
		return NULL;
	for (size_t j = slot_of(id, mc->hashsz - 1); mc->hash[j]; j = (j + 1) & (mc->hashsz - 1))
		if (mc->v[mc->hash[j] - 1].id == id)
			return &mc->v[mc->hash[j] - 1];
	return NULL;
}

static double age(const struct timespec *then)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - then->tv_sec) + (double)(now.tv_nsec - then->tv_nsec) / 1e9;
}

int mount_cache_lookup(struct mount_cache *mc, uint64_t id, uint64_t event, pid_t pid,
		       const struct mountinfo_entry **ents, size_t *n)
{
	struct mc_entry *e;

	if (!mc || !id)
		return 0;
	e = find(mc, id);
	if (!e || e->event != event || e->pid != pid || age(&e->read_at) >= mc->max_age)
		return 0;
	e->used = true;
	*ents = e->ents;
	*n = e->n;
	return 1;
}

int mount_cache_store(struct mount_cache *mc, uint64_t id, uint64_t event, pid_t pid,
		      const struct mountinfo_entry *ents, size_t n)
{
	struct mc_entry fresh = { .id = id, .event = event, .pid = pid, .used = true, .n = n };
	struct mc_entry *e;
	size_t len = 0;
	char *p;

	if (!mc || !id)
		return 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(ents[i].root) + strlen(ents[i].target) + strlen(ents[i].fstype) + 3;
	fresh.text = malloc(len ? len : 1);
	fresh.ents = malloc((n ? n : 1) * sizeof(*fresh.ents));
	if (!fresh.text || !fresh.ents) {
		entry_free(&fresh);
		return -ENOMEM;
	}
	p = fresh.text;
	for (size_t i = 0; i < n; i++) {
		const char *parts[3] = { ents[i].root, ents[i].target, ents[i].fstype };
		const char *copies[3];

		for (int k = 0; k < 3; k++) {
			size_t l = strlen(parts[k]) + 1;

			memcpy(p, parts[k], l);
			copies[k] = p;
			p += l;
		}
		fresh.ents[i] = (struct mountinfo_entry){ .id = "", .root = copies[0],
							  .target = copies[1],
							  .fstype = copies[2], .super_opts = "" };
	}
	clock_gettime(CLOCK_MONOTONIC, &fresh.read_at);
	e = find(mc, id);
	if (e) {
		entry_free(e);
		*e = fresh;
		return 0;
	}
	if (mc->n == mc->cap) {
		size_t cap = mc->cap ? mc->cap * 2 : 64;
		struct mc_entry *v = realloc(mc->v, cap * sizeof(*v));

		if (!v) {
			entry_free(&fresh);
			return -ENOMEM;
		}
		mc->v = v;
		mc->cap = cap;
	}
	mc->v[mc->n++] = fresh;
	if (2 * mc->n > mc->hashsz) {
		if (rehash(mc, mc->cap) == 0)
			return 0;
		/* not indexed, so not kept: the old index is still whole */
		entry_free(&mc->v[--mc->n]);
		return -ENOMEM;
	}
	for (size_t j = slot_of(id, mc->hashsz - 1);; j = (j + 1) & (mc->hashsz - 1))
		if (!mc->hash[j]) {
			mc->hash[j] = (uint32_t)mc->n;
			break;
		}
	return 0;
}

int mount_cache_sweep(struct mount_cache *mc)
{
	size_t kept = 0;

	if (!mc)
		return 0;
	for (size_t i = 0; i < mc->n; i++) {
		if (!mc->v[i].used) {
			entry_free(&mc->v[i]);
			continue;
		}
		mc->v[i].used = false;
		mc->v[kept++] = mc->v[i];
	}
	if (kept == mc->n)
		return 0;
	mc->n = kept;
	/* the table shrinks with what it holds: a burst of namespaces
	 * leaves no large table behind */
	if (mc->cap > 64 && kept < mc->cap / 4) {
		size_t cap = kept > 32 ? 2 * kept : 64;
		struct mc_entry *v = realloc(mc->v, cap * sizeof(*v));

		if (v) {
			mc->v = v;
			mc->cap = cap;
		}
		free(mc->hash);
		mc->hash = NULL;
		mc->hashsz = 0;
	}
	if (rehash(mc, mc->cap) == 0)
		return 0;
	/* no index for what is left: start again empty */
	for (size_t i = 0; i < mc->n; i++)
		entry_free(&mc->v[i]);
	mc->n = 0;
	if (mc->hashsz)
		memset(mc->hash, 0, mc->hashsz * sizeof(*mc->hash));
	return -ENOMEM;
}

size_t mount_cache_count(const struct mount_cache *mc)
{
	return mc ? mc->n : 0;
}
