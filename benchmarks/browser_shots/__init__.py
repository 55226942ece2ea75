"""Browser-rendered screenshots of imitation desktop applications: a realistic, independent test set.

Each application (mail, calendar, code editor, terminal, chat, spreadsheet, music player, analytics
dashboard) is written as a self-contained HTML/CSS page from a seeded RNG and photographed by a real
headless Chromium at real desktop window sizes. Within one application the screenshots vary the way
real ones do: view, panels, dialogs, content, light/dark theme, accent colour, font and density.
The output is ``OUT/<app>/<app>_<index>.png``, meant to measure unsupervised clustering against a set
that shares no code with the project's PIL-drawn generator. Run ``python -m benchmarks.browser_shots``.
"""
