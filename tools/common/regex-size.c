// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * regex-size.c - the size of a regular expression with its repetitions
 * copied out, how deep they nest and how many anchors it has, read as
 * glibc's regcomp() reads it (regex-size.h). Groups nest as deep as the
 * expression does; the walk keeps one frame a group, and an expression
 * nested deeper than it has room for is too large as well.
 */
#include <stdbool.h>
#include <string.h>

#include "regex-size.h"

#define MAX_DEPTH 256

struct frame {
	size_t sum;	/* atoms of the group so far */
	size_t last;	/* of its last piece: what a repetition copies */
	size_t anchors;	/* anchors of the group so far */
	size_t last_anchors;	/* in its last piece */
	/* anchors with nothing between them that must match a character:
	 * in the run the walk is in, in it before the last piece, when the
	 * group opened, and at the end of the alternatives before, at most */
	size_t run, before_run, open_run, end_run;
	unsigned int nest;	/* repetitions nested in the group, at most */
	unsigned int last_nest;	/* in its last piece */
	/* the same for repetitions of what may match nothing already */
	unsigned int null_nest, last_null_nest;
	/* what may match nothing: the last piece; the pieces before it in
	 * this alternative, all of them; the alternative so far; one of the
	 * alternatives before */
	bool last_null, before_null, alt_null, any_null;
};

#define FRAME_START ((struct frame){ .before_null = true, .alt_null = true })

static const char too_large[] = "repeats too much to compile";
static const char too_many_anchors[] = "has too many anchors in a row (^ $ \\b \\B \\< \\>) to compile";

/* a * b, or max + 1 past max (sizes are compared with max only) */
static size_t mul(size_t a, size_t b, size_t max)
{
	return b && a > max / b ? max + 1 : a * b;
}

static size_t add(size_t a, size_t b, size_t max)
{
	return a > max || b > max - a ? max + 1 : a + b;
}

/* Past a bracket expression starting at re[i] == '[': the index of its
 * closing ']', or of the terminating NUL when it has none. */
static size_t skip_bracket(const char *re, size_t i)
{
	i++;
	if (re[i] == '^')
		i++;
	if (re[i] == ']')	/* a leading ']' is a member */
		i++;
	while (re[i] && re[i] != ']') {
		/* [:alpha:], [.x.], [=e=]: up to their own "X]" */
		if (re[i] == '[' && re[i + 1] && strchr(":.=", re[i + 1])) {
			const char *end = strchr(re + i + 2, re[i + 1]);

			while (end && end[1] != ']')
				end = strchr(end + 1, re[i + 1]);
			if (!end)
				return i + strlen(re + i);
			i = (size_t)(end - re) + 2;
			continue;
		}
		i++;
	}
	return i;
}

/* The character at re[*i] as glibc's regcomp() reads it inside an
 * interval: an escaped one stands for itself there ("{,31\\000}" is
 * "{,31000}"), so *i steps over the backslash. */
static char interval_char(const char *re, size_t *i)
{
	if (re[*i] == '\\' && re[*i + 1])
		++*i;
	return re[*i];
}

/* A number of an interval from re[*i]: its digits, *i past them, *digits
 * set when there was one. */
static size_t interval_number(const char *re, size_t *i, size_t max, bool *digits)
{
	size_t n = 0, at = *i;
	char c;

	while ((c = interval_char(re, &at)) >= '0' && c <= '9') {
		n = add(mul(n, 10, max), (size_t)(c - '0'), max);
		*digits = true;
		*i = ++at;
	}
	return n;
}

/* An interval "{m}", "{m,}", "{m,n}", "{,n}" or "{,}" at re[i]: how many
 * copies of the piece it makes (at least 1), *end its '}', *min its m and
 * *optional how many of the copies are optional ones, each in the one
 * before (glibc makes "x{0,3}" "(x(x(x)?)?)?"; a star counts one); 0 when
 * it is none (a plain '{'). */
