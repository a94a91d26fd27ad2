"""``brink test SCENARIO...``: run the test cases a scenario carries; exit 1 when one fails."""

from __future__ import annotations

import argparse
import sys

from .common import load_or_report


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "test", help="run a scenario's own tests",
        description="Run the test cases in a scenario's 'tests:' section. Each failure is printed as "
        "PATH:LINE:COL: error: test 'NAME': WHAT; the exit status is 1 when a test fails.",
    )
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="shipped scenario ids or paths")
    p.add_argument("--tests", metavar="FILE", help="run the test cases of FILE (a 'tests:' list) instead of the scenario's own")
    p.add_argument("-k", dest="name", metavar="TEXT", help="run only the tests whose name contains TEXT")
    p.add_argument("-v", "--verbose", action="store_true", help="list every test, passed or not, with its time")
    return p


def run(args) -> int:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..authoring.scenario_tests import run_scenario_tests, with_tests_from
    from ..scenario import ScenarioError

    failed = 0
    for ref in args.scenarios:
        loaded = load_or_report(ref)
        if loaded is not None and args.tests:
            try:
                loaded = with_tests_from(loaded, args.tests)
            except ScenarioError as exc:
                for problem in exc.problems:
                    print(problem, file=sys.stderr)
                loaded = None
        if loaded is None:
            failed += 1
            continue
        results = run_scenario_tests(loaded, args.name)
        for result in results:
            if args.verbose or not result.passed:
                mark = "ok  " if result.passed else "FAIL"
                print(f"{mark} {loaded.model.id}: {result.name} ({result.seconds:.2f} s)")
            for problem in result.problems(args.tests or str(loaded.path)):
                print(problem, file=sys.stderr)
        bad = sum(not r.passed for r in results)
        if not loaded.model.tests:
            print(f"{ref}: no tests (add a 'tests:' section; see scenarios/README.md)")
        else:
            print(f"{ref}: {len(results) - bad} passed, {bad} failed")
        failed += bad > 0
    return 1 if failed else 0
