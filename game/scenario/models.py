"""The scenario format as pydantic models: what an author may write, and what it means.

Every model forbids unknown keys, so a typo is an error with a location rather
than a silently ignored line. Expressions stay text here; ``compile.py`` turns
them into numpy closures after the cross-reference pass has checked every id.
The field descriptions are the format's documentation: ``brink schema`` turns
them into the JSON Schema editors use for completion and hover help, and the
field reference of ``scenarios/README.md`` is generated from them.

>>> Variable(label="Tension", min=0, max=100, initial=35, source="wt-2022-01-26").visible_to
'all'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .mapmodels import Area, CountryStyle, Line, MapSection, Marker, Place, Region  # noqa: F401 - the format's map models
from .reuse_fields import Extends, extends_field

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
SCENARIO_ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
_ID = re.compile(ID_PATTERN)

ID_SECTIONS = (
    "roles", "actors", "variables", "levers", "deployments", "decisions", "demands",
    "diplomacy", "actions", "red_lines", "events", "reactions", "endings",
)
"""Sections keyed by ids that expressions and orders refer to (checked against ID_PATTERN)."""

Amount = float | str
"""A number, or an expression (text) evaluated in the game when the effect applies."""

Effects = dict[str, Amount]

EFFECTS_HELP = "Map variable id -> amount added: a number, or an expression such as \"-2 * cost_sensitivity / 50\"."


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class Template(BaseModel):
    """A reusable piece of an item: any keys of the items that extend it (checked in each of them)."""

    model_config = ConfigDict(extra="allow")
    extends: Extends = extends_field()


class Cited(Strict):
    """Anything taken from the documents names its source, and may quote it."""

    source: str | None = Field(
        None,
        description="Key of the source document (from the `sources` section) this item is modelled on. "
        "Leaving it out is allowed for what-ifs but gives warning W501.",
    )
    quote: str | None = Field(None, description="A short quotation from the source that supports this item, copied word for word.")


class Source(Strict):
    """A document the scenario is modelled on, cited by its key."""

    extends: Extends = extends_field()

    title: str = Field(description="Title of the document, as a reader would cite it.")
    date: str | None = Field(None, description="The date the document speaks from (YYYY-MM-DD).")
    file: str | None = Field(None, description="Where the document lives, relative to the project (optional).")


class Calendar(Strict):
    """When the game starts, how long a turn is, and how many turns there are."""

    start: dt.date = Field(description="Date of the first turn (YYYY-MM-DD).")
    days_per_turn: int = Field(7, ge=1, le=366, description="Length of one turn in days (7 = weekly, 30 = monthly).")
    turns: int = Field(ge=1, le=200, description="Number of turns; when the last one resolves without an ending, the default ending applies.")


class Role(Strict):
    """A player role: played by a person or by an AI policy."""

    extends: Extends = extends_field()

    name: str = Field(description="Name shown to players (e.g. 'United States').")
    budget: int = Field(ge=0, le=50, description="Action points the role may spend each turn; each action costs its `cost`.")
    color: str | None = Field(
        None, pattern=r"^#[0-9a-fA-F]{6}$",
        description="Colour of the role's markers, territory and name, as #rrggbb (left out: one of the Okabe-Ito "
        "colours, which colour-blind players can tell apart). Text in it is lightened where it would be hard to read.")
    shape: Literal["circle", "square", "triangle", "diamond", "hexagon"] | None = Field(
        None, description="Shape of the role's markers, a cue besides colour (left out: circle, square, triangle ... in the order of the roles).")
    tag: str | None = Field(None, max_length=6, description="Short name on the map's legend and on badges (left out: from the name: 'United States' -> 'US').")
    leader: str | None = Field(None, description="Who speaks for the role (shown in reports).")


class Actor(Strict):
    """A non-player actor that reacts by rule (see `reactions`)."""

    extends: Extends = extends_field()

    name: str = Field(description="Name of the actor shown in reports (e.g. 'Ukraine').")
    description: str | None = Field(None, description="One line on who this actor stands for.")
    playable: bool = Field(
        False, description="Students may speak for this actor in a seminar: the LAN host gives it a join code; its "
        "seats see the public view, talk to the roles (and the roles to it) and give no orders (its reactions stay "
        "the scenario's rules).")
    informed_by: str | None = Field(
        None, description="With `playable`: the role whose intelligence picture the actor's seats see (its estimates, "
        "from observe), e.g. `us` for a Kyiv that Washington briefs. Left out: only what every role sees.")


class Rung(Strict):
    """One named step of an escalation ladder."""

    at: float = Field(description="Value of the variable at which this rung begins: inside the variable's bounds, above the rung before.")
    name: str = Field(description="Name of the rung on the escalation ladder.")


class Reveal(Strict):
    """What the debrief says of a per-game draw from this value up (the next one's ``at`` ends it)."""

    at: float = Field(description="Drawn value from which this sentence applies: inside the variable's bounds, above the one before.")
    text: str = Field(description="What a draw this high meant for the game, in words for the debrief "
                      "(e.g. 'This Kremlin weighed cost lightly: sanctions threats barely deterred it.').")


class Variable(Cited):
    """A bounded number the game tracks (tension, troops, cohesion ...), and who may see it."""

    extends: Extends = extends_field()

    label: str = Field(description="Name shown to players.")
    unit: str = Field("", description="Unit shown after values (e.g. 'thousand troops').")
    min: float = Field(0, description="Lowest value; the engine clamps to it.")
    max: float = Field(100, description="Highest value; the engine clamps to it.")
    initial: float = Field(description="Value at the start of the game.")
    initial_spread: float = Field(
        0, ge=0,
        description="Standard deviation of a per-game random draw around `initial` (clamped to the bounds): "
        "how uncertain the starting value is. 0 = every game starts at `initial`.",
    )
    visible_to: Literal["all"] | list[str] = Field("all", description="Roles that see the true value: 'all' or a list of role ids.")
    intel_noise: float | dict[str, float] | None = Field(
        None,
        description="Roles that cannot see the variable get an intelligence estimate with this standard deviation "
        "(a number for all of them, or a map role -> sd). Leave out to keep it fully hidden.",
    )
    rungs: list[Rung] = Field(default_factory=list, description="Named rungs (the escalation ladder), lowest first.")
    description: str | None = Field(None, description="What the variable measures, for briefings and tooltips.")
    reveal: list[Reveal] = Field(
        default_factory=list,
        description="For a per-game draw (`initial_spread`): what the debrief says of the value this game drew, "
        "one sentence from each `at` up, lowest first. Left out: the debrief says how it compares with most games.",
    )

    @model_validator(mode="after")
    def _bounds(self) -> Variable:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min:g}) must be below max ({self.max:g})")
        if not self.min <= self.initial <= self.max:
            raise ValueError(f"initial value {self.initial:g} is outside [{self.min:g}, {self.max:g}]")
        ats = [r.at for r in self.reveal]
        if ats and (ats != sorted(set(ats)) or not self.min <= ats[0] <= ats[-1] <= self.max):
            raise ValueError(f"reveal: each 'at' must be inside [{self.min:g}, {self.max:g}] and above the one before")
        return self


