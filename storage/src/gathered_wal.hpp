#pragma once

namespace procura::storage {

/// The name of an SQLite VFS that writes each commit's WAL frames with one `pwrite`, registered
/// on first use. Every other file, and everything else about the WAL, is the default VFS's own.
///
/// SQLite writes a frame as two `pwrite`s, its 24-byte header and then its page, so a bid's ~5
/// frames cost ~10 system calls on the writer's thread; on this project's virtual machine each
/// call's entry and exit cost more than copying the page (docs/performance.md, round 14). This
/// VFS gathers the frames SQLite writes one after another into a buffer and writes the buffer
/// when the transaction's commit frame (the one whose header names the database's size) has been
/// added, when the buffer is full, and before anything else touches the WAL (a read, a write
/// elsewhere, a sync, a truncation, its size, a file control, closing it).
///
/// Why that keeps SQLite's guarantees: SQLite publishes a commit in the WAL index only after
/// every write of the commit has returned, and the write that adds the commit frame's page now
/// returns the buffer's write, its error included. A failed write therefore fails the COMMIT
/// and publishes nothing, exactly as an unbuffered one does, and no reader (they read the WAL
/// through their own descriptors) can see a frame that is not in the file. Frames written
/// before a crash but never committed are ignored by recovery, as before (decision 62).
const char* gathered_wal_vfs();

}  // namespace procura::storage
