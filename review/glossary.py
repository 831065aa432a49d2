"""The classifier glossary (``classifiers/data/glossary.tsv``: term, language, kind, English gloss).

Hovering an evidence span shows the gloss, so an analyst can judge a post in a language they do not read.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "classifiers" / "data" / "glossary.tsv"


def normalise(term: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", term).casefold().split())


@dataclass
class Glossary:
    """Lookup of a span's English gloss: same language first, then any language, then a contained term."""

    by_lang: dict[tuple[str, str], str] = field(default_factory=dict)
    any_lang: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Glossary:
        """Read the TSV; a missing file gives an empty glossary (spans then show only their kind)."""
        glossary = cls()
        if not path.is_file():
            return glossary
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if len(row) < 4 or row[0].strip().lower() == "term" or row[0].startswith("#"):
                    continue
                term, lang, gloss = normalise(row[0]), row[1].strip(), row[3].strip()
                if term and gloss:
                    glossary.by_lang.setdefault((lang, term), gloss)
                    glossary.any_lang.setdefault(term, gloss)
        return glossary

    def gloss(self, text: str, lang: str | None) -> str | None:
        term = normalise(text)
        found = self.by_lang.get((lang or "", term)) or self.any_lang.get(term)
        if found:
            return found
        contained = [t for t in self.any_lang if len(t) >= 3 and t in term]
        return self.any_lang[max(contained, key=len)] if contained else None
