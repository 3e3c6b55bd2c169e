#!/usr/bin/env python3
"""Build the PLOVER JSON Schema and vocabulary from the PLOVER manual's own tables.

Reads ``../shared/data/plover/PLOVER_MANUAL.tex`` (CC BY-SA 4.0, Open Event Data
Alliance) and writes, under ``src/factionmap/data/plover/``:

* ``schema.json``: a JSON Schema (draft 2020-12) for one PLOVER event record,
  from the tables "PLOVER JSON" (fields, required flags), "Information object
  for entities", "... for text", "... for citations" and "Location object";
  the event categories from the conflict--cooperation score table; the
  contexts from "General contexts" plus the four auxiliary modes, which the
  manual puts in ``context`` too.
* ``vocabulary.json``: sector codes, the international non-state entity codes,
  contexts and auxiliary modes, each with the manual's description.

Field types follow the manual's "Content" column (a list, a date, a number,
True/False ...); where it names an object (entity, location, textInfo,
citeInfo) the field refers to that object's definition.

    .venv/bin/python scripts/build_plover_schema.py [--manual PATH]
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANUAL = ROOT.parent / "shared" / "data" / "plover" / "PLOVER_MANUAL.tex"
OUT = ROOT / "src" / "factionmap" / "data" / "plover"
DATE = r"^\d{4}-\d{2}-\d{2}$"


def _clean(cell: str) -> str:
    """A LaTeX table cell as plain text."""
    cell = re.sub(r"\\hyperref\[[^\]]*\]\{([^}]*)\}", r"\1", cell)
    cell = re.sub(r"\\cellcolor\{[^}]*\}", "", cell)
    cell = re.sub(r"\\(?:textit|emph|texttt|txt|textbf)\{([^}]*)\}", r"\1", cell)
    cell = re.sub(r"\\url\{([^}]*)\}", r"\1", cell)
    cell = cell.replace("\\_", "_").replace("``", '"').replace("''", '"').replace("---", "—")
    cell = re.sub(r"\\[a-zA-Z]+\s*", "", cell)
    return re.sub(r"\s+", " ", cell).strip(" {}")


def table_rows(tex: str, label: str) -> list[list[str]]:
    """The body rows (cells) of the table or longtable that carries ``\\label{label}``."""
    at = tex.index(f"\\label{{{label}}}")
    begin = max(tex.rfind("\\begin{tabular}", 0, at), tex.rfind("\\begin{longtable}", 0, at))
    end_tab = min(i for i in (tex.find("\\end{tabular}", begin), tex.find("\\end{longtable}", begin)) if i > 0)
    body = tex[begin:end_tab]
    rows = []
    for raw in body.split("\\\\"):
        raw = raw.replace("\\hline", "").replace("\\endhead", "").replace("\\endfoot", "")
        raw = raw.replace("\\endlastfoot", "")
        raw = re.sub(r"\\begin\{(?:tabular|longtable)\}\{[^\n]*", "", raw)
        raw = re.sub(r"\\caption\{.*", "", raw)
        raw = re.sub(r"\\label\{[^}]*\}", "", raw)
        raw = re.sub(r"\\(?:multicolumn|cline)\{[^\n]*", "", raw)
        cells = [_clean(c) for c in raw.split("&")]
        if any(cells):
            rows.append(cells)
    return rows


def _type_of(name: str, content: str) -> dict:
    """A JSON Schema for one field, from what the manual's Content column says it holds."""
    c = content.lower()
    objects = {"entity object": "#/$defs/entity", "location object": "#/$defs/location",
               "textinfo object": "#/$defs/textInfo", "citeinfo object": "#/$defs/citeInfo"}
    for word, ref in objects.items():
        if word in c and c.startswith("list of"):
            return {"type": "array", "items": {"$ref": ref}}
        if word in c:
            return {"$ref": ref}
    if c.startswith("list of"):
        return {"type": "array", "items": {"type": "string"}}
    if "yyyy-mm-dd" in c or name.endswith("_date"):
        return {"type": "string", "pattern": DATE}
    if "true/false" in c:
        return {"type": "boolean"}
    if "floating point" in c or "decimal degrees" in c:
        return {"type": "number"}
    if re.fullmatch(r"[\d, or]+", c):
        return {"enum": [int(x) for x in re.findall(r"\d+", c)]}
    if c.startswith("integer") or c == "integer" or "integer id" in c or "sequence number" in c \
            or "character offset" in c or c.startswith("number"):
        return {"type": "integer"}
    if "code indicating the level of resolution" in c:
        return {"enum": [int(x) for x in re.findall(r"(\d)=", content)]}
    return {"type": "string"}


