"""Manual: retrain the classifier on the corpus plus analyst decisions, and promote it only if it is not worse.

Confirmed and rejected review decisions become extra labelled examples; the candidate is evaluated on the held-back
(family-split) test set and on the decisions' held-back share. The previous model version stays on disk.
"""

from __future__ import annotations

from airflow.sdk import dag, task

from smugglewatch.dag_defaults import dag_args


@dag(**dag_args(None, "model", doc=__doc__))
def classifier_training() -> None:
    @task
    def build_training_set() -> dict:
        from smugglewatch.maintenance import training_set_stage

        return training_set_stage()

    @task
    def train_candidate(training_set: dict) -> dict:
        from smugglewatch.maintenance import train_candidate_stage

        return train_candidate_stage(training_set)

    @task
    def promote_if_not_worse(candidate: dict) -> dict:
        from smugglewatch.maintenance import promote_stage

        return promote_stage(candidate)

    promote_if_not_worse(train_candidate(build_training_set()))


classifier_training()
