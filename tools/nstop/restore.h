/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * restore.h - the terminal given back after a crash (restore.c). Apart
 * from nstop.h: <term.h>, which restore.c needs, defines macros (tab,
 * lines, columns) that would rename nstop's fields.
 */
#ifndef NSTOP_RESTORE_H
#define NSTOP_RESTORE_H

/* The terminal modes as nstop found them (before curses starts). */
void restore_save(void);
/* From now on a crash gives the terminal back before it kills nstop
 * (after curses started: terminfo is loaded). */
void restore_on_crash(void);

#endif
