"""Photos and documents of visits: stored once by sha256 beside the database.

Originals are kept byte for byte; photos also get a downscaled JPEG preview for reports.
Files are written to a temporary name, flushed and renamed, so a crash never leaves a
half file under a sha256 name.
"""

from __future__ import annotations

import hashlib
import io
import mimetypes
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import DomainError, Message

PREVIEW_MAX_PX = 1600
PREVIEW_QUALITY = 82
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    filename: str
    mime: str
    size: int
    preview_sha256: str | None


class AttachmentStore:
    def __init__(self, root: Path):
        self.root = root

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def _write(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        dest = self.path_of(sha)
        if dest.exists() and dest.stat().st_size == len(data):
            return sha
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def add(self, source: Path) -> StoredFile:
        source = Path(source)
        try:
            size = source.stat().st_size
            if size > MAX_ATTACHMENT_BYTES:
                raise DomainError(Message(f"文件太大(超过200MB):{source.name}", f"File too large (over 200 MB): {source.name}"))
            data = source.read_bytes()
        except FileNotFoundError as exc:  # moved, renamed or on a stick that was pulled out
            raise DomainError(Message(
                f"附件“{source.name}”找不到了(原位置 {source.parent}):可能已被移动、改名或所在U盘已拔出。"
                "请把文件放回原处,或从附件中删去它再重新添加。",
                f"The attachment “{source.name}” is no longer there (was in {source.parent}): it may have been "
                "moved or renamed, or its USB stick removed. Put it back, or remove it and add it again.")) from exc
        except PermissionError as exc:
            raise DomainError(Message(f"没有权限读取附件“{source.name}”({source.parent})。",
                                      f"Not allowed to read the attachment “{source.name}” ({source.parent}).")) from exc
        except OSError as exc:
            raise DomainError(Message(f"无法读取附件“{source.name}”({source.parent}):{exc.strerror}",
                                      f"Cannot read the attachment “{source.name}” ({source.parent}): {exc.strerror}")) from exc
        mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        sha = self._write(data)
        preview = self._preview(data) if mime.startswith("image/") else None
        return StoredFile(sha, source.name, mime, len(data), preview)

    def _preview(self, data: bytes) -> str | None:
        """A JPEG no larger than PREVIEW_MAX_PX on its long side; None if the image can't be read."""
        from PIL import Image, ImageOps, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as img:
                img = ImageOps.exif_transpose(img)
                img.thumbnail((PREVIEW_MAX_PX, PREVIEW_MAX_PX))
                out = io.BytesIO()
                img.convert("RGB").save(out, "JPEG", quality=PREVIEW_QUALITY, optimize=True)
        except (UnidentifiedImageError, OSError, ValueError):
            return None
        return self._write(out.getvalue())
