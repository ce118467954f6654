// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-snapshot.c - a snapshot file (nsls --save) as nsdiff reads it: a
 * file anyone may have written. What parses is written back and must read
 * back as the same text (the reader keeps nothing the writer drops).
 */
#include <stdio.h>

#include "snapfile.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapfile *sf, *again;
	char why[256], *json, *json2;

	if (snapfile_parse((const char *)data, size, &sf, why, sizeof(why)) < 0) {
		if (!why[0])
			abort();	/* every refusal says why */
		return 0;
	}
	for (size_t i = 0; i < sf->nns; i++)
		if (snapfile_find_ns(sf, sf->ns[i].type, sf->ns[i].inode) == NULL)
			abort();
	for (size_t i = 0; i < sf->nprocs; i++)
		if (snapfile_find_proc(sf, sf->procs[i].pid) == NULL)
			abort();
	json = snapfile_to_json(sf);
	if (!json)
		abort();
	if (snapfile_parse(json, strlen(json), &again, why, sizeof(why)) < 0) {
		fprintf(stderr, "written back, not read back: %s\n", why);
		abort();
	}
	json2 = snapfile_to_json(again);
	if (!json2 || strcmp(json, json2) != 0)
		abort();
	free(json2);
	free(json);
	snapfile_free(again);
	snapfile_free(sf);
	return 0;
}
