/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz.h - what every harness of tests/fuzz/ shares. Each fuzz-NAME.c
 * defines LLVMFuzzerTestOneInput() over one parser of text that someone
 * else writes; clang's -fsanitize=fuzzer supplies main() (make fuzz), or
 * replay.c does (the test builds: every file of the corpus and regress
 * directories once).
 */
#ifndef NSINFO_FUZZ_H
#define NSINFO_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a C string, cut at its first NUL as a reader would see
 * it; aborts when out of memory (a harness may, the library may not). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	size_t n = strnlen((const char *)data, size);
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/* The input in a buffer of its own, exactly size bytes: reading one past
 * it is a heap overflow the address sanitizer sees. */
static inline char *fuzz_bytes(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	return s;
}

#endif