static size_t interval(const char *re, size_t i, size_t max, size_t *end, size_t *min,
		       size_t *optional)
{
	size_t m, n = 0, at;
	bool comma = false, digits = false;

	i++;
	m = interval_number(re, &i, max, &digits);
	at = i;
	if (interval_char(re, &at) == ',') {
		comma = true;
		i = at + 1;
		n = interval_number(re, &i, max, &digits);
	}
	/* glibc takes "{,n}" as "{0,n}" and "{,}" as "*" */
	if (re[i] != '}' || (!digits && !comma))
		return 0;
	*end = i;
	*min = m;
	*optional = 0;
	/* {m,} is m copies and a star; {m,n} n copies, n - m optional */
	if (comma && (!digits || n <= m)) {
		*optional = 1;
		m = add(m, 1, max);
	} else if (comma) {
		*optional = n - m;
		m = n;
	}
	return m ? m : 1;
}

/* How many anchors the escape of c is: \b and \B are two each to glibc (a
 * word boundary either way round), \< \> \` \' one. */
static size_t escape_anchors(char c)
{
	if (c == 'b' || c == 'B')
		return 2;
	return c && strchr("<>`'", c) ? 1 : 0;
}

const char *regex_refusal(const char *re, size_t *atoms)
{
	struct frame st[MAX_DEPTH], *cur = st;
	size_t total;

	*atoms = 0;
	*cur = FRAME_START;
	for (size_t i = 0; re[i]; i++) {
		/* a repetition: its copies, its least count, its optional
		 * copies nested in each other */
		size_t copies = 0, min = 1, optional = 0, end, weight = 1, anchor = 0;
		unsigned char c = (unsigned char)re[i];

		switch (c) {
		case '(':
			if (cur == st + MAX_DEPTH - 1)
				return too_large;
			*++cur = FRAME_START;
			/* a run goes on into the group */
			cur->run = cur->before_run = cur->open_run = cur[-1].run;
			continue;
		case ')':
			if (cur == st)
				break;	/* a lone ')' is itself */
			cur--;
			/* the group is nodes of its own, its open, its close and
			 * their join: "()" is no nothing, and regcomp's closures
			 * over a run of them grow with its square ("(){9926}"
			 * took 2 GB when a group counted as one) */
			cur->last = add(cur[1].sum, 3, REGEX_MAX_ATOMS);
			cur->sum = add(cur->sum, cur->last, REGEX_MAX_ATOMS);
			cur->last_anchors = cur[1].anchors;
			cur->anchors = add(cur->anchors, cur[1].anchors, REGEX_MAX_ATOMS);
			cur->last_nest = cur[1].nest;
			cur->last_null_nest = cur[1].null_nest;
			cur->before_null = cur->alt_null;
			cur->last_null = cur[1].alt_null || cur[1].any_null;
			cur->alt_null = cur->before_null && cur->last_null;
			/* the run out of the group: the longest its alternatives
			 * end with (those that match nothing carry the one before
			 * it, which they started with) */
			cur->before_run = cur->run;
			cur->run = cur[1].run > cur[1].end_run ? cur[1].run : cur[1].end_run;
			/* nesting deeper than the group's own counts on ("((a+))+") */
			if (cur->last_nest > cur->nest)
				cur->nest = cur->last_nest;
			if (cur->last_null_nest > cur->null_nest)
				cur->null_nest = cur->last_null_nest;
			continue;
		case '|':
			/* an empty node of its own, which nothing repeats */
			cur->sum = add(cur->sum, 1, REGEX_MAX_ATOMS);
			cur->last = 0;
			cur->last_anchors = 0;
			cur->last_nest = 0;
			cur->last_null_nest = 0;
			cur->any_null = cur->any_null || cur->alt_null;
			cur->last_null = false;
			cur->before_null = cur->alt_null = true;
			if (cur->run > cur->end_run)
				cur->end_run = cur->run;
			cur->run = cur->before_run = cur->open_run;
			if (cur->sum > REGEX_MAX_ATOMS)
				return too_large;
			continue;
		case '*':
		case '?':
			copies = 1;	/* no copy, but a repetition */
			min = 0;
			optional = 1;
			break;
		case '+':
			copies = 2;	/* "a+" is "aa*" */
			break;
		case '{':
			copies = interval(re, i, REGEX_MAX_ATOMS, &end, &min, &optional);
			if (copies)
				i = end;
			break;
		case '^':
		case '$':
			anchor = 1;
			break;
		case '\\':
			if (re[i + 1] >= '1' && re[i + 1] <= '9')
				return "has a back-reference (\\1 to \\9), which filters do not take";
			anchor = escape_anchors(re[i + 1]);
			/* \w \W \s \S are bracket expressions to glibc */
			if (re[i + 1] && strchr("wWsS", re[i + 1]))
				weight = 3;
			if (re[i + 1])
				i++;
			break;
		case '[':
			/* "[^a]" is three nodes in a multibyte locale */
			weight = 3;
			i = skip_bracket(re, i);
			if (!re[i])
				i--;	/* (the loop ends on the NUL) */
			break;
		default:
			/* a multibyte character is a node per byte */
			if (c >= 0xc0)
				while (((unsigned char)re[i + 1] & 0xc0) == 0x80) {
					i++;
					weight++;
				}
			break;
		}
		if (copies) {
			size_t more = mul(cur->last, copies - 1, REGEX_MAX_ATOMS),
			       one_anchors = cur->last_anchors,
			       more_anchors = mul(one_anchors, copies - 1, REGEX_MAX_ATOMS);

			cur->sum = add(cur->sum, more, REGEX_MAX_ATOMS);
			cur->last = add(cur->last, more, REGEX_MAX_ATOMS);
			cur->anchors = add(cur->anchors, more_anchors, REGEX_MAX_ATOMS);
			cur->last_anchors = add(cur->last_anchors, more_anchors, REGEX_MAX_ATOMS);
			cur->last_nest++;
			/* a repetition of what may match nothing already: loops
			 * over loops, for regcomp()'s closures and regexec()'s
			 * states. "(a?)?{40}*" is three of them and took regcomp()
			 * over 5 s; "\w?+{40}c" two, and regexec() over 5 s on
			 * 4 KiB of text in a UTF-8 locale; "(a|b?)*" one.
			 * Optional copies nest in each other: ".?{0,9}" is nine */
			if (cur->last_null)
				cur->last_null_nest += optional > 1 ? (unsigned int)(optional >
					REGEX_MAX_NESTING ? REGEX_MAX_NESTING + 1 : optional) : 1;
			/* a piece that may match nothing now: the run goes on
			 * through all its copies and all their anchors; one
			 * repeated: where a copy ends and the next begins, at
			 * most one copy's ("(\bx\b)+" is "\bx\b\bx\b") */
			if (min == 0 || cur->last_null)
				cur->run = add(cur->before_run, cur->last_anchors, REGEX_MAX_ATOMS);
			else if (copies > 1 || optional)
				cur->run = add(cur->run, one_anchors, REGEX_MAX_ATOMS);
			cur->last_null = cur->last_null || min == 0;
			cur->alt_null = cur->before_null && cur->last_null;
		} else {
			/* one atom, or one anchor */
			cur->last = weight;
			cur->sum = add(cur->sum, weight, REGEX_MAX_ATOMS);
			cur->last_anchors = anchor;
			cur->anchors = add(cur->anchors, anchor, REGEX_MAX_ATOMS);
			cur->last_nest = 0;
			cur->last_null_nest = 0;
			/* an anchor matches no character */
			cur->before_null = cur->alt_null;
			cur->last_null = anchor != 0;
			cur->alt_null = cur->before_null && cur->last_null;
			cur->before_run = cur->run;
			cur->run = anchor ? add(cur->run, anchor, REGEX_MAX_ATOMS) : 0;
		}
		if (cur->last_nest > cur->nest)
			cur->nest = cur->last_nest;
		if (cur->last_null_nest > cur->null_nest)
			cur->null_nest = cur->last_null_nest;
		if (cur->sum > REGEX_MAX_ATOMS || cur->nest > REGEX_MAX_NESTING ||
		    cur->null_nest > REGEX_MAX_NULL_NESTING)
			return too_large;
		if (cur->run > REGEX_MAX_ANCHOR_RUN)
			return too_many_anchors;
	}
	/* groups left open (regcomp refuses them) count all the same */
	for (total = 0; cur >= st; cur--)
		total = add(total, cur->sum, REGEX_MAX_ATOMS);
	*atoms = total;
	return total > REGEX_MAX_ATOMS ? too_large : NULL;
}