class Outcome(Cited):
    """What happens: effects on variables, with an optional chance and noise."""

    effects: Effects = Field(default_factory=dict, description=EFFECTS_HELP)
    spread: dict[str, float] = Field(default_factory=dict, description="Map variable id -> standard deviation of random noise added to that effect.")
    headline: str | None = Field(None, description="Newspaper-style headline shown in the turn report.")
    text: str | None = Field(None, description="A sentence or two of report text.")


class ActionBase(Outcome):
    """An order a role may give: its cost, when it is legal, and what it does."""

    label: str | None = Field(None, description="Short name shown in the orders panel (defaults to the id).")
    description: str | None = Field(None, description="What the action is and what it is expected to do (tooltip text).")
    cost: int = Field(1, ge=0, le=50, description="Action points it costs from the role's budget.")
    when: str | None = Field(None, description="Condition (expression, true or false) under which the action is legal, e.g. \"alert >= 60\".")
    max_uses: int | None = Field(1, ge=1, description="How often it may be taken in a game (null = unlimited).")
    excludes: list[str] = Field(default_factory=list, description="Actions of the same role that cannot be ordered in the same turn as this one.")
    public: bool = Field(True, description="Whether other roles learn that it was taken (its headline is public).")
    chance: Amount = Field(1.0, description="Probability (a number from 0 to 1, or an expression) that the action takes effect when ordered.")
    group: str | None = Field(None, description="Heading it is listed under in the orders panel (left out: by its section: Diplomacy, Deployments, Sanctions ...).")


