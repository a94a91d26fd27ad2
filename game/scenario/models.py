"""The scenario format as pydantic models: what an author may write, and what it means.

Every model forbids unknown keys, so a typo is an error with a location rather
than a silently ignored line. Expressions stay text here; ``compile.py`` turns
them into numpy closures after the cross-reference pass has checked every id.

>>> Variable(label="Tension", min=0, max=100, initial=35, source="wt-2022-01-26").visible_to
'all'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
_ID = re.compile(ID_PATTERN)

Amount = Union[float, str]
"""A number, or an expression (text) evaluated in the game when the effect applies."""

Effects = dict[str, Amount]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Cited(Strict):
    """Anything taken from the documents names its source, and may quote it."""

    source: str = Field(description="Key of the source document (from the `sources` section) this item is modelled on.")
    quote: str | None = Field(None, description="A short quotation from the source that supports this item.")


class Source(Strict):
    title: str = Field(description="Title of the document, as a reader would cite it.")
    date: str | None = Field(None, description="The date the document speaks from (YYYY-MM-DD).")
    file: str | None = Field(None, description="Where the document lives, relative to the project (optional).")


class Calendar(Strict):
    start: dt.date = Field(description="Date of the first turn (YYYY-MM-DD).")
    days_per_turn: int = Field(7, ge=1, le=366, description="Length of one turn in days (7 = weekly, 30 = monthly).")
    turns: int = Field(ge=1, le=200, description="Number of turns; when the last one resolves without an ending, the default ending applies.")


class Role(Strict):
    name: str = Field(description="Name shown to players (e.g. 'United States').")
    budget: int = Field(ge=0, le=50, description="Action points the role may spend each turn.")
    color: str | None = Field(None, description="Display colour as #rrggbb (optional).")
    leader: str | None = Field(None, description="Who speaks for the role (shown in reports).")


class Actor(Strict):
    name: str = Field(description="A non-player actor that reacts by rule (e.g. Ukraine).")
    description: str | None = Field(None, description="One line on who this actor stands for.")


class Rung(Strict):
    at: float = Field(description="Value of the variable at which this rung begins.")
    name: str = Field(description="Name of the rung on the escalation ladder.")


class Variable(Strict):
    label: str = Field(description="Name shown to players.")
    unit: str = Field("", description="Unit shown after values (e.g. 'thousand troops').")
    min: float = Field(0, description="Lowest value; the engine clamps to it.")
    max: float = Field(100, description="Highest value; the engine clamps to it.")
    initial: float = Field(description="Value at the start of the game.")
    visible_to: Union[Literal["all"], list[str]] = Field("all", description="Roles that see the true value: 'all' or a list of role ids.")
    intel_noise: Union[float, dict[str, float], None] = Field(
        None,
        description="Roles that cannot see the variable get an intelligence estimate with this standard deviation "
        "(a number for all of them, or a map role -> sd). Leave out to keep it fully hidden.",
    )
    rungs: list[Rung] = Field(default_factory=list, description="Named rungs (the escalation ladder), lowest first.")
    description: str | None = Field(None, description="What the variable measures, for briefings and tooltips.")
    source: str = Field(description="Key of the source document this variable is modelled on.")
    quote: str | None = Field(None, description="A short quotation from the source.")

    @model_validator(mode="after")
    def _bounds(self) -> "Variable":
        if self.min >= self.max:
            raise ValueError(f"min ({self.min:g}) must be below max ({self.max:g})")
        if not self.min <= self.initial <= self.max:
            raise ValueError(f"initial value {self.initial:g} is outside [{self.min:g}, {self.max:g}]")
        return self


class Outcome(Cited):
    """What happens: effects on variables, with an optional chance and noise."""

    effects: Effects = Field(default_factory=dict, description="Map variable id -> amount added (a number or an expression).")
    spread: dict[str, float] = Field(default_factory=dict, description="Map variable id -> standard deviation of random noise added to that effect.")
    headline: str | None = Field(None, description="Newspaper-style headline shown in the turn report.")
    text: str | None = Field(None, description="A sentence or two of report text.")


class ActionBase(Outcome):
    label: str | None = Field(None, description="Short name shown in the orders panel (defaults to the id).")
    description: str | None = Field(None, description="What the action is and what it is expected to do (tooltip text).")
    cost: int = Field(1, ge=0, le=50, description="Action points it costs from the role's budget.")
    when: str | None = Field(None, description="Condition (expression) under which the action is legal.")
    max_uses: int | None = Field(1, ge=1, description="How often it may be taken in a game (null = unlimited).")
    excludes: list[str] = Field(default_factory=list, description="Actions that cannot be ordered in the same turn as this one.")
    public: bool = Field(True, description="Whether other roles learn that it was taken (its headline is public).")
    chance: Amount = Field(1.0, description="Probability (number or expression) that the action takes effect when ordered.")


class Action(ActionBase):
    role: str = Field(description="Role that may take the action.")


class LeverStep(ActionBase):
    """One step of a sanctions lever: threatening it, or imposing it."""

    source: str | None = Field(None, description="Source key (defaults to the lever's).")  # type: ignore[assignment]


class Lever(Cited):
    role: str = Field(description="Role that holds the lever.")
    label: str = Field(description="Name of the lever (e.g. 'Sanction Putin personally').")
    description: str | None = Field(None, description="What the lever is.")
    threaten: LeverStep = Field(description="The threat: announcing the sanction and its trigger.")
    impose: LeverStep = Field(description="Imposing the sanction.")
    trigger: str | None = Field(
        None, description="Condition (expression) that calls the threat due. When it holds and the lever is not imposed within `grace` turns, the threatener pays the audience cost."
    )
    grace: int = Field(1, ge=0, le=20, description="Turns allowed to carry out the threat once its trigger holds.")
    audience_cost: Effects = Field(default_factory=dict, description="Effects applied when a declared threat is not carried out in time.")


class Decision(ActionBase):
    """A NATO decision: needs consensus among the member blocs."""

    role: str = Field("nato", description="Role that takes the decision.")
    agree: dict[str, Amount] = Field(
        default_factory=dict, description="Map member bloc -> probability (expression) that it agrees; blocs left out use their default."
    )
    on_fail: Effects = Field(default_factory=dict, description="Effects when consensus fails (the cost of a public split).")
    fail_headline: str | None = Field(None, description="Headline shown when consensus fails.")


class Bloc(Cited):
    label: str = Field(description="Who the bloc stands for (e.g. 'Eastern flank: Poland, the Baltic states').")
    agree: Amount = Field(description="Default probability (expression) that the bloc agrees to a decision.")


class Consensus(Strict):
    description: str | None = Field(None, description="How the alliance decides, for briefings.")
    blocs: dict[str, Bloc] = Field(description="The member blocs whose agreement a decision needs.")


class Response(ActionBase):
    """An answer to a demand: accept, reject or counter."""

    source: str | None = Field(None, description="Source key (defaults to the demand's).")  # type: ignore[assignment]
    max_uses: int | None = Field(1, ge=1, description="How often it may be given (normally once).")


class Demand(ActionBase):
    by: str = Field(description="Role that makes the demand.")
    to: list[str] = Field(min_length=1, description="Roles the demand is addressed to; each answers.")
    expires_after: int = Field(2, ge=1, le=50, description="Turns the addressees have to answer after the demand is made.")
    responses: dict[Literal["accept", "reject", "counter"], Response] = Field(
        description="The answers an addressee may give (accept, reject, counter)."
    )
    on_accepted: Effects = Field(default_factory=dict, description="Effects once every addressee has accepted.")
    on_rejected: Effects = Field(default_factory=dict, description="Effects once all have answered, some rejecting, none countering.")
    on_countered: Effects = Field(default_factory=dict, description="Effects once all have answered and at least one countered.")
    on_expired: Effects = Field(default_factory=dict, description="Effects when the demand expires unanswered.")


class Event(Outcome):
    turn: int | None = Field(None, ge=1, description="Turn on which the event can happen (omit for any turn).")
    date: dt.date | None = Field(None, description="Date on which the event can happen; converted to its turn.")
    when: str | None = Field(None, description="Condition (expression) that must hold for the event to happen.")
    chance: Amount = Field(1.0, description="Probability (number or expression) that it happens when eligible.")
    delay: int = Field(0, ge=0, le=50, description="Turns between the event firing and its effects.")
    once: bool = Field(True, description="Whether it can happen only once per game.")
    public: bool = Field(True, description="Whether every role sees the headline.")
    inject: bool = Field(False, description="A scheduled inject that facilitators see listed ahead.")

    @model_validator(mode="after")
    def _one_time(self) -> "Event":
        if self.turn is not None and self.date is not None:
            raise ValueError("give either 'turn' or 'date', not both")
        return self


class Reaction(Event):
    actor: str = Field(description="The non-player actor that reacts.")
    once: bool = Field(False, description="Reactions repeat each turn their condition holds, unless once is true.")


class RedLine(Cited):
    by: str = Field(description="Role that draws the red line.")
    label: str = Field(description="What the red line says, in a line.")
    declared_by: str | None = Field(None, description="Action that declares it; omit when it stands from the start.")
    trigger: str = Field(description="Condition (expression) that crosses the red line.")
    response: list[str] = Field(min_length=1, description="Actions that honour the red line (any one of them).")
    grace: int = Field(1, ge=0, le=20, description="Turns allowed to respond once crossed.")
    audience_cost: Effects = Field(default_factory=dict, description="Effects when the red line is crossed and not enforced in time.")


class Drift(Cited):
    var: str = Field(description="Variable that drifts each turn.")
    add: Amount = Field(description="Amount added every turn (number or expression).")
    spread: float = Field(0.0, ge=0, description="Standard deviation of random noise added each turn.")
    when: str | None = Field(None, description="Condition under which the drift applies.")
    note: str | None = Field(None, description="Why the variable drifts (shown as the cause).")


class Ending(Cited):
    title: str = Field(description="Title shown on the ending screen.")
    text: str = Field(description="What happened, in a paragraph.")
    when: str | None = Field(None, description="Condition that ends the game with this ending (checked after every turn, in order).")
    default: bool = Field(False, description="The ending when the calendar runs out and no other ending holds (exactly one).")
    at_end_only: bool = Field(False, description="Checked only after the last turn (before the default).")


class Term(Strict):
    label: str = Field(description="What the term rewards, in words.")
    value: str = Field(description="Expression scored (usually 0-100 or 0/1).")
    weight: float = Field(description="Weight of the term.")


class Objectives(Strict):
    summary: str | None = Field(None, description="The role's goals in a sentence, for the briefing.")
    each_turn: list[Term] = Field(default_factory=list, description="Terms scored after every turn.")
    at_end: list[Term] = Field(default_factory=list, description="Terms scored once, at the end.")
    endings: dict[str, float] = Field(default_factory=dict, description="Points for each ending.")


class HistoricalMove(Strict):
    turn: int = Field(ge=1, description="Turn of the move.")
    orders: list[str] = Field(description="Actions the role took, in priority order.")
    when: str | None = Field(None, description="Condition (on the role's own view) for these orders; else `otherwise`.")
    otherwise: list[str] = Field(default_factory=list, description="Orders when the condition does not hold (the game has left history).")
    source: str = Field(description="Source key that documents the move.")
    quote: str | None = Field(None, description="Supporting quotation.")
    note: str | None = Field(None, description="What happened, in a line.")


class Briefing(Strict):
    situation: str = Field(description="The situation as the role sees it.")
    objectives: str | None = Field(None, description="What the role wants and how it scores.")
    levers: str | None = Field(None, description="The role's main levers, in prose.")
    knows: str | None = Field(None, description="What the role knows.")
    unknowns: str | None = Field(None, description="What the role does not know.")


class Scenario(Strict):
    """A whole crisis: calendar, roles, variables, moves, events, endings and scoring."""

    format: Literal[1] = Field(1, description="Version of the scenario format.")
    id: str = Field(pattern=ID_PATTERN.replace("_]", "_-]"), description="Identifier used on the command line (e.g. winter-2021).")
    title: str = Field(description="Title shown in menus.")
    summary: str = Field(description="One paragraph on what the scenario is about.")
    calendar: Calendar
    roles: dict[str, Role] = Field(description="Player roles (each can be human or AI).")
    actors: dict[str, Actor] = Field(default_factory=dict, description="Non-player actors that react by rule.")
    sources: dict[str, Source] = Field(description="The documents this scenario is modelled on, by citation key.")
    variables: dict[str, Variable]
    levers: dict[str, Lever] = Field(default_factory=dict, description="Sanctions levers, each with a threaten and an impose step.")
    deployments: dict[str, Action] = Field(default_factory=dict, description="Troop deployments and military moves.")
    decisions: dict[str, Decision] = Field(default_factory=dict, description="Alliance decisions that need consensus.")
    consensus: Consensus | None = Field(None, description="The consensus rule for decisions.")
    demands: dict[str, Demand] = Field(default_factory=dict, description="Demands one role makes of others.")
    diplomacy: dict[str, Action] = Field(default_factory=dict, description="Diplomatic moves: summits, talks, consultations.")
    actions: dict[str, Action] = Field(default_factory=dict, description="Other actions.")
    red_lines: dict[str, RedLine] = Field(default_factory=dict, description="Declared red lines, tracked against actual moves.")
    events: dict[str, Event] = Field(default_factory=dict, description="Scheduled and conditional events (injects).")
    reactions: dict[str, Reaction] = Field(default_factory=dict, description="Rules by which non-player actors react.")
    drift: list[Drift] = Field(default_factory=list, description="How variables move each turn by themselves.")
    endings: dict[str, Ending]
    objectives: dict[str, Objectives] = Field(default_factory=dict, description="Each role's scoring.")
    historical: dict[str, list[HistoricalMove]] = Field(default_factory=dict, description="Each role's documented moves, turn by turn.")
    briefings: dict[str, Briefing] = Field(default_factory=dict, description="Briefing text per role, plus 'public'.")

    @field_validator(
        "roles", "actors", "variables", "levers", "deployments", "decisions", "demands",
        "diplomacy", "actions", "red_lines", "events", "reactions", "endings",
    )
    @classmethod
    def _ids(cls, value: dict) -> dict:
        for key in value:
            if not _ID.match(key):
                raise ValueError(f"'{key}' is not a valid id (lower-case letters, digits and _, starting with a letter)")
        return value
