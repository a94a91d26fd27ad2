"""The twelve claims of MODEL.md, checked by simulating the winter-2021 scenario.

Each test plays two (or three) batches that differ in one thing, a role's
policy or one action, with fixed seeds, and asserts the difference the claim
predicts with z > 3. Policies are the shipped ones (``historical``,
``passive``, ``fixed:...``) or ``Edited``: a role's historical play with some
actions taken out, swapped or added, which is how "the documented path,
with / without this move" is expressed.

Every batch takes well under a second; the file runs in seconds.
"""

from __future__ import annotations

import copy
import json
import math

import numpy as np

from game.ai import make_policy
from game.ai.policies import Policy
from game.engine.state import BatchState, initial_state
from game.simulation import play_batch

GAMES = 3000
Z = 3.0


# --- helpers ------------------------------------------------------------------------------

class Edited(Policy):
    """Another policy's orders, with actions dropped, swapped or added (every turn)."""

    def __init__(self, rules, role: str, base: str = "historical", drop=(), swap=None, add=()):
        super().__init__(rules, role)
        self.base = make_policy(base, rules, role)
        self.drop = [rules.action(role, a).index for a in drop]
        self.swap = [(rules.action(role, a).index, rules.action(role, b).index) for a, b in (swap or {}).items()]
        self.add = [rules.action(role, a).index for a in add]
        self.name = f"edited:{base}"

    def decide(self, obs):
        out = self.base.decide(obs).copy()
        out[:, self.drop] = False
        for a, b in self.swap:
            out[:, b] |= out[:, a]
            out[:, a] = False
        for a in self.add:
            out[:, a] |= obs.legal[:, a]
        return out


class Run:
    """A finished batch, with the state at the start of every turn kept."""

    def __init__(self, rules, policies: dict, games: int = GAMES, seed: int = 1):
        self.rules = rules
        made = []
        for role in rules.roles:
            p = policies.get(role, "historical")
            made.append(make_policy(p, rules, role) if isinstance(p, str) else p)
        self.snapshots: dict[int, np.ndarray] = {}

        def keep(state: BatchState, _orders) -> None:
            self.snapshots[state.turn] = state.values.copy()

        self.state = play_batch(rules, made, initial_state(rules, seed, games), keep)
        self.n = games

    def ending(self, ending_id: str) -> np.ndarray:
        return self.state.ending == next(e.index for e in self.rules.endings if e.id == ending_id)

    def final(self, var: str) -> np.ndarray:
        return self.state.values[:, self.rules.var_index[var]]

    def at(self, turn: int, var: str) -> np.ndarray:
        """Values at the start of ``turn`` (after turn - 1 was resolved)."""
        return self.snapshots[turn][:, self.rules.var_index[var]]

    def uses(self, *action_ids: str) -> np.ndarray:
        idx = [a.index for a in self.rules.actions if a.id in action_ids]
        return self.state.uses[:, idx].sum(axis=1)


def z_means(a: np.ndarray, b: np.ndarray) -> float:
    """z of mean(a) - mean(b) (Welch); infinite when both are exact and differ."""
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    diff = float(a.mean() - b.mean())
    if se == 0:
        return math.copysign(math.inf, diff) if diff else 0.0
    return diff / se


def z_props(a: np.ndarray, b: np.ndarray) -> float:
    """z of the difference of two proportions (pooled)."""
    p1, p2 = a.mean(), b.mean()
    p = (a.sum() + b.sum()) / (len(a) + len(b))
    se = math.sqrt(p * (1 - p) * (1 / len(a) + 1 / len(b)))
    if se == 0:
        return 0.0
    return float((p1 - p2) / se)


def invaded(run: Run) -> np.ndarray:
    return run.ending("full_invasion")


THREATS = ["sanction_personal_putin.threaten", "sanction_export_controls.threaten", "sanction_banks.threaten",
           "sanction_central_bank.threaten", "sanction_energy.threaten", "warn_heavy_price"]


# --- the claims ---------------------------------------------------------------------------

def test_claim_01_massing_and_drills_raise_tension_and_readiness(rules):
    """1. Massing troops and drills raise tension and invasion_readiness."""
    quiet = Run(rules, {"russia": "passive", "us": "passive", "nato": "passive"})
    loud = Run(rules, {"russia": "fixed:mass_troops,drills_belarus,naval_drills", "us": "passive", "nato": "passive"})
    for var in ("tension", "invasion_readiness"):
        assert z_means(loud.at(4, var), quiet.at(4, var)) > Z, var
        assert z_means(loud.final(var), quiet.final(var)) > Z, var


