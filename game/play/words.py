"""The words for what the engine records: a headline and a line of text for each report entry.

The engine records causes (a phase, a kind, the id of what caused it); the scenario's
own headlines come along. Where the scenario has none to give (an order that was not
carried out, a demand answered, a threat come due, a pledge broken, an act of control),
every face words the entry here, so the terminal, the window, the LAN clients, the
projector and the reports say the same thing.

>>> from game.scenario import load_rules
>>> from game.engine.report import Entry
>>> rules = load_rules("winter-2021")
>>> headline(rules, Entry("threats", "threat_broken", "sanction_banks", "", role=0))
'An empty threat: Cut major banks off from dollar transactions'
>>> change_line(rules.variables[0].label, 8.0, "Russia: Joint war games in Belarus", "wt-2022-01-26")
'Tension +8: Russia: Joint war games in Belarus (wt-2022-01-26)'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable

from ..engine.adjudicate import Adjustment
from ..engine.report import Entry, TurnReport
from ..engine.rules import Rules
from .acts import Act, AdjustAct, LeakAct, MessageAct, NoteAct, PurgeAct, UndoAct
from .negotiation import PROMISE_VERBS, Message

DEMAND_OUTCOMES = {
    "demand_accepted": "accepted",
    "demand_rejected": "rejected",
    "demand_countered": "answered with a counter-offer",
    "demand_expired": "expired unanswered",
}
TEXTS = {
    "threat_broken": "A threat not carried out when its moment came costs its author credibility.",
    "commitment_broken": "A public commitment not kept costs its author credibility.",
    "refrain_broken": "A public commitment not kept costs its author credibility.",
    "offer_broken": "A promised answer not given costs its author credibility.",
}


def headline(rules: Rules, e: Entry) -> str:
    """The entry's headline: the scenario's own, or words for its kind and id."""
    if e.headline:
        return e.headline
    kind = e.kind
    if kind in ("fizzled", "dropped", "no_consensus") or kind.startswith(("commitment_", "refrain_", "offer_")):
        label = _action_label(rules, e)
        if kind == "fizzled":
            return f"{label}: no result"
        if kind == "dropped":
            return f"Order not carried out: {label} (not allowed now or over budget)"
        if kind == "no_consensus":
            return f"No consensus: {label} fails"
        return _pledge_headline(rules, e, label)
    if kind in DEMAND_OUTCOMES:
        return f"Demand {DEMAND_OUTCOMES[kind]}: {rules.demands[rules.demand_index[e.id]].label}"
    if kind == "delayed":
        return f"Consequences: {rules.events[rules.event_index[e.id]].headline}"
    if kind.startswith("threat_") and e.id in rules.threat_index:
        t = rules.threats[rules.threat_index[e.id]]
        if kind == "threat_due":
            return f"{'Threat comes due' if t.kind == 'threat' else 'Red line crossed'}: {t.label}"
        if kind == "threat_honored":
            return f"Kept its word: {t.label}"
        if kind == "threat_broken":
            return f"An empty threat: {t.label}"
    if e.phase == "control":
        return control_headline(rules, kind, e.id)
    return e.id


def text(rules: Rules, e: Entry) -> str:
    """The entry's longer text: the scenario's own, or a line explaining an engine rule."""
    if e.text:
        return e.text
    if e.phase == "reckoning" and e.kind == "threat_broken":
        return "The crisis ended with the threat due and not carried out: its author pays for it now."
    return TEXTS.get(e.kind, "")


def control_headline(rules: Rules, kind: str, target: str, value: float | None = None) -> str:
    """What an act of control is called when its author gave it no headline."""
    if kind == "set":
        label = rules.variables[rules.var_index[target]].label if target in rules.var_index else target
        return f"Control sets {label}" + (f" to {value:g}" if value is not None else "")
    if kind == "effects":
        return "Control inject"
    if kind == "suppress_event" and target in rules.event_index:
        return f"Control: {rules.events[rules.event_index[target]].headline} will not happen"
    if kind == "fire_event" and target in rules.event_index:
        return rules.events[rules.event_index[target]].headline
    if kind == "declare" and target in rules.threat_index:
        t = rules.threats[rules.threat_index[target]]
        return f"{rules.role_names[t.by]} declares: {t.label}"
    return kind


def worded(rules: Rules, adj: Adjustment) -> Adjustment:
    """``adj`` with its headline filled in (an act of control is recorded with the words it was shown with)."""
    if adj.headline:
        return adj
    value = adj.value if adj.kind == "set" else None
    return dataclasses.replace(adj, headline=control_headline(rules, adj.kind, adj.target, value))


def worded_report(rules: Rules, report: TurnReport) -> TurnReport:
    """A copy of ``report`` whose entries all carry their headline and text."""
    return dataclasses.replace(report, entries=[worded_entry(rules, e) for e in report.entries])


def worded_entry(rules: Rules, e: Entry) -> Entry:
    return dataclasses.replace(e, headline=headline(rules, e), text=text(rules, e))


def _action_label(rules: Rules, e: Entry) -> str:
    if e.role is not None:
        try:
            return rules.action(rules.roles[e.role], e.id).label
        except KeyError:
            pass
    index = rules.action_ids.get(e.id, [None])[0]
    return rules.actions[index].label if index is not None else e.id


def _pledge_headline(rules: Rules, e: Entry, label: str) -> str:
    word, _, outcome = e.kind.partition("_")
    who = rules.role_names[e.role] if e.role is not None else "A role"
    when = f" by {rules.turn_word} {e.due}" if e.due is not None else ""
    if word in ("commitment", "refrain"):  # the verbs every face words a promise with (Statement.describe)
        promise = f"will {PROMISE_VERBS[word == 'commitment']} “{label}”{when}"
    else:
        promise = f"will answer '{label}'{when}"
    return f"{who} {'keeps' if outcome == 'kept' else 'breaks'} its word: {promise}"


def fmt(value: float) -> str:
    """A number as the faces show it: whole where it is (nearly) whole, else to one decimal."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 or abs(value) >= 100 else f"{value:.1f}"