class Action(ActionBase):
    """An order of one role: a deployment, a diplomatic move or another action."""

    extends: Extends = extends_field()

    role: str = Field(description="Role that may take the action.")


class LeverStep(ActionBase):
    """One step of a sanctions lever: threatening it, or imposing it."""

    source: str | None = Field(None, description="Source key (defaults to the lever's).")


class Lever(Cited):
    """A sanctions lever: first threatened, then imposed; an empty threat costs credibility."""

    extends: Extends = extends_field()

    role: str = Field(description="Role that holds the lever.")
    label: str = Field(description="Name of the lever (e.g. 'Sanction Putin personally').")
    description: str | None = Field(None, description="What the lever is.")
    threaten: LeverStep = Field(description="The threat: announcing the sanction and its trigger. Its action id is `LEVER.threaten`.")
    impose: LeverStep = Field(description="Imposing the sanction. Its action id is the lever's id.")
    trigger: str | None = Field(
        None, description="Condition (expression) that calls the threat due. When it holds and the lever is not imposed within `grace` turns, the threatener pays the audience cost."
    )
    grace: int = Field(1, ge=0, le=20, description="Turns allowed to carry out the threat once its trigger holds.")
    audience_cost: Effects = Field(default_factory=dict, description="Effects applied when a declared threat is not carried out in time. " + EFFECTS_HELP)
    group: str | None = Field(None, description="Heading both steps are listed under in the orders panel (default 'Sanctions').")


class Decision(ActionBase):
    """An alliance decision: it takes effect only when every member bloc agrees."""

    extends: Extends = extends_field()

    role: str = Field(description="Role that takes the decision (the alliance's role).")
    blocs: list[str] | None = Field(
        None, description="The consensus blocs whose agreement this decision needs (left out: every bloc of `consensus`).")
    agree: dict[str, Amount] = Field(
        default_factory=dict, description="Map member bloc -> probability (expression) that it agrees; blocs left out use their default."
    )
    on_fail: Effects = Field(default_factory=dict, description="Effects when consensus fails (the cost of a public split). " + EFFECTS_HELP)
    fail_headline: str | None = Field(None, description="Headline shown when consensus fails.")


class Bloc(Cited):
    """A group of alliance members whose agreement a decision needs."""

    extends: Extends = extends_field()

    label: str = Field(description="Who the bloc stands for (e.g. 'Eastern flank: Poland, the Baltic states').")
    agree: Amount = Field(description="Default probability (expression) that the bloc agrees to a decision.")


class Consensus(Strict):
    """How the alliance decides: the member blocs and how readily each agrees."""

    description: str | None = Field(None, description="How the alliance decides, for briefings.")
    blocs: dict[str, Bloc] = Field(description="The member blocs whose agreement a decision needs, by id.")


class Response(ActionBase):
    """An answer to a demand: accept, reject or counter. Its action id is `DEMAND.accept` (and so on)."""

    source: str | None = Field(None, description="Source key (defaults to the demand's).")
    max_uses: int | None = Field(1, ge=1, description="How often it may be given (normally once).")


class Demand(ActionBase):
    """A demand one role makes of others; each addressee answers, or it expires."""

    extends: Extends = extends_field()

    by: str = Field(description="Role that makes the demand.")
    to: list[str] = Field(min_length=1, description="Roles the demand is addressed to; each answers.")
    expires_after: int = Field(2, ge=1, le=50, description="Turns the addressees have to answer after the demand is made.")
    responses: dict[Literal["accept", "reject", "counter"], Response] = Field(
        description="The answers an addressee may give (accept, reject, counter), each an action with its own effects."
    )
    on_accepted: Effects = Field(default_factory=dict, description="Effects once every addressee has accepted. " + EFFECTS_HELP)
    on_rejected: Effects = Field(default_factory=dict, description="Effects once all have answered, some rejecting, none countering.")
    on_countered: Effects = Field(default_factory=dict, description="Effects once all have answered and at least one countered.")
    on_expired: Effects = Field(default_factory=dict, description="Effects when the demand expires unanswered.")


