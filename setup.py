"""Packaging glue that pyproject.toml cannot express: the top-level ``scenarios/`` and
``assets/`` folders ship inside the package as ``game._scenarios`` and ``game._assets``,
so shipped scenarios are found by id from an installed copy, not only from a checkout."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["game", "game.*"]) + ["game._scenarios", "game._assets", "game._schema"],
    package_dir={"game._scenarios": "scenarios", "game._assets": "assets", "game._schema": "schema"},
    package_data={"game._scenarios": ["*.yaml", "*.md", "*.json"], "game._assets": ["*.*", "**/*.*"], "game._schema": ["*.json"]},
    include_package_data=False,
)
