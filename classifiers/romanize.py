"""Rule-based romanization of Greek and Russian, the way people write them on Latin keyboards.

Greeklish and transliterated Russian are common in the posts we watch, but our corpus has far fewer transliterated
phrase families than native-script ones, and the model scored much worse on them. Training therefore also shows a
romanized copy of native-script training posts (``classifiers.train``), and the glossary indexes romanized forms
of its Greek and Russian terms (``classifiers.glossary``). Users do not follow one standard: θ is "th" or "8", ω
"o" or "w", ш "sh" or "w". A *style* fixes one choice per letter, as one writer would; :func:`styles` lists them.
"""

from __future__ import annotations

import random
import re
import unicodedata
from functools import lru_cache

# Each entry: native letters -> alternatives (the first is the most common spelling). Digraphs come first so
# that "ου" is read before "ο".
_GREEK: dict[str, tuple[str, ...]] = {
    "ου": ("ou", "u"), "αι": ("ai", "e"), "ει": ("ei", "i"), "οι": ("oi", "i"), "αυ": ("av", "af"),
    "ευ": ("ev", "ef"), "μπ": ("mp", "b"), "ντ": ("nt", "d"), "γκ": ("gk", "g"), "γγ": ("gg", "ng"),
    "α": ("a",), "β": ("v", "b"), "γ": ("g", "gh"), "δ": ("d",), "ε": ("e",), "ζ": ("z",),
    "η": ("h", "i"), "θ": ("th", "8"), "ι": ("i",), "κ": ("k",), "λ": ("l",), "μ": ("m",), "ν": ("n",),
    "ξ": ("ks", "x"), "ο": ("o",), "π": ("p",), "ρ": ("r",), "σ": ("s",), "ς": ("s",), "τ": ("t",),
    "υ": ("y", "i", "u"), "φ": ("f", "ph"), "χ": ("x", "h", "ch"), "ψ": ("ps",), "ω": ("w", "o"),
}  # fmt: skip
_RUSSIAN: dict[str, tuple[str, ...]] = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("g",), "д": ("d",), "е": ("e",), "ё": ("e", "yo"),
    "ж": ("zh", "j"), "з": ("z",), "и": ("i",), "й": ("y", "i", "j"), "к": ("k",), "л": ("l",), "м": ("m",),
    "н": ("n",), "о": ("o",), "п": ("p",), "р": ("r",), "с": ("s",), "т": ("t",), "у": ("u",), "ф": ("f",),
    "х": ("h", "kh", "x"), "ц": ("c", "ts"), "ч": ("ch", "4"), "ш": ("sh", "w"), "щ": ("sch", "shch", "sh"),
    "ъ": ("",), "ы": ("y", "i"), "ь": ("", "'"), "э": ("e",), "ю": ("yu", "ju", "iu"), "я": ("ya", "ja", "ia"),
}  # fmt: skip
# Persian script writes no short vowels, so Finglish from it lacks them ("mrz" for marz); long vowels, consonant
# clusters and loanwords (pasport, viza, ghachaghchi) still come out as Finglish writers spell them.
_PERSIAN: dict[str, tuple[str, ...]] = {
    "آ": ("a",), "ا": ("a",), "ب": ("b",), "پ": ("p",), "ت": ("t",), "ث": ("s",), "ج": ("j",), "چ": ("ch",),
    "ح": ("h",), "خ": ("kh", "x"), "د": ("d",), "ذ": ("z",), "ر": ("r",), "ز": ("z",), "ژ": ("zh", "j"),
    "س": ("s",), "ش": ("sh",), "ص": ("s",), "ض": ("z",), "ط": ("t",), "ظ": ("z",), "ع": ("", "a"),
    "غ": ("gh", "q"), "ف": ("f",), "ق": ("gh", "q"), "ک": ("k",), "ك": ("k",), "گ": ("g",), "ل": ("l",),
    "م": ("m",), "ن": ("n",), "و": ("o", "u"), "ه": ("h",), "ی": ("i",), "ي": ("i",),
    "ئ": ("y",), "ء": ("",), "أ": ("a",), "ؤ": ("o",), "ة": ("e",),
}  # fmt: skip
# Spellings that depend on the place in the word: initial و and ی are consonants, a final ه is the vowel e.
_POSITIONAL: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "fa": ((re.compile(r"^و"), "v"), (re.compile(r"^ی"), "y"), (re.compile(r"(?<=.)ه$"), "e")),
}
# Whole-text changes after the words: Persian digits and punctuation, the zero-width non-joiner inside words.
_AFTER = {
    "fa": str.maketrans({**{chr(0x06F0 + i): str(i) for i in range(10)}, "\u200c": "", "،": ",", "؟": "?", "؛": ";"})
}
TABLES = {"el": _GREEK, "ru": _RUSSIAN, "fa": _PERSIAN}
LANGUAGES = tuple(TABLES)
# Where a romanized word reads like what people really type (Greeklish, translit). Persian script writes no short
# vowels, so its romanization ("mrz" for marz) is not Finglish: it helps the model as noise, not as a spelling to
# look for (glossary terms, language profiles).
TRUE_TO_LIFE = ("el", "ru")

Style = dict[str, str]


def _strip_accents(text: str) -> str:
    """Greek without tonos and dialytika; Russian is left alone (й and ё are letters of their own)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


@lru_cache(maxsize=len(TABLES))
def _pattern(lang: str) -> re.Pattern[str]:
    keys = sorted(TABLES[lang], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys)))


def styles(lang: str) -> list[Style]:
    """A few consistent spellings: the most common one, and ones that take the 2nd/3rd alternative throughout."""
    table = TABLES[lang]
    depth = max(len(v) for v in table.values())
    return [{k: v[min(i, len(v) - 1)] for k, v in table.items()} for i in range(depth)]


def random_style(lang: str, rng: random.Random) -> Style:
    """One writer's spelling: an independent choice per letter."""
    return {k: rng.choice(v) for k, v in TABLES[lang].items()}


def romanize(text: str, lang: str, style: Style | None = None) -> str:
    """``text`` with every Greek or Cyrillic letter of ``lang`` spelt in Latin letters; other characters unchanged.

    Capital letters stay capital (first letter only for digraphs: "Χ" -> "X", "Ш" -> "Sh"). Accents are dropped,
    as on Latin keyboards.
    """
    style = style or styles(lang)[0]

    def spell(match: re.Match[str]) -> str:
        return style[match.group()]

    def one(match: re.Match[str]) -> str:
        word = match.group()
        if not any(ch in _LETTERS[lang] for ch in word.lower()):
            return word  # Latin words, placeholders and other scripts keep their exact spelling
        if lang == "el":
            word = _strip_accents(word)
        lower = word.lower()
        for pattern, spelling in _POSITIONAL.get(lang, ()):
            lower = pattern.sub(spelling, lower)
        lower = _pattern(lang).sub(spell, lower)
        if word.isupper() and len(word) > 1:
            return lower.upper()
        return lower[:1].upper() + lower[1:] if word[:1].isupper() else lower

    return _WORD.sub(one, text).translate(_AFTER.get(lang, {}))


_WORD = re.compile(r"[^\W\d_]+")
_LETTERS = {
    lang: frozenset("".join(table)) | frozenset("άέήίόύώϊϋΐΰ" if lang == "el" else "") for lang, table in TABLES.items()
}