def test_claim_02_invasion_hardens_western_resolve(rules):
    """2. If Russia invades, nato_cohesion rises and sanctions escalate."""
    invade = Run(rules, {"russia": "fixed:mass_troops,drills_belarus,full_invasion"})
    mass = Run(rules, {"russia": "fixed:mass_troops,drills_belarus"})
    assert invade.ending("full_invasion").mean() > 0.9
    # Compare each side in the same week: the invasion games' last state with
    # the other batch at the start of the week after the typical invasion ended.
    week = int(np.median(invade.state.ended_turn)) + 1
    assert z_means(invade.final("nato_cohesion"), mass.at(week, "nato_cohesion")) > Z
    imposed = ("sanction_personal_putin", "sanction_export_controls", "sanction_banks",
               "sanction_central_bank", "sanction_energy")
    assert z_means(invade.uses(*imposed), mass.uses(*imposed)) > Z
    assert z_means(mass.at(week, "russia_economy"), invade.final("russia_economy")) > Z


def test_claim_03_threatened_sanctions_deter_only_partly(rules):
    """3. Threats lower the chance of invasion, but not to zero; how much differs by game."""
    threats = Run(rules, {"us": Edited(rules, "us", add=THREATS)})
    none = Run(rules, {"us": Edited(rules, "us", drop=THREATS)})
    assert z_props(invaded(none), invaded(threats)) > Z
    assert invaded(threats).mean() > 0.25  # not to zero: the crisis is about security
    # The documents' disagreement, kept as uncertainty: where Moscow weighs the
    # economy lightly, the same threats deter less.
    sens = threats.final("kremlin_cost_sensitivity")
    low, high = sens < 30, sens > 50
    assert z_props(invaded(threats)[low], invaded(threats)[high]) > Z


def test_claim_04_flat_rejection_raises_diplomatic_path_lowers(rules):
    """4. A flat rejection raises the chance of invasion; the diplomatic path lowers it."""
    counter = {"demand_no_expansion.counter": "demand_no_expansion.reject"}
    path = Run(rules, {})
    flat = Run(rules, {"us": Edited(rules, "us", swap=counter), "nato": Edited(rules, "nato", swap=counter)})
    no_demand = Run(rules, {"russia": Edited(rules, "russia", drop=["demand_no_expansion",
                                                                    "demand_withdraw_offensive_equipment"])})
    # Both the US and NATO said no, in every game still going on when the letters are due (week 8).
    answered = flat.state.ended_turn >= 9  # (a game ending in week 8 was invaded in week 7)
    assert answered.mean() > 0.4 and (flat.uses("demand_no_expansion.reject")[answered] == 2).all()
    assert z_props(invaded(flat), invaded(no_demand)) > Z
    assert z_props(invaded(no_demand), invaded(path)) > Z


def test_claim_05_guarantee_lowers_invasion_but_costs_credibility_and_cohesion(rules):
    """5. The written guarantee lowers the chance of invasion, at a price in credibility and cohesion."""
    # Consensus on it is hard to find (the White House calls the demands "non-starters"),
    # so the claim is checked on the guarantee given: the same rules with the blocs' vote taken out.
    given = copy.deepcopy(rules)
    given.action("nato", "halt_expansion_guarantee").agree = []
    give = Run(given, {"nato": Edited(given, "nato", add=["halt_expansion_guarantee"])})
    hold = Run(rules, {})
    assert give.uses("halt_expansion_guarantee").mean() == 1
    assert z_props(invaded(hold), invaded(give)) > Z
    turn = 11  # before the invasion week, whose aftermath lifts cohesion
    assert z_means(hold.at(turn, "western_credibility"), give.at(turn, "western_credibility")) > Z
    assert z_means(hold.at(turn, "nato_cohesion"), give.at(turn, "nato_cohesion")) > Z


def test_claim_05_one_written_yes_is_the_guarantee(rules):
    """5, continued. Washington alone accepting Moscow's demand gives the guarantee (NATO
    enlarges only by consensus): no settlement is left open, and every game that sees no
    Russian move ends in the West's capitulation."""
    alone = Run(rules, {"us": Edited(rules, "us", swap={"demand_no_expansion.counter": "demand_no_expansion.accept"})})
    answered = alone.state.ended_turn >= 9  # still at peace when the letters are due
    assert (alone.uses("demand_no_expansion.accept")[answered] == 1).all()  # the US said yes; NATO still counters
    moved = alone.ending("full_invasion") | alone.ending("limited_incursion") | alone.ending("nato_russia_war")
    said_yes = alone.uses("demand_no_expansion.accept") > 0
    assert not alone.ending("negotiated_settlement")[said_yes].any()
    assert alone.ending("western_capitulation")[said_yes & ~moved].all() and (said_yes & ~moved).sum() > 100


