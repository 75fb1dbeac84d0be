"""The site owners' CI: the GitHub Actions workflow and the pre-commit hook say what README says."""

from __future__ import annotations

import yaml
from sites import ROOT


def load(path: str) -> dict:
    # BaseLoader: YAML 1.1 would read the workflow's `on:` key as True.
    return yaml.load((ROOT / path).read_text(), Loader=yaml.BaseLoader)


def test_workflow_checks_tests_deploys_and_runs_on_a_schedule():
    workflow = load(".github/workflows/publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["on"]["schedule"][0]["cron"] == "*/10 * * * *"
    steps = workflow["jobs"]["publish"]["steps"]
    runs = [step.get("run", "") for step in steps]
    order = [
        next(i for i, run in enumerate(runs) if wanted in run)
        for wanted in ("dev.py check", "dev.py test", "dev.py deploy --to gh-pages",
                       "git push origin HEAD:main")
    ]  # fmt: skip
    assert order == sorted(order)
    cached = [step["with"]["path"] for step in steps if "cache" in step.get("uses", "")]
    assert ".cache" in cached
    deploy = next(step for step in steps if "dev.py deploy" in step.get("run", ""))
    assert "secrets.GITHUB_TOKEN" in deploy["env"]["DEPLOY_GH_PAGES_REMOTE"]


def test_pre_commit_runs_the_contract_check_on_posts():
    hooks = [hook for repo in load(".pre-commit-config.yaml")["repos"] for hook in repo["hooks"]]
    assert any("check" in hook["entry"] and "content" in hook.get("files", "") for hook in hooks)
