/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * catalogues.h - the column catalogues a command line or a filter names
 * columns of (nsls's namespace and process views, nstop's groups), for
 * the harnesses that parse against each.
 */
#ifndef NSINFO_FUZZ_CATALOGUES_H
#define NSINFO_FUZZ_CATALOGUES_H

#include "columns.h"

static const struct {
	const struct out_column *cols;
	size_t n;
} fuzz_catalogues[] = {
	{ ns_columns, NS_NCOLS },
	{ proc_columns, PROC_NCOLS },
	{ group_columns, GROUP_NCOLS },
};
#define FUZZ_NCATALOGUES (sizeof(fuzz_catalogues) / sizeof(fuzz_catalogues[0]))

#endif
