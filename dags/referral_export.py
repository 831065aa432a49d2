"""Daily: export the referrals analysts confirmed (four-eyes) as per-platform JSON and CSV files.

Only human-confirmed items are exported, each once unless a re-referral is due; files land in
`<data_dir>/exports/<date>/`.
"""

from __future__ import annotations

from airflow.sdk import dag, get_current_context, task

from smugglewatch.dag_defaults import WAREHOUSE_POOL, dag_args


@dag(**dag_args("@daily", "referrals", doc=__doc__))
def referral_export() -> None:
    @task(pool=WAREHOUSE_POOL)
    def export() -> dict:
        from smugglewatch.maintenance import export_stage

        return export_stage(get_current_context()["data_interval_start"])

    export()


referral_export()
