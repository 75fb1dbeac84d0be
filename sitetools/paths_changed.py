"""Whether a CI run must test the code before it deploys: not when only posts changed.

    python3 -m sitetools.paths_changed --live <checkout of gh-pages> [--head HEAD]

prints ``tests=true`` or ``tests=false`` (for ``$GITHUB_OUTPUT``) and why. The question
is what changed since the commit that is live (the deploy names it in the gh-pages
commit's message), not since the last push: a push whose tests failed was never
deployed, and the next push, even of a post alone, must test its code. Anything not
known for sure (no live commit, a history rewritten by a force-push, a shallow clone)
runs the tests. Standard library only: it runs before the virtual environment is set up.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

# What an editor changes: posts, pages, pictures and the ledger of addresses. Each is
# checked against the contract, and the build's own checks run before the deploy.
CONTENT = ("content/",)
# The deploy's message: "Publish the site from <commit>" (tasks.py: deploy).
DEPLOYED = re.compile(r"\bPublish the site from ([0-9a-f]{7,40})\b")


def must_test(changed: list[str] | None) -> tuple[bool, str]:
    """(run the tests?, why) for the paths changed since the live commit; None: not known."""
    if changed is None:
        return True, "what changed since the live site is not known"
    code = sorted(path for path in changed if not path.startswith(CONTENT))
    if code:
        more = f" and {len(code) - 3} more" if len(code) > 3 else ""
        return True, f"code changed: {', '.join(code[:3])}{more}"
    return False, f"only content changed ({len(changed)} files)"


def deployed_commit(message: str) -> str | None:
    """The source commit a gh-pages commit was deployed from, by its message."""
    found = DEPLOYED.search(message)
    return found.group(1) if found else None


def git(*args: str, cwd: str = ".") -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    except OSError as error:  # no such folder: the live branch could not be checked out
        return subprocess.CompletedProcess(args, 1, "", str(error))


def changed_since(base: str | None, head: str = "HEAD", cwd: str = ".") -> list[str] | None:
    """Paths changed from ``base`` to ``head``; None unless ``base`` is an ancestor of it."""
    if not base:
        return None
    if git("merge-base", "--is-ancestor", base, head, cwd=cwd).returncode != 0:
        return None  # unknown here, or not in this history (a force-push rewrote it)
    diff = git("diff", "--name-only", "--no-renames", "-z", base, head, cwd=cwd)
    if diff.returncode != 0:
        return None
    return [path for path in diff.stdout.split("\0") if path]


def live_message(live: str) -> str:
    """The message of the commit at the head of a checkout of the live branch ("" if none)."""
    found = git("log", "-1", "--format=%B", cwd=live)
    return found.stdout if found.returncode == 0 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", required=True, help="a checkout of the gh-pages branch")
    parser.add_argument("--head", default="HEAD")
    arguments = parser.parse_args(argv)
    base = deployed_commit(live_message(arguments.live))
    needed, why = must_test(changed_since(base, arguments.head))
    print(f"tests={'true' if needed else 'false'}")
    print(f"live commit {base or 'unknown'}: {why}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
