#pragma once

namespace procura::storage {

/// The name of an SQLite VFS that writes each commit's WAL frames with a few `pwrite`s,
/// registered on first use. It is the default unix VFS in all but these points.
///
/// SQLite writes a frame as two `pwrite`s, its 24-byte header and then its page, so a bid's ~5
/// frames cost ~10 system calls on the writer's thread; on this project's virtual machine each
/// call's entry and exit cost more than copying the page (docs/performance.md, round 14). This
/// VFS gathers the frames SQLite *appends* to the WAL into a buffer, and writes the buffer (in
/// calls of at most 64 KiB) when the page of a commit frame (every frame header is read for
/// the database size that marks one) is added, when the buffer is full, and before anything else touches the WAL.
/// A write that does not append (SQLite rewriting a page the transaction spilled, or, at commit,
/// the checksums of the frames after it) is written at once. When the write transaction ends
/// (its write lock in the WAL index is released, seen through the database file), whatever is
/// still buffered belonged to a transaction that did not commit and is dropped.
///
/// Why SQLite's guarantees hold: SQLite publishes a commit in the WAL index only after the write
/// of its commit frame's page returned, followed at most by writes that do not append, so the
/// buffer is empty when it does, and that write answered for every gathered frame: a failed
/// write fails the COMMIT and publishes nothing. A failure on any other call is reported as an
/// I/O error, which makes SQLite roll the whole transaction back. Readers (their own
/// descriptors) never see a frame that is not in the file; frames cut short by a crash have no
/// valid commit frame, which recovery ignores, as before. Gathering is off on a device without
/// power-safe overwrite, where SQLite pads commits to a sector boundary around a sync
/// (decision 62).
const char* gathered_wal_vfs();

}  // namespace procura::storage
