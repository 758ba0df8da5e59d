"""`irru check`: is this log usable?"""

from __future__ import annotations

from typing import Annotated

import typer

from .logs import open_log
from .options import DataOption, NoCacheOption, NoPagerOption
from .root import app, env_of

WARNINGS_SHOWN = 3  # of each kind: forty copies of one warning hide the one that matters


@app.command(
    help=(
        "Check a log: every problem as FILE:LINE:COL, exit 1 if any; otherwise one summary line naming the file"
        " checked by its absolute path. Curator warnings (a story or tag used once, a delivery in a story with no"
        " promise, near-duplicate names, a name that looks like another but is not the same text, a source backing"
        " no claim, a quote without an archive record) are listed on stderr but exit 0, unless --strict.\n\n"
        "The log is FILE, else --data, else IRRU_DATA, else events.yaml in the current directory, else the log"
        " bundled with irru.\n\n"
        "Examples:\n\n"
        "  irru check\n\n"
        "  irru check my-log.yaml\n\n"
        "  irru check my-log.yaml --archive\n\n"
        "  irru check my-log.yaml --strict\n\n"
        "  irru check my-log.yaml originals reviewers\n\n"
        "  irru check my-log.yaml --rules publish\n\n"
        "  irru check --list\n\n"
        "  IRRU_DATA=team.yaml irru check\n\n"
        "Named checks (hledger style): give check names after the file to run only those, each failure a problem"
        " (exit 1); --list names them all. --rules SET runs a publication rule set: 'publish' (built in: two"
        " independent originals, quoted sources archived, two reviewers other than the author, no event resting"
        " on a lone D-F original), a set of the log's own 'rules:' block, or every set of a rules FILE. The review"
        " checks (self-review, review-date) run on every check."
    )
)
def check(
    ctx: typer.Context,
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE] [CHECK]...",
            help="The log to check (default: --data, IRRU_DATA, ./events.yaml, or the bundled log), then the names"
            " of the checks to run (default: every check a log must pass, with curator warnings).",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
    no_cache: NoCacheOption = False,
    archive: Annotated[
        bool,
        typer.Option(
            "--archive",
            help="Also check archive records: missing ones, changed captures, quotes not in their capture, and"
            " each anchored quote resolved in the capture its anchor names (irru anchor).",
        ),
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Curator warnings count as problems (exit 1).")] = False,
    rules: Annotated[
        list[str] | None,
        typer.Option(
            "--rules",
            help="Run a rule set: publish (built in), a set of the log's rules: block, or a rules FILE.",
            metavar="SET|FILE",
            show_default=False,
        ),
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named checks and rule sets, then exit.")] = False,
    all_warnings: Annotated[
        bool,
        typer.Option("--all-warnings", help=f"List every warning (by default at most {WARNINGS_SHOWN} of each kind)."),
    ] = False,
    no_pager: NoPagerOption = False,
) -> None:
    from ..logfile import bundled_log_path
    from ..render.summary import summary_line
    from .curate import after_check  # curator warnings, --strict, --archive
    from .logs import current_choice
    from .rulescli import named_problems, split_args

    del no_pager  # accepted like every command's; check's one line is never paged
    env = env_of(ctx)
    file, names = split_args(args or [])
    if list_:
        from .rulescli import list_lines

        env.emit(list_lines())
        return
    parameter = "file" if file is not None else "data"
    # check plans no query: a new cache entry is built without the facts, which would double its time
    log = open_log(file or data, no_cache, parameter=parameter, note=False, facts=False)
    choice = current_choice(file or data, parameter)
    path = choice.path or bundled_log_path()
    extra = named_problems(log, path, names, rules or [], env.today(), archive=archive)
    after_check(
        env,
        log,
        path,
        archive=archive,
        strict=strict,
        shown=None if all_warnings else WARNINGS_SHOWN,
        extra=extra,
        lint=not names and not rules,
    )
    name = f"{log.path} (bundled with irru)" if choice.bundled else choice.absolute()
    env.emit([summary_line(log, name=name)])
