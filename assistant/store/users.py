"""Users for multi-user mode: a TOML file of hashed passwords, units and roles.

File format (``settings.users_file``)::

    [users.alice]
    password = "scrypt$16384$8$1$<salt hex>$<hash hex>"   # from hash_password()
    unit = "岳阳市公共资源交易中心"
    role = "drafter"                                       # drafter | reviewer

Without a users file the app runs in single-user local mode (:data:`LOCAL_USER`).
Create a hash with ``python -m assistant.store.users`` (reads the password from stdin).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import ConfigError

Role = Literal["drafter", "reviewer", "local"]

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_PBKDF2_ITER = 310_000


class User(BaseModel):
    """The acting user every store call receives."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Login name.")
    unit: str | None = Field(None, description="Budget unit the user belongs to; None only in local mode.")
    role: Role = Field("drafter", description="drafter | reviewer | local.")

    @property
    def is_local(self) -> bool:
        return self.role == "local"


LOCAL_USER = User(name="本地用户", unit=None, role="local")


class UserRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    password: str = Field(description="Hash string from hash_password(); never a plain password.")
    unit: str
    role: Literal["drafter", "reviewer"] = "drafter"

    def user(self) -> User:
        return User(name=self.name, unit=self.unit, role=self.role)


def hash_password(password: str, *, method: str = "scrypt", salt: bytes | None = None) -> str:
    """Return a self-describing hash string (scrypt by default, pbkdf2_sha256 also accepted)."""
    salt = salt or os.urandom(16)
    if method == "scrypt":
        digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
        return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"
    if method == "pbkdf2_sha256":
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, _PBKDF2_ITER)
        return f"pbkdf2_sha256${_PBKDF2_ITER}${salt.hex()}${digest.hex()}"
    raise ConfigError(f"unknown password hash method {method!r}: use scrypt or pbkdf2_sha256")


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of ``password`` against a hash string. Unknown formats never match."""
    parts = stored.split("$")
    try:
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = (int(x) for x in parts[1:4])
            salt, want = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
            got = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=len(want))
        elif parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            iterations = int(parts[1])
            salt, want = bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
            got = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations, dklen=len(want))
        else:
            return False
    except ValueError:
        return False
    return hmac.compare_digest(got, want)


def load_users(path: Path | str | None) -> dict[str, UserRecord]:
    """Read the users file; ``None`` → {} (single-user local mode)."""
    if path is None:
        return {}
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"ASSISTANT_USERS_FILE={p} 不存在 / users file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as ex:
        raise ConfigError(f"ASSISTANT_USERS_FILE={p} 格式错误 / invalid TOML: {ex}") from None
    out: dict[str, UserRecord] = {}
    for name, entry in (data.get("users") or {}).items():
        if not isinstance(entry, dict):
            raise ConfigError(f"{p}: [users.{name}] 必须是表 / must be a table")
        try:
            out[name] = UserRecord(name=name, **entry)
        except Exception as ex:  # pydantic ValidationError → one config line
            raise ConfigError(f"{p}: [users.{name}] 无效 / invalid: {' '.join(str(ex).split())}") from None
    return out


def authenticate(users: dict[str, UserRecord], name: str, password: str) -> User | None:
    """The User for a correct name/password, else None (same work either way)."""
    record = users.get(name)
    if record is None:
        verify_password(password, hash_password("x"))  # keep timing similar for unknown names
        return None
    return record.user() if verify_password(password, record.password) else None


def main() -> int:  # pragma: no cover - tiny helper
    password = sys.stdin.readline().rstrip("\n")
    if not password:
        print("usage: echo PASSWORD | python -m assistant.store.users", file=sys.stderr)
        return 2
    print(hash_password(password))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
