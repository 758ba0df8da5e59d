"""Exports for publishing and sharing: a self-contained HTML report, TimelineJS JSON, SQLite for Datasette,
actor and relay graphs (Mermaid, Graphviz DOT). Pure functions from a log and query rows to text or bytes;
the CLI (irru/cli_export.py) writes them out.
"""
