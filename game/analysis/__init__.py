"""Monte Carlo analysis of a scenario: what it does across thousands of games.

``stats`` plays the games and streams the statistics; ``charts`` draws them
with matplotlib (Agg); ``page`` writes one self-contained HTML file.
"""
