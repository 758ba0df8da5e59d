"""The reference the speed targets are measured against: a minimal typer app printing a 50-row rich table."""

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def main() -> None:
    table = Table("date", "title", "flag")
    for i in range(50):
        table.add_row(f"2024-01-{i % 28 + 1:02d}", f"Event number {i}", "REPORTED")
    Console().print(table)


if __name__ == "__main__":
    app()
