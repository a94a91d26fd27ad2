"""An import inside a function says why it is there (issue 12: "imports inside functions only where
start-up time needs them, each with a comment").

An import belongs at the top of its module unless something needs it late: ``brink``'s start-up
(every command's parser is built before one runs, so a command loads its work when it runs), the
window's first frame, an optional extra (gymnasium, pettingzoo), or an import cycle. Such an import
carries a comment on its line or the line above; a comment heading a run of imports (statements
one after another, blank lines between isort's sections allowed) covers the run.

ruff's PLC0415 (import-outside-top-level) finds the same imports, but its only way to accept one is
``# noqa: PLC0415``, which asks for no reason; this test asks for the reason itself.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parent.parent / "game"


def comment_lines(source: str) -> set[int]:
    """The numbers of the lines that hold a comment (tokenize: a ``#`` in a string is not one)."""
    return {tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type == tokenize.COMMENT}


def unexplained_imports(source: str) -> list[int]:
    """The line of every import inside a function with no comment saying why.

    >>> unexplained_imports("def f():\\n    import json\\n")
    [2]
    >>> unexplained_imports("def f():\\n    # lazy: json only when asked\\n    import json\\n    import re\\n")
    []
    >>> unexplained_imports("import json\\n")
    []
    """
    comments: set[int] | None = None  # tokenized only for a file with an import inside a function (most have none)
    found: list[int] = []

    def explained(node: ast.stmt) -> bool:
        nonlocal comments
        if comments is None:
            comments = comment_lines(source)
        return any(line in comments for line in range(node.lineno - 1, (node.end_lineno or node.lineno) + 1))

    def visit(node: ast.AST, inside: bool) -> None:
        for field in ("body", "orelse", "finalbody", "handlers"):
            statements = getattr(node, field, None)
            if not isinstance(statements, list):
                continue
            run_explained = False  # whether the run of imports this statement continues has its comment
            for statement in statements:
                if isinstance(statement, (ast.Import, ast.ImportFrom)):
                    if inside:  # a body's statements are all inside a function or all not
                        run_explained = run_explained or explained(statement)
                        if not run_explained:
                            found.append(statement.lineno)
                else:
                    run_explained = False
        for child in ast.iter_child_nodes(node):
            visit(child, inside or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(ast.parse(source), False)
    return sorted(found)


CASES = {
    "an import at the top of a module": ("import json\n", []),
    "an import in a function, no comment": ("def f():\n    import json\n", [2]),
    "a comment on the line": ("def f():\n    import json  # lazy: only when asked\n", []),
    "a comment on the line above": ("def f():\n    # lazy: only when asked\n    import json\n", []),
    "a comment heads a run of imports": ("def f():\n    # lazy\n    import json\n\n    from re import compile\n", []),
    "code ends the run": ("def f():\n    # lazy\n    import json\n    x = 1\n    import re\n", [5]),
    "a comment two lines above is not this import's": ("def f():\n    # why\n\n    import json\n", [4]),
    "inside a method": ("class C:\n    def f(self):\n        import json\n", [3]),
    "inside an if in a function": ("def f(x):\n    if x:\n        import json\n", [3]),
    "inside a nested function": ("def f():\n    def g():\n        import json\n", [3]),
    "an import guarded at module level is not inside a function": ("try:\n    import json\nexcept ImportError:\n    pass\n", []),
    "a '#' in a string is not a comment": ("def f():\n    x = '#'; import json\n", [2]),
}


@pytest.mark.parametrize("source, expected", CASES.values(), ids=CASES.keys())
def test_the_check(source: str, expected: list[int]) -> None:
    assert unexplained_imports(source) == expected


def test_every_import_inside_a_function_in_game_says_why() -> None:
    missing = [f"{path.relative_to(GAME.parent)}:{line}"
               for path in sorted(GAME.rglob("*.py"))
               for line in unexplained_imports(path.read_text(encoding="utf-8"))]
    assert not missing, ("imports inside functions without a comment saying why (hoist them to the top of "
                         "the module, or say why they load late):\n" + "\n".join(missing))
