"""``brink play [SCENARIO]``: play in the window, or in the terminal with ``--text``."""

from __future__ import annotations

import argparse
import os
import secrets
import sys

from .. import DEFAULT_SCENARIO
from ..play.clock import Clock
from ..resources import data_dir
from .common import CommandError, add_lang_argument, load_or_report, parse_ai, positive_int, seed_int, window_errors

# The menu's opponents (game.ai.choices), spelled out to keep the parser light; a test checks they agree.
OPPONENT_KEYS = ("easy", "normal", "hard", "history", "hardliner", "peacemaker")
OPPONENT_HELP = (("easy", "plans a little"), ("normal", "plans to the end and reads how you play"),
                 ("hard", "more moves and futures"), ("history", "the documented moves"),
                 ("hardliner", "escalates, gambles"), ("peacemaker", "calms, avoids gambles"))


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("play", help="play a game", description="Play a scenario as one or more roles against AI players.")
    p.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO, metavar="SCENARIO", help=f"a shipped scenario id or a path (default {DEFAULT_SCENARIO})")
    p.add_argument("--text", action="store_true", help="play in the terminal")
    p.add_argument("--as", dest="humans", action="append", metavar="ROLE",
                   help="a role you play (repeatable: hotseat); with --demo --text, whose view the demo shows "
                   "(a role, or 'all' for everything, hidden things included)")
    p.add_argument("--ai", action="append", metavar="ROLE=POLICY",
                   help="the opponent for a role: a level (easy, normal, hard), history, hardliner, peacemaker, or any policy")
    p.add_argument("--opponents", metavar="LEVEL", type=str.lower, choices=OPPONENT_KEYS,
                   help="every AI role not named by --ai: " + "; ".join(f"{k} ({d})" for k, d in OPPONENT_HELP)
                   + " (default normal; with --demo, history)")
    p.add_argument("--seed", type=seed_int, default=None, help="seed (random when left out; always shown)")
    p.add_argument("--save", metavar="FILE", help="save the game to FILE after every turn")
    p.add_argument("--demo", action="store_true", help="every role AI; turns advance by themselves (in the terminal the "
                   "public view, unless --as ROLE or --as all)")
    p.add_argument("--screenshot-dir", metavar="DIR", help="write a PNG of every screen shown (window only)")
    p.add_argument("--facilitator", action="store_true", help="run the game as the facilitator (white cell) in the window (--text: the terminal); teams give orders at this laptop (F8) or come from --ai")
    p.add_argument("--turn-seconds", type=positive_int, metavar="S", help="facilitator: the default length of a turn in seconds")
    p.add_argument("--exit-after-turns", type=positive_int, metavar="N", help="stop after N turns")
    p.add_argument("--watch", action="store_true", help="reload the scenario when its file changes, replaying the turns played so far")
    add_lang_argument(p)
    return p


def plain_menu(args) -> bool:
    """``brink play [ID]`` with nothing else: the main menu of a shipped scenario."""
    shipped = (data_dir("scenarios") / f"{args.scenario}.yaml").is_file() and "/" not in args.scenario
    return shipped and not (args.humans or args.ai or args.demo or args.watch or args.save or args.screenshot_dir)


