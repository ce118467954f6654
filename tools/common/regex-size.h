/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regex-size.h - whether glibc's regcomp() and regexec() can take a POSIX
 * extended regular expression without taking all memory, all time or the
 * process. A filter refuses the expressions it would not, before regcomp()
 * sees them; what each rule is for:
 *  - regcomp() copies a repeated expression once per repetition it must
 *    match ("a+" is "aa*", "a{3}" is "aaa"), so stacked or nested
 *    repetitions multiply: "(a{1000}){1000}" or "a++++...+" (90 of them)
 *    would ask for more memory than there is.
 *  - What may match nothing costs memory with the square of its count:
 *    each such piece's closure holds all that follow, so "(a*b*...p*){580}",
 *    10,000 atoms, took 680 MB, and so does a long run of '|' (each an
 *    empty node). 2,000 atoms, a '|' one of them, bound that to about
 *    30 MB; the longest real filter (an alternation of a hundred container
 *    names) still fits.
 *  - Repetitions nested take it time instead: 25 '?' and then "++++" kept
 *    it busy for 7 s, so nesting is bounded; repetitions of what may match
 *    nothing already ("(a?)?{40}*", over 5 s) more tightly.
 *  - Each anchor (^ $ \b \B \< \> \` \') copies the closure after it, and
 *    anchors with nothing between them that must match a character copy
 *    each other's: 40 "\b" took 186 MB, 16 before "(a?){493}" 446 MB, 4
 *    before it 41 MB. So such a run is at most 8 (\b and \B count two);
 *    "\bfoo\b|\bbar\b|..." has runs of 2.
 *  - A back-reference (\1 to \9) can make regexec() recurse without end
 *    ("(|)(\1\1)+" crashes it on an empty string) or take cubic time: not
 *    taken at all.
 * What no bound on the expression can stop, its lazily built automaton
 * growing with every new text matched, filter.c bounds by compiling the
 * expression again (REGEX_CACHE_BUDGET).
 */
#ifndef NSINFO_REGEX_SIZE_H
#define NSINFO_REGEX_SIZE_H

#include <stddef.h>

#define REGEX_MAX_ATOMS 2000
#define REGEX_MAX_NESTING 4
/* repetitions of what may match nothing already, nested */
#define REGEX_MAX_NULL_NESTING 1
/* anchors in a row (regex_refusal() counts \b and \B as two) */
#define REGEX_MAX_ANCHOR_RUN 8

/* Bytes of text matched times the expression's atoms after which filter.c
 * compiles it anew: what regexec() adds to its automaton grows with both
 * (".*a.{1900}" 18 MB a 4 KiB text). Compiling costs too (19 ms at 2,000
 * atoms), so not less: such an expression is compiled again every 8 KiB
 * of text, one of 20 atoms every 800 KiB. */
#define REGEX_CACHE_BUDGET ((size_t)16 << 20)

/* NULL when glibc can take re, else why not, as words that follow
 * "regular expression at N " ("repeats too much to compile"). *atoms:
 * its size with every repetition copied out (an over-estimate: a bracket
 * expression or \w \s counts three, a multibyte character its bytes). */
const char *regex_refusal(const char *re, size_t *atoms);

#endif
