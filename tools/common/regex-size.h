/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regex-size.h - how large a POSIX extended regular expression grows when
 * compiled. glibc's regcomp() copies a repeated expression once per
 * repetition it must match ("a+" is "aa*", "a{3}" is "aaa"), so stacked
 * or nested repetitions multiply: "(a{1000}){1000}" or "a++++...+" (90 of
 * them) would ask for more memory than there is. Repetitions of what may
 * match nothing, nested, take it time instead: 25 '?' and then "++++"
 * kept it busy for 7 s (its closures over empty matches), so nesting is
 * bounded too. What may match nothing costs memory with the square of its
 * count: each such piece's closure holds all that follow it, so
 * "(a*b*c*...p*){580}", 10,000 atoms, took 680 MB of regcomp() closures;
 * 2,000 atoms bound that to about 30 MB, and the longest real filter (an
 * alternation of a hundred container names) still fits. A filter refuses
 * such expressions before regcomp() sees them.
 */
#ifndef NSINFO_REGEX_SIZE_H
#define NSINFO_REGEX_SIZE_H

#include <stdbool.h>
#include <stddef.h>

/* More than this many atoms once every repetition is copied out, or
 * repetitions nested deeper than this ("a+++" is 3, "((a?)+){2}" too):
 * refused. */
#define REGEX_MAX_ATOMS 2000
#define REGEX_MAX_NESTING 4

/* Whether re, copied out as regcomp() does, would exceed max atoms (an
 * over-estimate: a bracket expression, an escape or a character is one),
 * or nests repetitions more than REGEX_MAX_NESTING deep. */
bool regex_too_large(const char *re, size_t max);

#endif
