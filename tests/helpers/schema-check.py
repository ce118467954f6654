#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""schema-check.py - the JSON the tools print against schemas/ (for
tests/integration/schemas.sh).

  schema-check.py DIR ids
      check every DIR/*.schema.json against the draft 2020-12 meta-schema,
      print "ID FILE" for each
  schema-check.py DIR validate ID [--lines] FILE...
      validate each FILE (--lines: each of its lines) against schema ID
  schema-check.py DIR columns ID POINTER LIST [--exact]
      LIST is a tool's --list-columns -J; POINTER names the row schema in
      schema ID (#/$defs/...). Every column must have a property there
      (its name lowercased) whose JSON types agree with the column's type:
      number: integer or number, string: string, array: array, boolean:
      boolean, object: object, each besides null and "denied". --exact:
      and every property of the row but "children" and "unknown" (why
      cells are null) is a column.

The schemas refer to each other by $id (urn:nsinfo:...): they are loaded
into one registry (referencing, jsonschema >= 4.18) or RefResolver store
(older, as Debian 12's 4.10). Format checking is off. Exit 0: all good;
1: a document or a column disagrees (each said on stdout); 2: trouble.
"""
import glob
import json
import os
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
from jsonschema import Draft202012Validator  # noqa: E402


def load(d):
    schemas = {}
    for path in sorted(glob.glob(os.path.join(d, "*.schema.json"))):
        with open(path) as f:
            s = json.load(f)
        Draft202012Validator.check_schema(s)
        schemas[s["$id"]] = (s, os.path.basename(path))
    return schemas


def validator(schemas, sid):
    root = schemas[sid][0]
    try:
        from referencing import Registry, Resource
    except ImportError:
        from jsonschema import RefResolver
        store = {k: v[0] for k, v in schemas.items()}
        return Draft202012Validator(root, resolver=RefResolver.from_schema(root, store=store))
    reg = Registry().with_resources((k, Resource.from_contents(v[0])) for k, v in schemas.items())
    return Draft202012Validator(root, registry=reg)


def validate(schemas, sid, args):
    lines = "--lines" in args
    v = validator(schemas, sid)
    bad = 0
    for path in (a for a in args if a != "--lines"):
        with open(path) as f:
            docs = [ln for ln in f if ln.strip()] if lines else [f.read()]
        if not docs:
            print(f"{path}: empty")
            bad += 1
        for n, text in enumerate(docs, 1):
            where = f"{path}:{n}" if lines else path
            try:
                doc = json.loads(text)
            except ValueError as e:
                print(f"{where}: not JSON: {e}")
                bad += 1
                continue
            errs = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
            for e in errs[:5]:
                print(f"{where}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:300]}")
            bad += bool(errs)
    return 1 if bad else 0


def resolve(schemas, base, ref):
    """(schema, base id) that ref names, from within schema base."""
    uri, _, frag = ref.partition("#")
    uri = uri or base
    node = schemas[uri][0]
    for part in filter(None, frag.split("/")):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node, uri


def props(schemas, base, s, out):
    """Every property schema reachable from s through $ref and allOf:
    name -> [(schema, base)]."""
    if "$ref" in s:
        props(schemas, *reversed(resolve(schemas, base, s["$ref"])), out)
    for sub in s.get("allOf", []):
        props(schemas, base, sub, out)
    for k, v in s.get("properties", {}).items():
        out.setdefault(k, []).append((v, base))
    return out


JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string",
              type(None): "null", list: "array", dict: "object"}


def types(schemas, base, s):
    """The JSON types a value of s may have ("denied" for that string)."""
    sets = []
    if "$ref" in s:
        sets.append(types(schemas, *reversed(resolve(schemas, base, s["$ref"]))))
    if "type" in s:
        t = s["type"]
        sets.append(set(t if isinstance(t, list) else [t]))
    if "const" in s:
        sets.append({"denied"} if s["const"] == "denied" else {JSON_TYPES[type(s["const"])]})
    if "enum" in s:
        sets.append({JSON_TYPES[type(x)] for x in s["enum"]})
    for key in ("anyOf", "oneOf"):
        if key in s:
            sets.append(set().union(*(types(schemas, base, b) for b in s[key])))
    if not sets:
        return {"any"}
    out = sets[0]
    for x in sets[1:]:
        out = out & x if "any" not in x else out
    return out


WANT = {"number": {"integer", "number"}, "string": {"string"}, "array": {"array"},
        "boolean": {"boolean"}, "object": {"object"}}


def columns(schemas, sid, pointer, listfile, exact):
    row, base = resolve(schemas, sid, pointer)
    have = props(schemas, base, row, {})
    with open(listfile) as f:
        cols = json.load(f)["columns"]
    bad = 0
    for c in cols:
        key = c["name"].lower()
        if key not in have:
            print(f"{sid}{pointer}: no property for column {c['name']} ({key})")
            bad += 1
            continue
        got = {"any"}
        for s, b in have[key]:
            t = types(schemas, b, s)
            got = t if "any" in got else (got & t if "any" not in t else got)
        base_types = got - {"null", "denied"}
        want = WANT.get(c["type"], set())
        if not base_types or not base_types <= want or (c["type"] != "number" and base_types != want):
            print(f"{sid}{pointer}: column {c['name']} is {c['type']}, its property "
                  f"\"{key}\" allows {sorted(got)}")
            bad += 1
    if exact:
        listed = {c["name"].lower() for c in cols}
        for key in sorted(set(have) - listed - {"children", "unknown"}):
            print(f"{sid}{pointer}: property \"{key}\" is no column of the catalogue")
            bad += 1
    return 1 if bad else 0


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    schemas = load(argv[1])
    cmd = argv[2]
    if cmd == "ids":
        for sid, (_, name) in schemas.items():
            print(sid, name)
        return 0
    if cmd == "validate" and len(argv) > 4:
        return validate(schemas, argv[3], argv[4:])
    if cmd == "columns" and len(argv) in (6, 7):
        return columns(schemas, argv[3], argv[4], argv[5], "--exact" in argv[6:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, ValueError, KeyError) as e:
        print(f"schema-check: {e!r}", file=sys.stderr)
        sys.exit(2)
