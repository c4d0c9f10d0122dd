"""A mortality table in CSV (sex, age band, chance of dying within the band) into the
one-year chance of dying at each age.

The shipped table is CBS StatLine 60025 (verkorte overlevingstafel 1995/1996–1999/2000,
five-year bands); within a band of n years the chance is taken as constant per year, so
the one-year chance is 1 − (1 − Q)^(1/n). The open last band dies out within the year.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import attrs

from rulescore.errors import Diagnostic, RulesError

DEFAULT = Path(__file__).with_name("sterftetafel_cbs_1996_2000.csv")
SOURCE = "CBS StatLine 60025, verkorte overlevingstafel 1995/1996-1999/2000"


@attrs.frozen
class MortalityTable:
    #: sex → list of (from age, to age or None, chance over the band)
    bands: dict
    source: str

    def one_year(self, sex: str, age: int) -> float:
        for lo, hi, q in self.bands.get(sex, ()):
            if age >= lo and (hi is None or age < hi):
                return q if hi is None else 1 - (1 - q) ** (1 / (hi - lo))
        raise RulesError([Diagnostic("RS702", f"de sterftetafel heeft geen kans voor "
                                     f"geslacht '{sex}' op leeftijd {age}",
                                     path=self.source, hint="geslacht is 'man' of 'vrouw'")])


def read_table(path: str | Path | None = None) -> MortalityTable:
    where = str(path or DEFAULT)
    text = Path(where).read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("".join(
        line for line in text.splitlines(keepends=True) if not line.startswith("#"))))
    bands: dict = {}
    for n, row in enumerate(rows, start=1):
        try:
            hi = row["leeftijd_tot"].strip()
            q = float(row["sterftequotient"])
            band = (int(row["leeftijd_van"]), int(hi) if hi else None, q)
        except (KeyError, ValueError, AttributeError, TypeError):
            raise RulesError([Diagnostic(
                "RS702", f"rij {n} van de sterftetafel is onleesbaar", path=where,
                hint="kolommen: geslacht,leeftijd_van,leeftijd_tot,sterftequotient")]) from None
        if not 0 <= q <= 1:
            raise RulesError([Diagnostic("RS702", f"rij {n}: sterftequotiënt {q} ligt niet "
                                         "tussen 0 en 1", path=where)])
        bands.setdefault(row["geslacht"].strip(), []).append(band)
    return MortalityTable({k: sorted(v, key=lambda b: b[0]) for k, v in bands.items()},
                          SOURCE if path is None else where)
