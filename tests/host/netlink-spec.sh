#!/bin/bash
# Host test: Documentation/netlink/specs/cryptomap.yaml and the ABI header
# include/uapi/linux/cryptomap.h agree. A C program compiled against the
# header prints every enum constant and every #define with its value; the
# same list is derived from the YAML (C name = "$name-prefix$name" upper-
# cased, dashes to underscores; attribute sets and operations number from 1
# after an implied unspec at 0 and end in __PREFIX_MAX and PREFIX_MAX; enums
# end in their enum-cnt-name; flags end in __PREFIX_ALL, the mask of their
# bits) and the two lists must be equal. The YAML's internal references
# (nested-attributes, enum, attributes of operations, const names in checks,
# mcgrp) must resolve too. Exit 0 pass, 1 fail, 4 skip.
set -u
cd "$(dirname "$0")/../.." || exit 1

command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 4; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: no python3 yaml module (python3-yaml)"; exit 4; }
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || { echo "SKIP: no C compiler"; exit 4; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

HDR=${NETLINK_SPEC_HDR:-include/uapi/linux/cryptomap.h} \
SPEC=${NETLINK_SPEC_YAML:-Documentation/netlink/specs/cryptomap.yaml} \
TMP=$tmp CC=$CC python3 - <<'PY'
import os, re, subprocess, sys, difflib
import yaml

hdr, spec_path, tmp, cc = (os.environ[k] for k in ("HDR", "SPEC", "TMP", "CC"))
errors = []

# --- the header, through the compiler -------------------------------------
src = open(hdr).read()
code = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)
enums = {}                                      # tag -> [constant names]
for m in re.finditer(r"\benum\s+(\w+)\s*\{(.*?)\}", code, re.S):
    enums[m.group(1)] = [e.split("=")[0].strip()
                         for e in m.group(2).split(",") if e.strip()]
defines = []
for m in re.finditer(r"^#define\s+(\w+)[ \t]+(\S.*)$", code, re.M):
    defines.append(m.group(1))
names = [n for tag in enums for n in enums[tag]] + defines

prog = os.path.join(tmp, "abi.c")
with open(prog, "w") as f:
    f.write('#include <stdio.h>\n#include <linux/cryptomap.h>\n'
            '#define P(x) _Generic((x), char *: p_str, const char *: p_str, '
            'default: p_int)(#x, (x))\n'
            'static void p_str(const char *n, const char *v) '
            '{ printf("%s \\"%s\\"\\n", n, v); }\n'
            'static void p_int(const char *n, long long v) '
            '{ printf("%s %lld\\n", n, v); }\n'
            'int main(void)\n{\n')
    for n in names:
        f.write("\tP(%s);\n" % n)
    f.write("\treturn 0;\n}\n")
incdir = os.path.dirname(os.path.dirname(os.path.abspath(hdr)))  # .../uapi
r = subprocess.run([cc, "-std=c11", "-Wall", "-Werror", "-I", incdir,
                    "-o", os.path.join(tmp, "abi"), prog],
                   capture_output=True, text=True)
if r.returncode:
    sys.exit("FAIL: the header does not compile:\n" + r.stderr)
have = subprocess.run([os.path.join(tmp, "abi")], capture_output=True,
                      text=True, check=True).stdout.splitlines()

# --- the YAML --------------------------------------------------------------
spec = yaml.safe_load(open(spec_path))

def order(what, tag, theirs, ours):
    if theirs is None:
        return "%s: enum %s is not in the header" % (what, tag)
    only_h = [n for n in theirs if n not in ours]
    only_s = [n for n in ours if n not in theirs]
    if only_h or only_s:
        return "%s: enum %s: only in the header %s, only in the spec %s" % (
            what, tag, only_h, only_s)
    return "%s: enum %s: same names in another order" % (what, tag)

def C(*parts):
    return "".join(parts).upper().replace("-", "_")

want = []
def add(name, value):
    want.append('%s "%s"' % (name, value) if isinstance(value, str)
                else "%s %d" % (name, value))

for k in ("name", "protocol", "doc", "definitions", "attribute-sets",
          "operations", "mcast-groups"):
    if k not in spec:
        errors.append("spec: no %s" % k)
if spec.get("protocol") != "genetlink-legacy":
    errors.append("spec: protocol is not genetlink-legacy")
add(C(spec["c-family-name"]), spec["name"])
add(C(spec["c-version-name"]), spec["version"])

consts, defs = {}, {}
for d in spec["definitions"]:
    pfx = d.get("name-prefix", spec["name"] + "-" + d["name"] + "-")
    if d["type"] == "const":
        consts[d["name"]] = d["value"]
        add(C(pfx, d["name"]), d["value"])
        continue
    defs[d["name"]] = d
    tag = d.get("enum-name")
    ents = [e if isinstance(e, dict) else {"name": e} for e in d["entries"]]
    got = []
    v = d.get("value-start", 0)
    mask = 0
    for e in ents:
        v = e.get("value", v)
        val = 1 << v if d["type"] == "flags" else v
        add(C(pfx, e["name"]), val)
        got.append(C(pfx, e["name"]))
        mask |= val
        v += 1
    if d["type"] == "flags":
        add("__" + C(pfx, "all"), mask)
        got.append("__" + C(pfx, "all"))
    elif "enum-cnt-name" in d:
        add(C(d["enum-cnt-name"]), v)
        got.append(C(d["enum-cnt-name"]))
    if tag and enums.get(tag) != got:
        errors.append(order("definition " + d["name"], tag, enums.get(tag), got))

