#!/usr/bin/env python3
"""Regenerate ``trad_simp.tsv`` from OpenCC's character table.

The table is OpenCC's ``TSCharacters.txt`` (Apache License 2.0, shipped in the PyPI package
``opencc-python-reimplemented``; see ``DIVISIONS_SOURCE.md``-style notice at the top of the
output). Only characters that are *traditional only* are kept: a character whose OpenCC
mapping lists itself (乾 -> 干 乾, 於 -> 于 於) is also a simplified character and is left
alone, so that 乾安县 stays 乾安县. Needs the package only when run, not at build time:

    pip install opencc-python-reimplemented==0.1.7
    python build_archive/data/make_tradsimp.py
"""
from pathlib import Path

import opencc  # type: ignore[import-not-found]

OUT = Path(__file__).with_name("trad_simp.tsv")


def main() -> None:
    src = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    rows = []
    for line in src.read_text(encoding="utf-8").splitlines():
        trad, _, values = line.partition("\t")
        targets = values.split()
        if len(trad) != 1 or not targets or trad in targets:
            continue
        simp = targets[0]
        if len(simp) != 1 or not ("\u4e00" <= trad <= "\u9fff") or not ("\u4e00" <= simp <= "\u9fff"):
            continue
        rows.append(f"{trad}\t{simp}")
    header = ("# 繁体字 -> 简体字（仅“只用于繁体”的字）。由 make_tradsimp.py 从 OpenCC TSCharacters.txt 生成，\n"
              "# OpenCC (https://github.com/BYVoid/OpenCC) 数据，Apache License 2.0。请勿手改，重新生成即可。\n")
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} characters -> {OUT}")


if __name__ == "__main__":
    main()