def _object(rows: list[list[str]], title: str) -> dict:
    props = {}
    for cells in rows:
        if len(cells) < 2 or cells[0] in ("Name", ""):
            continue
        props[cells[0]] = {**_type_of(cells[0], cells[1]), "description": cells[1]}
    return {"type": "object", "title": title, "properties": props, "additionalProperties": True}


def build(tex: str) -> tuple[dict, dict]:
    tex = re.sub(r"(?<!\\)%[^\n]*", "", tex)  # LaTeX comments (an old score table is commented out)
    # the record: name & content & note & required
    fields, required = {}, []
    for cells in table_rows(tex, "tab:json"):
        if len(cells) < 4 or cells[0] == "Name":
            continue
        name, content, req = cells[0], cells[1], cells[3].upper()
        fields[name] = {**_type_of(name, content), "description": content}
        if req == "Y":
            required.append(name)
    categories = []
    for cells in table_rows(tex, "tab:ploverscores"):
        for cell in cells[0::2]:
            if cell and ":" not in cell and re.fullmatch(r"[A-Z]+", cell):
                categories.append(cell)
    contexts = {c[0]: c[1] for c in table_rows(tex, "tab:general-contexts") if len(c) >= 2 and c[0] != "Name"}
    aux_section = tex[tex.index("\\section{Auxiliary modes}"):tex.index("\\section{Changes in treatment")]
    auxiliary = list(dict.fromkeys(re.findall(r"\\plcon\{([a-z]+)\}", aux_section)))
    sectors = {c[0]: c[1] for c in table_rows(tex, "tab:roles") if len(c) >= 2 and re.fullmatch(r"[A-Z]{3}", c[0])}
    nonstate = {c[0]: c[1] for c in table_rows(tex, "tab:nonstate") if len(c) >= 2 and re.fullmatch(r"[A-Z]{3}", c[0])}

    entity = _object(table_rows(tex, "tab:actorinfo"), "entity")
    entity["properties"]["code"].update(pattern="^[A-Z]{3}$")
    entity["properties"]["sector"] = {"anyOf": [{"enum": sorted(sectors)}, {"type": "string", "pattern": "^[A-Z]{6}$"}],
                                      "description": entity["properties"]["sector"]["description"]}
    location = _object(table_rows(tex, "tab:locations"), "location")
    for coord, lim in (("lat", 90), ("lon", 180)):
        location["properties"][coord].update(minimum=-lim, maximum=lim)
    location["properties"]["country_code"].update(pattern="^[A-Z]{3}$")

    fields["event"]["items"] = {"enum": categories}
    fields["event"]["minItems"] = 1
    fields["actor"]["minItems"] = 1
    fields["context"]["items"] = {"enum": list(contexts) + auxiliary}
    fields["event_loc"] = {"anyOf": [fields["event_loc"], {"type": "null"}], "description": fields["event_loc"]["description"]}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://factionmap.invalid/plover-event.schema.json",
        "title": "PLOVER event record",
        "description": "One event in PLOVER JSON, from the tables of the PLOVER manual (Open Event Data Alliance, "
                       "CC BY-SA 4.0). Generated by scripts/build_plover_schema.py; providers may add named fields.",
        "type": "object",
        "required": required,
        "properties": fields,
        "additionalProperties": True,
        "$defs": {
            "entity": entity,
            "location": location,
            "textInfo": _object(table_rows(tex, "tab:textinfo"), "textInfo"),
            "citeInfo": _object(table_rows(tex, "tab:citeinfo"), "citeInfo"),
        },
    }
    vocabulary = {
        "source": "PLOVER manual (openeventdata/PLOVER), CC BY-SA 4.0; built by scripts/build_plover_schema.py",
        "event_categories": categories,
        "contexts": contexts,
        "auxiliary_modes": auxiliary,
        "sectors": sectors,
        "nonstate_codes": nonstate,
    }
    return schema, vocabulary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manual", type=Path, default=MANUAL)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    schema, vocabulary = build(args.manual.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, body in (("schema.json", schema), ("vocabulary.json", vocabulary)):
        (args.out / name).write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.out / name}")
    print(f"{len(schema['properties'])} fields ({', '.join(schema['required'])} required), "
          f"{len(vocabulary['event_categories'])} categories, {len(vocabulary['contexts'])} contexts "
          f"+ {len(vocabulary['auxiliary_modes'])} auxiliary modes, {len(vocabulary['sectors'])} sectors")


if __name__ == "__main__":
    main()
