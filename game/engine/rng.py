"""Counter-based random numbers: every draw is a pure function of where it is used.

A draw depends only on (seed, game number, turn, stream, k), never on how many
games share a batch or which process runs them. So game 17 of a 10,000-game
simulation is the same game whether it runs alone, in a batch of 500, or on
another core, and ``brink play --seed 5`` is game 0 of ``brink simulate --seed 5``.
The mixer is SplitMix64, vectorized over numpy ``uint64`` arrays (which wrap).

>>> u = uniform(7, np.arange(3, dtype=np.uint64), turn=1, stream=5, n=2)
>>> u.shape, bool((u >= 0).all() and (u < 1).all())
((3, 2), True)
>>> bool((uniform(7, np.array([2], dtype=np.uint64), 1, 5, 2) == u[2]).all())
True
"""

from __future__ import annotations

import functools

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_MASK64 = (1 << 64) - 1


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finalizer, in place on ``z`` (which it returns)."""
    z += _GOLDEN
    z ^= z >> np.uint64(30)
    z *= _M1
    z ^= z >> np.uint64(27)
    z *= _M2
    z ^= z >> np.uint64(31)
    return z


@functools.lru_cache(maxsize=4096)
def _key(seed: int, turn: int, stream: int) -> np.uint64:
    with np.errstate(over="ignore"):
        k = _mix(np.array([seed & _MASK64], dtype=np.uint64))
        k = _mix(k ^ np.uint64(turn & _MASK64))
        k = _mix(k ^ np.uint64((stream * 0x632BE59BD9B4E019) & _MASK64))
    return np.uint64(k[0])


def uniform(seed: int, games: np.ndarray, turn: int, stream: int, n: int = 1) -> np.ndarray:
    """Uniform draws in [0, 1), shape (len(games), n)."""
    key = _key(seed, turn, stream)
    with np.errstate(over="ignore"):
        base = _mix(games.astype(np.uint64) ^ key)
        steps = np.arange(1, n + 1, dtype=np.uint64) * _GOLDEN
        bits = _mix(np.add.outer(base, steps))
    bits >>= np.uint64(11)
    return bits.astype(np.float64) * (1.0 / 9007199254740992.0)


def normal(seed: int, games: np.ndarray, turn: int, stream: int, n: int = 1) -> np.ndarray:
    """Standard normal draws (Box-Muller, both halves), shape (len(games), n).

    The angle's cosine and sine are taken in single precision: numpy computes
    those with SIMD, twenty times faster than in double, and an error of 1e-7
    in a noise term is far below anything the game can show.
    """
    pairs = (n + 1) // 2
    u = uniform(seed, games, turn, stream, 2 * pairs)
    radius = np.sqrt(-2.0 * np.log(1.0 - u[:, :pairs]))  # 1 - u is in (0, 1]: log is finite
    angle = np.ascontiguousarray(u[:, pairs:], dtype=np.float32) * np.float32(2.0 * np.pi)
    z = np.empty((len(games), 2 * pairs))
    z[:, :pairs] = radius * np.cos(angle)
    z[:, pairs:] = radius * np.sin(angle)
    return z[:, :n]
