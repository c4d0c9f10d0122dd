"""Peak memory and time of ``rulescore batch`` and ``rulescore impact`` on Parquet
populations of growing size: streaming in blocks keeps the peak resident memory flat.

A population of 20 000 households (``rulescore populatie``) is tiled to the larger sizes
(the rows repeated: the work per household is the same). Every run is its own process,
measured with GNU time (``%M``: maximum resident set size). Results are appended to
benchmarks/results.txt; the machine is shared, compare ratios.

    python benchmarks/parquet_memory.py [20000 80000]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
RULESCORE = [sys.executable, "-c", "from rulescore.cli import main; main()"]


def measured(args: list[str]) -> tuple[float, int]:
    """Seconds and peak RSS (MB) of one command."""
    started = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return time.perf_counter() - started, peak_kb // 1024


def tiled(source: Path, target: Path, n: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(source)
    parts, have = [], 0
    while have < n:
        part = table.slice(0, min(table.num_rows, n - have))
        parts.append(part)
        have += part.num_rows
    pq.write_table(pa.concat_tables(parts), target, compression="zstd", row_group_size=20_000)


def main(sizes: list[int]) -> None:
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = tmp / "populatie.parquet"
        seconds, peak = measured([*RULESCORE, "populatie", "--huishoudens", "20000", "--zaad",
                                  "2026", "-o", str(base), "--format", "json"])
        lines.append(f"populatie  20,000 households: {seconds:7.1f} s, peak RSS {peak:,} MB")
        scenario = tmp / "premie.scenario"
        scenario.write_text('scenario premie "Standaardpremie + € 100"\nstatus optie\n'
                            "wijzig parameter zorgtoeslag.standaardpremie\n"
                            '  aanname "benchmark"\n  vanaf 1 januari 2026: € 2.219\n',
                            encoding="utf-8")
        for n in sizes:
            path = tmp / f"p{n}.parquet"
            tiled(base, path, n)
            seconds, peak = measured([*RULESCORE, "batch", str(path), "--uitvoer",
                                      str(tmp / "uit.parquet")])
            lines.append(f"batch parquet -> parquet {n:>9,} households: {seconds:7.1f} s, "
                         f"{1e6 * seconds / n:6.0f} us/household, peak RSS {peak:,} MB")
            seconds, peak = measured([*RULESCORE, "impact", str(path), "--scenario",
                                      str(scenario), "--format", "json"])
            lines.append(f"impact (2 programs)      {n:>9,} households: {seconds:7.1f} s, "
                         f"{1e6 * seconds / n:6.0f} us/household, peak RSS {peak:,} MB")
            print(lines[-2], lines[-1], sep="\n", flush=True)
    with (HERE / "results.txt").open("a", encoding="utf-8") as f:
        f.write("\n# benchmarks/parquet_memory.py: Parquet in blocks of 20,000 households\n")
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [20_000, 80_000])
