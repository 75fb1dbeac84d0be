"""Build real sites into temporary folders, with this project's settings and plugins."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Site:
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def build(self, settings_file: str = "pelicanconf.py", **overrides) -> None:
        settings = read_settings(
            str(ROOT / settings_file),
            override={
                "PATH": str(self.content),
                "OUTPUT_PATH": str(self.output),
                "CACHE_PATH": str(self.root / "cache"),
                **overrides,
            },
        )
        Pelican(settings).run()

    def page(self, url: str) -> BeautifulSoup:
        path = self.output / url.lstrip("/")
        if url.endswith("/") or not url:
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def ledger(self) -> str:
        return (self.content / "published.json").read_text(encoding="utf-8")


def empty_site(tmp_path: Path) -> Site:
    site = Site(tmp_path)
    site.content.mkdir(parents=True)
    return site


def example_site(tmp_path: Path) -> Site:
    """A copy of the project's example content, so builds never touch the real one."""
    site = Site(tmp_path)
    shutil.copytree(ROOT / "content", site.content)
    return site


def post(
    title: str = "A post", date: str = "2026-11-02 09:30", body: str = "Body.", **fields
) -> str:
    """Front-matter and body for a test post; list and dict values are written as YAML."""
    import yaml

    front = {"title": title, "date": date, **fields}
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{text}---\n{body}\n"


def rebuttal(title: str = "They are wrong", **fields) -> str:
    defaults = {
        "claim": "We never said that.",
        "claimant": "The Blue Party",
        "verdict": "false",
        "facts": [{"fact": "They did say it.", "source": "https://www.example.org/said"}],
    }
    return post(title, **{**defaults, **fields})


def text_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def all_text(site: Site) -> dict[str, str]:
    return {
        os.path.relpath(path, site.output): text_of(BeautifulSoup(path.read_bytes(), "html.parser"))
        for path in site.html_files()
    }
