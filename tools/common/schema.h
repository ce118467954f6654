/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * schema.h - which shape, and which version of it, each JSON document of
 * the tools has: the value of its top-level "schema" key, the "$id" of
 * the JSON Schema that describes it (schemas/ in the source tree,
 * DATADIR/nsinfo/schemas when installed). One place for all of them, so
 * that a change of shape is one number raised here and in that schema
 * file (tests/integration/schemas.sh checks that they agree).
 *
 * A snapshot file had its version before it had this key ("format" and
 * "version", snapfile.h): its schema string is made from that number, so
 * there is still one version of the file, not two.
 */
#ifndef NSINFO_SCHEMA_H
#define NSINFO_SCHEMA_H

#define SCHEMA_KEY "schema"

#define SCHEMA_STR_(x) #x
#define SCHEMA_STR(x) SCHEMA_STR_(x)

/* nsls -J: every view (namespaces, --processes, NSID, -T) */
#define SCHEMA_NSLS "urn:nsinfo:nsls:1"
/* nstree -J */
#define SCHEMA_NSTREE "urn:nsinfo:nstree:1"
/* nstop -b -J: each line, one frame */
#define SCHEMA_NSTOP_FRAME "urn:nsinfo:nstop-frame:1"
/* nsdiff -J: two sides, or two snapshots */
#define SCHEMA_NSDIFF "urn:nsinfo:nsdiff:1"
/* --list-columns -J of every tool */
#define SCHEMA_COLUMNS "urn:nsinfo:columns:1"
/* nsls --save: the snapshot file's format version, and its schema */
#define SCHEMA_SNAPSHOT_VERSION 1
#define SCHEMA_SNAPSHOT "urn:nsinfo:snapshot:" SCHEMA_STR(SCHEMA_SNAPSHOT_VERSION)

#endif
