"""The window and its main loop: screens, global keys, saves, demo mode and screenshots.

``run_from_args`` is what ``brink play`` calls without ``--text``::

    brink play --as us                  # one human role against AI
    brink play --demo --screenshot-dir shots --exit-after-turns 3
"""

from __future__ import annotations

import datetime as dt
import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pygame_gui  # noqa: E402

from . import WindowError, check_pygame, storage, theme  # noqa: E402  # noqa: E402
from .screens.base import Screen  # noqa: E402

if TYPE_CHECKING:
    from .flow import (
        Flow,  # the engine loads with the first game, not before the first frame
    )
    from .screens.lan import LanFlow

FPS = 60
# fonts the HTML of reports, briefings and the ending use (pygame_gui warns about fonts it must load late)
PRELOAD_FONTS = [(18, "bold"), (18, "italic"), (22, "bold"), (24, "bold")]  # at the text size set


def window_icon() -> pygame.Surface:
    """Three sides' shapes in the first colours roles get, on the dark background (32 x 32)."""
    # loaded when first used: the main menu's first frame comes sooner
    from ..scenario.presentation import PALETTE, SHAPES
    from .mapview import draw_shape

    icon = pygame.Surface((32, 32))
    icon.fill(theme.BG)
    for colour, shape, centre in zip(PALETTE, SHAPES, ((9, 22), (23, 22), (16, 9))):
        draw_shape(icon, shape, centre, 6, colour)
    return icon


# Room a desktop keeps for itself around a window: a title bar above it, a task bar or a dock.
DESKTOP_MARGIN = (16, 80)


