#!/usr/bin/env python3
"""Checks a gradedraw draw folder's lottery without gradedraw: Python 3.8+, its standard library only.

    python3 check-draw.py DRAW_FOLDER

A second implementation of what SPEC section 6 publishes, for an auditor or a member of the
public who would rather not trust the program that made the draw. From manifest.json,
selected.csv and assignments.csv alone (no inputs/ folder, no personal data), it checks that:

- the effective seed is the published seed bound to the frame hash: SEED + "," + frameHash;
- selected.csv and assignments.csv are the files the manifest's hashes name;
- every enterprise's ticket is ticket(effectiveSeed, uscc), and every team member's is
  ticket(effectiveSeed, uscc + "|" + inspectorId), where
  ticket(seed, id) = "0." + reverse(decimal(int(SHA256(hex(SHA256(seed)) + id)))), the decimal
  zero-padded to at least 64 digits, text in UTF-8 and hex in lower case;
- each stratum drew as many enterprises as the manifest says (n of its eligible);
- each team is listed lead first, in ticket order.

It prints each stratum's highest ticket drawn: an enterprise of that stratum, eligible, with a
lower ticket (`gradedraw tickets`, or ticket() below) was drawn. That the drawn are the lowest of
all the eligible, and the teams the lowest valid ones, needs the recorded inputs: `gradedraw verify`.
It knows the lottery of algorithms gradedraw-draw/1 to /3, which publish it alike (they differ in
what inputs/ and tasks.xlsx hold), and checks no draw of another: that needs the script of the
gradedraw that made it.
Exit status 0 when every check holds, 1 naming each that does not (file:line), 2 on wrong usage
or a folder it cannot check (a file missing, a manifest that is no JSON or lacks a field read here,
a list without a column read here, or an algorithm it does not know).
"""
import csv
import functools
import hashlib
import json
import os
import sys


# The manifest's algorithm begins with one of these (its number, then a space and what it does).
KNOWN_ALGORITHMS = ("gradedraw-draw/1 ", "gradedraw-draw/2 ", "gradedraw-draw/3 ")


class CannotCheck(Exception):
    """The folder cannot be checked by this script: said, with exit status 2."""


@functools.lru_cache(maxsize=4)
def seed_hex(seed):
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def ticket(seed, ident):
    """The ticket of `ident` under `seed`: Rivest's consistent sampling, as a decimal fraction."""
    prefix = seed_hex(seed)
    number = int(hashlib.sha256((prefix + ident).encode("utf-8")).hexdigest(), 16)
    return "0." + str(number).zfill(64)[::-1]


def order_key(t):
    """Tickets compare as numbers: digits after "0.", trailing zeros aside, compare as text."""
    return t[2:].rstrip("0")


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def rows(path, columns, problems):
    """The rows of a CSV as dicts, each with the line it is on (the header is line 1); a header
    without one of `columns` cannot be checked, and a row without a cell of one is a problem, passed."""
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise CannotCheck(f"{name}: no column {', '.join(missing)} in its header (is it a draw's {name}?)")
            for line, row in enumerate(reader, start=2):
                if any(row.get(c) is None for c in columns) or None in row:
                    cells = sum(row.get(c) is not None for c in reader.fieldnames) + len(row.get(None) or [])
                    problems.append(f"{name}:{reader.line_num}: the row has {cells} cell{'' if cells == 1 else 's'}, not the header's {len(reader.fieldnames)}")
                    continue
                yield line, row
    except UnicodeDecodeError as e:
        raise CannotCheck(f"{name}: not UTF-8 text (byte {e.start}): the draw writes it in UTF-8") from None
    except csv.Error as e:
        raise CannotCheck(f"{name}: not a CSV file as the draw writes it ({e})") from None


