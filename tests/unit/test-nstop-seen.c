// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nstop's seen map (tools/nstop/seen.c): the row keys a view has shown
 * with the refresh each was first and last seen in. Marked once and
 * again, past its first 256 slots with thousands of keys, pruned to what
 * was seen since a generation; everything it frees is freed once (the
 * ASan build checks that), every key it keeps is still found.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nstop.h"
#include "unit.h"

#define MANY 5000

static void key_of(char *buf, size_t len, size_t i)
{
	snprintf(buf, len, "n:net:%zu", 4026531840u + i);
}

/* Every entry the map holds, counted from its slots. */
static size_t count_slots(const struct seen_map *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->cap; i++)
		n += s->v[i].key != NULL;
	return n;
}

static bool power_of_two(size_t n)
{
	return n && !(n & (n - 1));
}

int main(void)
{
	struct seen_map s = { NULL, 0, 0 };
	unsigned long first = 99;
	const struct seen_entry *e;
	char key[64];
	bool ok;

	TEST_BEGIN("seen-empty");
	CHECK(seen_find(&s, "n:net:1") == NULL);
	CHECK(seen_prune(&s, 5) == 0);
	CHECK(s.n == 0 && s.cap == 0 && s.v == NULL);
	seen_free(&s);
	CHECK(s.n == 0 && s.cap == 0 && s.v == NULL);
	TEST_END();

	TEST_BEGIN("seen-first-last");
	CHECK(seen_mark(&s, "n:net:1", 3, &first) == 0);
	CHECK(first == 3);
	CHECK(s.n == 1 && s.cap == 256);
	e = seen_find(&s, "n:net:1");
	CHECK(e && e->first == 3 && e->last == 3 && !strcmp(e->key, "n:net:1"));
	/* seen again: first stays, last moves */
	first = 0;
	CHECK(seen_mark(&s, "n:net:1", 7, &first) == 0);
	CHECK(first == 3);
	e = seen_find(&s, "n:net:1");
	CHECK(e && e->first == 3 && e->last == 7);
	CHECK(s.n == 1);
	/* first may be NULL */
	CHECK(seen_mark(&s, "n:uts:2", 7, NULL) == 0);
	CHECK(s.n == 2);
	e = seen_find(&s, "n:uts:2");
	CHECK(e && e->first == 7 && e->last == 7);
	/* the map holds its own copy of the key */
	strcpy(key, "p:42:100");
	CHECK(seen_mark(&s, key, 8, NULL) == 0);
	key[2] = '9';
	CHECK(seen_find(&s, "p:42:100") != NULL);
	CHECK(seen_find(&s, key) == NULL);
	/* near misses are not found */
	CHECK(seen_find(&s, "n:net:") == NULL);
	CHECK(seen_find(&s, "n:net:10") == NULL);
	CHECK(seen_find(&s, "") == NULL);
	/* the empty key is a key like any other */
	CHECK(seen_mark(&s, "", 8, &first) == 0 && first == 8);
	CHECK(seen_find(&s, "") != NULL);
	CHECK(s.n == 4 && count_slots(&s) == 4);
	seen_free(&s);
	CHECK(s.n == 0 && s.cap == 0 && s.v == NULL);
	TEST_END();

	/* thousands of keys: the table doubles past 256 and keeps every one */
	TEST_BEGIN("seen-growth");
	ok = true;
	for (size_t i = 0; i < MANY && ok; i++) {
		key_of(key, sizeof(key), i);
		ok = seen_mark(&s, key, 1 + i / 1000, &first) == 0 && first == 1 + i / 1000;
	}
	CHECK(ok);
	CHECK(s.n == MANY);
	CHECK(count_slots(&s) == MANY);
	CHECK(power_of_two(s.cap) && s.cap >= 2 * MANY);
	ok = true;
	for (size_t i = 0; i < MANY && ok; i++) {
		key_of(key, sizeof(key), i);
		e = seen_find(&s, key);
		ok = e && !strcmp(e->key, key) && e->first == 1 + i / 1000 && e->last == e->first;
	}
	CHECK(ok);
	key_of(key, sizeof(key), MANY);
	CHECK(seen_find(&s, key) == NULL);
	/* marking them all again adds nothing */
	ok = true;
	for (size_t i = 0; i < MANY && ok; i++) {
		key_of(key, sizeof(key), i);
		ok = seen_mark(&s, key, 10, &first) == 0 && first == 1 + i / 1000;
	}
	CHECK(ok && s.n == MANY && count_slots(&s) == MANY);
	TEST_END();

	/* prune keeps what was seen since gen, frees the rest */
	TEST_BEGIN("seen-prune");
	/* the odd ones seen once more, in generation 11 */
	for (size_t i = 1; i < MANY; i += 2) {
		key_of(key, sizeof(key), i);
		CHECK(seen_mark(&s, key, 11, NULL) == 0);
	}
	CHECK(seen_prune(&s, 10) == 0);		/* last >= 10: all kept */
	CHECK(s.n == MANY && count_slots(&s) == MANY);
	CHECK(seen_prune(&s, 11) == 0);		/* only the odd ones */
	CHECK(s.n == MANY / 2 && count_slots(&s) == MANY / 2);
	CHECK(power_of_two(s.cap) && s.cap >= 2 * s.n);
	ok = true;
	for (size_t i = 0; i < MANY && ok; i++) {
		key_of(key, sizeof(key), i);
		e = seen_find(&s, key);
		if (i % 2)
			ok = e && e->first == 1 + i / 1000 && e->last == 11;
		else
			ok = e == NULL;
	}
	CHECK(ok);
	/* a pruned key comes back as new */
	key_of(key, sizeof(key), 0);
	CHECK(seen_mark(&s, key, 12, &first) == 0 && first == 12);
	key_of(key, sizeof(key), 1);
	CHECK(seen_mark(&s, key, 12, &first) == 0 && first == 1);
	CHECK(s.n == MANY / 2 + 1);
	/* nothing seen since 13: the map empties, and still works */
	CHECK(seen_prune(&s, 13) == 0);
	CHECK(s.n == 0 && count_slots(&s) == 0);
	/* sized for what it held before; the next prune shrinks it */
	CHECK(seen_prune(&s, 13) == 0);
	CHECK(s.cap == 256 && s.n == 0);
	CHECK(seen_find(&s, key) == NULL);
	CHECK(seen_mark(&s, key, 14, &first) == 0 && first == 14);
	CHECK(seen_find(&s, key) != NULL && s.n == 1);
	seen_free(&s);
	TEST_END();

	/* the way model_refresh() uses it: mark what is shown in gen g, then
	 * prune to g - 1; a key shown every other refresh survives, one
	 * shown once is gone two refreshes later */
	TEST_BEGIN("seen-refresh-cycle");
	ok = true;
	for (unsigned long g = 1; g <= 300 && ok; g++) {
		ok = seen_mark(&s, "always", g, &first) == 0 && first == 1;
		if (ok && g % 2)
			ok = seen_mark(&s, "odd", g, NULL) == 0;
		snprintf(key, sizeof(key), "once:%lu", g);
		if (ok)
			ok = seen_mark(&s, key, g, &first) == 0 && first == g;
		if (ok)
			ok = seen_prune(&s, g - 1) == 0;
		/* kept: always, odd (seen in g or g - 1), once:g, once:g-1 */
		if (ok)
			ok = s.n == (g == 1 ? 3 : 4) && count_slots(&s) == s.n;
		snprintf(key, sizeof(key), "once:%lu", g - 1);
		if (ok && g > 1)
			ok = seen_find(&s, key) != NULL;
		snprintf(key, sizeof(key), "once:%lu", g - 2);
		if (ok && g > 2)
			ok = seen_find(&s, key) == NULL;
		if (ok)
			ok = s.cap == 256;
	}
	CHECK(ok);
	e = seen_find(&s, "odd");
	CHECK(e && e->first == 1 && e->last == 299);
	seen_free(&s);
	TEST_END();

	/* many prunes of a big map, with growth between: no leak, no loss */
	TEST_BEGIN("seen-churn");
	ok = true;
	for (unsigned long g = 1; g <= 40 && ok; g++) {
		for (size_t i = 0; i < 600 && ok; i++) {
			key_of(key, sizeof(key), g * 300 + i);	/* half overlap the last */
			ok = seen_mark(&s, key, g, NULL) == 0;
		}
		if (ok)
			ok = seen_prune(&s, g) == 0 && s.n == 600 && count_slots(&s) == 600;
		for (size_t i = 0; i < 600 && ok; i++) {
			key_of(key, sizeof(key), g * 300 + i);
			e = seen_find(&s, key);
			ok = e && e->last == g && e->first == (i < 300 && g > 1 ? g - 1 : g);
		}
	}
	CHECK(ok);
	seen_free(&s);
	TEST_END();

	UNIT_EXIT();
}
