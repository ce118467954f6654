// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-filter.c - filter expressions (nsls -Q, nstop's `/`): the
 * expression up to the first NUL, parsed against each catalogue; what
 * parses is evaluated on rows whose cells are the NUL-separated texts
 * after it (or a few fixed ones), an empty text standing for an empty
 * cell. An input that raises the peak memory by more than 200 MB fails:
 * the bounds on a regular expression (regex-size.h) keep regcomp() and
 * regexec() far below that, and libFuzzer's own limit (on the RSS) comes
 * later, on whichever input runs when the memory that one left behind
 * adds up, so it would name the wrong one. (The peak only grows: after a
 * high one, an input is caught only above it.) The address sanitizer's
 * quarantine, which keeps freed blocks from reuse (256 MB by default), is
 * made small here: with it, an input that only allocates and frees much
 * raised the peak by 420 MB with 16 MB live.
 */
#include <sys/resource.h>

#include "filter.h"
#include "catalogues.h"
#include "fuzz.h"
#include "../unit/sanitizer.h"

struct cells {
	const char *const *v;
	size_t n;
	size_t shift;
};

#define FUZZ_MAX_GROWTH_KB (200 * 1024)

#ifdef NSINFO_TEST_ASAN
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}
#endif

static long peak_kb(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

static const char *cell(void *arg, size_t i)
{
	const struct cells *c = arg;
	const char *s = c->v[(i + c->shift) % c->n];

	return *s ? s : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fixed[] = {
		"net", "4026531840", "1", "", "true", "1.5", "root", "12K", "-3", "1:02:03",
	};
	char *expr = fuzz_text(data, size), *rest;
	const char *v[16];
	size_t off = strlen(expr) + 1, nv = 0;
	long peak = peak_kb();

	rest = fuzz_bytes(data, size);
	/* the cells: the NUL-terminated texts after the expression */
	for (size_t p = off; p < size && nv < 16;) {
		size_t len = strnlen(rest + p, size - p);

		if (p + len == size)
			break;	/* no NUL after it: left out */
		v[nv++] = rest + p;
		p += len + 1;
	}
	for (size_t c = 0; c < FUZZ_NCATALOGUES; c++) {
		struct filter_error err;
		struct filter *f;
		size_t ncols;

		if (filter_new(&f, expr, fuzz_catalogues[c].cols, fuzz_catalogues[c].n, &err) < 0) {
			if (!err.msg[0] || !memchr(err.msg, '\0', sizeof(err.msg)))
				abort();
			continue;
		}
		filter_columns(f, &ncols);
		filter_has_operator(f);
		filter_scan_flags(f);
		for (size_t shift = 0; shift < 3; shift++) {
			struct cells cs = { nv ? v : (const char *const *)fixed,
					    nv ? nv : sizeof(fixed) / sizeof(fixed[0]), shift };
			int rc = filter_eval(f, cell, &cs);

			if (rc != 0 && rc != 1)
				abort();
		}
		filter_free(f);
	}
	free(rest);
	free(expr);
	if (peak_kb() - peak > FUZZ_MAX_GROWTH_KB)
		abort();
	return 0;
}