def window_possible() -> bool:
    """False on a Linux or BSD machine with no display (a server, an SSH session), where SDL
    would open an invisible window; an explicit SDL_VIDEODRIVER always wins."""
    if os.environ.get("SDL_VIDEODRIVER"):
        return True
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def window_language() -> str | None:
    """The language chosen in the window's settings (None: the scenario's own)."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..ui.storage import load_settings

    lang = load_settings().get("language")
    return lang if isinstance(lang, str) and lang else None


def pick_seed(seed: int | None) -> int:
    if seed is not None:
        return seed
    # 63 random bits (a save's seed is a signed 64-bit number): nobody tries every seed to find the hidden draws
    return secrets.randbits(63)


def demo_view(args, rules) -> str | None:
    """With --demo, whose view --as asks the terminal to show: a role, 'all', or None (the public view).

    The roles stay AI; ``args.humans`` is emptied so that nobody is asked for orders.
    """
    if not args.demo or not args.humans:
        return None
    views = list(dict.fromkeys(args.humans))
    if not args.text:
        raise CommandError("--demo --as chooses whose view the terminal shows; add --text (the window shows its own view)")
    if len(views) > 1:
        raise CommandError("--demo shows one view: --as ROLE or --as all")
    view = views[0]
    if view != "all" and view not in rules.roles:
        raise CommandError(f"--as: unknown role '{view}' (roles: {', '.join(rules.roles)}, or 'all')")
    args.humans = None
    return view


def resolve_players(args, rules) -> dict[str, str]:
    """Map every role to 'human' or a policy spec, checking the flags."""
    ai = parse_ai(args.ai, rules)
    humans = list(dict.fromkeys(args.humans or []))
    for role in humans:
        if role not in rules.roles:
            raise CommandError(f"--as: unknown role '{role}' (roles: {', '.join(rules.roles)})")
        if role in ai:
            raise CommandError(f"role '{role}' is given both --as and --ai")
    if args.demo and humans:
        raise CommandError("--demo plays every role by AI; leave out --as")
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..ai.choices import choice
    from ..play.runner import players_for

    # Against people the default opponent is Normal; a demo shows the documented path.
    level = getattr(args, "opponents", None) or ("history" if args.demo else "normal")
    default = choice(level).spec
    ai = {role: ai.get(role, default) for role in rules.roles if role not in humans}
    return players_for(rules, humans, ai)


def run(args) -> int:
    if not args.text and not (args.demo or args.screenshot_dir) and not window_possible():
        if not (args.humans or sys.stdin.isatty()):
            # nobody to play and nothing to show a game on: say so rather than play a whole AI game unseen
            raise CommandError("no display for the game window and no terminal to play in: nothing to play on. "
                               "Use --text --demo to print an AI game, or --text --as ROLE with orders on standard input")
        print("No display found for the game window; playing in the terminal (brink play --text).", file=sys.stderr)
        args.text = True
    window = not args.text and not args.facilitator
    lang = args.lang or (window_language() if window else None)
    if window and plain_menu(args):
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..ui import app

        # The title screen first; the (shipped, tested) scenario loads when a game is set up.
        with window_errors():
            return app.run_from_args(args, lambda: load_or_report(args.scenario, lang))
    loaded = load_or_report(args.scenario, lang)
    if loaded is None:
        return 1
    rules = loaded.rules
    view = demo_view(args, rules)
    if window:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..ui import app

        straight_in = bool(args.demo or args.humans)
        with window_errors():
            return app.run_from_args(args, loaded, resolve_players(args, rules) if straight_in else None,
                                     pick_seed(args.seed))
    if args.facilitator:
        return run_facilitator(args, loaded)
    if not args.humans and not args.demo and sys.stdin.isatty():
        args.humans = [ask_role(rules)]
        if not args.opponents and len(args.ai or []) < len(rules.roles) - 1:
            args.opponents = ask_opponents()
    players = resolve_players(args, rules)
    seed = pick_seed(args.seed)
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from rich.console import Console

    from ..play.runner import Game
    from ..scenario.catalog import save_reference
    from ..text.play import TextGame

    autosave = None
    if any(p == "human" for p in players.values()):  # a game someone plays is saved after every turn
        from ..ui.storage import autosave_path

        autosave = str(autosave_path())
    game = TextGame(Game.new(rules, players, seed, scenario_path=save_reference(loaded.path)), Console(highlight=False),
                    save_path=args.save, watch_path=str(loaded.path) if args.watch else None, view=view,
                    lang=loaded.language if lang else None, autosave_path=autosave)
    if args.exit_after_turns:
        return run_limited(game, args.exit_after_turns)
    return game.run()


def run_facilitator(args, loaded) -> int:
    """The white cell's console (the window, or the terminal with --text): AI roles from --ai, every other role a team."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from rich.console import Console

    from ..play.facilitator import Facilitator
    from ..play.runner import Game, players_for
    from ..scenario.catalog import save_reference
    from ..text.facilitator import FacilitatorConsole

    rules = loaded.rules
    if args.demo:
        raise CommandError("--facilitator runs a seminar; leave out --demo")
    ai = parse_ai(args.ai, rules)
    players = players_for(rules, [r for r in rules.roles if r not in ai], ai)  # every role not AI is a team
    fac = Facilitator(Game.new(rules, players, pick_seed(args.seed), scenario_path=save_reference(loaded.path),
                               clock=Clock(default_seconds=args.turn_seconds)))
    if not args.text:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..ui import app

        with window_errors():
            return app.run_facilitator(args, loaded, fac)
    console = FacilitatorConsole(fac, Console(highlight=False), ask=lambda prompt: input(prompt), save_path=args.save)
    return console.run(max_turns=args.exit_after_turns)


def run_limited(game, turns: int) -> int:
    """Play at most ``turns`` turns (for demos and tests)."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..text.play import QuitGame

    if not game.humans:
        game.console.print(game.view_note())
    try:
        while not game.game.over and game.game.turns_played < turns:
            game.play_one_turn()
    except QuitGame:
        return 1
    if game.game.over:
        game.show_ending()
    else:
        game.console.print(f"Stopped after {turns} turns.")
    return 0


def ask_role(rules) -> str:
    print("Which role will you play?")
    for i, role in enumerate(rules.roles, start=1):
        print(f"  {i}. {rules.role_names[i - 1]} ({role})")
    while True:
        try:
            answer = input("Role number or id: ").strip().lower()
        except EOFError:
            raise CommandError("no role chosen") from None
        if answer.isdigit() and 1 <= int(answer) <= len(rules.roles):
            return rules.roles[int(answer) - 1]
        if answer in rules.roles:
            return answer
        print(f"Please type 1-{len(rules.roles)} or one of: {', '.join(rules.roles)}")


def ask_opponents(ask=input) -> str:
    """The terminal's game menu for the opponents: the levels with a line each, Normal on Enter."""
    from ..ai.choices import CHOICES, DEFAULT  # as above: loaded when the command runs

    print("Your opponents (the other roles):")
    for i, c in enumerate(CHOICES, start=1):
        mark = "  (default)" if c is DEFAULT else ""
        print(f"  {i}. {c.label}: {c.description}{mark}")
    while True:
        try:
            answer = ask(f"Opponents [1-{len(CHOICES)}, Enter for {DEFAULT.label}]: ").strip().lower()
        except EOFError:
            return DEFAULT.key
        if not answer:
            return DEFAULT.key
        if answer.isdigit() and 1 <= int(answer) <= len(CHOICES):
            return CHOICES[int(answer) - 1].key
        found = next((c for c in CHOICES if answer in (c.key, c.short.lower())), None)
        if found is not None:
            return found.key
        print(f"Please type 1-{len(CHOICES)} or one of: {', '.join(c.key for c in CHOICES)}")
