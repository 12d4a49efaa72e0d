"""Make Pagefind's search index the same bytes on every build.

Pagefind 1.5 writes each filter's values (our care groups) in the order of
a Rust hash map, which changes from run to run; the filter file's name is a
hash of its content, and the index's metadata file names that file, so
three files and pagefind-entry.json change on every build. Newer Pagefind
sorts the values (Pagefind/pagefind#638); until the pinned version does,
this rewrites those files as Pagefind would with the values sorted: same
format, same naming scheme (the first hex digits of the SHA-1 of the
content), gzip without a time stamp.

The files are gzip-compressed, start with the signature b"pagefind_dcd" and
hold CBOR (RFC 8949). Only the CBOR Pagefind writes is handled: integers,
strings, arrays and maps of definite length, and the simple values."""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
# Pagefind's metadata record: [version, pages, index_chunks, filters, sorts, meta_fields]
META_FILTERS = 3
# Short hash lengths Pagefind uses in file names: filter and index files
# get 7 hex digits after "<language>_", the metadata file len(language) + 8.
FILTER_HASH_DIGITS = 7


class IndexFormatError(Exception):
    """The search index is not in the format this module knows."""


# -- a small CBOR codec --------------------------------------------------------


class Simple(int):
    """A CBOR simple value (false, true, null...), kept as its number."""


def _decode(data: bytes, pos: int):
    initial = data[pos]
    major, info = initial >> 5, initial & 0x1F
    pos += 1
    if major == 7:
        if info < 24:
            return Simple(info), pos
        raise IndexFormatError(f"unsupported CBOR float/simple value at byte {pos - 1}")
    if info < 24:
        argument = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        argument = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    else:
        raise IndexFormatError(f"unsupported CBOR length at byte {pos - 1}")
    if major == 0:
        return argument, pos
    if major == 1:
        return -1 - argument, pos
    if major in (2, 3):
        raw = data[pos : pos + argument]
        return (raw if major == 2 else raw.decode("utf-8")), pos + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, pos = _decode(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        pairs = []
        for _ in range(argument):
            key, pos = _decode(data, pos)
            value, pos = _decode(data, pos)
            pairs.append((key, value))
        return dict(pairs), pos
    raise IndexFormatError(f"unsupported CBOR major type {major} at byte {pos - 1}")


def cbor_loads(data: bytes):
    value, end = _decode(data, 0)
    if end != len(data):
        raise IndexFormatError(f"{len(data) - end} unexpected byte(s) after the CBOR value")
    return value


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if argument < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, argument)
    raise IndexFormatError(f"integer too large for CBOR: {argument}")


def cbor_dumps(value) -> bytes:
    if isinstance(value, Simple):
        return bytes([7 << 5 | int(value)])
    if isinstance(value, bool):  # never produced by cbor_loads; refuse silently wrong output
        raise IndexFormatError("booleans are kept as Simple values")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_dumps(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(cbor_dumps(k) + cbor_dumps(v) for k, v in value.items())
    raise IndexFormatError(f"cannot encode {type(value).__name__} as CBOR")


# -- Pagefind's files ------------------------------------------------------------


def read_record(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise IndexFormatError(f"{path.name} does not start with Pagefind's signature")
    body = raw[len(SIGNATURE) :]
    value = cbor_loads(body)
    if cbor_dumps(value) != body:
        raise IndexFormatError(f"{path.name} does not read back to the same bytes; not rewriting it")
    return value


def record_bytes(value) -> tuple[bytes, str]:
    """The gzip file for a record and the SHA-1 of its CBOR, as Pagefind
    names files. mtime=0 keeps the time out of the gzip header."""
    body = cbor_dumps(value)
    return gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0), hashlib.sha1(body).hexdigest()


def sort_filter_values(record) -> list:
    """A filter record is [filter name, [[value, [page numbers]], ...]]."""
    name, values = record
    return [name, sorted(values, key=lambda pair: pair[0])]


def make_stable(bundle: Path) -> list[str]:
    """Rewrite the filter files and the metadata of every language in a
    Pagefind bundle (site/pagefind/) with filter values in sorted order.
    Returns the names of the files written."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    written = []
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_record(meta_path)
        for filter_ref in meta[META_FILTERS]:
            old_path = bundle / "filter" / f"{filter_ref[1]}.pf_filter"
            data, digest = record_bytes(sort_filter_values(read_record(old_path)))
            new_hash = f"{language}_{digest[:FILTER_HASH_DIGITS]}"
            old_path.unlink()
            (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(data)
            filter_ref[1] = new_hash
            written.append(f"filter/{new_hash}.pf_filter")
        data, digest = record_bytes(meta)
        meta_hash = f"{language}_{digest[: len(language) + 8]}"
        meta_path.unlink()
        (bundle / f"pagefind.{meta_hash}.pf_meta").write_bytes(data)
        info["hash"] = meta_hash
        written.append(f"pagefind.{meta_hash}.pf_meta")
    # Same spelling as Pagefind's serde_json: no spaces, characters as they are.
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return written
