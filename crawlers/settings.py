"""Scrapy settings for the smugglewatch crawlers, derived from ``smugglewatch.settings.CrawlSettings``.

Every knob a deployment changes lives in CrawlSettings; this module only maps it onto Scrapy's names and fixes
the parts that are policy, not configuration (robots.txt is always obeyed, the allow-list is always on).
"""

from __future__ import annotations

from typing import Any

from smugglewatch.settings import CrawlSettings

BOT_NAME = "smugglewatch"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"
ROBOTSTXT_OBEY = True
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Retry codes: rate limits and transient server errors. 404/410 are deletions, never retried.
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]

DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.AllowListMiddleware": 50,  # before robots.txt: off-list URLs are never fetched
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.RetryAfterMiddleware": 550,
    "crawlers.middlewares.RedirectLoopMiddleware": 650,  # sees a 3xx before RedirectMiddleware (600) follows it
}
ITEM_PIPELINES = {
    "crawlers.pipelines.DedupePipeline": 100,
    "crawlers.pipelines.OutputPipeline": 900,
}
EXTENSIONS = {"crawlers.progress.ProgressExtension": 500}


def scrapy_settings(crawl: CrawlSettings, log_level: str = "WARNING", progress: bool = False) -> dict[str, Any]:
    """The full Scrapy settings dict for one crawl."""
    return {
        "BOT_NAME": BOT_NAME,
        "SPIDER_MODULES": SPIDER_MODULES,
        "NEWSPIDER_MODULE": NEWSPIDER_MODULE,
        "TWISTED_REACTOR": TWISTED_REACTOR,
        "ROBOTSTXT_OBEY": ROBOTSTXT_OBEY,
        "USER_AGENT": crawl.user_agent,
        "CONCURRENT_REQUESTS": max(16, 2 * crawl.concurrency_per_domain),
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        "DOWNLOAD_DELAY": 0,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout_s,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": crawl.autothrottle_start_delay_s,
        "AUTOTHROTTLE_MAX_DELAY": crawl.autothrottle_max_delay_s,
        # Aim for as many requests in flight as the per-domain limit allows: a fast site stays fast,
        # a slow one gets longer delays.
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrency_per_domain),
        "RETRY_ENABLED": True,
        "RETRY_TIMES": crawl.retry_times,
        "RETRY_HTTP_CODES": RETRY_HTTP_CODES,
        "SW_MAX_RETRY_AFTER": crawl.max_retry_after_s,
        "SW_RETRY_BACKOFF_BASE": 0.25,
        "REDIRECT_MAX_TIMES": crawl.redirect_max_times,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "DOWNLOADER_MIDDLEWARES": DOWNLOADER_MIDDLEWARES,
        "ITEM_PIPELINES": ITEM_PIPELINES,
        "EXTENSIONS": EXTENSIONS,
        "SW_PROGRESS": progress,
        "LOG_LEVEL": log_level,
        "FEED_EXPORT_ENCODING": "utf-8",
    }
