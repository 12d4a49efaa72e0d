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
hold CBOR (RFC 8949), read and written with the cbor2 library. cbor2 writes
what Pagefind writes (the shortest heads, definite lengths, maps in their
order); a record that does not read back to the very same bytes is refused
rather than rewritten differently."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
# Pagefind's metadata record: [version, pages, index_chunks, filters, sorts, meta_fields]
META_FILTERS = 3
# Short hash lengths Pagefind uses in file names: filter and index files
# get 7 hex digits after "<language>_", the metadata file len(language) + 8.
FILTER_HASH_DIGITS = 7


class IndexFormatError(Exception):
    """The search index is not in the format this module knows."""


def read_record(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise IndexFormatError(f"{path.name} does not start with Pagefind's signature")
    body = raw[len(SIGNATURE) :]
    try:
        value = cbor2.loads(body)
    except cbor2.CBORDecodeError as error:
        raise IndexFormatError(f"{path.name} is not the CBOR Pagefind writes: {error}") from None
    if cbor2.dumps(value) != body:
        raise IndexFormatError(f"{path.name} does not read back to the same bytes; not rewriting it")
    return value


def record_bytes(value) -> tuple[bytes, str]:
    """The gzip file for a record and the SHA-1 of its CBOR, as Pagefind
    names files. mtime=0 keeps the time out of the gzip header."""
    body = cbor2.dumps(value)
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