def test_claim_06_energy_sanctions_cost_cohesion(rules):
    """6. Energy sanctions cost nato_cohesion through Germany's gas dependence (more than bank sanctions)."""
    energy = Run(rules, {"us": "fixed:sanction_energy.threaten,sanction_energy", "nato": "passive"})
    banks = Run(rules, {"us": "fixed:sanction_banks.threaten,sanction_banks", "nato": "passive"})
    none = Run(rules, {"us": "passive", "nato": "passive"})
    for turn in (3, 6):
        assert z_means(banks.at(turn, "nato_cohesion"), energy.at(turn, "nato_cohesion")) > Z
        assert z_means(none.at(turn, "nato_cohesion"), energy.at(turn, "nato_cohesion")) > Z


def test_claim_07_personal_sanctions_raise_tension_with_little_economic_effect(rules):
    """7. Sanctioning Putin personally raises tension; its economic effect is small."""
    personal = Run(rules, {"us": "fixed:sanction_personal_putin.threaten,sanction_personal_putin", "nato": "passive"})
    banks = Run(rules, {"us": "fixed:sanction_banks.threaten,sanction_banks", "nato": "passive"})
    none = Run(rules, {"us": "passive", "nato": "passive"})
    assert z_means(personal.at(2, "tension"), none.at(2, "tension")) > Z
    cost_personal = none.at(4, "russia_economy").mean() - personal.at(4, "russia_economy").mean()
    cost_banks = none.at(4, "russia_economy").mean() - banks.at(4, "russia_economy").mean()
    assert 0 <= cost_personal < 1
    assert cost_banks > 5 * max(cost_personal, 0.2)


def test_claim_08_intervention_risks_war_and_costs_support(rules):
    """8. US troops in Ukraine risk the nato_russia_war ending and cost support at home."""
    intervene = Run(rules, {"us": "fixed:intervene_in_ukraine"})
    stay_out = Run(rules, {"us": "passive"})
    war = intervene.ending("nato_russia_war")
    assert stay_out.ending("nato_russia_war").sum() == 0
    assert z_props(war, stay_out.ending("nato_russia_war")) > Z
    assert war.mean() < 1  # a risk, not a certainty
    assert z_means(stay_out.at(3, "us_domestic_support"), intervene.at(3, "us_domestic_support")) > Z


def test_claim_09_deployments_and_arms_strengthen_deterrence_and_cohesion(rules):
    """9. Troops to Eastern Europe and weapons for Ukraine deter and bind the allies."""
    moves = ["deploy_eastern_europe", "arm_ukraine"]
    history = Run(rules, {})
    without = Run(rules, {"us": Edited(rules, "us", drop=moves)})
    assert z_props(invaded(without), invaded(history)) > Z
    assert z_means(history.at(11, "nato_cohesion"), without.at(11, "nato_cohesion")) > Z
    assert z_means(history.at(11, "ukraine_defense"), without.at(11, "ukraine_defense")) > Z


def test_claim_10_china_gains_while_washington_is_absorbed(rules):
    """10. china_advantage grows week by week, faster in a hotter crisis and with sanctions."""
    history = Run(rules, {})
    means = [history.at(t, "china_advantage").mean() for t in range(1, 13)]
    assert all(b > a for a, b in zip(means, means[1:]))
    calm = Run(rules, {"russia": "passive", "us": "passive", "nato": "passive"})
    hot = Run(rules, {"russia": "fixed:mass_troops,drills_belarus,naval_drills", "us": "passive", "nato": "passive"})
    assert z_means(hot.final("china_advantage"), calm.final("china_advantage")) > Z
    sanctions = Run(rules, {"russia": "passive", "us": "fixed:sanction_banks,sanction_export_controls", "nato": "passive"})
    assert z_means(sanctions.final("china_advantage"), calm.final("china_advantage")) > Z


