"""Short sound cues, synthesized with numpy when the window starts (no sound files to license).

Three cues: ``sealed`` (a turn's orders sealed: two rising notes), ``paper`` (the newspaper: a
soft rustle of filtered noise) and ``ending`` (the game is over: a low chord that fades). The
volume is a setting (0 to 100; 0 is off). Under SDL's dummy audio driver (tests, a server), or
when the mixer cannot open, nothing plays and nothing fails.

>>> wave = cue_samples("sealed"); wave.dtype, wave.ndim, 0.1 < len(wave) / RATE < 0.5
(dtype('int16'), 2, True)
"""

from __future__ import annotations

import os

import numpy as np
import pygame

RATE = 22050


def _tone(freq: float, seconds: float, start: float = 0.0, total: float | None = None) -> np.ndarray:
    total = total or start + seconds
    t = np.arange(int(RATE * total)) / RATE
    env = np.clip((t - start) / 0.01, 0, 1) * np.exp(-np.clip(t - start, 0, None) * 9) * (t >= start)
    return np.sin(2 * np.pi * freq * t) * env


def cue_samples(name: str) -> np.ndarray:
    """The cue as 16-bit stereo samples (deterministic: the same seed every time)."""
    if name == "sealed":
        wave = _tone(660, 0.12, 0.0, 0.32) + _tone(880, 0.2, 0.1, 0.32)
    elif name == "paper":
        rng = np.random.default_rng(7)
        n = int(RATE * 0.28)
        noise = np.convolve(rng.standard_normal(n), np.ones(12) / 12, mode="same")  # a soft, papery hiss
        t = np.arange(n) / RATE
        wave = noise * np.sin(np.pi * t / t[-1]) ** 2 * 1.5
    elif name == "ending":
        t_total = 1.2
        wave = np.sum([_tone(f, t_total, 0.0, t_total) * 0.6 for f in (196.0, 246.9, 293.7)], axis=0)
        wave *= np.exp(-np.arange(len(wave)) / RATE * 1.5) / np.exp(-np.arange(len(wave)) / RATE * 9)
        wave /= np.abs(wave).max()
    else:
        raise KeyError(name)
    wave = np.clip(wave / max(1.0, float(np.abs(wave).max())), -1, 1) * 0.6
    mono = (wave * 32767).astype(np.int16)
    return np.column_stack([mono, mono])


class Sounds:
    """The cues, made once; ``play(name)`` at the volume of the settings (0: silent)."""

    def __init__(self, volume: int = 60):
        self.volume = volume
        self._cues: dict = {}
        self.played: list[str] = []  # what was asked for (tests read it even when nothing sounds)
        self.ready = self._open()

    def _open(self) -> bool:
        if os.environ.get("SDL_AUDIODRIVER") in ("dummy", "disk"):
            return False
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=RATE, size=-16, channels=2, buffer=512)
            return True
        except Exception:  # noqa: BLE001 - no sound card, no sound: the game goes on
            return False

    def play(self, name: str) -> None:
        self.played.append(name)
        if not self.ready or self.volume <= 0:
            return

        sound = self._cues.get(name)
        if sound is None:
            sound = self._cues[name] = pygame.sndarray.make_sound(cue_samples(name))
        sound.set_volume(self.volume / 100)
        sound.play()
