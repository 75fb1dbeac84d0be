"""The verdict scale: the POSTS_VERDICTS setting, its defaults and its checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitekit.colours import HEX

DEFAULT_VERDICTS = {
    "false": {
        "label": "False",
        "colour": "#b3261e",
        "description": "The claim is wrong: the evidence shows otherwise.",
    },
    "misleading": {
        "label": "Misleading",
        "colour": "#a4460d",
        "description": "Parts may be accurate, but the claim gives a false impression.",
    },
    "missing-context": {
        "label": "Missing context",
        "colour": "#7a5a00",
        "description": "The claim leaves out facts that change what it means.",
    },
    "exaggerated": {
        "label": "Exaggerated",
        "colour": "#6f3a9c",
        "description": "There is something in it, but the claim overstates it.",
    },
    "unsupported": {
        "label": "Unsupported",
        "colour": "#41505f",
        "description": "There is no evidence for the claim.",
    },
}

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Verdict:
    """One rating on the scale, as the theme shows it."""

    key: str
    label: str
    colour: str
    description: str = ""


def scale(setting: dict) -> dict[str, Verdict]:
    return {
        key: Verdict(key, value["label"], value["colour"], value.get("description", ""))
        for key, value in setting.items()
    }


def check_setting(setting: object) -> list[str]:
    """Every way the POSTS_VERDICTS setting is malformed, as sentences."""
    if not isinstance(setting, dict) or not setting:
        return ["POSTS_VERDICTS must be a mapping of verdict keys to {label, colour}"]
    problems = []
    for key, value in setting.items():
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(
                f"POSTS_VERDICTS key {key!r} may hold only lowercase letters, digits and -"
            )
        if not isinstance(value, dict):
            problems.append(f"POSTS_VERDICTS[{key!r}] must be a mapping with label and colour")
            continue
        if not isinstance(value.get("label"), str) or not value["label"].strip():
            problems.append(f"POSTS_VERDICTS[{key!r}] needs a label (the verdict in words)")
        if not isinstance(value.get("colour"), str) or not HEX.match(value["colour"]):
            problems.append(f"POSTS_VERDICTS[{key!r}] needs a colour written as #rrggbb")
        unknown = set(value) - {"label", "colour", "description"}
        if unknown:
            names = ", ".join(sorted(unknown))
            problems.append(f"POSTS_VERDICTS[{key!r}] has unknown keys: {names}")
    return problems


def stylesheet(verdicts: dict[str, Verdict]) -> str:
    """CSS giving each verdict badge its colour (a file, so the CSP needs no inline style)."""
    rules = [
        f'[data-verdict="{verdict.key}"] {{ --verdict-colour: {verdict.colour}; }}'
        for verdict in verdicts.values()
    ]
    return "/* Generated from the POSTS_VERDICTS setting. */\n" + "\n".join(rules) + "\n"
