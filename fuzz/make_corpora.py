#!/usr/bin/env python3
"""Seed corpora for the fuzz targets (docs/fuzzing.md), made at run time from
the repository's own files: fixtures/, reference-system/ and tests/data, plus
the hand-written seeds in fuzz/seeds/<target>/ and the regression inputs in
fuzz/regressions/<target>/.

    fuzz/make_corpora.py OUT_DIR [target ...]

Writes OUT_DIR/<target>/<sha1 of the seed>; a seed already there is left
alone, so a corpus grown by earlier runs keeps its inputs. Each seed is shaped
as its target reads its input (fuzz/<target>.cpp): a selector byte first where
the target takes one, several files joined with "\\n----\\n" where it reads
several.
"""

import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "fixtures", ROOT / "reference-system", ROOT / "tests" / "data"]
MAX_SEED = 64 * 1024  # scripts/fuzz.sh runs with -max_len=65536
SEPARATOR = b"\n----\n"

# The order of the tables in fuzz/source_fuzz.cpp and fuzz/migration_fuzz.cpp.
SOURCE_EXTENSIONS = ["ts", "py", "java", "kt", "go", "cs", "cpp", "rb", "php", "scala", "rs", "js"]
SKIP_DIRS = {".git", "node_modules", "build", ".archgate-cache", "__pycache__"}


def repository_files():
    for top in SOURCES:
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
            for name in sorted(names):
                path = Path(folder) / name
                if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_SEED:
                    yield path


def read(path):
    try:
        return path.read_bytes()
    except OSError:
        return b""


def is_contract(data):
    head = data[:4096]
    return b"openapi" in head or b"swagger" in head


def compose_seed(folder, compose):
    """compose.yaml, its override, .env and Dockerfile of one folder, as
    fuzz/compose_fuzz.cpp reads them."""
    stem, ext = os.path.splitext(compose.name)
    parts = [read(compose), read(folder / (stem + ".override" + ext)), read(folder / ".env"),
             read(folder / "Dockerfile")]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()
    return SEPARATOR.join(parts)


def seeds():
    """(target, bytes) pairs from the repository's files."""
    for path in repository_files():
        name = path.name
        ext = path.suffix.lstrip(".").lower()
        data = read(path)
        if ext in ("yaml", "yml"):
            yield "yaml_fuzz", data
            if name.startswith(("compose", "docker-compose")) and ".override." not in name:
                yield "compose_fuzz", compose_seed(path.parent, path)
        if ext == "json":
            yield "json_fuzz", data
            yield "schema_validate_fuzz", data
        if ext in ("yaml", "yml", "json") and is_contract(data):
            yield "openapi_fuzz", data
            yield "schema_translate_fuzz", data
        if name == "service-inventory.json":
            yield "inventory_fuzz", data
        if name in ("archgate.yaml", ".archgate.yaml"):
            yield "config_fuzz", data
        if ext == "sql":
            yield "sql_fuzz", data
            yield "sql_dialect_fuzz", bytes([len(data) % 4]) + data
            # V1__x.sql, changelog.sql (Liquibase) or 1_x.up.sql (dbmate text
            # is recognised by its content in any name).
            layout = 3 if b"liquibase" in data[:200] else 0
            yield "migration_fuzz", bytes([layout]) + data
            yield "migration_fuzz", bytes([0x80 | 1]) + data
        if ext in SOURCE_EXTENSIONS:
            index = SOURCE_EXTENSIONS.index(ext)
            yield "source_fuzz", bytes([index]) + data
            yield "source_fuzz", bytes([0x80 | index]) + data
        if ext in ("mjs", "cjs", "jsx", "tsx"):
            yield "source_fuzz", bytes([0]) + data
        if name.startswith("Dockerfile") or name.endswith(".Dockerfile"):
            yield "dockerfile_fuzz", data
        if name == ".env" or ext == "env":
            yield "compose_fuzz", b"services: {}" + SEPARATOR + SEPARATOR + data


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    wanted = set(sys.argv[2:])
    fuzz_dir = ROOT / "fuzz"
    targets = sorted(p.stem for p in fuzz_dir.glob("*_fuzz.cpp"))
    counts = {t: 0 for t in targets if not wanted or t in wanted}

    def write(target, data):
        if target not in counts or not data or len(data) > MAX_SEED:
            return
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / hashlib.sha1(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
        counts[target] += 1

    for target, data in seeds():
        write(target, data)
    for kind in ("seeds", "regressions"):
        for target in counts:
            for path in sorted((fuzz_dir / kind / target).glob("*")):
                if path.is_file():
                    write(target, read(path))
    for target in counts:
        (out / target).mkdir(parents=True, exist_ok=True)
        print(f"{target}: {counts[target]} seeds")


if __name__ == "__main__":
    main()