def window_size(scale: int, desktop: tuple[int, int] | None) -> tuple[int, int]:
    """The window for the interface scale ``scale`` (percent of 1280x720) on a ``desktop`` of that
    size: never so large that its top (the title bar and the game's own top bar) or its bottom
    leaves the screen, and always 16:9 (the canvas is scaled, never cropped). A laptop's 1366x768
    screen gets a window a little under 1280x720, whole.

    >>> window_size(150, (2560, 1440)), window_size(150, (1920, 1080)), window_size(100, (1366, 768))
    ((1920, 1080), (1777, 999), (1223, 687))
    """
    want_w = theme.WIDTH * scale // 100
    if desktop is None:
        return want_w, theme.HEIGHT * scale // 100
    room_w, room_h = desktop[0] - DESKTOP_MARGIN[0], desktop[1] - DESKTOP_MARGIN[1]
    floor_w = min(theme.WIDTH, room_w, room_h * theme.WIDTH // theme.HEIGHT)
    w = max(floor_w, min(want_w, room_w, room_h * theme.WIDTH // theme.HEIGHT))
    return w, w * theme.HEIGHT // theme.WIDTH


def desktop_size() -> tuple[int, int] | None:
    """The size of the desktop the window is on (None where the display cannot say)."""
    try:
        sizes = pygame.display.get_desktop_sizes()
    except pygame.error:
        return None
    return tuple(sizes[0]) if sizes else None  # type: ignore[return-value]


@dataclass(frozen=True)
class Shown:
    """What a screen was: its name, whose view it showed, what it was given, the text of its widgets.

    Kept instead of the screen itself, whose cached surfaces are large.
    """

    name: str
    role: str | None
    given: dict
    texts: list[str]


class App:
    """One window. ``step()`` runs one frame, so tests can drive it event by event."""

    def __init__(self, loaded, *, demo: bool = False, screenshot_dir: str | None = None,
                 exit_after_turns: int | None = None, save_path: str | None = None,
                 settings: dict | None = None, start_time: float | None = None, language: str | None = None):
        self.start_time = start_time if start_time is not None else time.perf_counter()
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Brinkmanship")
        pygame.display.set_icon(window_icon())
        flags = pygame.SCALED | pygame.RESIZABLE
        with warnings.catch_warnings():  # "no fast renderer": SDL falls back to software scaling, which is fine
            warnings.simplefilter("ignore")
            self.surface = pygame.display.set_mode((theme.WIDTH, theme.HEIGHT), flags)
        self.settings = dict(settings if settings is not None else storage.load_settings())
        theme.set_text_size(int(self.settings.get("text_size", 100)))
        self.themed_text_size = theme.READ_SCALE  # the text size pygame_gui's theme was loaded at
        self.ui = pygame_gui.UIManager((theme.WIDTH, theme.HEIGHT), theme.gui_theme(),
                                       enable_live_theme_updates=False)
        self.ui.add_font_paths(theme.MONO_FONT, theme.MONO_FONT_PATH)
        self._preload_fonts()
        self.clock = pygame.time.Clock()
        self.fast = pygame.display.get_driver() in ("dummy", "offscreen")  # headless: no waiting
        self._loaded = loaded  # a LoadedScenario, or a function that loads it (see ``loaded``)
        self.demo = demo
        self.exit_after_turns = exit_after_turns
        self.save_path = save_path
        # The language of scenario text: --lang, else the settings' (None: each scenario's own).
        stored = self.settings.get("language")
        self.language: str | None = language or (stored if isinstance(stored, str) and stored else None)
        self.shots = Path(screenshot_dir) if screenshot_dir else None
        self.shot_count = 0
        self.shot_pending: str | None = None
        self.flow: Flow | None = None
        self.lan: LanFlow | None = None  # while this window plays a role of a LAN game
        self.ticker: Callable[[float], None] | None = None  # runs every frame whatever screen is up (the white cell's clock and projector)
        self.screen: Screen | None = None
        self.overlays: list[Screen] = []
        self.history: list[Shown] = []  # a record of every screen shown (for tests)
        self.toast_text: str | None = None
        self.toast_until = 0.0
        self.running = True
        self.exit_code = 0
        self.frames = 0
        self.first_frame_ms: float | None = None
        self.dwell = 0.0
        self._sounds = None
        self.apply_settings()

    def apply_settings(self) -> None:
        """Window size, text size and volume as the settings say (the layout is one 1280x720 canvas,
        scaled to the window: a larger window, or full screen, shows all of it larger)."""
        theme.set_text_size(int(self.settings.get("text_size", 100)))
        if theme.READ_SCALE != self.themed_text_size:  # the widgets' reading text at the new size
            self.themed_text_size = theme.READ_SCALE
            self.ui.get_theme().load_theme(theme.gui_theme())
            self._preload_fonts()
            self.ui.rebuild_all_from_changed_theme_data()
        if self._sounds is not None:
            self._sounds.volume = int(self.settings.get("volume", 60))
        scale = int(self.settings.get("scale", 100))
        if not pygame.display.is_fullscreen() and hasattr(pygame, "Window"):
            try:
                with warnings.catch_warnings():  # pygame-ce asks new code to draw through Window; we only size it
                    warnings.simplefilter("ignore", DeprecationWarning)
                    window = pygame.Window.from_display_module()
                # SCALED makes the canvas's size the window's minimum: on a 1366x768 laptop that
                # window is taller than the room the desktop leaves, and its top went off screen
                window.minimum_size = (theme.WIDTH // 2, theme.HEIGHT // 2)
                want = window_size(scale, desktop_size())
                if tuple(window.size) != want:
                    window.size = want
            except (pygame.error, AttributeError):
                pass  # a display without windows (the web): the canvas stays as it is

    def _preload_fonts(self) -> None:
        fonts = self.ui.get_theme().get_font_dictionary()
        wanted = [("noto_sans", theme.reading(size), style) for size, style in PRELOAD_FONTS]
        wanted.append((theme.MONO_FONT, theme.MONO_PX, "regular"))
        self.ui.preload_fonts([{"name": name, "point_size": size, "style": style, "antialiased": "1"}
                               for name, size, style in dict.fromkeys(wanted)
                               if not fonts.check_font_preloaded(fonts.create_font_id(size, name, style == "bold",
                                                                                      style == "italic", True))])

    # -- sound ----------------------------------------------------------------------------------
    CUES = {"report": "paper", "ending": "ending"}  # screens that sound a cue when they open

    @property
    def sounds(self):
        """The sound cues (made on first use: numpy loads with the first game, not before the title)."""
        if self._sounds is None:
            from .sound import Sounds  # lazy: the cues' numpy loads with the first game, not before the title

            self._sounds = Sounds(int(self.settings.get("volume", 60)))
        return self._sounds

    def sound(self, name: str) -> None:
        self.sounds.play(name)

    # -- screens ------------------------------------------------------------------------------
    def show(self, screen: Screen) -> None:
        """Replace the current screen (and close overlays)."""
        for s in self.overlays:
            s.leave()
        self.overlays.clear()
        if self.screen is not None:
            self.screen.leave()
        self.toast_text = None  # a message belongs to the screen it was given on
        self.screen = screen
        screen.enter()
        self.ui.update(0.0)  # pygame_gui forgets killed elements only on update
        self._shown(screen)

    def push(self, overlay: Screen) -> None:
        """Open an overlay; the widgets beneath are hidden (pygame_gui draws all widgets above all screens)."""
        if self.top is not None:
            for element in self.top.elements:
                element.hide()
        self.overlays.append(overlay)
        overlay.enter()
        self.ui.update(0.0)
        self._shown(overlay)

    def pop(self) -> None:
        if self.overlays:
            self.overlays.pop().leave()
            if self.top is not None:
                for element in self.top.elements:
                    element.show()
            self.ui.update(0.0)

    @property
    def top(self) -> Screen | None:
        return self.overlays[-1] if self.overlays else self.screen

    def _shown(self, screen: Screen) -> None:
        if screen.name in self.CUES:
            self.sound(self.CUES[screen.name])
        self.history.append(Shown(screen.name, screen.role, screen.given, screen.texts))
        self.shot_pending = screen.name
        self.dwell = 0.0

    def start_facilitator(self, desk, stop_after: int | None = None) -> None:
        """The white cell's console (``brink play --facilitator``, or the host of a LAN game)."""
        # loaded when first used: the main menu's first frame comes sooner
        from .screens.facilitator import FacilitatorScreen

        theme.assign_roles(desk.fac.rules)
        screen = FacilitatorScreen(self, desk, stop_after)
        self.ticker = screen.keep_time
        self.show(screen)

    def start_lan(self, link) -> None:
        """Play one role of a LAN game (or show its projector): screens follow the host's frames."""
        # loaded when first used: the main menu's first frame comes sooner
        from .screens.lan import LanFlow

        theme.assign_roles(link.rules)
        self.lan = LanFlow(self, link)
        self.lan.start()

    @property
    def loaded(self):
        """The menus' scenario. Given as a function, it is loaded on first use, so the title
        screen can be drawn before numpy, pydantic and the scenario are."""
        if callable(self._loaded):
            self._loaded = self._loaded()
        return self._loaded

    def main_menu(self) -> None:
        # loaded when first used: the main menu's first frame comes sooner
        from .screens.title import TitleScreen

        self.show(TitleScreen(self))

    # -- the game flow --------------------------------------------------------------------------
    def start_flow(self, flow: Flow) -> None:
        theme.assign_roles(flow.rules)
        self.flow = flow
        self.show_step()

    def next_step(self) -> None:
        if self.flow is not None:
            self.flow.advance()
            self.show_step()

    def show_step(self) -> None:
        # loaded when first used: the main menu's first frame comes sooner
        from .screens import flow

        game_flow = self.flow
        if game_flow is None:
            return  # no game under way
        step = game_flow.current
        if step.kind == "exit":
            self.quit(0)
            return
        self.show(flow.screen_for(self, game_flow, step))
        if game_flow.save_error:
            self.toast(game_flow.save_error, 6)
            game_flow.save_error = None

    def new_game(self, loaded, players: dict[str, str], seed: int) -> None:
        # loaded when first used: the main menu's first frame comes sooner
        from .flow import Flow

        self.start_flow(Flow.new(loaded, players, seed, autosave_path=storage.autosave_path(),
                                 save_path=self.save_path, exit_after_turns=self.exit_after_turns))

    def load_game(self, path) -> bool:
        """Resume a save; a clear message on failure."""
        # loaded when first used: the main menu's first frame comes sooner
        from ..play.saves import SaveError, read_save, scenario_of
        from .flow import Flow

        try:
            save = read_save(path)
            scenario = scenario_of(save, path, self.language) if self.language else None
            flow = Flow.resume(save, path, scenario=scenario, autosave_path=storage.autosave_path(),
                               save_path=self.save_path, exit_after_turns=self.exit_after_turns)
        except SaveError as exc:
            self.toast(str(exc).splitlines()[0], 6)
            return False
        self.start_flow(flow)
        return True

    def save_game(self) -> Path | None:
        """Save the completed turns to a new file in the data directory (Ctrl+S)."""
        if self.flow is None:
            self.toast("No game to save yet")
            return None
        rules = self.flow.rules
        path = storage.new_save_path(rules.id, min(self.flow.game.turn, rules.turns),  # the turn being played
                                     turn_word=rules.turn_word)
        try:
            self.flow.save_to(path)
        except OSError as exc:
            self.toast(f"Could not save: {exc.strerror or exc}", 6)
            return None
        self.toast(f"Saved: {path.name}")
        return path

    def reload_scenario(self) -> None:
        """F5: reload the scenario file, keeping the game if the edited file still fits it."""
        if self.flow is None:
            self.toast("F5 reloads the scenario of a running game")
            return
        message, changed = self.flow.reload(lang=self.language)
        if changed:
            self.show_step()
        self.toast(message, 6)

    def apply_language(self) -> None:
        """Show scenario text in ``self.language``: the menus' scenario is loaded again in it, and a
        running game is rebuilt in it (its rules, hence its course, are the same in every language)."""
        # loaded when first used: the main menu's first frame comes sooner
        from ..scenario import ScenarioError, load_scenario
        from ..scenario.locales import language_name

        if self.flow is not None:
            self.reload_scenario()
            return
        if callable(self._loaded):
            return  # not loaded yet: it loads in the new language
        try:
            self._loaded = load_scenario(self._loaded.path, lang=self.language)
        except ScenarioError as exc:
            self.toast(str(exc.problems[0]) if exc.problems else "The scenario could not be loaded", 6)
            return
        if self._loaded.language != self.language:
            self.toast(f"{self._loaded.model.title} has no {language_name(self.language or '')} text: "
                       f"it stays in {language_name(self._loaded.language)}", 6)

    def toast(self, text: str, seconds: float = 3.0) -> None:
        self.toast_text = text
        self.toast_until = time.perf_counter() + seconds

    def quit(self, code: int = 0) -> None:
        self.exit_code = code
        self.running = False

    def toggle_fullscreen(self) -> None:
        try:
            pygame.display.toggle_fullscreen()
        except pygame.error as exc:  # e.g. a headless or a web display
            self.toast(f"Full screen is not available here: {exc}")

    # -- one frame --------------------------------------------------------------------------------
    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit(0)
            return
        owner = getattr(self.ticker, "__self__", None)
        if owner is not None and owner.window_event(event):
            return  # an event of the projector's window
        if event.type == pygame.WINDOWCLOSE:
            self.quit(0)  # the game window closed; with a second window open SDL sends no QUIT
            return
        if event.type == pygame.KEYDOWN:
            ctrl = event.mod & pygame.KMOD_CTRL
            if event.key == pygame.K_F11:
                self.toggle_fullscreen()
                return
            if event.key == pygame.K_s and ctrl:
                self.save_game()
                return
            if event.key == pygame.K_F5:
                self.reload_scenario()
                return
        self.ui.process_events(event)
        if self.top is not None:
            self.top.handle(event)

    def step(self, dt: float | None = None) -> None:
        """Handle pending events, update and draw one frame."""
        if dt is None:
            dt = self.clock.tick(0 if self.fast else FPS) / 1000.0
        for event in pygame.event.get():
            self.dispatch(event)
            if not self.running:
                return
        if self.lan is not None:
            self.lan.follow(new=False)
        if self.ticker is not None:
            self.ticker(dt)  # may stop the app: this frame is still drawn (and its screenshot taken)
        self.ui.update(dt)
        top = self.top
        if top is not None:
            top.update(dt)
            if self.demo and self.running and top is self.top:
                self.dwell += dt if not self.fast else 1.0
                if self.dwell >= (3 if self.fast else top.demo_dwell):
                    self.dwell = 0.0
                    top.demo_next()
        self.draw()
        pygame.display.flip()
        self.frames += 1
        if self.first_frame_ms is None:
            self.first_frame_ms = (time.perf_counter() - self.start_time) * 1000
        if self.shot_pending and self.shots is not None:
            self.screenshot(self.shot_pending)
        self.shot_pending = None

    def draw(self) -> None:
        if self.screen is not None:
            self.screen.draw(self.surface)
        for overlay in self.overlays:
            overlay.draw(self.surface)
        self.ui.draw_ui(self.surface)
        if self.toast_text and time.perf_counter() < self.toast_until:
            self._draw_toast(self.toast_text)

    def _draw_toast(self, text: str) -> None:
        lines = theme.wrap(text, 18, 900)[:3]
        surfs = [theme.text(line, 18, theme.TEXT) for line in lines]
        w = max(s.get_width() for s in surfs) + 32
        h = sum(s.get_height() for s in surfs) + 20
        box = pygame.Rect((theme.WIDTH - w) // 2, theme.HEIGHT - 40 - h, w, h)
        pygame.draw.rect(self.surface, (8, 12, 16), box, border_radius=8)
        pygame.draw.rect(self.surface, theme.ACCENT, box, 2, border_radius=8)
        y = box.y + 10
        for s in surfs:
            self.surface.blit(s, (box.x + 16, y))
            y += s.get_height()

    def screenshot(self, name: str) -> Path:
        if self.shots is None:
            raise WindowError("no screenshot folder was given (--screenshot-dir)")
        self.shots.mkdir(parents=True, exist_ok=True)
        self.shot_count += 1
        path = self.shots / f"{self.shot_count:03d}-{name}.png"
        pygame.image.save(self.surface, str(path))
        return path

    def run(self) -> int:
        while self.running:
            self.step()
        return self.exit_code

    async def run_async(self) -> int:
        """The main loop as a task, sharing its event loop with a LAN server or client."""
        # loaded when first used: the main menu's first frame comes sooner
        import asyncio

        last = time.perf_counter()
        while self.running:
            now = time.perf_counter()
            self.step(now - last)
            last = now
            await asyncio.sleep(max(0.0, 1 / FPS - (time.perf_counter() - now)))
        return self.exit_code

    def close(self) -> None:
        owner = getattr(self.ticker, "__self__", None)
        if owner is not None and hasattr(owner, "close_projector"):
            owner.close_projector()
        for s in self.overlays:
            s.leave()
        if self.screen is not None:
            self.screen.leave()
        pygame.display.quit()


def run_from_args(args, loaded, players: dict[str, str] | None = None, seed: int = 0) -> int:
    """``brink play`` without ``--text``: open the window (the main menu, or with ``players``
    straight into a game with ``seed``). Raises ``WindowError`` when the window cannot open.

    ``loaded`` is the scenario, or a function that loads it: the main menu needs it only
    when a game is set up, so its first frame comes before the scenario is read.
    """
    start = time.perf_counter()
    check_pygame()
    if args.screenshot_dir:
        try:
            Path(args.screenshot_dir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WindowError(f"--screenshot-dir {args.screenshot_dir}: {exc.strerror or exc}") from None
    try:
        app = App(loaded, demo=args.demo, screenshot_dir=args.screenshot_dir, exit_after_turns=args.exit_after_turns,
                  save_path=args.save, start_time=start, language=getattr(args, "lang", None))
    except pygame.error as exc:
        raise WindowError(f"cannot open the game window: {exc}") from None
    try:
        if players is not None:
            app.new_game(loaded, players, seed)
        else:
            app.main_menu()
        return app.run()
    finally:
        app.close()


def open_app(args, loaded) -> App:
    """The window for a command (a ``WindowError`` with a clear message when it cannot open)."""
    start = time.perf_counter()
    check_pygame()
    try:
        return App(loaded, screenshot_dir=getattr(args, "screenshot_dir", None), start_time=start,
                   language=getattr(args, "lang", None))
    except pygame.error as exc:
        raise WindowError(f"cannot open the game window: {exc}") from None


def run_facilitator(args, loaded, fac) -> int:
    """``brink play --facilitator``: the white cell's console in the window, teams at this laptop or AI."""
    # loaded when first used: the main menu's first frame comes sooner
    from .desk import Desk

    save = args.save or str(storage.saves_dir() / f"{fac.rules.id}-seminar-{dt.datetime.now():%Y%m%d-%H%M%S}.json")
    desk = Desk.local(fac, save_path=save)
    desk.say(f"Control: {fac.rules.title}, seed {fac.match.seed}. The game is saved to {save} after every act.")
    app = open_app(args, loaded)
    try:
        app.start_facilitator(desk, stop_after=args.exit_after_turns)
        return app.run()
    finally:
        app.close()
