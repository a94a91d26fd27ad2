"""The scenario language server (``brink lsp``): the validator, completion and navigation in an editor.

Pure modules, each testable without a client: ``grammar`` (what each field of the
format means), ``index`` (ids and where they are written), ``scan`` (the cursor's
place in text that does not parse), ``completion``, ``navigation`` (hover,
definition, references, rename), ``diagnostics`` (the validator's findings with
spans) and ``positions`` (offsets and LSP positions). ``server`` is the pygls wiring.
"""
