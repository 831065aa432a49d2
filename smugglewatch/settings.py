"""One typed settings object for the whole pipeline.

Values come, highest priority first, from keyword arguments, ``SMUGGLEWATCH_*`` environment variables
(nested fields use ``__``, e.g. ``SMUGGLEWATCH_RETENTION__UNFLAGGED_DAYS=14``), the TOML file named by
``SMUGGLEWATCH_CONFIG`` (default ``smugglewatch.toml`` in the working directory, if present), then the defaults
below. Every default is safe: data stays under a repo-local ``var/`` that git ignores.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_var() -> Path:
    return REPO_ROOT / "var"


class SourceSpec(BaseModel):
    """One allow-listed source: the crawler goes to these and nowhere else (purpose limitation)."""

    name: str = Field(description="Unique source name, e.g. 'telegram:travel_eu_fast'.")
    platform: str = Field(description="telegram | group | classifieds | mastodon")
    start_url: str = Field(description="Absolute URL, or a path relative to fixture_site_url.")


class CrawlSettings(BaseModel):
    """How the crawler behaves."""

    sources: list[SourceSpec] = Field(
        default_factory=list,
        description="Allow-list of sources. Empty means: every source the fixture site lists at /sources.json.",
    )
    max_pages: int = Field(200, description="Upper bound on pages per source for a first (non-incremental) run.")
    max_age_days: int = Field(60, description="Posts older than this are not collected (0: no limit).")
    collect_comments: bool = Field(True, description="Collect comment text (redacted before storage).")
    drop_bystander_comments: bool = Field(
        False, description="Drop comments by people other than the poster instead of storing them fully redacted."
    )
    concurrency_per_domain: int = Field(8, description="Scrapy CONCURRENT_REQUESTS_PER_DOMAIN.")
    download_timeout_s: float = Field(15.0, description="Per-request timeout in seconds.")
    autothrottle: bool = Field(True, description="Scrapy AutoThrottle on/off.")
    retry_times: int = Field(4, description="Retries for 429/503 and network errors.")
    autothrottle_start_delay_s: float = Field(0.05, description="AutoThrottle's first delay; it adapts to latency.")
    autothrottle_max_delay_s: float = Field(10.0, description="AutoThrottle's longest delay between requests.")
    max_retry_after_s: float = Field(60.0, description="Longest Retry-After honoured; a longer one gives up.")
    redirect_max_times: int = Field(5, description="Scrapy REDIRECT_MAX_TIMES; redirect loops stop earlier.")
    recheck_days: float = Field(
        2.0, description="Past the last post already seen, keep paging this many days back to catch recent edits."
    )
    user_agent: str = Field(
        "smugglewatch/0.1 (+referral-unit crawler; contact: see settings.unit_contact)",
        description="User-Agent sent with every request.",
    )


class RetentionSettings(BaseModel):
    """Time-to-live per data class, in days (see DATA_PROTECTION.md)."""

    unflagged_days: int = Field(30, description="Posts the classifier did not flag.")
    rejected_days: int = Field(180, description="Flags an analyst rejected.")
    referred_days_after_outcome: int = Field(183, description="Referred items, counted from the platform's outcome.")
    vault_days: int = Field(183, description="Encrypted originals in the evidence vault.")
    audit_days: int = Field(3 * 365, description="Audit-log entries.")
    run_files_days: int = Field(7, description="Run-scoped stage files (redacted Parquet) under <data_dir>/runs.")
    export_files_days: int = Field(
        183, description="Referral export files (JSON + CSV) under <data_dir>/exports, counted from when written."
    )


class ClassifierSettings(BaseModel):
    """Classifier runtime options."""

    batch_size: int = Field(64, description="Posts per forward pass.")
    max_length: int = Field(256, description="Tokens per post; longer texts are truncated (head kept).")
    device: str = Field("cpu", description="cpu | cuda | auto")
    quantize: bool = Field(True, description="int8 dynamic quantization of Linear layers on CPU.")
    target_precision: float = Field(0.9, description="Per-label threshold is chosen to reach this precision.")
    max_hard_negative_fpr: float = Field(
        0.04, description="Thresholds then rise until at most this share of validation hard negatives is flagged."
    )
    threads: int = Field(0, description="torch threads (0: auto, the cores the load average leaves free; at least 1).")
    retrain_posts: int = Field(24000, description="Generated corpus size the classifier_training DAG starts from.")
    retrain_tiny: bool = Field(False, description="Retrain with the tiny test configuration (tests, slow machines).")


class ReviewSettings(BaseModel):
    """The analysts' review app (``smugglewatch review``)."""

    session_idle_minutes: float = Field(30, description="A session ends after this long without a request.")
    session_max_hours: float = Field(10, description="A session ends this long after sign-in, whatever happens.")
    login_max_failures: int = Field(5, description="Failed sign-ins per account before it must wait.")
    login_window_minutes: float = Field(15, description="Sliding window (and wait) for login throttling.")
    login_max_per_client: int = Field(20, description="Failed sign-ins per client address in the window.")
    claim_minutes: float = Field(15, description="How long a claim locks an item to one analyst.")
    reveal_min_justification: int = Field(15, description="Minimum characters of a justification to reveal.")


class Settings(BaseSettings):
    """Everything configurable in smugglewatch, with safe defaults."""

    model_config = SettingsConfigDict(
        env_prefix="SMUGGLEWATCH_",
        env_nested_delimiter="__",
        extra="ignore",
    )

    data_dir: Path = Field(default_factory=_default_var, description="Root for all runtime data.")
    duckdb_path: Path | None = Field(None, description="Warehouse file (default: <data_dir>/warehouse.duckdb).")
    model_dir: Path | None = Field(None, description="Model root (default: <data_dir>/models).")
    secrets_dir: Path | None = Field(None, description="Key files, 0600 (default: <data_dir>/secrets).")
    corpus_dir: Path | None = Field(None, description="Generated corpus (default: <data_dir>/corpus).")
    runs_dir: Path | None = Field(None, description="Run-scoped stage files (default: <data_dir>/runs).")
    fixture_site_url: str = Field("http://127.0.0.1:8765", description="Base URL of the local fixture site.")
    fixture_posts: int = Field(3000, description="Posts in the default fixture corpus.")
    corpus_seed: int = Field(7, description="Seed of the default corpus.")
    hmac_key_env: str = Field(
        "SMUGGLEWATCH_HMAC_KEY", description="Env var that may hold the pseudonymisation key instead of a file."
    )
    unit_name: str = Field("Example Internet Referral Unit", description="Issuing unit named in referrals.")
    unit_contact: str = Field("iru@example.org", description="Contact address named in referrals.")
    schedule: str = Field("@hourly", description="Schedule of the smuggling_monitor DAG.")
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    classifier: ClassifierSettings = Field(default_factory=ClassifierSettings)
    review: ReviewSettings = Field(default_factory=ReviewSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = Path(os.environ.get("SMUGGLEWATCH_CONFIG", "smugglewatch.toml"))
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml_path.is_file():
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_path))
        return tuple(sources)

    def model_post_init(self, __context: object) -> None:
        self.data_dir = Path(self.data_dir).resolve()
        self.duckdb_path = self.duckdb_path or self.data_dir / "warehouse.duckdb"
        self.model_dir = self.model_dir or self.data_dir / "models"
        self.secrets_dir = self.secrets_dir or self.data_dir / "secrets"
        self.corpus_dir = self.corpus_dir or self.data_dir / "corpus"
        self.runs_dir = self.runs_dir or self.data_dir / "runs"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings. Tests build their own ``Settings(data_dir=tmp_path)`` instead."""
    return Settings()
