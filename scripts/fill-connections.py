#!/usr/bin/env python3
"""Fills the connection resolvers gqlgen stubs out in graph/ent.resolvers.go.

Every top-level Relay connection of an ent type resolves the same way
(Paginate with the type's order and filter), so a new ent type with
entgql.QueryField gets its one-liner here instead of by hand.
Run after `go tool gqlgen generate` (make generate does).
"""
import re
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "graph/ent.resolvers.go"
src = open(path).read()
funcs = re.split(r"(?=\n// \w+ is the resolver for)", src)
sig = re.compile(r"func \(r \*queryResolver\) \w+\(ctx context\.Context, after \*entgql\.Cursor\[pulid\.ID\], first \*int, "
                 r"before \*entgql\.Cursor\[pulid\.ID\], last \*int, orderBy \[\]\*ent\.(\w+)Order, where \*ent\.\1WhereInput\) "
                 r"\(\*ent\.\1Connection, error\) \{\n\tpanic\(fmt\.Errorf\(\"not implemented: [^\"]*\"\)\)\n\}")
out = []
for f in funcs:
    m = sig.search(f)
    if m:
        t = m.group(1)
        head = f[:m.start()] + m.group(0).split("\n")[0] + "\n"
        body = (f"\treturn r.Client.{t}.Query().Paginate(ctx, after, pageSize(first, last), before, last,\n"
                f"\t\tent.With{t}Order(orderBy), ent.With{t}Filter(where.Filter))\n}}")
        f = head + body + f[m.end():]
    out.append(f)
new = "".join(out)
if "fmt." not in new.split(")", 1)[1].replace('"fmt"', ""):
    new = new.replace('\t"fmt"\n', "")
open(path, "w").write(new)
