"""Hourly batch: crawl every allow-listed source, detect language, redact, classify, then load and queue.

Per source, the four stages run as one mapped task group, so a source that fails or yields nothing does not block
the others; `alert_on_failed_sources` then fails the run visibly. Stages pass run-scoped files (paths in XCom, never
data). Only `load` writes to DuckDB, in the single-slot `warehouse_writer` pool. Re-running an interval reuses its
run directory, so it adds nothing twice.
"""

from __future__ import annotations

from airflow.sdk import dag, get_current_context, task, task_group

from smugglewatch.dag_defaults import WAREHOUSE_POOL, dag_args, schedule_from_settings


def _run_dir() -> str:
    from smugglewatch.stages import run_dir_for_interval

    return str(run_dir_for_interval("smuggling_monitor", get_current_context()["data_interval_start"]))


@dag(**dag_args(schedule_from_settings("@hourly"), "batch", doc=__doc__))
def smuggling_monitor() -> None:
    @task
    def list_sources() -> list[str]:
        from smugglewatch.stages import configured_sources

        return configured_sources()

    @task_group
    def per_source(source: str) -> dict:
        @task
        def crawl(source: str) -> dict:
            from smugglewatch.stages import crawl_stage

            return crawl_stage(source, _run_dir())

        @task
        def detect_language(crawled: dict) -> dict:
            from smugglewatch.stages import language_stage

            return language_stage(crawled)

        @task
        def redact(detected: dict) -> dict:
            from smugglewatch.stages import redact_stage

            return redact_stage(detected)

        @task
        def classify(redacted: dict) -> dict:
            from smugglewatch.stages import classify_stage

            return classify_stage(redacted)

        return classify(redact(detect_language(crawl(source))))

    @task(trigger_rule="all_done", pool=WAREHOUSE_POOL)
    def load(results: list[dict]) -> dict:
        from smugglewatch.stages import load_stage

        return load_stage(_run_dir(), list(results))

    @task(pool=WAREHOUSE_POOL)
    def refresh_queue(loaded: dict) -> dict:
        from smugglewatch.stages import refresh_stage

        return refresh_stage(loaded)

    @task(trigger_rule="all_done")
    def alert_on_failed_sources(sources: list[str], results: list[dict]) -> None:
        from smugglewatch.stages import check_sources

        check_sources(list(sources), list(results))

    sources = list_sources()
    results = per_source.expand(source=sources)
    refresh_queue(load(results))
    alert_on_failed_sources(sources, results)


smuggling_monitor()
