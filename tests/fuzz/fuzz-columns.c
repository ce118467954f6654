// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-columns.c - the lists a command line gives: -o column lists
 * against each catalogue (ns, proc, group), -t type lists, and AGE values.
 */
#include <stdio.h>

#include "cli.h"
#include "catalogues.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *quiet;
	char *text = fuzz_text(data, size);
	const char *bad;
	unsigned int types;
	size_t badlen;

	/* a refused list is one warnx() line each time: not to the terminal
	 * (the sanitizers write to descriptor 2 itself, and still do) */
	if (!quiet && (quiet = fopen("/dev/null", "w")))
		stderr = quiet;
	for (size_t c = 0; c < FUZZ_NCATALOGUES; c++) {
		const struct out_column *cols = fuzz_catalogues[c].cols;
		size_t ncols = fuzz_catalogues[c].n;
		struct cli_columns sel = { .n = 0 };

		cli_columns_add(&sel, 0);
		if (cli_columns_parse(&sel, cols, ncols, text) == 0) {
			if (sel.n > CLI_MAX_COLUMNS)
				abort();
			for (size_t i = 0; i < sel.n; i++)
				if (sel.ids[i] < 0 || (size_t)sel.ids[i] >= ncols)
					abort();
		}
	}
	if (cli_types_parse(text, &types, &bad, &badlen) < 0 &&
	    (bad < text || bad + badlen > text + strlen(text)))
		abort();
	col_parse_age(text);
	free(text);
	return 0;
}
