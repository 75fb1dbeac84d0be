"""The post contract for Pelican: see posts.py."""


def register():
    # Imported when Pelican registers the plugin, not on `import posts`: the tools import
    # parts of the contract (posts.verdicts for a task's help, posts.tree for check) and
    # should not pay for Pelican and every module of the plugin at start-up.
    from .posts import register as connect

    connect()


__all__ = ["register"]
