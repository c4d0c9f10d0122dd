"""Time of ``rulescore impact`` in one process against ``--werkers 2`` (a local Dask
cluster, issue #20 §4) on one tiled population, and whether the two JSON reports are the
same bytes.

A population of 20 000 households (``rulescore populatie``) is tiled to the size asked
(blocks of 20 000: so 40 000 households are two tasks). Each run is its own process; the
time includes loading the rules and, for Dask, starting the cluster. Appended to
benchmarks/results.txt; the machine is shared, compare ratios.

    python benchmarks/impact_dask.py [40000]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from parquet_memory import RULESCORE, measured, tiled

HERE = Path(__file__).parent


def main(n: int) -> None:
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base, path = tmp / "populatie.parquet", tmp / f"p{n}.parquet"
        measured([*RULESCORE, "populatie", "--huishoudens", "20000", "--zaad", "2026",
                  "-o", str(base), "--format", "json"])
        tiled(base, path, n)
        scenario = tmp / "premie.scenario"
        scenario.write_text('scenario premie "Standaardpremie + € 100"\nstatus optie\n'
                            "wijzig parameter zorgtoeslag.standaardpremie\n"
                            '  aanname "benchmark"\n  vanaf 1 januari 2026: € 2.219\n',
                            encoding="utf-8")
        reports = {}
        for label, extra in (("1 process ", []), ("--werkers 2", ["--werkers", "2"])):
            out = tmp / f"{len(extra)}.json"
            seconds, peak = measured(["sh", "-c", " ".join(
                [*(f"'{a}'" for a in RULESCORE), "impact", str(path), "--scenario",
                 str(scenario), "--format", "json", *extra, ">", str(out)])])
            reports[label] = out.read_bytes()
            lines.append(f"impact {label} {n:>9,} households: {seconds:7.1f} s, "
                         f"peak RSS (largest process) {peak:,} MB")
            print(lines[-1], flush=True)
        same = len(set(reports.values())) == 1
        lines.append(f"# the two JSON reports are {'the same bytes' if same else 'DIFFERENT'}")
        print(lines[-1])
    with (HERE / "results.txt").open("a", encoding="utf-8") as f:
        f.write("\n# benchmarks/impact_dask.py: impact alone and on a local Dask cluster "
                "of 2 workers\n")
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]) if sys.argv[1:] else 40_000)
