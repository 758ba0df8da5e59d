"""Shell completion: the values each option takes, and the bash, zsh and fish protocols that deliver them.

Values come from the log the command line names (``--data``), else IRRU_DATA, else the bundled log; closed choices
(formats, flags, stances…) from the code. ``not:`` before a value completes the same values. The shell scripts
(``irru --show-completion SHELL``) hand the words typed so far to ``irru`` with ``_IRRU_COMPLETE=complete_SHELL``:

- bash: ``COMP_WORDS`` (the words, joined by spaces) and ``COMP_CWORD`` (the index of the word being completed).
  bash splits ``not:Iran`` and ``--actor=Iran`` at ``:`` and ``=``; the pieces are glued back, and each reply is
  only the part after the last ``:`` or ``=``, since that is the word bash replaces. Replies are backslash-escaped
  (``United\\ Kingdom``), so a value with spaces arrives as one word.
- zsh: ``_TYPER_COMPLETE_ARGS`` (the words up to the cursor); replies ``value:description`` lines for ``_describe``,
  which quotes them.
- fish: ``_TYPER_COMPLETE_ARGS`` (``commandline -cp``) and ``_TYPER_COMPLETE_FISH_ACTION``; fish escapes replies.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..model import EVENT_TYPES, GRADES, ROLES, STANCES, SYSTEM_CATEGORIES
from ..query import FLAG_ORDER

CHOICES: dict[str, tuple[str, ...]] = dict(  # a lookup table of closed choices, not a record shape
    type=tuple(EVENT_TYPES),
    role=tuple(ROLES),
    stance=tuple(STANCES),
    grade=tuple(GRADES),
    flag=FLAG_ORDER,
    sort=("date", "confidence", "type"),
    color=("auto", "always", "never"),
    format=("table", "plain", "md", "json", "jsonl", "csv"),
    format_show=("table", "plain", "json", "jsonl"),
    format_diff=("table", "plain", "md", "json"),
    format_trace=("table", "plain", "json"),
    shell=("bash", "zsh", "fish"),
)
NEGATABLE = {"actor", "role", "type", "tag", "story", "system", "category", "source", "flag", "stance", "grade"}


def _log_values(kind: str, data: Path | None) -> list[str]:
    from ..errors import IrruError
    from .logs import open_log

    try:
        log = open_log(data, note=False)
    except IrruError:
        return []
    if kind == "actor":
        return [a.name for a in log.actors.values()] + [al for a in log.actors.values() for al in a.aliases]
    if kind == "source":
        return list(log.sources) + list(dict.fromkeys(s.publisher for s in log.sources.values()))
    if kind == "diff_source":  # diff needs one source: ids, and publishers that name only one
        from collections import Counter

        count = Counter(s.publisher for s in log.sources.values())
        return list(log.sources) + [p for p, n in count.items() if n == 1]
    if kind == "system":
        return [s.name for s in log.systems.values()] + [al for s in log.systems.values() for al in s.aliases]
    if kind == "tag":
        from ..query import all_tags

        return all_tags(log)
    if kind == "story":
        from ..query import all_stories

        return all_stories(log)
    if kind == "category":
        from ..query import all_categories

        return all_categories(log)
    if kind == "status":
        from ..ledger import PROMISE_STATUSES

        return list(PROMISE_STATUSES)
    return [e.id for e in log.events]


def values(kind: str, data: Path | None = None) -> list[str]:
    """Every value an option of this kind takes."""
    if kind in CHOICES:
        return list(CHOICES[kind])
    if kind == "category" and data is None and not os.environ.get("IRRU_DATA"):
        return list(SYSTEM_CATEGORIES)
    return _log_values(kind, data)


def _query_term(incomplete: str, data: Path | None) -> list[str]:
    """A QUERY term: its field (``act`` -> ``actor:``), then its values (``actor:Ir`` -> ``actor:Iran``)."""
    from ..querylang import FIELDS, VALUE_KINDS

    prefix = ""
    while incomplete[:4].casefold() == "not:":
        prefix, incomplete = prefix + incomplete[:4], incomplete[4:]
    field, colon, rest = incomplete.partition(":")
    if not colon:
        return [prefix + f + ":" for f in FIELDS if f.startswith(field.casefold())]
    kind = VALUE_KINDS.get(FIELDS.get(field.casefold(), ""))
    if kind is None:
        return []
    return [f"{prefix}{field}:{v}" for v in candidates(kind, rest, data)]


def candidates(kind: str, incomplete: str, data: Path | None = None) -> list[str]:
    """The values that complete ``incomplete`` (case-insensitive prefix), ``not:`` kept. A value holding a
    control, bidi or line-separating character is never offered: the shell would print it raw, and a newline in
    it would make a bogus candidate (such a value can still be typed, or matched by a unique part)."""
    from ..inert import has_unsafe

    if kind == "query":
        return _query_term(incomplete, data)
    prefix = ""
    if kind in NEGATABLE and incomplete[:4].casefold() == "not:":
        prefix, incomplete = incomplete[:4], incomplete[4:]
    wanted = incomplete.casefold()
    found = list(dict.fromkeys(v for v in values(kind, data) if v.casefold().startswith(wanted) and not has_unsafe(v)))
    if kind not in CHOICES:  # closed choices keep their documented order; names from the log sort
        found.sort(key=str.casefold)
    return [prefix + v for v in found]


# -- the shell protocols ----------------------------------------------------------------------------------------

BASH = r"""
_irru_completion() {
    local IFS=$'\n'
    local reply
    reply=$(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD _IRRU_COMPLETE=complete_bash "$1" 2>/dev/null)
    COMPREPLY=( $reply )
    return 0
}
complete -o default -F _irru_completion irru
"""

ZSH = r"""
#compdef irru

