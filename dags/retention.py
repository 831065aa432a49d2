"""Daily: purge data past its retention period (metadata-only erasure log), then verify the audit hash chain.

A broken chain fails the run, which is the alert: someone altered the audit log.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from smugglewatch.dag_defaults import WAREHOUSE_POOL, dag_args


@dag(**dag_args("@daily", "data-protection", doc=__doc__))
def retention() -> None:
    @task(pool=WAREHOUSE_POOL)
    def purge() -> dict:
        from smugglewatch.maintenance import purge_stage

        return purge_stage()

    @task
    def verify_audit_chain(_purged: dict) -> dict:
        from smugglewatch.maintenance import verify_audit_stage

        return verify_audit_stage()

    verify_audit_chain(purge())


retention()