def test_claim_11_drawdown_plus_assurances_can_settle(rules):
    """11. A partial drawdown plus assurances can end in negotiated_settlement, open door intact."""
    talks = "video_summit,geneva_talks,osce_meeting,consult_allies"
    both = Run(rules, {"russia": "fixed:partial_drawdown,engage_talks", "us": f"fixed:assure_ukraine,{talks}"})
    no_assurance = Run(rules, {"russia": "fixed:partial_drawdown,engage_talks", "us": f"fixed:{talks}"})
    no_drawdown = Run(rules, {"russia": "fixed:engage_talks", "us": f"fixed:assure_ukraine,{talks}"})
    settled = both.ending("negotiated_settlement")
    assert z_props(settled, no_assurance.ending("negotiated_settlement")) > Z
    assert z_props(settled, no_drawdown.ending("negotiated_settlement")) > Z
    # The open door stays formally intact: no guarantee in any settled game.
    assert both.uses("halt_expansion_guarantee")[settled].sum() == 0
    assert both.state.demand_status[settled, rules.demand_index["demand_no_expansion"]].max() != 2  # not accepted
    # On the documented path the same recipe ends some games in a settlement.
    assert Run(rules, {}).ending("negotiated_settlement").sum() > 0


def test_claim_12_historical_path_makes_invasion_likeliest_not_certain(rules):
    """12. All roles historical: full_invasion the most likely single ending, not a certainty."""
    run = Run(rules, {}, games=10_000, seed=2021)
    counts = {e.id: int((run.state.ending == e.index).sum()) for e in rules.endings}
    assert max(counts, key=counts.get) == "full_invasion"
    assert counts["full_invasion"] < 0.8 * run.n
    for other in ("negotiated_settlement", "frozen_standoff", "limited_incursion"):
        assert counts[other] >= 0.02 * run.n, (other, counts)


# --- the content MODEL.md names -----------------------------------------------------------

LEVERS = ["sanction_personal_putin", "sanction_export_controls", "sanction_banks", "sanction_central_bank",
          "sanction_energy"]
DEPLOYMENTS = {"mass_troops": "russia", "drills_belarus": "russia", "naval_drills": "russia",
               "partial_drawdown": "russia", "withdraw_troops": "russia", "limited_incursion": "russia",
               "full_invasion": "russia", "troops_high_alert": "us", "deploy_eastern_europe": "us",
               "arm_ukraine": "us", "intervene_in_ukraine": "us", "reinforce_eastern_flank": "nato"}
DECISIONS = ["reaffirm_open_door", "halt_expansion_guarantee", "membership_pathway_ukraine",
             "convene_nato_russia_council", "written_reply"]
DEMANDS = {"demand_no_expansion": ("russia", ["us", "nato"]),
           "demand_withdraw_offensive_equipment": ("russia", ["nato"]),
           "demand_pullback": ("us", ["russia"])}
DIPLOMACY = {"video_summit": "us", "geneva_talks": "us", "nato_russia_council": "nato", "osce_meeting": "us",
             "consult_allies": "us"}
VARIABLES = ["tension", "russia_troops_border", "invasion_readiness", "russia_economy", "nato_cohesion",
             "us_domestic_support", "ukraine_defense", "talks_progress", "china_advantage", "us_troops_alert"]
ENDINGS = ["full_invasion", "limited_incursion", "negotiated_settlement", "frozen_standoff", "nato_russia_war",
           "western_capitulation"]


def expected_actions() -> set[tuple[str, str, str]]:
    out = set()
    for lever in LEVERS:
        out |= {(lever, "us", "sanction"), (f"{lever}.threaten", "us", "sanction")}
    out |= {(a, role, "deployment") for a, role in DEPLOYMENTS.items()}
    out |= {(a, "nato", "decision") for a in DECISIONS}
    for d, (by, to) in DEMANDS.items():
        out.add((d, by, "demand"))
        out |= {(f"{d}.{answer}", role, "demand_response") for role in to for answer in ("accept", "reject", "counter")}
    out |= {(a, role, "diplomacy") for a, role in DIPLOMACY.items()}
    return out