_irru() {
  local -a replies
  local IFS=$'\n'
  replies=( $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _IRRU_COMPLETE=complete_zsh irru 2>/dev/null) )
  if (( ${#replies} )); then
    _describe -t values 'irru' replies
  else
    _files
  fi
}

compdef _irru irru
"""

FISH = (
    'complete --command irru --no-files --arguments "(env _IRRU_COMPLETE=complete_fish'
    ' _TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) irru)" --condition'
    ' "env _IRRU_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args _TYPER_COMPLETE_ARGS=(commandline -cp)'
    ' irru"'
)
SCRIPTS = dict(bash=BASH, zsh=ZSH, fish=FISH)
_BASH_SAFE = re.compile(r"[^\w@%+=:,./-]")


def script(shell: str) -> str:
    return SCRIPTS[shell].strip() + "\n"


def bash_escape(value: str) -> str:
    """``United Kingdom`` as bash reads one word: ``United\\ Kingdom``."""
    return _BASH_SAFE.sub(lambda m: "\\" + m.group(), value)


def _glue(words: list[str], cword: int) -> tuple[list[str], int]:
    """Undo bash's splitting at ':' and '=' (COMP_WORDBREAKS): ``not : Ir`` is ``not:Ir`` again."""
    out: list[str] = []
    index = cword
    glue_next = False
    for i, w in enumerate(words):
        if out and (w in (":", "=") or glue_next):
            out[-1] += w
            if i <= cword:
                index -= 1
            glue_next = w in (":", "=")
        else:
            out.append(w)
            glue_next = False
    return out, index


def _hoisted(args: list[str]) -> list[str]:
    """Global options typed before the command (``irru --data f.yaml timeline``) where the command reads them."""
    from .argv import hoist

    return hoist(args)


def register() -> None:
    """Put irru's bash, zsh and fish protocols in place of typer's (call before the app runs)."""
    from typer._click.shell_completion import CompletionItem, add_completion_class, split_arg_string
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    class Bash(BashComplete):
        def get_completion_args(self) -> tuple[list[str], str]:
            line = os.environ.get("COMP_WORDS", "")
            words = split_arg_string(line)
            if line.endswith(" "):
                words.append("")  # the word being completed is still empty
            cword = int(os.environ.get("COMP_CWORD", "0"))
            words, cword = _glue(words, cword)
            self.raw_incomplete = words[cword] if cword < len(words) else ""
            return _hoisted(words[1:cword]), self.raw_incomplete

        def format_completion(self, item: CompletionItem) -> str:
            value = str(item.value)
            cut = max(self.raw_incomplete.rfind(":"), self.raw_incomplete.rfind("="))
            if cut >= 0 and value.startswith(self.raw_incomplete[: cut + 1]):
                value = value[cut + 1 :]  # bash replaces only the part after the last ':' or '='
            return bash_escape(value)

    class Zsh(ZshComplete):
        def format_completion(self, item: CompletionItem) -> str:
            value = str(item.value).replace("\\", "\\\\").replace(":", "\\:")
            help_text = " ".join(str(item.help).split()) if item.help else ""
            return f"{value}:{help_text}" if help_text else value

        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            return "\n".join(self.format_completion(i) for i in self.get_completions(args, incomplete))

        def get_completion_args(self) -> tuple[list[str], str]:
            args, incomplete = super().get_completion_args()
            return _hoisted(args), incomplete

    class Fish(FishComplete):
        def get_completion_args(self) -> tuple[list[str], str]:
            args, incomplete = super().get_completion_args()
            return _hoisted(args), incomplete

    for cls, name in ((Bash, "bash"), (Zsh, "zsh"), (Fish, "fish")):
        add_completion_class(cls, name)


def show_completion(shell: str) -> str:
    """The script a shell sources to complete irru (``irru --show-completion bash``)."""
    return script(shell)


def install_completion(shell: str, home: Path | None = None) -> Path:
    """Write the script where the shell finds it, and for bash and zsh the line that loads it."""
    home = home or Path.home()
    if shell == "fish":
        path = home / ".config" / "fish" / "completions" / "irru.fish"
        rc: Path | None = None
        line = ""
    elif shell == "zsh":
        path = home / ".zfunc" / "_irru"
        rc, line = home / ".zshrc", "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
    else:
        path = home / ".bash_completions" / "irru.sh"
        rc, line = home / ".bashrc", f"source '{path}'"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script(shell), encoding="utf-8")
    if rc is not None:
        text = rc.read_text(encoding="utf-8") if rc.is_file() else ""
        if line not in text:
            rc.write_text(text + ("" if text.endswith("\n") or not text else "\n") + line + "\n", encoding="utf-8")
    return path
