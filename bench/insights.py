"""Part seven of `make bench`: the people's situation (issue 20, decision 0029). Each part
builds its own data in a database of its own (danvan_ins_<part>) and reports one section:

- suggestions: texts/s classified at intake (segmentation and both classifiers), training
  time and held-out scores on 50,000 labelled matters;
- embeddings: sentence embeddings/s at realistic lengths, search over a province's year and
  over 1,000,000 vectors;
- topics: a topic model over 1,000,000 texts, in-process and on a local Dask cluster;
- hotspots: the national scan over 26 weeks of 3,321 communes;
- forecasts: the weekly forecasts and their back-test for 34 provinces × 30 topics.

`BENCH_INSIGHTS=suggestions,topics` runs only those parts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PARTS = ("suggestions", "embeddings", "topics", "hotspots", "forecasts")


def run() -> None:
    wanted = os.environ.get("BENCH_INSIGHTS", "").replace("1", "")
    parts = [p for p in PARTS if not wanted or p in wanted.split(",")]
    for name in parts:
        print(f"insights: {name}…", flush=True)
        # Each part sets Django up on a database of its own: one process each.
        code = (
            f"import common, insights_{name} as part\n"
            "getattr(part, '_prepare', lambda: None)()\n"
            "part.run(common.append_report)\n"
        )
        subprocess.run(  # noqa: S603 - our own bench module, not input
            [sys.executable, "-c", code], cwd=Path(__file__).parent, check=True
        )


if __name__ == "__main__":
    run()
