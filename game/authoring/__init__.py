"""Tools for scenario authors: warnings, deep checks, scenario tests, hot reload, templates."""
