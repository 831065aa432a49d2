"""Language identification of a (redacted) post with langdetect, made deterministic.

langdetect is probabilistic; seeding ``DetectorFactory`` makes the same text always get the same answer. Text is
cleaned first (placeholders, URLs, emoji, digits, handles removed) because those say nothing about the language and
make short posts look like anything. Too little text left means ``und``. Latin-script posts in languages that are
normally written in another script (Arabizi, Finglish, Roman Urdu, Greeklish) are a known weakness of langdetect;
a short list of very frequent transliterated function words catches the common cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from classifiers.inputs import PLACEHOLDER_RE

UNDETERMINED = "und"
MIN_LETTERS = 12  # fewer letters than this after cleaning: too short to tell
OUR_LANGUAGES = ("en", "ar", "fr", "es", "it", "de", "tr", "fa", "ru", "ur", "sq", "el")
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}  # langdetect code -> ours; everything else is already ISO 639-1

_NOISE_RE = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:me|com|org|net|ly)/\S*|[@#]\w+|\S+@\S+", re.I)


def _markers(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Frequent function words of transliterated writing; 3+ hits in a Latin-script post decide its language.
_TRANSLIT_MARKERS: dict[str, frozenset[str]] = {
    "ar": _markers(
        "3andi 3andna 3and fi wa ana enta inta ya yalla kif kifash 7ad wallah inshallah mafi fih fe el al min ila "
        "bidd bidak 3ala 3la ma3 m3a mesh mish msh ghir bass bas kteer ktir 7arga harga lel lil w nhar zwin bghit "
        "raho rah dyal diyal hadi hada ashno chno wesh wach kayn kayen"
    ),
    "fa": _markers(
        "shoma ast hast nist mikham mikhay mikhaid mishe bayad baraye az dar va ke kheili "
        "kheyli khob chi chera koja injast oonja tamas begir bia berim rahe safar pool"
    ),
    "ur": _markers(
        "hai hain ka ki ke ko se mein main aur nahi nahin kya kaise kahan hum tum aap apna apni yeh woh wo "
        "bhai jana jaana paisa paise raasta rasta liye sath saath abhi"
    ),
    "el": _markers(
        "kai einai ta tou tis ston stin sto gia apo den tha na pou poli kali kalo ola mono ti "
        "thelo thes exoume exei mas sas ellada"
    ),
}


@dataclass(frozen=True)
class LanguageResult:
    """A language code (ours, or ``und``), its probability, and the top two ``(code, prob)`` for mixed posts."""

    lang: str
    prob: float
    top2: tuple[tuple[str, float], ...]


@lru_cache(maxsize=1)
def _factory():  # -> langdetect.DetectorFactory
    """Our own seeded factory (profiles load once), independent of langdetect's module-level one."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def clean_for_detection(text: str) -> str:
    """Drop what carries no language signal: placeholders, URLs, handles, e-mails, digits, emoji, symbols."""
    text = PLACEHOLDER_RE.sub(" ", text)
    text = _NOISE_RE.sub(" ", text)
    text = "".join(ch if ch.isalpha() or ch.isspace() or ch in "'’-" else " " for ch in text)
    return " ".join(text.split())


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _translit_guess(cleaned: str) -> str | None:
    if not cleaned.isascii():
        return None
    words = cleaned.lower().split()
    hits = {lang: sum(w in markers for w in words) for lang, markers in _TRANSLIT_MARKERS.items()}
    lang, best = max(hits.items(), key=lambda kv: kv[1])
    return lang if best >= 3 and best >= 0.25 * len(words) else None


def _map_code(code: str) -> str:
    return _CODE_MAP.get(code, code)


def detect_language(text: str) -> LanguageResult:
    """Deterministic language of one post; ``und`` when there is too little text to tell."""
    from langdetect.lang_detect_exception import LangDetectException

    cleaned = clean_for_detection(text)
    if _letters(cleaned) < MIN_LETTERS:
        return LanguageResult(UNDETERMINED, 0.0, ())
    detector = _factory().create()
    detector.append(cleaned)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return LanguageResult(UNDETERMINED, 0.0, ())
    top2 = tuple((_map_code(r.lang), round(r.prob, 4)) for r in ranked[:2])
    guess = _translit_guess(cleaned)
    if guess and top2[0][0] not in ("en", guess):
        return LanguageResult(guess, 0.5, ((guess, 0.5), top2[0]))
    return LanguageResult(top2[0][0], top2[0][1], top2)


def detect_languages(texts: list[str]) -> list[LanguageResult]:
    """Detect each text (a convenience for batch callers)."""
    return [detect_language(t) for t in texts]