def read_manifest(path):
    """manifest.json, with the fields this check reads: a folder whose manifest lacks one cannot be checked."""
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except UnicodeDecodeError as e:
        raise CannotCheck(f"manifest.json: not UTF-8 text (byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise CannotCheck(f"manifest.json:{e.lineno}:{e.colno}: not valid JSON ({e.msg})") from None

    def needs(ok, what):
        if not ok:
            raise CannotCheck(f"manifest.json: {what} (is it a gradedraw manifest, as published?)")

    needs(isinstance(manifest, dict), "not a JSON object")
    for key in ("effectiveSeed", "seed", "frameHash"):
        needs(isinstance(manifest.get(key), str), f"no {key} text")
    needs(isinstance(manifest.get("results"), dict) and all(isinstance(v, str) for v in manifest["results"].values()),
          "no results: the hash of each list")
    strata = manifest.get("counts", {}).get("strata") if isinstance(manifest.get("counts"), dict) else None
    needs(isinstance(strata, list) and all(
        isinstance(x, dict) and isinstance(x.get("stratum"), str) and isinstance(x.get("n"), int)
        and isinstance(x.get("eligible"), int) for x in strata), "no counts.strata: each stratum's name, n and eligible")
    return manifest


def check(folder):
    problems = []
    for name in ("manifest.json", "selected.csv", "assignments.csv"):
        if not os.path.isfile(os.path.join(folder, name)):
            raise CannotCheck(f"{os.path.join(folder, name)}: no such file (is {folder} a draw folder?)")
    manifest = read_manifest(os.path.join(folder, "manifest.json"))
    algorithm = str(manifest.get("algorithm", ""))
    if not algorithm.startswith(KNOWN_ALGORITHMS):
        raise CannotCheck(
            f"manifest.json: algorithm {algorithm.split(' ')[0] or '(none)'} is not one this script knows "
            "(gradedraw-draw/1 to /3): check it with the check-draw.py of the gradedraw that made the draw"
        )
    seed = manifest["effectiveSeed"]
    if seed != manifest["seed"] + "," + manifest["frameHash"]:
        problems.append(f"manifest.json: effectiveSeed is not seed + \",\" + frameHash: {seed!r}")
    for name, expected in manifest["results"].items():
        path = os.path.join(folder, name)
        if os.path.basename(name) != name or not os.path.isfile(path):
            problems.append(f"manifest.json: its results name {name!r}, which is no file of the folder")
            continue
        actual = sha256_file(path)
        if actual != expected:
            problems.append(f"{name}: SHA-256 {actual}, the manifest says {expected}")

    selected = os.path.join(folder, "selected.csv")
    drawn, highest = {}, {}
    for line, row in rows(selected, ("uscc", "stratum", "ticket"), problems):
        expected = ticket(seed, row["uscc"])
        if row["ticket"] != expected:
            problems.append(f"selected.csv:{line}: ticket of {row['uscc']} is {expected}, not {row['ticket']}")
        stratum = row["stratum"]
        drawn[stratum] = drawn.get(stratum, 0) + 1
        if stratum not in highest or order_key(row["ticket"]) > order_key(highest[stratum]):
            highest[stratum] = row["ticket"]
    for s in manifest["counts"]["strata"]:
        if drawn.get(s["stratum"], 0) != s["n"]:
            problems.append(
                f"selected.csv: stratum {s['stratum']} has {drawn.get(s['stratum'], 0)} enterprises, the manifest says {s['n']}"
            )

    teams = {}
    for line, row in rows(os.path.join(folder, "assignments.csv"), ("uscc", "inspector", "role", "ticket"), problems):
        expected = ticket(seed, row["uscc"] + "|" + row["inspector"])
        if row["ticket"] != expected:
            problems.append(
                f"assignments.csv:{line}: ticket of {row['uscc']}|{row['inspector']} is {expected}, not {row['ticket']}"
            )
        teams.setdefault(row["uscc"], []).append((line, row))
    for uscc, members in teams.items():
        if members[0][1]["role"] != "lead" or any(m["role"] != "member" for _, m in members[1:]):
            problems.append(f"assignments.csv:{members[0][0]}: the team of {uscc} is not listed lead first")
        for (_, a), (line, b) in zip(members, members[1:]):
            if order_key(b["ticket"]) < order_key(a["ticket"]):
                problems.append(f"assignments.csv:{line}: the team of {uscc} is not in ticket order")

    print(f"effective seed: {seed}")
    for s in manifest["counts"]["strata"]:
        top = highest.get(s["stratum"], "(none drawn)")
        print(f"stratum {s['stratum']}: {drawn.get(s['stratum'], 0)} of {s['eligible']} drawn, highest ticket {top}")
    print(f"{sum(drawn.values())} enterprise tickets and {sum(len(m) for m in teams.values())} team tickets recomputed")
    return problems


def main(argv):
    if len(argv) != 2:
        print("usage: python3 check-draw.py DRAW_FOLDER", file=sys.stderr)
        return 2
    try:
        problems = check(argv[1])
    except CannotCheck as e:
        print(f"check-draw: {e}", file=sys.stderr)
        print("not checked")
        return 2
    for p in problems:
        print(f"check-draw: {p}", file=sys.stderr)
    print("every check holds" if not problems else f"{len(problems)} check(s) failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
