"""docs/benchmarks.md is written by several benchmarks: each replaces only its own marked section."""

from __future__ import annotations

from pathlib import Path


def write_section(path: Path, name: str, section: str) -> None:
    """Replace the text between ``<!-- name:begin -->`` and ``<!-- name:end -->``; add them at the end when absent."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = path.read_text("utf-8") if path.exists() else ""
    block = f"{begin}\n{section.rstrip()}\n{end}"
    if begin in text and end in text and text.index(begin) < text.index(end):
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def publish(path: Path, name: str, section: str) -> None:
    """Print a benchmark's section, then write it into its document."""
    from bot.config import ROOT

    print("\n" + section)
    write_section(path, name, section)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"{shown} の {name} の節を書きました。")
