"""The site owners' CI: the GitHub Actions workflow and the pre-commit hook say what README says."""

from __future__ import annotations

import re

import yaml
from sites import ROOT


def load(path: str) -> dict:
    # BaseLoader: YAML 1.1 would read the workflow's `on:` key as True.
    return yaml.load((ROOT / path).read_text(), Loader=yaml.BaseLoader)


WORKFLOW = ".github/workflows/publish.yml"
EVERY_WORKFLOW = sorted(
    str(p.relative_to(ROOT)) for p in (ROOT / ".github/workflows").glob("*.yml")
)


def steps_running(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def test_workflow_checks_tests_deploys_and_runs_on_a_schedule():
    workflow = load(WORKFLOW)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["on"]["schedule"][0]["cron"] == "*/10 * * * *"
    test, publish = workflow["jobs"]["test"], workflow["jobs"]["publish"]
    assert any("dev.py test" in run for run in steps_running(test))
    # The tests are skipped only when the decision says nothing but content changed
    # since the live commit (tests/test_paths_changed.py); no decision, tests.
    changes = workflow["jobs"]["changes"]
    assert test["needs"] == "changes"
    assert test["if"] == "${{ !cancelled() && needs.changes.outputs.tests != 'false' }}"
    assert changes["outputs"]["tests"] == "${{ steps.decide.outputs.tests }}"
    decide = next(step for step in changes["steps"] if step.get("id") == "decide")
    assert "python3 -m sitetools.paths_changed --live .live" in decide["run"]
    live = next(step for step in changes["steps"] if step.get("with", {}).get("path") == ".live")
    assert live["with"]["ref"] == "gh-pages" and live["continue-on-error"] == "true"
    assert changes["steps"][0]["with"]["fetch-depth"] == "0"
    # The deploy waits for the tests, and runs without them only when they were skipped.
    assert publish["needs"] == "test"
    assert "needs.test.result == 'success'" in publish["if"]
    assert "needs.test.result == 'skipped'" in publish["if"]
    runs = steps_running(publish)
    order = [
        next(i for i, run in enumerate(runs) if wanted in run)
        for wanted in ("dev.py check", "dev.py deploy --to gh-pages", "git push origin HEAD:main")
    ]
    assert order == sorted(order)
    cached = [step["with"]["path"] for step in publish["steps"] if "cache" in step.get("uses", "")]
    assert ".cache" in cached


def test_only_the_publish_job_may_write_and_every_checkout_forgets_its_token():
    workflow = load(WORKFLOW)
    assert workflow["permissions"] == {}  # nothing unless a job asks
    jobs = workflow["jobs"]
    assert jobs["test"]["permissions"] == {"contents": "read"}
    assert jobs["changes"]["permissions"] == {"contents": "read"}
    assert jobs["publish"]["permissions"] == {"contents": "write"}
    for name, job in jobs.items():
        writes = [scope for scope, level in job["permissions"].items() if level == "write"]
        pushes = any("git push" in run or "deploy" in run for run in steps_running(job))
        assert not writes or (writes == ["contents"] and pushes), name
        checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
        assert checkouts, name
        assert all(step["with"]["persist-credentials"] == "false" for step in checkouts), name


def test_every_action_is_pinned_to_a_full_commit_with_its_version_beside_it():
    text = "\n".join((ROOT / path).read_text() for path in EVERY_WORKFLOW)
    lines = [line for line in text.splitlines() if "uses:" in line]
    assert len(lines) >= 9
    for line in lines:
        assert re.fullmatch(r"\s*(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*", line), (
            line
        )


def test_the_pull_request_check_only_reads_and_keeps_no_token():
    workflow = load(".github/workflows/check.yml")
    assert workflow["permissions"] == {"contents": "read"}
    checkouts = [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts and all(s["with"]["persist-credentials"] == "false" for s in checkouts)


def test_the_token_is_given_only_to_the_steps_that_push_and_never_on_a_command_line():
    workflow = load(WORKFLOW)
    holders = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert "secrets." not in step.get("run", "")  # a command line would show it
            assert "secrets." not in str(step.get("with", {}))
            holders += [(step.get("run", ""), name) for name, value in step.get("env", {}).items()
                        if "secrets." in value]  # fmt: skip
    assert holders == [
        ("python3 dev.py deploy --to gh-pages", "DEPLOY_GH_PAGES_TOKEN"),
        (next(run for run, _ in holders if "git push" in run), "PUSH_TOKEN"),
    ]
    deploy = next(
        step for step in workflow["jobs"]["publish"]["steps"] if "deploy" in step.get("run", "")
    )
    assert "secrets." not in deploy["env"]["DEPLOY_GH_PAGES_REMOTE"]
    ledger = workflow["jobs"]["publish"]["steps"][-1]
    assert "git push" in ledger["run"]
    assert ledger["env"]["GIT_CONFIG_KEY_0"] == "credential.https://github.com.helper"
    assert "$PUSH_TOKEN" in ledger["env"]["GIT_CONFIG_VALUE_0"]


def test_pre_commit_runs_the_contract_check_on_posts():
    hooks = [hook for repo in load(".pre-commit-config.yaml")["repos"] for hook in repo["hooks"]]
    assert any("check" in hook["entry"] and "content" in hook.get("files", "") for hook in hooks)