sets = {s["name"]: s for s in spec["attribute-sets"]}
for s in spec["attribute-sets"]:
    if "subset-of" in s:
        parent = sets.get(s["subset-of"])
        pn = {a["name"] for a in parent["attributes"]} if parent else set()
        for a in s["attributes"]:
            if a["name"] not in pn:
                errors.append("attribute-set %s: %s is not in %s"
                              % (s["name"], a["name"], s["subset-of"]))
        continue
    pfx = s.get("name-prefix", spec["name"] + "-a-" + s["name"] + "-")
    add(C(pfx, "unspec"), 0)
    v = 1
    got = [C(pfx, "unspec")]
    for a in s["attributes"]:
        v = a.get("value", v)
        add(C(pfx, a["name"]), v)
        got.append(C(pfx, a["name"]))
        v += 1
        t = a.get("type")
        if t not in ("u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
                     "string", "binary", "flag", "nest", "pad", "unused"):
            errors.append("%s.%s: type %s" % (s["name"], a["name"], t))
        if t == "nest" and a.get("nested-attributes") not in sets:
            errors.append("%s.%s: nested-attributes %s is no attribute-set"
                          % (s["name"], a["name"], a.get("nested-attributes")))
        if "enum" in a and a["enum"] not in defs:
            errors.append("%s.%s: enum %s is no definition"
                          % (s["name"], a["name"], a["enum"]))
        for ck, cv in a.get("checks", {}).items():
            if isinstance(cv, str):
                ref = re.sub(r"\s*-\s*1$", "", cv)
                if ref not in consts:
                    errors.append("%s.%s: checks %s: %s is no const"
                                  % (s["name"], a["name"], ck, ref))
        if not re.fullmatch(r"[0-9a-z-]+", a["name"]):
            errors.append("%s.%s: not a kernel-style name" % (s["name"], a["name"]))
    cnt = C(s.get("attr-cnt-name", "__" + pfx + "max"))
    add(cnt, v)
    add(C(s.get("attr-max-name", pfx + "max")), v - 1)
    got.append(cnt)
    tag = s.get("enum-name")
    if tag and enums.get(tag) != got:
        errors.append(order("attribute-set " + s["name"], tag, enums.get(tag), got))

ops = spec["operations"]
pfx = ops.get("name-prefix", spec["name"] + "-cmd-")
add(C(pfx, "unspec"), 0)
got = [C(pfx, "unspec")]
v = 1
groups = {g["name"] for g in spec["mcast-groups"]["list"]}
for op in ops["list"]:
    v = op.get("value", v)
    add(C(pfx, op["name"]), v)
    got.append(C(pfx, op["name"]))
    v += 1
    aset = sets.get(op.get("attribute-set"))
    if not aset:
        errors.append("operation %s: no attribute-set" % op["name"])
        continue
    an = {a["name"] for a in aset["attributes"]}
    if not any(k in op for k in ("do", "dump", "event")):
        errors.append("operation %s: neither do, dump nor event" % op["name"])
    if "event" in op and op.get("mcgrp") not in groups:
        errors.append("operation %s: mcgrp %s is no mcast group"
                      % (op["name"], op.get("mcgrp")))
    for kind in ("do", "dump"):
        for part in ("request", "reply"):
            for a in ((op.get(kind) or {}).get(part) or {}).get("attributes", []):
                if a not in an:
                    errors.append("operation %s: %s %s: %s is not in %s"
                                  % (op["name"], kind, part, a, aset["name"]))
    for a in (op.get("event") or {}).get("attributes", []):
        if a not in an:
            errors.append("operation %s: event: %s is not in %s"
                          % (op["name"], a, aset["name"]))
cnt = C(ops.get("cmd-cnt-name", "__" + pfx + "max"))
add(cnt, v)
add(C(ops.get("cmd-max-name", pfx + "max")), v - 1)
got.append(cnt)
tag = ops.get("enum-name")
if tag and enums.get(tag) != got:
    errors.append(order("operations", tag, enums.get(tag), got))
for g in spec["mcast-groups"]["list"]:
    add(C("cmap-mcgrp-", g["name"]), g["name"])

# every enum of the header is described by the spec
described = {d.get("enum-name") for d in defs.values()} | \
            {s.get("enum-name") for s in sets.values()} | {ops.get("enum-name")}
for tag in enums:
    if tag not in described:
        errors.append("header enum %s: no enum-name in the spec" % tag)

# the include guard is no ABI
have = sorted(l for l in have if not l.startswith("_UAPI_"))
want = sorted(want)
if have != want:
    errors.append("names and values differ (- header, + spec):\n" + "".join(
        l + "\n" for l in difflib.unified_diff(have, want, "header", "spec",
                                               lineterm="", n=0)))
if errors:
    print("FAIL: %s and %s disagree:" % (spec_path, hdr))
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("ok: %d names and values agree between %s and %s"
      % (len(have), hdr, spec_path))
PY
