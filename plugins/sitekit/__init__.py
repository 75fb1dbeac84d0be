"""What the plugins and tools share, one home for each idea; a package, not a plugin.

| module | what |
|---|---|
| `errors.py` | `PlainExit`: stop the build with a plain message; `SettingsError` |
| `settings.py` | `fill_defaults`, `prepare`, and the renamed settings' deprecation |
| `urls.py` | `site_url`, `absolute`: the site's absolute addresses |
| `files.py` | `write_atomically`: the whole file or nothing |
| `colours.py` | `HEX`, `luminance`, `contrast`: colours written #rrggbb, WCAG contrast |
| `text.py` | `ELLIPSIS`, `shorten`: text cut at a word, with an ellipsis |
| `cores.py` | `count`: the cores this process may run on, for the parallel steps |
"""
