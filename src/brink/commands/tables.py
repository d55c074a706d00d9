"""Tables that fit the terminal: transposed or split, never with a number cut short.

Rich shrinks a table that is too wide by wrapping cells and, when that is not enough, cutting
them (``meas…``, ``100.…``). A figure with its last digits cut is worse than none, so tables
here are laid out to fit: a grid of rows × columns is printed as it is when it fits the
terminal; else transposed (policies as rows, say) when that fits better; else split into
several tables of as many columns as fit, each repeating the row labels. Cells may wrap at
spaces (``12.3%`` above ``(11.8–12.9)``) but a word is never cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table


@dataclass
class Grid:
    """A table as data: a corner header, row labels, column headers and text cells."""

    title: str
    corner: str
    rows: list[str]
    columns: list[str]
    cells: list[list[str]]  # cells[row][column]
    justify: str = "right"

    def transposed(self, corner: str) -> Grid:
        cells = [list(column) for column in zip(*self.cells, strict=True)] if self.cells else []
        headers = [label.strip() for label in self.rows]
        return Grid(self.title, corner, self.columns, headers, cells, self.justify)

    def only(self, columns: list[int]) -> Grid:
        cells = [[row[c] for c in columns] for row in self.cells]
        return Grid(
            self.title,
            self.corner,
            self.rows,
            [self.columns[c] for c in columns],
            cells,
            self.justify,
        )


def _texts(grid: Grid) -> list[list[str]]:
    """Each column's texts, header first (the row labels are column 0)."""
    columns = [[grid.corner, *grid.rows]]
    columns += [[header, *(row[c] for row in grid.cells)] for c, header in enumerate(grid.columns)]
    return columns


def _longest(texts: list[str], words: bool) -> int:
    pieces = (part for text in texts for part in (text.split() if words else text.splitlines()))
    return max((cell_len(piece) for piece in pieces), default=0)


def min_width(grid: Grid) -> int:
    """Narrowest the grid's table can be without cutting a word: each column as wide as its
    longest word, plus a space either side and a border."""
    return 1 + sum(_longest(texts, words=True) + 3 for texts in _texts(grid))


def _widths(grid: Grid, available: int) -> list[int] | None:
    """Column widths that fit ``available`` columns of terminal without cutting a word, or
    None when the natural widths fit. Rich's own shrinking ignores word lengths."""
    columns = _texts(grid)
    natural = [_longest(texts, words=False) for texts in columns]
    least = [_longest(texts, words=True) for texts in columns]
    room = available - 1 - 3 * len(columns)
    if sum(natural) <= room:
        return None
    spare = max(0, room - sum(least))
    wanted = [n - m for n, m in zip(natural, least, strict=True)]
    total = sum(wanted) or 1
    return [m + spare * w // total for m, w in zip(least, wanted, strict=True)]


def _table(grid: Grid, title: str, available: int | None = None, **options: Any) -> Table:
    widths = _widths(grid, available) if available is not None else None
    table = Table(title=title, **options)
    for index, header in enumerate([grid.corner, *grid.columns]):
        table.add_column(
            header,
            justify="left" if index == 0 else grid.justify,  # type: ignore[arg-type]
            overflow="fold",
            width=None if widths is None else widths[index],
        )
    for label, row in zip(grid.rows, grid.cells, strict=True):
        table.add_row(label, *row)
    return table


def _fits(console: Console, grid: Grid) -> bool:
    """True when the grid's table can be printed without cutting any word."""
    return min_width(grid) <= console.width


def split(console: Console, grid: Grid) -> list[Grid]:
    """The grid cut into consecutive column groups that each fit (at least one column)."""
    groups: list[list[int]] = []
    current: list[int] = []
    for index in range(len(grid.columns)):
        trial = [*current, index]
        if current and not _fits(console, grid.only(trial)):
            groups.append(current)
            current = [index]
        else:
            current = trial
    if current or not groups:
        groups.append(current)
    return [grid.only(group) for group in groups]


def layout(console: Console, grid: Grid, transpose_corner: str | None = None) -> list[Grid]:
    """The grid as printed: whole, transposed, or split — whichever needs fewest tables."""
    if _fits(console, grid):
        return [grid]
    options = [split(console, grid)]
    if transpose_corner is not None:
        flipped = grid.transposed(transpose_corner)
        if _fits(console, flipped):
            return [flipped]
        options.append(split(console, flipped))
    return min(reversed(options), key=len)  # on a tie, the transposed layout


def print_grid(
    console: Console, grid: Grid, transpose_corner: str | None = None, **options: Any
) -> None:
    """Print ``grid`` fitted to the console (see :func:`layout`); ``options`` go to Table."""
    parts = layout(console, grid, transpose_corner)
    for number, part in enumerate(parts, 1):
        title = grid.title if len(parts) == 1 else f"{grid.title} (part {number} of {len(parts)})"
        console.print(_table(part, title, console.width, **options))