class Event(Outcome):
    """Something that happens by itself: on a date, when a condition holds, with a chance."""

    extends: Extends = extends_field()

    turn: int | None = Field(None, ge=1, description="Turn on which the event can happen (omit for any turn).")
    date: dt.date | None = Field(None, description="Date on which the event can happen; converted to its turn.")
    when: str | None = Field(None, description="Condition (expression) that must hold for the event to happen.")
    chance: Amount = Field(1.0, description="Probability (a number from 0 to 1, or an expression) that it happens when eligible.")
    delay: int = Field(0, ge=0, le=50, description="Turns between the event firing and its effects.")
    once: bool = Field(True, description="Whether it can happen only once per game.")
    public: bool = Field(True, description="Whether every role sees the headline.")
    inject: bool = Field(False, description="A scheduled inject that players and facilitators see listed ahead.")

    @model_validator(mode="after")
    def _one_time(self) -> Event:
        if self.turn is not None and self.date is not None:
            raise ValueError("give either 'turn' or 'date', not both")
        return self


class Reaction(Event):
    """A rule by which a non-player actor reacts, checked every turn."""

    actor: str = Field(description="The non-player actor that reacts (an id from `actors`).")
    once: bool = Field(False, description="Reactions repeat each turn their condition holds, unless once is true.")


class RedLine(Cited):
    """A declared red line, tracked against the moves actually made."""

    extends: Extends = extends_field()

    by: str = Field(description="Role that draws the red line.")
    label: str = Field(description="What the red line says, in a line.")
    declared_by: str | None = Field(None, description="Action that declares it; omit when it stands from the start.")
    trigger: str = Field(description="Condition (expression) that crosses the red line.")
    response: list[str] = Field(min_length=1, description="Actions that honour the red line (any one of them).")
    grace: int = Field(1, ge=0, le=20, description="Turns allowed to respond once crossed.")
    audience_cost: Effects = Field(default_factory=dict, description="Effects when the red line is crossed and not enforced in time.")


class Drift(Cited):
    """How one variable moves by itself each turn."""

    extends: Extends = extends_field()

    var: str = Field(description="Variable that drifts each turn.")
    add: Amount = Field(description="Amount added every turn (number or expression).")
    spread: float = Field(0.0, ge=0, description="Standard deviation of random noise added each turn.")
    when: str | None = Field(None, description="Condition under which the drift applies.")
    note: str | None = Field(None, description="Why the variable drifts (shown as the cause).")


class Ending(Cited):
    """A way the game ends; checked after every turn, in the order written."""

    extends: Extends = extends_field()

    title: str = Field(description="Title shown on the ending screen.")
    text: str = Field(description="What happened, in a paragraph.")
    when: str | None = Field(None, description="Condition that ends the game with this ending (checked after every turn, in order).")
    default: bool = Field(False, description="The ending when the calendar runs out and no other ending holds (exactly one).")
    at_end_only: bool = Field(False, description="Checked only after the last turn (before the default).")


class Term(Strict):
    """One scored term of a role's objectives."""

    label: str = Field(description="What the term rewards, in words.")
    value: str = Field(description="Expression scored, a number (usually 0-1, e.g. \"cohesion / 100\"; a condition scores as \"1 if ... else 0\").")
    weight: float = Field(description="Weight of the term.")


class Objectives(Strict):
    """A role's scoring: terms each turn, terms at the end, and points per ending."""

    extends: Extends = extends_field()

    summary: str | None = Field(None, description="The role's goals in a sentence, for the briefing.")
    each_turn: list[Term] = Field(default_factory=list, description="Terms scored after every turn; when the game ends before the calendar does, the turns left score as the last one did.")
    at_end: list[Term] = Field(default_factory=list, description="Terms scored once, at the end.")
    endings: dict[str, float] = Field(default_factory=dict, description="Points for each ending (map ending id -> points).")


class HistoricalMove(Cited):
    """A documented move of one role, played by the `historical` AI policy."""

    extends: Extends = extends_field()

    turn: int = Field(ge=1, description="Turn of the move (with `until`: the first turn of a move repeated every turn).")
    until: int | None = Field(None, ge=1, description="Last turn of a move repeated every turn from `turn` (a standing rule, "
                              "such as a reaction to a provocation): written once, not once a turn. Left out: `turn` alone.")
    orders: list[str] = Field(description="Actions the role took, in priority order. An order the rules can never allow on this turn "
                              "is an error; `brink validate --deep` counts those dropped in some games.")
    when: str | None = Field(None, description="Condition (on the role's own view) for these orders; else `otherwise`.")
    otherwise: list[str] = Field(default_factory=list, description="Orders when the condition does not hold (the game has left history).")
    note: str | None = Field(None, description="What happened, in a line.")

    @model_validator(mode="after")
    def _range(self) -> HistoricalMove:
        if self.until is not None and self.until < self.turn:
            raise ValueError(f"until ({self.until}) must not come before turn ({self.turn})")
        return self

    def turns_within(self, last: int) -> range:
        """The turns up to ``last`` (the calendar's) the move is played on: ``turn`` alone, or ``turn``
        to ``until`` (never past ``last``, however large a number the file holds)."""
        return range(self.turn, min(self.until or self.turn, last) + 1)


