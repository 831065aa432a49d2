"""Corpus language profiles that langdetect reads beside its own: the Latin-script writing of our twelve languages.

Why: langdetect's profiles come from Wikipedia. Greeklish, Arabizi, Finglish, Roman Urdu and transliterated Russian
have no profile there at all, so such posts came out as English, Indonesian or Slovene (about half right on the
test split), and English or Albanian posts about boats and passports sometimes read as another Latin language. One
more profile per language, learnt from the Latin-script text of the corpus's *training* split, fixes both: native
posts of the Latin-script languages, and for ar, fa, ur, el and ru the transliterated families plus, for Greek and
Russian, a romanized copy of each native post (see :mod:`classifiers.romanize`). langdetect's own profiles stay,
so a language keeps its general profile and gains a corpus one; :mod:`classifiers.language` adds up the two.

The profiles are data, like the glossary: versioned files under ``classifiers/data/langid/``, rebuilt with
``python -m classifiers.langid_profiles`` (``make langid-profiles``) after the phrase banks change. They are built
from redacted text, so no identifier can end up in them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

PROFILE_DIR = Path(__file__).parent / "data" / "langid"
SUFFIX = "-corpus"  # profile name = language code + SUFFIX, so it never clashes with langdetect's own
MANIFEST = "manifest.json"
MIN_COUNT = 3  # n-grams seen fewer times are noise and only bloat the files


def latin_texts(posts: Iterable[dict], redacted: Iterable[str], seed: int) -> dict[str, list[str]]:
    """Per language, the Latin-script training text: native Latin posts, transliterated posts, romanized copies."""
    from classifiers.language import clean_for_detection
    from classifiers.romanize import TRUE_TO_LIFE, random_style, romanize

    rng = random.Random(seed)
    out: dict[str, list[str]] = {}
    for post, text in zip(posts, redacted, strict=True):
        if post.get("split", "train") != "train":
            continue
        lang = post["lang"]
        if post.get("script") != "latn" and not _is_latin(text):
            if lang not in TRUE_TO_LIFE:
                continue
            text = romanize(text, lang, random_style(lang, rng))
        cleaned = clean_for_detection(text)
        if cleaned and _is_latin(cleaned):
            out.setdefault(lang, []).append(cleaned)
    return out


def _is_latin(text: str) -> bool:
    """Mostly Latin letters (a stray emoji word or native-script place name is allowed)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum("a" <= ch.lower() <= "z" or "\u00c0" <= ch <= "\u024f" for ch in letters) >= 0.9 * len(
        letters
    )


def build_profiles(texts_by_lang: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    """langdetect profiles (``{"name", "freq", "n_words"}``) for each language's texts, rare n-grams dropped."""
    from langdetect.utils.lang_profile import LangProfile

    profiles = {}
    for lang, texts in sorted(texts_by_lang.items()):
        profile = LangProfile(name=lang + SUFFIX)
        for text in texts:
            profile.update(f" {text} ")
        profile.omit_less_freq()
        for gram, count in list(profile.freq.items()):
            if count < MIN_COUNT:
                profile.n_words[len(gram) - 1] -= count
                del profile.freq[gram]
        profiles[lang] = {"name": profile.name, "freq": dict(sorted(profile.freq.items())), "n_words": profile.n_words}
    return profiles


def write_profiles(profiles: dict[str, dict[str, Any]], out_dir: Path, source: dict[str, Any]) -> None:
    """One JSON file per language plus a manifest saying what they were built from."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"*{SUFFIX}.json"):
        old.unlink()
    digest = hashlib.sha256()
    for lang, profile in profiles.items():
        body = json.dumps(profile, ensure_ascii=False, separators=(",", ":")) + "\n"
        (out_dir / f"{lang}{SUFFIX}.json").write_text(body, encoding="utf-8")
        digest.update(body.encode())
    manifest = {**source, "languages": sorted(profiles), "sha256": digest.hexdigest()}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def load_profiles(profile_dir: Path = PROFILE_DIR) -> list[dict[str, Any]]:
    """The saved corpus profiles (none if the folder is missing: detection then uses langdetect's own only)."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(profile_dir.glob(f"*{SUFFIX}.json"))]


def langid_manifest(profile_dir: Path = PROFILE_DIR) -> dict[str, Any] | None:
    """What the shipped profiles were built from (the model card records it beside its language-ID scores)."""
    path = profile_dir / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    """Rebuild the shipped profiles from the default training corpus (the same posts and seed as ``train``)."""
    from classifiers.inputs import prepare
    from classifiers.train import TrainConfig, corpus_sha256, load_posts
    from smugglewatch.settings import get_settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=PROFILE_DIR, help="folder for the profile files")
    args = parser.parse_args(argv)
    settings = get_settings()
    config = TrainConfig.from_settings(settings)
    posts = load_posts(config)
    texts = latin_texts(posts, prepare([p["text"] for p in posts], settings), seed=config.seed)
    source = {"corpus": f"generate(n={config.posts}, seed={config.corpus_seed})", "corpus_sha256": corpus_sha256(posts)}
    write_profiles(build_profiles(texts), args.out, source)
    print(f"wrote {len(texts)} profiles to {args.out} ({sum(map(len, texts.values()))} training posts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
