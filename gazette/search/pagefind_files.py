"""Pagefind's data files (gzip + CBOR), read and rewritten so its output is reproducible (notes/pagefind.md §4.2)."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

# Pagefind's data files are gzip("pagefind_dcd" + CBOR). Only definite-length unsigned integers, text
# strings and arrays occur in the files rewritten here; anything else is refused rather than mis-encoded.
SIGNATURE = b"pagefind_dcd"


def _cbor_decode(b: bytes, i: int = 0):
    head, i = b[i], i + 1
    major, info = head >> 5, head & 31
    if info < 24:
        n = info
    elif 24 <= info <= 27:
        size = 1 << (info - 24)
        n, i = int.from_bytes(b[i:i + size], "big"), i + size
    else:
        raise ValueError(f"unsupported CBOR item {head:#x}")
    if major == 0:
        return n, i
    if major == 3:
        return b[i:i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _cbor_decode(b, i)
            items.append(item)
        return items, i
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(n)


def _cbor_encode(v) -> bytes:
    if isinstance(v, bool) or not isinstance(v, (int, str, list)):
        raise ValueError(f"unsupported value {v!r}")
    if isinstance(v, int):
        return _cbor_head(0, v)
    if isinstance(v, str):
        data = v.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    return _cbor_head(4, len(v)) + b"".join(_cbor_encode(x) for x in v)


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind data file")
    value, end = _cbor_decode(data, len(SIGNATURE))
    if end != len(data) or _cbor_encode(value) != data[len(SIGNATURE):]:
        raise ValueError(f"{path.name}: CBOR does not round-trip")
    return value


def _write(path: Path, value) -> bytes:
    data = gzip.compress(SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0)
    path.write_bytes(data)
    return data


def _content_name(lang: str, data: bytes, length: int) -> str:
    return f"{lang}_{hashlib.sha256(data).hexdigest()[:length]}"


def normalise_output(out: Path) -> None:
    """Make Pagefind's output reproducible (notes/pagefind.md §4.2): it writes each filter's values and the
    list of filters in hash-map order, which differs between identical runs, and names the files after
    that. Sort both, re-encode, and name the rewritten files after their own bytes. Index chunks and
    fragments are already stable and are left untouched."""
    entry_path = out / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in sorted(entry["languages"].items()):
        meta_path = out / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, old_hash in meta[3]:
            old = out / "filter" / f"{old_hash}.pf_filter"
            key, values = _read(old)
            old.unlink()
            tmp = out / "filter" / f"{old_hash}.tmp"
            data = _write(tmp, [key, sorted(values)])
            new_hash = _content_name(lang, data, 7)
            tmp.rename(out / "filter" / f"{new_hash}.pf_filter")
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        meta_path.unlink()
        tmp = out / f"pagefind.{lang}.tmp"
        data = _write(tmp, meta)
        info["hash"] = _content_name(lang, data, 16)
        tmp.rename(out / f"pagefind.{info['hash']}.pf_meta")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