class Briefing(Strict):
    """What a role is told before the game (or, under `public`, what everyone is told)."""

    extends: Extends = extends_field()

    situation: str = Field(description="The situation as the role sees it.")
    objectives: str | None = Field(None, description="What the role wants and how it scores.")
    levers: str | None = Field(None, description="The role's main levers, in prose.")
    knows: str | None = Field(None, description="What the role knows.")
    unknowns: str | None = Field(None, description="What the role does not know.")


class Hint(Strict):
    """A tutorial hint shown to a human player at the start of a turn (the game's faces show them)."""

    extends: Extends = extends_field()

    turn: int | None = Field(None, ge=1, description="Turn on which the hint is shown (omit for every turn its condition holds).")
    role: str | None = Field(None, description="Role that sees the hint (omit for every role).")
    when: str | None = Field(None, description="Condition (expression, on the role's own view) for showing the hint.")
    text: str = Field(description="The hint: what to look at, what to try, and why.")
    points_to: str | None = Field(None, description="Id of the action or variable the hint is about (faces may highlight it).")


Range = tuple[float, float]


class Expect(Strict):
    """What must be true after a scenario test has played (see `tests`)."""

    values: dict[str, Range] = Field(
        default_factory=dict, description="Map variable id -> [low, high]: the true value must lie in the range in every game."
    )
    mean: dict[str, Range] = Field(default_factory=dict, description="Map variable id -> [low, high] for the mean over all games.")
    fired: list[str] = Field(default_factory=list, description="Events or reactions that must have fired in every game.")
    not_fired: list[str] = Field(default_factory=list, description="Events or reactions that must not have fired in any game.")
    legal: dict[str, list[str]] = Field(default_factory=dict, description="Map role -> actions that must be legal next turn in every game.")
    illegal: dict[str, list[str]] = Field(default_factory=dict, description="Map role -> actions that must not be legal next turn in any game.")
    check: list[str] = Field(
        default_factory=list, description="Conditions (expressions on the true state) that must hold in every game, e.g. \"accepted.demand_ceasefire\"."
    )
    ending: str | None = Field(None, description="Ending every game must have reached.")
    over: bool | None = Field(None, description="true: every game must have ended; false: no game may have ended.")
    endings: dict[str, Range] = Field(
        default_factory=dict, description="Map ending id -> [low, high] percent of games that end this way (statistical tests)."
    )
    most_likely: str | None = Field(None, description="The ending that must be the most frequent single ending.")


class ScenarioTest(Strict):
    """A test case the scenario carries, in the spirit of the Diplomacy DATC.

    Without `policies`, it plays exactly the turns listed in `turns` (given
    variables and orders, after the turn X is in a range). With `policies`, it
    then plays every game to its end with those AI policies (with these
    policies, ending E happens in 40-80% of 2,000 games).
    """

    extends: Extends = extends_field()

    name: str = Field(description="What the test checks, in a line (shown by `brink test`).")
    claim: str | None = Field(None, description="The modelling claim the test checks, in words.")
    source: str | None = Field(None, description="Source key of the claim (optional).")
    values: dict[str, float] = Field(default_factory=dict, description="Given: map variable id -> value at the start, replacing `initial`.")
    turns: list[dict[str, list[str]]] = Field(
        default_factory=list,
        description="Orders played turn by turn from turn 1: each item maps role -> action ids. Orders the rules do not allow are dropped, as in a game.",
    )
    policies: dict[str, str] | None = Field(
        None, description="After `turns`, play every game to its end with these AI policies (map role -> policy; roles not named play `historical`)."
    )
    games: int = Field(1, ge=1, le=100_000, description="Number of games played (use hundreds or thousands for statistical tests).")
    seed: int = Field(0, ge=0, le=2**63 - 1, description="Seed of the games; a test is exactly reproducible.")
    expect: Expect = Field(description="What must hold after play.")


