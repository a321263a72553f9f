"""The layout rules that keep the code readable, checked on the source itself.

Imports point one way (accounts ← forum ← moderation, guidebook ← participation; `common`
is below them all), and guardian's permission tables are read only in the permissions
modules: a rule asked anywhere else is a rule that can disagree with its own page.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("common", "accounts", "forum", "moderation", "guidebook", "participation")
# app → the project packages it may import
ALLOWED = {
    "common": set(),
    "accounts": {"common"},
    "forum": {"common", "accounts"},
    "moderation": {"common", "accounts", "forum"},
    "guidebook": {"common", "accounts", "forum"},
    # The participation figures read every other app; nothing imports them.
    "participation": {"common", "accounts", "forum", "moderation", "guidebook"},
}
GUARDIAN_TABLES = ("guardian.models", "UserObjectPermission", "GroupObjectPermission")


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("app", APPS)
def test_imports_point_one_way(app):
    wrong = {
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _sources(app)
        for module in _imported_modules(path)
        if module.split(".")[0] in APPS
        and module.split(".")[0] != app
        and module.split(".")[0] not in ALLOWED[app]
    }
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("app", APPS)
def test_guardian_tables_are_read_only_in_permissions_modules(app):
    wrong = [
        str(path.relative_to(ROOT))
        for path in _sources(app)
        if path.name != "permissions.py"
        and any(name in path.read_text(encoding="utf-8") for name in GUARDIAN_TABLES)
    ]
    assert not wrong
