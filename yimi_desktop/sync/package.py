"""The package file (.yimi): a zip archive whose every byte is covered by a sha256 kept in the zip
comment, so any flipped byte or truncation is detected before anything is read.

Members (names from a fixed list, never extracted to disk by name):
  changes.jsonl          one change per line, in (hlc, device, seq) order
  attachments/<sha256>   attachment files named by their content hash
  manifest.json          format and schema version, package id, sender, recipient, the sender's
                         version vector (its acknowledgement), ranges, and sha256+size of each member
Written to a temporary name, flushed and fsynced, then renamed: a pulled stick never holds a
half file under the final name.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import DomainError, Message

FORMAT_VERSION = 1
SUFFIX = ".yimi"
DIGEST_LEN = 64
MAX_MEMBER_BYTES = 2 * 1024**3
MAX_LINE_BYTES = 16 * 1024**2
MAX_MEMBERS = 100_000
_ATTACHMENT = re.compile(r"^attachments/[0-9a-f]{64}$")
_FIXED = {"manifest.json", "changes.jsonl"}


class PackageError(DomainError):
    pass


def _refuse(zh: str, en: str) -> PackageError:
    return PackageError(Message(zh, en))


@dataclass
class Manifest:
    package_id: str
    sender: str
    sender_name: str
    sender_role: str
    recipient: str
    schema: str
    created_at: str
    vector: dict[str, int]
    ranges: dict[str, list[int]]
    change_count: int
    members: dict[str, dict] = field(default_factory=dict)
    format: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True, indent=1).encode()

    @classmethod
    def parse(cls, raw: bytes) -> "Manifest":
        try:
            d = json.loads(raw.decode("utf-8"))
            m = cls(**{k: d[k] for k in ("package_id", "sender", "sender_name", "sender_role", "recipient", "schema",
                                          "created_at", "vector", "ranges", "change_count", "members", "format")})
        except (ValueError, KeyError, TypeError) as exc:
            raise _refuse("数据包清单损坏。", "The package manifest is damaged.") from exc
        if not isinstance(m.vector, dict) or not all(isinstance(v, int) for v in m.vector.values()):
            raise _refuse("数据包清单损坏。", "The package manifest is damaged.")
        return m


class _HashingWriter(io.RawIOBase):
    """Passes writes to a file while hashing and counting them."""

    def __init__(self, fh):
        self.fh, self.sha, self.size = fh, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self.sha.update(b)
        self.size += len(b)
        return self.fh.write(b)


def write_package(dest: Path, manifest: Manifest, changes: Iterable[dict],
                  attachments: Iterable[tuple[str, Path]]) -> int:
    """Write the package atomically at `dest`; returns the number of changes written."""
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        with open(tmp, "w+b") as fh:
            with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
                count = 0
                with zf.open("changes.jsonl", "w", force_zip64=True) as raw:
                    hw = _HashingWriter(raw)
                    buf = io.BufferedWriter(hw, buffer_size=1 << 16)
                    for ch in changes:
                        buf.write(json.dumps(ch, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
                        count += 1
                    buf.flush()
                manifest.members["changes.jsonl"] = {"sha256": hw.sha.hexdigest(), "size": hw.size}
                for sha, path in attachments:
                    name = f"attachments/{sha}"
                    if name in manifest.members:
                        continue
                    with open(path, "rb") as src, zf.open(name, "w", force_zip64=True) as raw:
                        hw = _HashingWriter(raw)
                        while chunk := src.read(1 << 20):
                            hw.write(chunk)
                    if hw.sha.hexdigest() != sha:
                        raise _refuse(f"附件文件已损坏:{path}", f"An attachment file is damaged: {path}")
                    manifest.members[name] = {"sha256": sha, "size": hw.size}
                manifest.change_count = count
                zf.writestr("manifest.json", manifest.to_json())
                zf.comment = b"0" * DIGEST_LEN
            fh.flush()
            # the comment is the sha256 of every byte before it
            fh.seek(0)
            sha = hashlib.sha256()
            end = os.fstat(fh.fileno()).st_size - DIGEST_LEN
            remaining = end
            while remaining:
                chunk = fh.read(min(1 << 20, remaining))
                sha.update(chunk)
                remaining -= len(chunk)
            fh.seek(end)
            fh.write(sha.hexdigest().encode())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == 28:  # ENOSPC
            raise _refuse(f"U盘空间不足,数据包没有写成:{dest.name}。请换一个U盘或清理空间后重试。",
                          f"The stick is full; the package {dest.name} was not written. Free some space or use another stick.") from exc
        raise _refuse(f"写数据包失败({exc.strerror}):{dest}。是否拔出了U盘?",
                      f"Writing the package failed ({exc.strerror}): {dest}. Was the stick pulled out?") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class PackageReader:
    """Opens and fully checks a package before anything is applied."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._check_whole_file()
        try:
            self.zf = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise self._damaged() from exc
        try:
            self._check_members()
        except BaseException:
            self.zf.close()
            raise

    def _damaged(self) -> PackageError:
        return _refuse(f"数据包已损坏或不完整:{self.path.name}", f"The package is damaged or incomplete: {self.path.name}")

    def _check_whole_file(self) -> None:
        try:
            size = self.path.stat().st_size
            with open(self.path, "rb") as fh:
                if size < DIGEST_LEN + 22 or fh.read(4) != b"PK\x03\x04":
                    raise _refuse(f"不是一米团数据包:{self.path.name}", f"Not a yimi package: {self.path.name}")
                fh.seek(0)
                sha = hashlib.sha256()
                remaining = size - DIGEST_LEN
                while remaining:
                    chunk = fh.read(min(1 << 20, remaining))
                    if not chunk:
                        raise self._damaged()
                    sha.update(chunk)
                    remaining -= len(chunk)
                stored = fh.read(DIGEST_LEN)
        except OSError as exc:
            raise _refuse(f"无法读取数据包 {self.path.name}:{exc.strerror}", f"Cannot read {self.path.name}: {exc.strerror}") from exc
        if stored != sha.hexdigest().encode():
            raise self._damaged()

    def _check_members(self) -> None:
        infos = self.zf.infolist()
        names = [i.filename for i in infos]
        if len(infos) > MAX_MEMBERS or len(set(names)) != len(names):
            raise self._damaged()
        for info in infos:
            if not (info.filename in _FIXED or _ATTACHMENT.match(info.filename)):
                raise _refuse(f"数据包中有不允许的文件“{info.filename}”:{self.path.name}",
                              f"The package holds a file that is not allowed ('{info.filename}'): {self.path.name}")
            if info.file_size > MAX_MEMBER_BYTES or info.flag_bits & 0x1:
                raise self._damaged()
        if not _FIXED <= set(names):
            raise self._damaged()
        try:
            raw = self.zf.read("manifest.json")
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise self._damaged() from exc
        self.manifest = Manifest.parse(raw)
        if self.manifest.format != FORMAT_VERSION:
            raise _refuse(f"数据包格式版本 {self.manifest.format} 不受支持,请升级软件:{self.path.name}",
                          f"Package format {self.manifest.format} is not supported; upgrade the application: {self.path.name}")
        if set(self.manifest.members) != set(names) - {"manifest.json"}:
            raise self._damaged()
        for name, meta in self.manifest.members.items():
            sha, size = hashlib.sha256(), 0
            try:
                with self.zf.open(name) as src:
                    while chunk := src.read(1 << 20):
                        sha.update(chunk)
                        size += len(chunk)
                        if size > MAX_MEMBER_BYTES:
                            raise self._damaged()
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                raise self._damaged() from exc
            if sha.hexdigest() != meta.get("sha256") or size != meta.get("size"):
                raise self._damaged()
            if name.startswith("attachments/") and name.split("/", 1)[1] != sha.hexdigest():
                raise self._damaged()

    def changes(self) -> Iterator[dict]:
        with self.zf.open("changes.jsonl") as raw:
            for line in io.BufferedReader(raw, buffer_size=1 << 16):
                if len(line) > MAX_LINE_BYTES:
                    raise self._damaged()
                try:
                    ch = json.loads(line)
                except ValueError as exc:
                    raise self._damaged() from exc
                if not isinstance(ch, dict) or not {"device_id", "seq", "hlc", "entity", "record_id", "field"} <= set(ch):
                    raise self._damaged()
                yield ch

    def attachment_names(self) -> list[str]:
        return [n.split("/", 1)[1] for n in self.manifest.members if n.startswith("attachments/")]

    def copy_attachment(self, sha: str, dest: Path) -> None:
        with self.zf.open(f"attachments/{sha}") as src, open(dest, "wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())

    def close(self) -> None:
        self.zf.close()
