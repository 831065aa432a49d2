"""Daily: export the referrals analysts confirmed (four-eyes) as per-platform JSON and CSV files.

Only human-confirmed items are exported, each once unless a re-referral is due; files land in
`<data_dir>/exports/<date>/`.
"""

from __future__ import annotations

from airflow.sdk import dag, get_current_context, task

from smugglewatch.dag_defaults import DEFAULT_ARGS, START, WAREHOUSE_POOL


@dag(
    schedule="@daily",
    start_date=START,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["smugglewatch", "referrals"],
    doc_md=__doc__,
)
def referral_export() -> None:
    @task(pool=WAREHOUSE_POOL)
    def export() -> dict:
        from smugglewatch.maintenance import export_stage

        return export_stage(get_current_context()["data_interval_start"])

    export()


referral_export()
