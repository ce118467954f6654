// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * regex-size.c - the size of a regular expression with its repetitions
 * copied out, and how deep they nest (regex-size.h). Groups nest as deep
 * as the expression does;
 * the walk keeps one frame a group, and an expression nested deeper than
 * it has room for is too large as well.
 */
#include <string.h>

#include "regex-size.h"

#define MAX_DEPTH 256

struct frame {
	size_t sum;	/* atoms of the group so far */
	size_t last;	/* of its last piece: what a repetition copies */
	unsigned int nest;	/* repetitions nested in the group, at most */
	unsigned int last_nest;	/* in its last piece */
};

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

/* An interval "{m}", "{m,}", "{m,n}" or "{,n}" at re[i]: how many copies of the
 * piece it makes (at least 1), and *end its '}'; 0 when it is none
 * (a plain '{'). */
static size_t interval(const char *re, size_t i, size_t max, size_t *end)
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
	/* glibc takes "{,n}" as "{0,n}" */
	if (re[i] != '}' || !digits)
		return 0;
	*end = i;
	/* {m,} is m copies and a star; {m,n} n copies */
	if (comma)
		m = n > m ? n : add(m, 1, max);
	return m ? m : 1;
}

bool regex_too_large(const char *re, size_t max)
{
	struct frame st[MAX_DEPTH], *cur = st;
	size_t total;

	*cur = (struct frame){ 0, 0, 0, 0 };
	for (size_t i = 0; re[i]; i++) {
		size_t copies = 0, end;

		switch (re[i]) {
		case '(':
			if (cur == st + MAX_DEPTH - 1)
				return true;
			*++cur = (struct frame){ 0, 0, 0, 0 };
			continue;
		case ')':
			if (cur == st)
				break;	/* a lone ')' is itself */
			cur--;
			/* the group is nodes of its own, its open, its close and
			 * their join: "()" is no nothing, and regcomp's closures
			 * over a run of them grow with its square ("(){9926}"
			 * took 2 GB when a group counted as one) */
			cur->last = add(cur[1].sum, 3, max);
			cur->sum = add(cur->sum, cur->last, max);
			cur->last_nest = cur[1].nest;
			continue;
		case '|':
			cur->last = 0;
			cur->last_nest = 0;
			continue;
		case '*':
		case '?':
			copies = 1;	/* no copy, but a repetition */
			break;
		case '+':
			copies = 2;	/* "a+" is "aa*" */
			break;
		case '{':
			copies = interval(re, i, max, &end);
			if (copies)
				i = end;
			break;
		case '\\':
			if (re[i + 1])
				i++;
			break;
		case '[':
			i = skip_bracket(re, i);
			if (!re[i])
				i--;	/* (the loop ends on the NUL) */
			break;
		default:
			break;
		}
		if (copies) {
			size_t more = mul(cur->last, copies - 1, max);

			cur->sum = add(cur->sum, more, max);
			cur->last = add(cur->last, more, max);
			cur->last_nest++;
		} else {
			/* one atom */
			cur->last = 1;
			cur->sum = add(cur->sum, 1, max);
			cur->last_nest = 0;
		}
		if (cur->last_nest > cur->nest)
			cur->nest = cur->last_nest;
		if (cur->sum > max || cur->nest > REGEX_MAX_NESTING)
			return true;
	}
	/* groups left open (regcomp refuses them) count all the same */
	for (total = 0; cur >= st; cur--)
		total = add(total, cur->sum, max);
	return total > max;
}
