/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regex-size.h - how large a POSIX extended regular expression grows when
 * compiled. glibc's regcomp() copies a repeated expression once per
 * repetition it must match ("a+" is "aa*", "a{3}" is "aaa"), so stacked
 * or nested repetitions multiply: "(a{1000}){1000}" or "a++++...+" (90 of
 * them) would ask for more memory than there is. A filter refuses them
 * before regcomp() sees them.
 */
#ifndef NSINFO_REGEX_SIZE_H
#define NSINFO_REGEX_SIZE_H

#include <stdbool.h>
#include <stddef.h>

/* More than this many atoms once every repetition is copied out: refused. */
#define REGEX_MAX_ATOMS 10000

/* Whether re, copied out as regcomp() does, would exceed max atoms (an
 * over-estimate: a bracket expression, an escape or a character is one). */
bool regex_too_large(const char *re, size_t max);

#endif
