"""The multilingual indicator glossary (``classifiers/data/glossary.tsv``) and a fast matcher over it.

Terms are matched as word n-grams, ignoring case and diacritics, rather than with one regex per term: a post is split into
words once and every n-gram is a dictionary look-up, so hundreds of terms cost almost nothing per post. Arabic-script
words may carry a clitic prefix (و, ب, ل, ال ...) and Latin/Greek/Cyrillic words a plural ``s``; both are tried.
Greek and Russian terms are also indexed in their common romanized spellings (:mod:`classifiers.romanize`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from classifiers.romanize import TRUE_TO_LIFE, romanize, styles

GLOSSARY_PATH = Path(__file__).resolve().parent / "data" / "glossary.tsv"
KINDS = ("transport_route", "price", "contact", "guarantee_payment", "document_type", "evasion")
_WORD_RE = re.compile(r"\w+")
_ARABIC_PREFIXES = ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف")
# Glosses of transliterated terms say which transliteration they are ("Finglish: border"); the concept drops that.
_GLOSS_NOTE_RE = re.compile(
    r"^(?:roman urdu|arabizi|finglish|greeklish|translit(?:erated)?(?: russian)?|latin[- ]script)\b(?: for)?[:,]?\s*"
    r"|\([^)]*\)",
    re.I,
)


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    term: str
    language: str
    kind: str
    gloss: str

    @property
    def concept(self) -> str:
        """A language-independent key: the English term itself, else its gloss without transliteration notes.

        "pasaporte" (gloss "passport") and "passport" share the concept ``passport``, so a model that learns the
        concept from posts in one language can use it in every other.
        """
        text = self.term if self.language == "en" else _GLOSS_NOTE_RE.sub(" ", self.gloss)
        return " ".join(w for _, _, w in words_of(text))


@dataclass(frozen=True)
class Match:
    """A glossary hit: character span in the searched text, and the entry."""

    start: int
    end: int
    term: Term


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def fold(word: str) -> str:
    """Casefolded, without combining marks (accents, cedillas, Arabic short vowels): informal posts drop them."""
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped) or word.casefold()


def words_of(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, folded word)`` for each word of ``text`` (offsets are into ``text`` itself)."""
    return [(m.start(), m.end(), fold(m.group())) for m in _WORD_RE.finditer(text)]


# Greek and Russian terms are also found in Greeklish and transliterated Russian (see romanize.TRUE_TO_LIFE).
_MIN_ROMANIZED_CHARS = 5  # shorter romanized forms are too likely to be ordinary words of another language


def _romanized_keys(term: Term) -> set[tuple[str, ...]]:
    if term.language not in TRUE_TO_LIFE:
        return set()
    keys = {tuple(w for _, _, w in words_of(romanize(term.term, term.language, s))) for s in styles(term.language)}
    english = set(term.concept.split())  # "оригинал" romanizes to "original": an English word, not an indicator
    return {
        k
        for k in keys
        if len("".join(k)) >= _MIN_ROMANIZED_CHARS and all(w.isascii() for w in k) and not set(k) <= english
    }


class Glossary:
    """Glossary entries indexed by their word tuple."""

    def __init__(self, terms: list[Term], version: str) -> None:
        self.terms = terms
        self.version = version
        self._index: dict[tuple[str, ...], Term] = {}
        for term in terms:
            key = tuple(w for _, _, w in words_of(term.term))
            if key:
                self._index.setdefault(key, term)
        for term in terms:  # after every written term, so a written spelling always wins
            for key in _romanized_keys(term):
                self._index.setdefault(key, term)
        self.max_words = max((len(k) for k in self._index), default=1)

    @classmethod
    def load(cls, path: Path = GLOSSARY_PATH) -> Glossary:
        """Read the TSV; lines starting with ``#`` are comments, ``# version: N`` names the version."""
        terms, version = [], "unversioned"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# version:"):
                version = line.split(":", 1)[1].strip()
            if not line.strip() or line.startswith("#") or line.startswith("term\t"):
                continue
            term, language, kind, gloss = line.split("\t")
            if kind not in KINDS:
                raise ValueError(f"{path}: unknown kind {kind!r} for term {term!r}; use one of {', '.join(KINDS)}")
            terms.append(Term(term, language, kind, gloss))
        return cls(terms, version)

    def _lookup(self, words: tuple[str, ...]) -> Term | None:
        hit = self._index.get(words)
        if hit or not words:
            return hit
        first, last = words[0], words[-1]
        if _is_arabic(first):
            for prefix in _ARABIC_PREFIXES:
                if first.startswith(prefix) and len(first) - len(prefix) >= 3:
                    hit = self._index.get((first[len(prefix) :], *words[1:]))
                    if hit:
                        return hit
        if len(last) > 4 and last.endswith("s"):
            return self._index.get((*words[:-1], last[:-1]))
        return None

    def find(self, text: str, skip: list[tuple[int, int]] | None = None) -> list[Match]:
        """Longest-first, non-overlapping glossary matches in ``text``; words inside ``skip`` spans are ignored."""
        skip = skip or []
        words = [w for w in words_of(text) if not any(s <= w[0] < e for s, e in skip)]
        found: list[Match] = []
        i = 0
        while i < len(words):
            for n in range(min(self.max_words, len(words) - i), 0, -1):
                term = self._lookup(tuple(w for _, _, w in words[i : i + n]))
                if term:
                    found.append(Match(words[i][0], words[i + n - 1][1], term))
                    i += n
                    break
            else:
                i += 1
        return found


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    """The packaged glossary, loaded once per process."""
    return Glossary.load()
