"""F5 for scenario authors: reload the scenario file and keep the game if it still fits.

The game is rebuilt by replaying its orders through the new rules (like a
save), so a scenario edit can never leave a state the new rules could not reach.
"""

from __future__ import annotations

from ..play.saves import SaveError, replay_save
from ..scenario import ScenarioError, load_scenario
from ..play.session import from_save
from .session import Session


def reload_session(session: Session) -> tuple[str, Session | None]:
    """A message for the player, and the rebuilt session (None: keep the old one)."""
    path = session.loaded.path
    try:
        loaded = load_scenario(path)
    except ScenarioError as exc:
        first = exc.problems[0] if exc.problems else "unknown problem"
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        return f"Scenario not reloaded: {first}{more}", None
    if loaded.rules.content_hash == session.match.rules.content_hash:
        return f"{path.name} is unchanged", None
    talk = session.talk
    talk.players = dict(session.players)
    # messages and statements are replayed with the orders; the replay itself checks that the game still fits
    data = talk.save_data().model_copy(update={"scenario_hash": loaded.rules.content_hash})
    try:
        match, _ = replay_save(data, path, scenario=loaded)
        talk = from_save(data, str(path), loaded) if talk is not None and talk.acts else None
        match = talk.match if talk is not None else match
    except SaveError as exc:
        return f"The edited scenario no longer fits this game; keeping the old rules. {exc}", None
    for role, ids in session.match.pending.items():
        try:
            match.submit(role, ids)
        except ValueError:
            pass  # orders sealed this turn that the new rules forbid are dropped
    fresh = Session(loaded, match, dict(session.players), autosave_path=session.autosave_path,
                    save_path=session.save_path, exit_after_turns=session.exit_after_turns,
                    queue=list(session.queue), briefed=set(session.briefed), reports_seen=dict(session.reports_seen),
                    talk=talk)
    return f"Reloaded {path.name}: the game continues under the edited rules", fresh
