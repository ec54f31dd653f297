"""The publishing workflow (.github/workflows/publish.yml), checked offline.

It must be a valid GitHub Actions workflow (check-jsonschema's bundled schema), run
the README's test command, assemble the Pages site with the build entry point, and
deploy it with GitHub's own, pinned Pages actions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
README = (REPO / "README.md").read_text(encoding="utf-8")
DATA = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
#: PyYAML reads the key ``on`` as the boolean True.
TRIGGERS = DATA.get("on", DATA.get(True))
STEPS = [step for job in DATA["jobs"].values() for step in job.get("steps", [])]
RUNS = "\n".join(step.get("run", "") for step in STEPS)
PAGES_ACTIONS = ("actions/configure-pages", "actions/upload-pages-artifact",
                 "actions/deploy-pages")


def quickstart_commands() -> list[str]:
    """The commands of the README's quickstart code block (comments stripped)."""
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "the quickstart has no bash block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()
            if line.split("#", 1)[0].strip()]


def test_quickstart_is_two_commands_build_and_test() -> None:
    assert quickstart_commands() == ["bash scripts/build.sh", "bash scripts/test.sh"]


def test_workflow_is_valid_for_github_actions() -> None:
    here = Path(sys.executable).with_name("check-jsonschema")
    tool = str(here) if here.exists() else shutil.which("check-jsonschema")
    if tool is None:
        pytest.fail("check-jsonschema is missing: pip install -r requirements-dev.txt "
                    "-c constraints.txt")
    result = subprocess.run([tool, "--builtin-schema", "vendor.github-workflows",
                             str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_rejects_a_broken_workflow(tmp_path: Path) -> None:
    """The check above can fail: a job without ``runs-on`` is refused."""
    broken = dict(DATA)
    broken["jobs"] = {"x": {"steps": [{"run": "true"}]}}
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump({**broken, "on": TRIGGERS}))
    tool = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(tool) if tool.exists() else "check-jsonschema",
                             "--builtin-schema", "vendor.github-workflows", str(path)],
                            capture_output=True, text=True)
    assert result.returncode != 0


def test_runs_on_a_push_to_main() -> None:
    assert TRIGGERS["push"]["branches"] == ["main"]


def test_runs_the_readme_test_command_then_the_build_entry_point() -> None:
    test_command = quickstart_commands()[1]
    runs = [step.get("run", "") for step in STEPS]
    test_at = next(i for i, run in enumerate(runs) if test_command in run)
    pages_at = next(i for i, run in enumerate(runs) if "scripts/book.py pages" in run)
    assert test_at < pages_at


def test_installs_chromium_from_apt_like_the_ci() -> None:
    assert re.search(r"apt-get install[^\n]*(?:\\\n[^\n]*)*\bchromium\b", RUNS)
    assert "apt-get install -y chromium" in (REPO / ".ci" / "run").read_text()


def test_deploys_the_assembled_site_with_the_official_pinned_pages_actions() -> None:
    uses = {step["uses"].split("@")[0]: step for step in STEPS if "uses" in step}
    for action in PAGES_ACTIONS:
        assert action in uses, f"{action} is not used"
    for step in STEPS:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), \
                f"{step['uses']} is not pinned to a commit"
    upload = uses["actions/upload-pages-artifact"]
    assert upload["with"]["path"] == "_build/pages"  # where `book.py pages` writes it


def test_deploy_job_permissions_environment_and_concurrency() -> None:
    deploy = next(job for job in DATA["jobs"].values()
                  if any(s.get("uses", "").startswith("actions/deploy-pages")
                         for s in job.get("steps", [])))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] in DATA["jobs"]
    assert DATA["permissions"] == {"contents": "read"}
    assert DATA["concurrency"]["group"] and DATA["concurrency"]["cancel-in-progress"] is False


def test_readme_explains_publishing_a_fork_in_three_steps() -> None:
    section = README.split("## Publish your fork in three steps", 1)[1].split("\n## ", 1)[0]
    steps = re.findall(r"^\d\. ", section, re.M)
    assert len(steps) == 3
    assert "Fork" in section and "Settings → Pages" in section and "GitHub Actions" in section
    assert "push" in section.lower() and "main" in section
