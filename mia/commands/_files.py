"""Reading an extract named on the command line: every way a path can be wrong gets a
Swedish sentence and exit code 2 (a file over the size limit: exit 1, it is a bad file)."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from mia.cli import print_json


@dataclass(frozen=True)
class PathProblem:
    message: str
    exit_code: int = 2

    def report(self, as_json: bool = False) -> int:
        if as_json:
            print_json({"godkand": False, "fel": [{"text": self.message}]})
        print(f"Fel: {self.message}", file=sys.stderr)
        return self.exit_code


def read_extract(path: Path) -> tuple[bytes, PathProblem | None]:
    """The file's bytes, or why it cannot be read (size checked before reading)."""
    from mia.importer import size_problem

    try:
        if not path.exists():
            return b"", PathProblem(f"Filen {path} finns inte. Kontrollera sökvägen.")
        if path.is_dir():
            return b"", PathProblem(f"{path} är en mapp, inte en fil. Ange själva utdragsfilen.")
        if not path.is_file():
            return b"", PathProblem(f"{path} är ingen vanlig fil. Ange själva utdragsfilen.")
        too_big = size_problem(path.stat().st_size, path.name)
        if too_big:
            return b"", PathProblem(too_big, exit_code=1)
        return path.read_bytes(), None
    except PermissionError:
        return b"", PathProblem(f"Filen {path} kan inte läsas: behörighet saknas.")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return b"", PathProblem(f"Filen {path} kan inte läsas ({reason}).")
