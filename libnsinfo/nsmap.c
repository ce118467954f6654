// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nsmap.c - (type, inode) -> namespace, open addressing with linear
 * probing. A scan looks up 8 links per process, so this is the hot path;
 * the table never holds more than a few thousand entries.
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

/* The slot depends on the inode alone, so a lookup of "any type" works;
 * nsfs inodes are unique across types, fixture trees may repeat them and
 * the probe compares the type too. */
static size_t slot_of(uint64_t inode, size_t cap)
{
	/* Fibonacci hashing: nsfs inodes are dense, so spread them. */
	uint64_t h = inode * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 17) & (cap - 1);
}

struct nsinfo_ns *nsmap_find(const struct nsmap *map, int type, uint64_t inode)
{
	if (!map->cap)
		return NULL;
	for (size_t i = slot_of(inode, map->cap);; i = (i + 1) & (map->cap - 1)) {
		struct nsinfo_ns *ns = map->slots[i];

		if (!ns)
			return NULL;
		if (ns->inode == inode && (type < 0 || (int)ns->type == type))
			return ns;
	}
}

static void put(struct nsinfo_ns **slots, size_t cap, struct nsinfo_ns *ns)
{
	size_t i = slot_of(ns->inode, cap);

	while (slots[i])
		i = (i + 1) & (cap - 1);
	slots[i] = ns;
}

int nsmap_add(struct nsmap *map, struct nsinfo_ns *ns)
{
	/* keep the load under one half so probes stay short */
	if ((map->count + 1) * 2 > map->cap) {
		size_t cap = map->cap ? map->cap * 2 : 64;
		struct nsinfo_ns **slots = calloc(cap, sizeof(*slots));

		if (!slots)
			return -ENOMEM;
		for (size_t i = 0; i < map->cap; i++)
			if (map->slots[i])
				put(slots, cap, map->slots[i]);
		free(map->slots);
		map->slots = slots;
		map->cap = cap;
	}
	put(map->slots, map->cap, ns);
	map->count++;
	return 0;
}

void nsmap_free(struct nsmap *map)
{
	free(map->slots);
	map->slots = NULL;
	map->cap = map->count = 0;
}