def test_inspect_lists_every_model_id_with_role_and_kind(capsys):
    from game.cli import main

    assert main(["inspect", "winter-2021", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    listed = {(a["id"], a["role"], a["kind"]) for a in data["actions"]}
    missing = expected_actions() - listed
    assert not missing, sorted(missing)
    assert all(a["source"] for a in data["actions"])
    assert set(data["roles"]) == {"us", "russia", "nato"}
    assert data["turns"] == 12
    variables = {v["id"]: v for v in data["variables"]}
    assert set(VARIABLES) <= set(variables)
    assert "us" not in variables["invasion_readiness"]["visible_to"]
    assert "nato" not in variables["invasion_readiness"]["visible_to"]
    assert {e["id"] for e in data["endings"]} == set(ENDINGS)
    assert all(e["source"] for e in data["events"])


def test_hidden_readiness_is_estimated_for_the_west(rules):
    """us and nato see invasion_readiness only as a noisy estimate."""
    i = rules.var_index["invasion_readiness"]
    for role in ("us", "nato"):
        r = rules.role_index(role)
        assert not rules.visible[r, i] and np.isfinite(rules.noise[r, i]) and rules.noise[r, i] > 0


# --- a game, not a script (MODEL.md) -------------------------------------------------------

def test_documented_path_reacts_invasion_week_varies(rules):
    """Historical Russia decides by readiness and its hidden type, not the calendar: its
    invasions fall in several different weeks, none in most of the games."""
    run = Run(rules, {}, games=5000, seed=7)
    invaded_at = run.state.ended_turn[invaded(run)] - 1  # the game ends the week after
    weeks, counts = np.unique(invaded_at, return_counts=True)
    assert (counts >= 0.05 * len(invaded_at)).sum() >= 4, dict(zip(weeks.tolist(), counts.tolist()))
    assert (counts.max() / len(invaded_at)) < 0.5


def test_us_troops_in_ukraine_provoke_the_documented_russia(rules):
    """A provocation provokes: with US troops in Ukraine from week 1, historical Russia
    masses more troops and moves on Ukraine (or clashes with them) sooner."""
    provoked = Run(rules, {"us": Edited(rules, "us", add=["intervene_in_ukraine"])})
    history = Run(rules, {})
    assert provoked.uses("intervene_in_ukraine").mean() == 1
    assert z_means(provoked.uses("mass_troops"), history.uses("mass_troops")) > Z
    early = lambda run: (run.uses("full_invasion", "limited_incursion") > 0) & (run.state.ended_turn <= 8)  # noqa: E731
    clash = lambda run: run.ending("nato_russia_war")  # noqa: E731
    assert z_props(early(provoked) | clash(provoked), early(history) | clash(history)) > Z


def test_resolve_and_cost_sensitivity_both_decide(rules):
    """The hidden types matter on the documented path: a resolute Kremlin invades more
    often, one that minds the cost less often."""
    run = Run(rules, {}, games=6000, seed=3)
    resolve, sensitivity = run.final("kremlin_resolve"), run.final("kremlin_cost_sensitivity")
    moved = run.uses("full_invasion", "limited_incursion") > 0
    assert z_props(moved[resolve > 60], moved[resolve < 40]) > Z
    assert z_props(moved[sensitivity < 30], moved[sensitivity > 50]) > Z


def test_no_threat_is_left_due_when_the_game_ends(rules):
    """A threat whose trigger came is kept or broken before the game is over, even when
    the invasion comes in the last week; the broken ones cost their author."""
    run = Run(rules, {})
    assert not (run.state.threat_status == 2).any()  # DUE
    personal = rules.threat_index["sanction_personal_putin"]
    broken = run.state.threat_status[:, personal] == 4
    last_week = invaded(run) & (run.state.ended_turn == 12) & (run.uses("full_invasion") > 0)
    assert broken[last_week].mean() > 0.9  # threatened in week 8, never imposed by the documented US


def test_germany_s_consent_decides_how_far_energy_sanctions_bite(rules):
    """The US alone cannot impose energy sanctions in full: without Berlin's consent (a
    hidden per-game draw) the ban costs Moscow a third as much and splits the alliance more."""
    energy = Run(rules, {"us": "fixed:sanction_energy.threaten,sanction_energy", "russia": "passive", "nato": "passive"})
    consent = energy.final("germany_energy_consent") >= 50
    assert 0.2 < consent.mean() < 0.5  # the documents leave it open; about a third of games
    loss = 100 - energy.at(4, "russia_economy")
    assert z_means(loss[consent], loss[~consent]) > Z
    assert z_means(energy.at(4, "nato_cohesion")[consent], energy.at(4, "nato_cohesion")[~consent]) > Z


def test_the_written_reply_is_read_two_ways(rules):
    """The 26 Jan letter: the same counter-offer lowers readiness where Moscow reads it as a
    path (reply_reception >= 45) and raises it where it does not (a hidden per-game draw)."""
    turns = {"russia": "fixed:demand_no_expansion", "us": "fixed:demand_no_expansion.counter",
             "nato": "fixed:demand_no_expansion.counter"}
    counter = Run(rules, turns)
    silent = Run(rules, {"russia": "fixed:demand_no_expansion", "us": "passive", "nato": "passive"})
    path = counter.final("reply_reception") >= 45
    change = counter.at(3, "invasion_readiness") - silent.at(3, "invasion_readiness")  # answered in week 2
    # (where readiness sits at its floor of 0 nothing can lower it further)
    assert (change[path] <= 0).all() and (change[path] < 0).mean() > 0.9
    assert (change[~path] >= 0).all() and (change[~path] > 0).mean() > 0.9
