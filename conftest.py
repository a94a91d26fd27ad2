"""Run every test headless: no window system, no sound card; and keep the maps' font cache out of the user's."""

import importlib.util
import os
import sys

import pytest

# Bytecode caches are written even where PYTHONDONTWRITEBYTECODE is set: otherwise every run's every
# worker (pytest-xdist) compiles game/ again and rewrites every test module's asserts again, about
# 4 of the 8 CPU seconds a worker takes to collect, and every `brink` a test starts compiles what it
# imports. The caches are Python's own (__pycache__, ignored by git), read whenever they exist.
sys.dont_write_bytecode = False

# numpy's OpenBLAS starts a thread per core for every matrix product, and its idle threads spin:
# the AI's products are small, so the threads only burn CPU (a normal planner's tournament takes
# 20 CPU-seconds with them, 11 without, and no less wall time), and with one pytest-xdist worker per
# core they fight each other's workers for the same cores. One thread each: read when OpenBLAS
# loads, so set before anything imports numpy; inherited by the workers and every `brink` a test starts.
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

# The research environments' modules import pettingzoo and gymnasium (the optional
# ``research`` extra): without them their doctests are not collected.
collect_ignore = []
if importlib.util.find_spec("pettingzoo") is None or importlib.util.find_spec("gymnasium") is None:
    collect_ignore += ["game/rl/parallel.py", "game/rl/single.py"]


@pytest.fixture(scope="session", autouse=True)
def private_cache_folder(tmp_path_factory):
    """The maps' cut fonts (game.maps.fonts) go to one cache for the session, never the user's: set up
    before any module's fixtures and any doctest, which may draw maps. The workers of one run
    (pytest-xdist: each has a folder of its own in the run's) share it, so that a set of characters
    is cut once a run, not once a worker (the cache's writes are atomic)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(base / "cache"))
        yield
