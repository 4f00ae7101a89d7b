"""The package file (.yimi), format 2: signed, then encrypted.

Inside (the plaintext, never written to the stick) is a zip whose members come from a fixed list
and are never extracted by name:
  manifest.json          format and schema version, package id, sender (replicating device),
                         signer (enrolled identity) and its public key, recipient identity, the
                         sender's version vector (its acknowledgement), ranges, the hub's key chain,
                         and the sha256 + size of every other member
  manifest.sig           the signer's Ed25519 signature of manifest.json's exact bytes
  changes.jsonl          one change per line, in (hlc, device, seq) order
  attachments/<sha256>   attachment files named by their content hash
The whole zip is then encrypted with age to the recipient's X25519 key: the file on the stick is a
standard age file (`age -d -i identity.txt x.yimi` opens it). age authenticates every chunk, so a
flipped byte or a truncation is refused before anything is read; the signature over the manifest,
which holds every member's hash, refuses a file changed by someone who could re-encrypt it.

Writing goes to a private scratch folder on this computer, then `.name.part` on the stick, fsynced
and renamed: a pulled or full stick never holds a half file under the final name.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyrage

from ..domain.display import show_name, show_path
from ..domain.errors import DomainError, Message
from . import keys as keylib

FORMAT_VERSION = 2
SUFFIX = ".yimi"
AGE_MAGIC = b"age-encryption.org/v1\n"

# Limits, checked on the zip's own records before anything is decompressed and again while reading.
MAX_MEMBERS = 100_000
MAX_MANIFEST_BYTES = 64 * 1024**2
MAX_SIGNATURE_BYTES = 1024
MAX_CHANGES_BYTES = 8 * 1024**3
MAX_ATTACHMENT_BYTES = 256 * 1024**2  # the application keeps attachments under 200 MB
MAX_TOTAL_BYTES = 64 * 1024**3
MAX_LINE_BYTES = 16 * 1024**2
BOMB_RATIO = 200  # a member over 1 MiB that inflates more than this is refused as a decompression bomb
BOMB_MIN_BYTES = 1024**2
_ATTACHMENT = re.compile(r"attachments/[0-9a-f]{64}")
_FIXED = {"manifest.json", "manifest.sig", "changes.jsonl"}


class PackageError(DomainError):
    pass


class NotForUs(PackageError):
    """A package addressed to another device (a stick shared by several laptops): not a fault here."""


def _refuse(zh: str, en: str) -> PackageError:
    return PackageError(Message(zh, en))


def _limit_of(name: str) -> int:
    return {"manifest.json": MAX_MANIFEST_BYTES, "manifest.sig": MAX_SIGNATURE_BYTES,
            "changes.jsonl": MAX_CHANGES_BYTES}.get(name, MAX_ATTACHMENT_BYTES)


@dataclass
class Manifest:
    package_id: str
    sender: str            # the replicating device id of the change log
    sender_name: str
    sender_role: str
    signer: str            # the enrolled identity that signs
    signing_key: str       # its Ed25519 public key (hex)
    recipient: str         # the identity the package is for
    schema: str
    created_at: str
    vector: dict[str, int]
    ranges: dict[str, list[int]]
    change_count: int
    hub_keys: list[dict] = field(default_factory=list)  # hub packages: the hub's key chain, oldest first
    members: dict[str, dict] = field(default_factory=dict)
    format: int = FORMAT_VERSION
    # device ids the sender used before (a restore or a clock far ahead retired them; never a copy's
    # original, which lives on): the receiver stops counting them as replicas still to serve
    retired: list[str] = field(default_factory=list)
    # a laptop's enrolment root (the device id it took its enrolment on; kept by its copies): the hub
    # refuses a second computer set up from the same enrolment file
    root: str = ""

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True, indent=1).encode()

    @classmethod
    def parse(cls, raw: bytes) -> "Manifest":
        damaged = _refuse("数据包清单损坏。", "The package manifest is damaged.")
        try:
            d = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as exc:
            raise damaged from exc
        if not isinstance(d, dict):
            raise damaged
        if d.get("format") != FORMAT_VERSION:
            raise _refuse(f"数据包格式版本 {d.get('format')} 不受支持,请升级软件。",
                          f"Package format {d.get('format')} is not supported; upgrade the application.")
        try:
            m = cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d or k not in _OPTIONAL})
        except (KeyError, TypeError) as exc:
            raise damaged from exc
        strings = (m.package_id, m.sender, m.sender_name, m.sender_role, m.signer, m.signing_key, m.recipient,
                   m.schema, m.created_at)
        if not all(isinstance(x, str) for x in strings) or not isinstance(m.change_count, int) \
                or not isinstance(m.vector, dict) or not all(_is_seq(v) for v in m.vector.values()) \
                or not isinstance(m.ranges, dict) or not isinstance(m.members, dict) \
                or not all(isinstance(v, dict) for v in m.members.values()) \
                or not isinstance(m.hub_keys, list) or not all(isinstance(k, dict) for k in m.hub_keys) \
                or not isinstance(m.retired, list) or not all(isinstance(d, str) for d in m.retired) \
                or not isinstance(m.root, str):
            raise damaged
        for r in m.ranges.values():
            if not (isinstance(r, list) and len(r) == 2 and all(_is_seq(x) for x in r)):
                raise damaged
        return m


_OPTIONAL = frozenset({"retired", "root"})  # absent from packages made before it existed
MAX_SEQ = 2**62


def _is_seq(v) -> bool:
    return type(v) is int and 0 <= v < MAX_SEQ


_HLC = re.compile(r"\d{21}")
_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def valid_change(ch) -> bool:
    """A change line of the right shape and types (the values themselves are checked when applied)."""
    return (isinstance(ch, dict) and _is_seq(ch.get("seq")) and ch["seq"] >= 1
            and isinstance(ch.get("device_id"), str) and _ID.fullmatch(ch["device_id"]) is not None
            and isinstance(ch.get("hlc"), str) and _HLC.fullmatch(ch["hlc"]) is not None
            and all(isinstance(ch.get(k), str) and 0 < len(ch[k]) <= 64 for k in ("entity", "record_id", "field"))
            and (ch.get("value") is None or isinstance(ch.get("value"), str))
            and isinstance(ch.get("base", ""), str))


# ---- writing --------------------------------------------------------------------------------------

def atomic_write(dest: Path, fill: Callable[[io.BufferedWriter], None]) -> None:
    """Write `dest` through `.dest.part`: flushed, fsynced, renamed. A full or pulled stick leaves no
    file under the final name and raises a PackageError that says so."""
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        with open(tmp, "wb") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise _refuse(f"U盘空间不足,文件没有写成:{show_name(dest)}。请换一个U盘或清理空间后重试。",
                          f"The stick is full; {show_name(dest)} was not written. Free some space or use another stick.") from exc
        raise _refuse(f"写文件失败({exc.strerror}):{show_path(dest)}。是否拔出了U盘?",
                      f"Writing failed ({exc.strerror}): {show_path(dest)}. Was the stick pulled out?") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _scratch_file(scratch: Path) -> Path:
    scratch.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=scratch, prefix=".pkg-", suffix=".zip")
    os.close(fd)
    os.chmod(name, 0o600)
    return Path(name)


def _local_disk_full(exc: OSError) -> PackageError:
    return _refuse(f"本机磁盘空间不足,无法处理数据包({exc.strerror})。请清理磁盘后重试。",
                   f"This computer's disk is full ({exc.strerror}); free some space and try again.")


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


CHANGE_KEYS = ("device_id", "seq", "hlc", "entity", "record_id", "field", "value", "base")
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_QUOTE = json.encoder.encode_basestring  # the string encoder _ENCODE itself uses (ensure_ascii off)


def change_line(ch: dict) -> bytes:
    """One change as its package line: exactly json.dumps(ch, ensure_ascii=False, separators=(",", ":")),
    written out directly for the usual change (its eight keys in order, an int seq, strings or a null
    value), else by json itself."""
    if type(ch) is dict and tuple(ch) == CHANGE_KEYS and type(ch["seq"]) is int:
        q, v = _QUOTE, ch["value"]
        try:
            return (f'{{"device_id":{q(ch["device_id"])},"seq":{ch["seq"]},"hlc":{q(ch["hlc"])},'
                    f'"entity":{q(ch["entity"])},"record_id":{q(ch["record_id"])},"field":{q(ch["field"])},'
                    f'"value":{"null" if v is None else q(v)},"base":{q(ch["base"])}}}\n').encode()
        except TypeError:  # a field of another type: json says how
            pass
    return _ENCODE(ch).encode() + b"\n"


def _write_plain(path: Path, manifest: Manifest, changes: Iterable[dict], attachments: Iterable[tuple[str, Path]],
                 keys: keylib.DeviceKeys) -> int:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        count = 0
        with zf.open("changes.jsonl", "w", force_zip64=True) as raw:
            hw = _HashingWriter(raw)
            buf = io.BufferedWriter(hw, buffer_size=1 << 16)
            for ch in changes:
                buf.write(change_line(ch))
                count += 1
            buf.flush()
        manifest.members["changes.jsonl"] = {"sha256": hw.sha.hexdigest(), "size": hw.size}
        for sha, src_path in attachments:
            name = f"attachments/{sha}"
            if name in manifest.members:
                continue
            with open(src_path, "rb") as src, zf.open(name, "w", force_zip64=True) as raw:
                hw = _HashingWriter(raw)
                while chunk := src.read(1 << 20):
                    hw.write(chunk)
            if hw.sha.hexdigest() != sha:
                raise _refuse(f"附件文件已损坏:{show_path(src_path)}", f"An attachment file is damaged: {show_path(src_path)}")
            manifest.members[name] = {"sha256": sha, "size": hw.size}
        manifest.change_count = count
        raw_manifest = manifest.to_json()
        zf.writestr("manifest.json", raw_manifest)
        zf.writestr("manifest.sig", keys.sign(raw_manifest))
    return count


class _Sink(io.RawIOBase):
    """The file on the stick, keeping the OSError a write raised."""

    def __init__(self, fh):
        self.fh, self.error, self.size = fh, None, 0

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        try:
            n = self.fh.write(b)
        except OSError as exc:
            self.error = exc
            raise
        self.size += n
        return n


def write_package(dest: Path, manifest: Manifest, changes: Iterable[dict], attachments: Iterable[tuple[str, Path]],
                  keys: keylib.DeviceKeys, to_recipient: str, scratch: Path) -> int:
    """Sign and encrypt a package to `to_recipient` (an age public key) and write it atomically at
    `dest`; the plaintext exists only in `scratch` on this computer. Returns the number of changes."""
    recipient = keylib.recipient(to_recipient)
    manifest.signing_key = keys.signing_public
    plain = _scratch_file(scratch)
    try:
        try:
            count = _write_plain(plain, manifest, changes, attachments, keys)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise _local_disk_full(exc) from exc
            raise

        def fill(out) -> None:
            sink = _Sink(out)
            with open(plain, "rb") as src:
                try:
                    pyrage.encrypt_io(src, sink, [recipient])
                except pyrage.EncryptError as exc:
                    # pyrage reports the stick's OSError (ENOSPC, a pulled stick) only as text
                    raise (sink.error or OSError(errno.EIO, str(exc))) from exc
            if sink.error is not None:  # pyrage 1.4 drops an error raised by its last write
                raise sink.error
            out.flush()
            if os.fstat(out.fileno()).st_size != sink.size:
                raise OSError(errno.EIO, "short write")
        atomic_write(dest, fill)
    finally:
        plain.unlink(missing_ok=True)
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


# ---- reading --------------------------------------------------------------------------------------

def not_a_regular_file(path: Path) -> PackageError:
    return _refuse(f"不是普通文件(可能是管道、套接字或设备),不能作为数据包导入:{show_path(path)}",
                   f"Not a regular file (a pipe, socket or device); not imported as a package: {show_path(path)}")


def check_regular_file(path: Path) -> os.stat_result:
    """The file's stat, refused unless it is a regular file. Never opens it: opening a FIFO for
    reading blocks until a writer comes, and a device may do anything."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise not_a_regular_file(path)
    return st


