"""Run every test headless: no window system, no sound card."""

import importlib.util
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

# The research environments' modules import pettingzoo and gymnasium (the optional
# ``research`` extra): without them their doctests are not collected.
collect_ignore = []
if importlib.util.find_spec("pettingzoo") is None or importlib.util.find_spec("gymnasium") is None:
    collect_ignore += ["game/rl/parallel.py", "game/rl/single.py"]