class Scenario(Strict):
    """A whole crisis: calendar, roles, variables, moves, events, endings and scoring."""

    format: Literal[1] = Field(1, description="Version of the scenario format (1).")
    id: str = Field(pattern=SCENARIO_ID_PATTERN, description="Identifier used on the command line (e.g. crisis-1962); by convention the file name.")
    title: str = Field(description="Title shown in menus.")
    summary: str = Field(description="One paragraph on what the scenario is about.")
    include: list[str] = Field(
        default_factory=list, max_length=50,
        description="Other files whose sections join this file's, each a path relative to this file (`parts/sanctions.yaml`), "
        "or `shipped:FILE` for one in the shipped scenarios folder. Only .yaml files under this scenario's folder or the "
        "shipped folder; no absolute paths, URLs or cycles (see the authoring guide).")
    language: str = Field(
        "en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$",
        description="Language of the scenario's text (a language code: en, de, uk ...). Translations live in "
        "`locales/FILE.LANG.yaml` beside the scenario.")
    calendar: Calendar = Field(description="When the game starts, the length of a turn and the number of turns.")
    roles: dict[str, Role] = Field(description="Player roles by id (each can be human or AI).")
    actors: dict[str, Actor] = Field(default_factory=dict, description="Non-player actors that react by rule, by id.")
    sources: dict[str, Source] = Field(default_factory=dict, description="The documents this scenario is modelled on, by citation key.")
    templates: dict[str, Template] = Field(
        default_factory=dict,
        description="Reusable pieces of items, by name; an item writes `extends: NAME` to start from one.")
    variables: dict[str, Variable] = Field(description="The numbers the game tracks, by id; expressions use these ids.")
    levers: dict[str, Lever] = Field(default_factory=dict, description="Sanctions levers, each with a threaten and an impose step.")
    deployments: dict[str, Action] = Field(default_factory=dict, description="Troop deployments and military moves.")
    decisions: dict[str, Decision] = Field(default_factory=dict, description="Alliance decisions that need consensus.")
    consensus: Consensus | None = Field(None, description="The consensus rule for decisions: the member blocs; each decision names the ones it needs.")
    demands: dict[str, Demand] = Field(default_factory=dict, description="Demands one role makes of others.")
    diplomacy: dict[str, Action] = Field(default_factory=dict, description="Diplomatic moves: summits, talks, consultations.")
    actions: dict[str, Action] = Field(default_factory=dict, description="Other actions (statements, recognitions ...).")
    red_lines: dict[str, RedLine] = Field(default_factory=dict, description="Declared red lines, tracked against actual moves.")
    events: dict[str, Event] = Field(default_factory=dict, description="Scheduled and conditional events (injects).")
    reactions: dict[str, Reaction] = Field(default_factory=dict, description="Rules by which non-player actors react.")
    drift: list[Drift] = Field(default_factory=list, description="How variables move each turn by themselves.")
    endings: dict[str, Ending] = Field(description="How the game can end, checked in the order written; exactly one is the default.")
    objectives: dict[str, Objectives] = Field(default_factory=dict, description="Each role's scoring, by role id.")
    historical: dict[str, list[HistoricalMove]] = Field(default_factory=dict, description="Each role's documented moves, turn by turn (the `historical` AI).")
    briefings: dict[str, Briefing] = Field(default_factory=dict, description="Briefing text per role id, plus 'public' for everyone.")
    hints: list[Hint] = Field(default_factory=list, description="Tutorial hints shown to human players at the start of a turn.")
    tests: list[ScenarioTest] = Field(default_factory=list, description="The scenario's own test cases, run by `brink test`.")
    ladder: str | None = Field(
        None, description="Variable shown as the escalation ladder (left out: the first variable with `rungs`).")
    map: MapSection | None = Field(
        None, description="The map: a region of the bundled world map, its places, areas, lines and markers "
        "(left out: the whole world, without markers).")

    @field_validator(*ID_SECTIONS)
    @classmethod
    def _ids(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key in value:
            if not _ID.match(key):
                raise ValueError(f"'{key}' is not a valid id (lower-case letters, digits and _, starting with a letter)")
        return value
