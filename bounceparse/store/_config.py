"""Where the store is and which policy applies: defaults, the TOML file, the caller.

The default store is `$XDG_DATA_HOME/bounceparse/bounces.sqlite3` (`~/.local/share/...`
when XDG_DATA_HOME is unset); the default configuration file
`$XDG_CONFIG_HOME/bounceparse/store.toml` (`~/.config/...`), read when it exists:

    db = "postgresql://bounces@db.example.org/mail"   # or a file path
    [policy]
    hard = true
    soft_days = 3
    soft_window = 14
    feedback = true

May import: the standard library and `._policy`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ._policy import Policy

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
CONFIG_KEYS = ("db", "policy")


def _xdg(variable: str, fallback: str) -> str:
    # os.path, not pathlib: `filter --record` runs once per message, and pathlib costs
    # its start-up a few milliseconds
    value = os.environ.get(variable, "")
    return value if os.path.isabs(value) else os.path.join(os.path.expanduser("~"), fallback)


def default_db_path() -> str:
    return os.path.join(_xdg("XDG_DATA_HOME", ".local/share"), "bounceparse", "bounces.sqlite3")


def default_config_path() -> str:
    return os.path.join(_xdg("XDG_CONFIG_HOME", ".config"), "bounceparse", "store.toml")


def is_postgres(db: str) -> bool:
    return db.startswith(POSTGRES_SCHEMES)


@dataclass(frozen=True, slots=True)
class Config:
    """What a configuration file says (nothing, when there is none)."""

    db: str | None = None
    policy: dict[str, object] = field(default_factory=dict)


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """The configuration in `path` (which must exist), else in the default file when it
    exists.  ValueError, naming the file, for a file that is not valid or has unknown keys."""
    if path is None:
        target = default_config_path()
        if not os.path.isfile(target):
            return Config()
    else:
        target = os.fspath(path)
    import tomllib

    try:
        with open(target, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ValueError(f"{target}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{target}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(CONFIG_KEYS))
    if unknown:
        raise ValueError(f"{target}: unknown key {unknown[0]!r} "
                         f"(valid: {', '.join(CONFIG_KEYS)})")
    db = data.get("db")
    if db is not None and not isinstance(db, str):
        raise ValueError(f"{target}: db must be a path or a postgresql:// URL")
    policy = data.get("policy", {})
    if not isinstance(policy, dict):
        raise ValueError(f"{target}: policy must be a table ([policy])")
    Policy.from_mapping(policy, f"{target}: [policy]")  # refuse mistakes now
    return Config(db=db, policy=dict(policy))