def change_line(label: str, delta: float, cause: str, source: str | None) -> str:
    """'Tension +8: cause (source)', the way every face states a consequence (``label``: the variable's)."""
    sign = "+" if delta >= 0 else "-"
    cite = f" ({source})" if source else ""
    return f"{label} {sign}{fmt(abs(delta))}: {cause}{cite}"


def act_what(act: Act) -> str:
    """What an act did, in a few words: 'set tension = 70', 'undo act #3', 'message us -> all'."""
    if isinstance(act, AdjustAct):
        adj = act.adjustment
        what = f"{adj.kind} {adj.target}" + (f" = {fmt(adj.value)}" if adj.kind == "set" else "")
        if adj.effects:
            what += " (" + ", ".join(f"{k} {v:+g}" for k, v in adj.effects.items()) + ")"
        return what + (f": {adj.headline}" if adj.headline else "")
    if isinstance(act, UndoAct):
        return f"undo act #{act.undoes}"
    if isinstance(act, LeakAct):
        return f"leaked message #{act.message_id}"
    if isinstance(act, MessageAct):
        return f"message {act.message.sender} -> {act.message.to}"
    if isinstance(act, PurgeAct):
        since = f" from {act.since_turn}" if act.since_turn is not None else ""
        return f"purged the messages of {act.sender}{since}"
    return "note"


def act_why(act: Act) -> str:
    """The act's reason, note or text."""
    if isinstance(act, (AdjustAct, UndoAct, PurgeAct)):
        return act.reason
    if isinstance(act, LeakAct):
        return act.note
    if isinstance(act, NoteAct):
        return act.text
    return act.message.text


def message_line(rules: Rules | None, message: Message, settled: dict[int, str] | None = None,
                 turn_word: str = "turn", me: str | None = None, answered: Collection[int] = ()) -> str:
    """'week 3 · us → russia: text' with the statement, its outcome and any leak note (without the
    rules, a LAN client's, the statement is named by its kind and id and the turn by ``turn_word``).

    A deal shows how to answer it ('accept 4') only to the role it is offered to (``me``; any
    reader when ``me`` is None) and only while it is not ``answered``: a US player was told
    "'accept 1' or 'reject 1'" of a deal Moscow had put to NATO, which NATO had turned down."""
    to = "all" if message.to == "all" else message.to
    word = rules.turn_word if rules is not None else turn_word
    line = f"{word} {message.turn} · {message.sender} → {to}: {message.text}"
    if message.statement is not None:
        said = message.statement
        line += f"  [{said.describe(rules) if rules is not None else said.kind.replace('_', ' ') + ' ' + said.ref}]"
        outcome = (settled or {}).get(message.id)
        if outcome:
            line += f" ({outcome})"
        elif (said.proposal and message.to in ("all", said.ref) and me in (None, said.ref)
              and message.id not in answered):  # the number its answer names
            line += f"  (deal #{message.id}: 'accept {message.id}' or 'reject {message.id}')"
    if message.leaked is not None:
        line += f"  (leaked by control: {message.leaked})"
    return line


