"""Language identification of a (redacted) post with langdetect, made deterministic.

langdetect is probabilistic; seeding ``DetectorFactory`` makes the same text always get the same answer. Text is
cleaned first (placeholders, URLs, emoji, digits, handles removed) because those say nothing about the language and
make short posts look like anything. Too little text left means ``und``. Latin-script posts in languages that are
normally written in another script (Arabizi, Finglish, Roman Urdu, Greeklish) are a known weakness of langdetect;
a short list of very frequent transliterated function words catches the common cases.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from classifiers.inputs import PLACEHOLDER_RE
from classifiers.langid_profiles import SUFFIX

UNDETERMINED = "und"
MIN_LETTERS = 12  # fewer letters than this after cleaning: too short to tell
OUR_LANGUAGES = ("en", "ar", "fr", "es", "it", "de", "tr", "fa", "ru", "ur", "sq", "el")
OTHER_LANGUAGE_PRIOR = 0.05  # relative prior of a language outside OUR_LANGUAGES
_CODE_MAP = {"zh-cn": "zh", "zh-tw": "zh"}  # langdetect code -> ours; everything else is already ISO 639-1

_NOISE_RE = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:me|com|org|net|ly)/\S*|[@#]\w+|\S+@\S+", re.I)


def _markers(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Frequent words of transliterated writing (Arabizi, Finglish, Roman Urdu, Greeklish, translit Russian). Words that
# are also common English/French/Spanish/Italian words are left out on purpose.
_TRANSLIT_MARKERS: dict[str, frozenset[str]] = {
    "ar": _markers(
        "3andi 3andna 3and fi wa ana enta inta ya yalla kif kifash 7ad wallah inshallah mafi fih fe el min ila "
        "bidd bidak 3ala 3la ma3 m3a mesh mish msh ghir bass kteer ktir 7arga harga lel lil nhar zwin bghit "
        "raho rah dyal diyal hadi hada ashno chno wesh wach kayn kayen chkoun elyoum lyoum lyom fel fil bel bil "
        "3la ma3ak khoya kho sahbi flous floss drahem hna tem temma ila ya3ni yaani kaml kolchi koulchi 3lik "
        "mazal walou walo bzaf barcha barsha mte3 ta3 mta3 el7aj inchallah"
    ),
    "fa": _markers(
        "shoma ast hast nist mikham mikhay mikhaid mishe bayad baraye az dar va ke kheili kheyli khob chi chera "
        "koja injast oonja tamas begir bia berim rahe pool darim dari darid nemide mide bedune bedoone ba "
        "asl ersal ghabele niazmandim hoghugh raygan eghamat gozarname madrak mahe sal rooz emrooz farda "
        "mikonim mikonid konid kon shode shod baad ghabl hame faghat"
    ),
    "ur": _markers(
        "hai hain ka ki ke ko se mein aur nahi nahin kya kaise kahan hum tum aap apna apni yeh woh wo "
        "bhai jana jaana paisa paise raasta rasta liye sath saath abhi koi pata ho gaya gayi pehle sirf rabta "
        "kam zyada ziada karo karein karen chahiye chahte wala wali wale bhi tak log"
    ),
    "el": _markers(
        "kai einai tou tis ston stin sto gia apo den tha pou poli kali kalo ola mono thelo thes exoume exei "
        "mas sas ellada mou opoios xthes parei prwi vrady kataxwrhsh penaei ka8e kathe meres mera simera "
        "avrio twra tora oloi oles ena mia dyo kapoios kapoia ksero kserei einai thelw exw exeis"
    ),
    "ru": _markers(
        "kto chto kak gde est net tolko cherez bez dlya segodnya zavtra nuzhen nuzhna nuzhno etoy eto ya ty "
        "my vy oni bylo byl byla seichas seychas ceny tseny dorozhe deshevle pishite pishi zvonite lichku "
        "kogda mozhno nelzya ochen vse vsyo tut zdes tam vas nas ih ego eyo rabota rabotu dengi"
    ),
}
_ARABIZI_RE = re.compile(r"^[a-z]*[a-z][379][a-z]+$|^[379][a-z]{2,}$")


@dataclass(frozen=True)
class LanguageResult:
    """A language code (ours, or ``und``), its probability, and the top two ``(code, prob)`` for mixed posts."""

    lang: str
    prob: float
    top2: tuple[tuple[str, float], ...]


@lru_cache(maxsize=1)
def _factory():  # -> langdetect.DetectorFactory
    """Our own seeded factory: langdetect's profiles plus our corpus profiles (see :mod:`classifiers.langid_profiles`).

    Loaded once, independent of langdetect's module-level factory. Every profile must be added with the final
    number of profiles, because each n-gram keeps one probability slot per profile.
    """
    from langdetect.detector import Detector
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
    from langdetect.utils.lang_profile import LangProfile

    from classifiers.langid_profiles import load_profiles

    class LanguageDetector(Detector):
        """Stops iterating once one *language* is sure, not one profile: a language's general and corpus profiles
        share its probability, so neither alone would pass langdetect's threshold and every trial would run to
        its iteration limit."""

        def _normalize_prob(self, prob: list[float]) -> float:
            super()._normalize_prob(prob)
            sums = [0.0] * len(groups)
            for slot, p in enumerate(prob):
                sums[slot_group[slot]] += p
            return max(sums)

    class Factory(DetectorFactory):
        def _create_detector(self) -> Detector:
            return LanguageDetector(self)

    builtin = sorted(p for p in Path(PROFILES_DIRECTORY).iterdir() if p.is_file() and not p.name.startswith("."))
    profiles = [json.loads(p.read_text(encoding="utf-8")) for p in builtin] + load_profiles()
    factory = Factory()
    for index, profile in enumerate(profiles):
        factory.add_profile(LangProfile(**profile), index, len(profiles))
    groups = sorted({_map_code(name) for name in factory.langlist})
    slot_group = [groups.index(_map_code(name)) for name in factory.langlist]
    factory.set_seed(0)
    return factory


@lru_cache(maxsize=1)
def _prior() -> dict[str, float]:
    """Posts we monitor are mostly in our 12 languages: a prior tips close calls (es/pt, fr/ca) their way."""
    return {
        name: 1.0 if _map_code(name) in OUR_LANGUAGES else OTHER_LANGUAGE_PRIOR for name in _factory().get_lang_list()
    }


def clean_for_detection(text: str) -> str:
    """Drop what carries no language signal: placeholders, URLs, handles, e-mails, digits, emoji, symbols."""
    text = PLACEHOLDER_RE.sub(" ", text)
    text = _NOISE_RE.sub(" ", text)
    text = "".join(ch if ch.isalpha() or ch.isspace() or ch in "'’-" else " " for ch in text)
    if _mostly_upper(text):  # shouted posts: profiles hold lower-case n-grams (capitals read as German nouns)
        text = text.lower().replace("\u0307", "")  # "İ" lower-cases to "i" plus a combining dot
    return " ".join(text.split())


def _mostly_upper(text: str) -> bool:
    cased = [ch for ch in text if ch.isupper() or ch.islower()]
    return len(cased) >= MIN_LETTERS and sum(ch.isupper() for ch in cased) > 0.6 * len(cased)


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _translit_guess(cleaned: str, raw: str) -> str | None:
    """A transliterated language when enough of its marker words (or Arabizi digit-letters) appear."""
    if not cleaned.isascii():
        return None
    words = cleaned.lower().split()
    hits = {lang: sum(w in markers for w in words) for lang, markers in _TRANSLIT_MARKERS.items()}
    hits["ar"] += sum(bool(_ARABIZI_RE.match(w)) for w in raw.lower().split())
    ranked = sorted(hits.items(), key=lambda kv: kv[1], reverse=True)
    (lang, best), (_, second) = ranked[0], ranked[1]
    return lang if best >= 2 and best >= 0.12 * len(words) and best >= 2 * second else None


def _map_code(name: str) -> str:
    """Our language code for a langdetect profile name ("zh-cn" -> "zh", "el-corpus" -> "el")."""
    return _CODE_MAP.get(name, name.removesuffix(SUFFIX))


def detect_language(text: str) -> LanguageResult:
    """Deterministic language of one post; ``und`` when there is too little text to tell."""
    from langdetect.lang_detect_exception import LangDetectException

    cleaned = clean_for_detection(text)
    if _letters(cleaned) < MIN_LETTERS:
        return LanguageResult(UNDETERMINED, 0.0, ())
    detector = _factory().create()
    detector.set_prior_map(_prior())
    detector.append(cleaned)
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return LanguageResult(UNDETERMINED, 0.0, ())
    by_lang: dict[str, float] = {}
    for r in ranked:  # a language's general and corpus profiles share its probability
        by_lang[_map_code(r.lang)] = by_lang.get(_map_code(r.lang), 0.0) + r.prob
    top2 = tuple((lang, round(prob, 4)) for lang, prob in sorted(by_lang.items(), key=lambda kv: -kv[1])[:2])
    guess = _translit_guess(cleaned, text)
    if guess and top2[0][0] != guess and not (top2[0][0] == "en" and top2[0][1] > 0.99):
        return LanguageResult(guess, 0.5, ((guess, 0.5), top2[0]))
    return LanguageResult(top2[0][0], top2[0][1], top2)


def detect_languages(texts: list[str]) -> list[LanguageResult]:
    """Detect each text (a convenience for batch callers)."""
    return [detect_language(t) for t in texts]