def _open_regular(path: Path) -> io.BufferedReader:
    """Opens without blocking (O_NONBLOCK: a FIFO's open returns at once instead of waiting for a
    writer) and refuses what fstat says is not a regular file; on a regular file O_NONBLOCK does
    nothing."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise not_a_regular_file(path)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class PackageReader:
    """Decrypts a package into a private scratch file and checks its structure and size limits.

    The caller then verifies the signer (`signature_valid`) before `check_members`, so a stranger's
    file is refused before any member is decompressed.
    """

    def __init__(self, path: Path, identities: list, scratch: Path):
        self.path = Path(path)
        self.zf: zipfile.ZipFile | None = None
        self._plain: Path | None = None
        try:
            self._decrypt(identities, scratch)
            try:
                self.zf = zipfile.ZipFile(self._plain)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise self._damaged() from exc
            self._check_structure()
            self.raw_manifest = self._read_bounded("manifest.json")
            self.signature = self._read_bounded("manifest.sig")
            self.manifest = Manifest.parse(self.raw_manifest)
        except DomainError:
            self.close()
            raise
        except Exception as exc:  # whatever else a hostile file provokes in zipfile or json: refused, not a crash
            self.close()
            raise self._damaged() from exc
        except BaseException:
            self.close()
            raise

    @property
    def name(self) -> str:
        """The file name as shown to people and logs (undecodable bytes escaped)."""
        return show_name(self.path)

    def _damaged(self) -> PackageError:
        return _refuse(f"数据包已损坏或不完整:{self.name}", f"The package is damaged or incomplete: {self.name}")

    def _tampered(self, what: str) -> PackageError:
        return _refuse(f"数据包内容与发送方的签名不符(签名后被改动过:{what}),已拒绝:{self.name}",
                       f"The package does not match its sender's signature (changed after signing: {what}): {self.name}")

    def _decrypt(self, identities: list, scratch: Path) -> None:
        name = self.name
        try:
            size = check_regular_file(self.path).st_size  # before any open: a FIFO's open would hang
            src = _open_regular(self.path)  # and again on the opened file, should it have been swapped
        except OSError as exc:
            raise _refuse(f"无法读取数据包 {name}:{exc.strerror}", f"Cannot read {name}: {exc.strerror}") from exc
        with src:
            try:
                head = src.read(len(AGE_MAGIC))
                src.seek(0)
            except OSError as exc:
                raise _refuse(f"无法读取数据包 {name}:{exc.strerror}", f"Cannot read {name}: {exc.strerror}") from exc
            if head.startswith(b"PK\x03\x04"):
                raise _refuse(f"这是旧版本软件导出的未签名、未加密的数据包,已不再接受:{name}。请把发送方的软件升级、"
                              "在县级中心注册后重新导出(未送达的修改都还在发送方,不会丢)。",
                              f"An unsigned, unencrypted package from an old version is no longer accepted: {name}. "
                              "Upgrade and enrol the sender, then export again (its unsent changes are kept).")
            if head != AGE_MAGIC:
                raise _refuse(f"不是一米团数据包:{name}", f"Not a yimi package: {name}")
            scratch.mkdir(mode=0o700, parents=True, exist_ok=True)
            free = shutil.disk_usage(scratch).free
            if free < size + 64 * 1024**2:
                raise _refuse(f"本机磁盘空间不足,无法打开数据包 {name}(需要约 {size // 1024**2 + 64} MB)。",
                              f"Not enough disk space to open {name} (about {size // 1024**2 + 64} MB needed).")
            self._plain = _scratch_file(scratch)
            try:
                with open(self._plain, "wb") as out:
                    pyrage.decrypt_io(src, out, identities)
            except pyrage.DecryptError as exc:
                if "No matching keys" in str(exc):
                    raise NotForUs(Message(f"这个数据包不是发给本机的(本机的密钥打不开它):{name}",
                                           f"This package is not addressed to this device (its keys cannot open it): {name}")) from exc
                raise self._damaged() from exc
            except OSError as exc:
                if exc.errno == errno.ENOSPC:
                    raise _local_disk_full(exc) from exc
                if exc.errno is None:  # pyrage's own: a truncated or mangled stream
                    raise self._damaged() from exc
                raise _refuse(f"无法读取数据包 {name}:{exc.strerror}", f"Cannot read {name}: {exc.strerror}") from exc

    def _check_structure(self) -> None:
        infos = self.zf.infolist()
        names = [i.filename for i in infos]
        if len(infos) > MAX_MEMBERS:
            raise _refuse(f"数据包中的文件超过 {MAX_MEMBERS} 个,已拒绝:{self.name}",
                          f"The package holds more than {MAX_MEMBERS} files: {self.name}")
        if len(set(names)) != len(names):
            raise self._damaged()
        total = 0
        for info in infos:
            if not (info.filename in _FIXED or _ATTACHMENT.fullmatch(info.filename)):
                raise _refuse(f"数据包中有不允许的文件“{info.filename}”,已拒绝:{self.name}",
                              f"The package holds a file that is not allowed ('{info.filename}'): {self.name}")
            if info.flag_bits & 0x1:
                raise self._damaged()
            if info.file_size > _limit_of(info.filename):
                raise _refuse(f"数据包中的“{info.filename}”超过大小上限,已拒绝:{self.name}",
                              f"'{info.filename}' in the package is over the size limit: {self.name}")
            if info.file_size > BOMB_MIN_BYTES and info.file_size > BOMB_RATIO * max(info.compress_size, 1):
                raise _refuse(f"数据包中的“{info.filename}”解压后异常膨胀(压缩炸弹),已拒绝:{self.name}",
                              f"'{info.filename}' in the package inflates abnormally (a decompression bomb): {self.name}")
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _refuse(f"数据包解压后超过大小上限,已拒绝:{self.name}",
                          f"The package is over the size limit once unpacked: {self.name}")
        if not _FIXED <= set(names):
            raise self._damaged()

    def _read_bounded(self, name: str) -> bytes:
        limit = _limit_of(name)
        try:
            with self.zf.open(name) as src:
                data = src.read(limit + 1)
        except Exception as exc:
            raise self._damaged() from exc
        if len(data) > limit:
            raise self._damaged()
        return data

    def signature_valid(self, signing_public_hex: str) -> bool:
        return keylib.verify(signing_public_hex, self.signature, self.raw_manifest)

    def check_members(self) -> None:
        """Every member is exactly what the (verified) manifest says: nothing added, removed or changed."""
        names = {i.filename for i in self.zf.infolist()} - {"manifest.json", "manifest.sig"}
        declared = self.manifest.members
        if set(declared) != names:
            extra = sorted(names ^ set(declared))
            raise self._tampered(extra[0] if extra else "?")
        for name, meta in declared.items():
            size_wanted = meta.get("size")
            if not isinstance(size_wanted, int) or self.zf.getinfo(name).file_size != size_wanted:
                raise self._tampered(name)
            sha, size = hashlib.sha256(), 0
            try:
                with self.zf.open(name) as src:
                    while chunk := src.read(1 << 20):
                        sha.update(chunk)
                        size += len(chunk)
                        if size > size_wanted:
                            raise self._tampered(name)
            except DomainError:
                raise
            except Exception as exc:  # zipfile: bad data, an unsupported method, ...
                raise self._tampered(name) from exc
            if sha.hexdigest() != meta.get("sha256") or size != size_wanted:
                raise self._tampered(name)
            if name.startswith("attachments/") and name.split("/", 1)[1] != sha.hexdigest():
                raise self._tampered(name)

    def changes(self) -> Iterator[dict]:
        try:
            raw = self.zf.open("changes.jsonl")
        except Exception as exc:
            raise self._damaged() from exc
        with raw:
            for line in io.BufferedReader(raw, buffer_size=1 << 16):
                if len(line) > MAX_LINE_BYTES:
                    raise self._damaged()
                try:
                    ch = json.loads(line)
                except (ValueError, RecursionError) as exc:
                    raise self._damaged() from exc
                if not valid_change(ch):
                    raise self._damaged()
                yield ch

    def lines(self) -> Iterator[bytes]:
        """The raw change lines (for sync.batch, which decodes them; `decode_line` for the odd one)."""
        try:
            raw = self.zf.open("changes.jsonl")
        except Exception as exc:
            raise self._damaged() from exc
        with raw:
            try:
                for line in io.BufferedReader(raw, buffer_size=1 << 16):
                    if len(line) > MAX_LINE_BYTES:
                        raise self._damaged()
                    yield line
            except PackageError:
                raise
            except Exception as exc:
                raise self._damaged() from exc

    def decode_line(self, line: bytes) -> dict:
        """One change line decoded and checked as `changes` does (raises the damaged-file error)."""
        try:
            ch = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise self._damaged() from exc
        if not valid_change(ch):
            raise self._damaged()
        return ch

    def damaged(self) -> PackageError:
        return self._damaged()

    def attachment_names(self) -> list[str]:
        return [n.split("/", 1)[1] for n in self.manifest.members if n.startswith("attachments/")]

    def copy_attachment(self, sha: str, dest: Path) -> None:
        with self.zf.open(f"attachments/{sha}") as src, open(dest, "wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())

    def close(self) -> None:
        if self.zf is not None:
            self.zf.close()
            self.zf = None
        if self._plain is not None:
            self._plain.unlink(missing_ok=True)
            self._plain = None