def order_notes(a, turn_word: str = "turn") -> list[str]:
    """What a player should know before giving an order (an ``engine.observe.ActionView``), in words.

    >>> from game.engine.observe import ActionView
    >>> from game.engine.rules import Cite
    >>> a = ActionView("x", "Give the guarantee", "decision", 1, "", Cite(""), {}, uses_left=1, vote=True,
    ...                consent=0.03, fail_headline="Allies refuse", fail_effects={"NATO cohesion": "-8"},
    ...                decides=["The West gives the guarantee"])
    >>> order_notes(a, "week")  # doctest: +NORMALIZE_WHITESPACE
    ['Decides how the game ends: The West gives the guarantee (when the last week is over).',
     'Allies must agree: about a 3% chance they all do, as far as you can judge. If they do not: Allies refuse (NATO cohesion -8).',
     'Can be given once more in this game.']
    """
    notes = []
    if a.ends:
        notes.append("Ends the game: " + " or ".join(a.ends) + ".")
    if a.decides:
        notes.append("Decides how the game ends: " + " or ".join(a.decides) + f" (when the last {turn_word} is over).")
    if a.vote:
        odds = (f"about a {chance_words(a.consent)} chance they all do, as far as you can judge" if a.consent is not None
                else "you cannot judge how likely they are to")
        failure = ""
        if a.fail_headline or a.fail_effects:
            cost = "; ".join(f"{k} {v}" for k, v in a.fail_effects.items())
            failure = " If they do not: " + (a.fail_headline or "the decision fails") + (f" ({cost})" if cost else "") + "."
        notes.append(f"Allies must agree: {odds}.{failure}")
    if a.unlocks:
        notes.append("Opens: " + "; ".join(a.unlocks) + ".")
    if a.uses_left is not None:
        notes.append({0: "Cannot be given again.", 1: "Can be given once more in this game."}.get(
            a.uses_left, f"Can be given {a.uses_left} more times in this game."))
    return notes


def chance_words(p: float) -> str:
    """A chance as a player reads it: '3%', 'under 1%', 'over 99%'."""
    if p < 0.01:
        return "under 1%" if p > 0 else "0%"
    if p > 0.99:
        return "over 99%" if p < 1 else "100%"
    return f"{p * 100:.0f}%"


def source_name(rules: Rules | None, key: str | None) -> str:
    """A source as a reader cites it: 'The Washington Times, 26 Jan 2022' for the key 'wt-2022-01-26'.

    The scenario's ``sources`` give the title (the part before a colon) and the date; a key the
    scenario does not list, or no rules (a LAN client), is shown as it is.

    >>> from game.scenario import load_rules
    >>> source_name(load_rules("winter-2021"), "wt-2022-01-26")
    'The Washington Times, 26 Jan 2022'
    >>> source_name(load_rules("winter-2021"), "assumption")
    "The scenario's own assumption"
    """
    if not key:
        return "none given"
    info = (getattr(rules, "sources", None) or {}).get(key)
    if not info or not info.get("title"):
        return key
    title = info["title"].split(":")[0].strip()
    if len(title) > 60 and "(" in title:  # a long title's aside is for the list of sources, not each citation
        title = title[:title.index("(")].strip() or title
    if len(title) > 60:
        title = title[:57].rstrip() + "…"
    date = info.get("date")
    if date:
        try:
            title += f", {dt.date.fromisoformat(date):%-d %b %Y}"
        except ValueError:
            pass
    return title


def answered_deals(messages: Iterable[Message]) -> set[int]:
    """The ids of the deals some message answers (accepted, rejected or countered).

    >>> from game.play.negotiation import Message, Statement
    >>> reply = Message(id=2, turn=1, time="t", sender="nato", to="all", text="No.",
    ...                 statement=Statement(kind="reply", ref="russia", deal=1, verdict="reject"))
    >>> answered_deals([reply])
    {1}
    """
    return {m.statement.deal for m in messages
            if m.statement is not None and m.statement.kind == "reply" and m.statement.deal is not None}
