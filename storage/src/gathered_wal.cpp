#include "gathered_wal.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>
#include <stdexcept>

namespace procura::storage {
namespace {

constexpr const char* vfs_name = "procura-gathered-wal";
/// A bid's commit is ~50 frames (~200 KB); the generator's batches and migrations are larger
/// and are written a mebibyte at a time.
constexpr int buffer_capacity = 1 << 20;
constexpr int frame_header_size = 24;
/// The unix VFS writes at most 128 KiB in one call (it masks the length to 17 bits, sized for
/// SQLite's largest page) and reports a longer write as a full disk.
constexpr int largest_write = 1 << 16;
/// The WAL index's write lock, the first of its shared-memory locks (wal.c: WAL_WRITE_LOCK).
constexpr int wal_write_lock = 0;

/// A database file or its WAL as this VFS sees them: the default VFS's file lives right after
/// this header.
struct gathered_file {
  sqlite3_file base;
  sqlite3_file* real = nullptr;

  // A database file: its WAL while that is open (SQLite closes the WAL first).
  gathered_file* wal = nullptr;

  // A WAL: its database file, and the frames not yet written.
  gathered_file* database_file = nullptr;
  bool gathering = false;
  unsigned char* buffer = nullptr;
  int buffered = 0;
  sqlite3_int64 buffer_offset = 0;
  /// The end of the furthest write of this write transaction; -1 before its first write, which
  /// always appends (SQLite rewrites only frames the transaction itself appended). Only a write
  /// that starts there appends a frame: any other write rewrites one (a page the transaction
  /// spilled, or at commit the checksums of the frames after it) and is written at once, so
  /// that none can wait in the buffer while SQLite publishes the commit.
  sqlite3_int64 appended_to = -1;
  /// Since the last frame header, the frame being written is a commit frame.
  bool in_commit_frame = false;
};

sqlite3_vfs* default_vfs = nullptr;

gathered_file& as_gathered(sqlite3_file* file) { return *reinterpret_cast<gathered_file*>(file); }

/// Where the default VFS's file sits behind the header, aligned as SQLite aligns its own.
constexpr int real_offset = (static_cast<int>(sizeof(gathered_file)) + 7) & ~7;

/// Writes the buffer and empties it. On failure its frames are abandoned: SQLite fails the
/// transaction that wrote them, which publishes nothing.
int write_buffer(gathered_file& file) {
  const int length = file.buffered;
  file.buffered = 0;
  for (int done = 0; done < length; done += largest_write) {
    const int part = std::min(largest_write, length - done);
    if (const int rc = file.real->pMethods->xWrite(file.real, file.buffer + done, part, file.buffer_offset + done);
        rc != SQLITE_OK)
      return rc;
  }
  return SQLITE_OK;
}

/// `write_buffer` for a call that is not the write of the buffered frames' transaction (a read,
/// a sync, …). Its failure is reported as a failed write, never as a full disk: after
/// SQLITE_FULL SQLite may undo only the statement and go on with a transaction that counts
/// frames this failure lost, while an I/O error rolls the whole transaction back.
int write_buffer_before_other_use(gathered_file& file) {
  if (file.buffered == 0) return SQLITE_OK;
  return write_buffer(file) == SQLITE_OK ? SQLITE_OK : SQLITE_IOERR_WRITE;
}

/// Frames of a transaction that ended without committing: never published, and from now on
/// another writer may use their place in the file.
void discard_buffer(gathered_file& file) {
  file.buffered = 0;
  file.appended_to = -1;
  file.in_commit_frame = false;
}

/// `Method` of the default VFS's file, called with the same arguments.
template <auto Method>
struct passed_on;
template <typename Result, typename... Arguments, Result (*sqlite3_io_methods::*Method)(sqlite3_file*, Arguments...)>
struct passed_on<Method> {
  static Result call(sqlite3_file* handle, Arguments... arguments) {
    auto& file = as_gathered(handle);
    return (file.real->pMethods->*Method)(file.real, arguments...);
  }
  /// The same, once the WAL's gathered frames are in the file.
  static Result after_the_buffer(sqlite3_file* handle, Arguments... arguments) {
    if (const int rc = write_buffer_before_other_use(as_gathered(handle)); rc != SQLITE_OK) return rc;
    return call(handle, arguments...);
  }
};

// ---- the WAL ----

int wal_close(sqlite3_file* handle) {
  auto& file = as_gathered(handle);
  discard_buffer(file);  // a commit never leaves frames behind (wal_write)
  if (file.database_file != nullptr) file.database_file->wal = nullptr;
  const int closed = file.real->pMethods->xClose(file.real);
  sqlite3_free(file.buffer);
  file.buffer = nullptr;
  return closed;
}

/// Big-endian "database size after commit" of a frame header: not zero only on commit frames.
bool names_a_commit(const void* header) {
  const auto* bytes = static_cast<const unsigned char*>(header);
  return (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
}

int write_through(gathered_file& file, const void* data, int amount, sqlite3_int64 offset) {
  if (const int rc = write_buffer_before_other_use(file); rc != SQLITE_OK) return rc;
  file.appended_to = std::max(file.appended_to, offset + amount);
  return file.real->pMethods->xWrite(file.real, data, amount, offset);
}

int wal_write(sqlite3_file* handle, const void* data, int amount, sqlite3_int64 offset) {
  auto& file = as_gathered(handle);
  // A page is never 24 bytes (SQLite's smallest is 512) and the WAL's own header is 32: this
  // is a frame header, appended or rewritten, and says whether its frame ends a commit.
  if (amount == frame_header_size) file.in_commit_frame = names_a_commit(data);
  if (!file.gathering || amount > largest_write) return write_through(file, data, amount, offset);
  if (offset == 0) {
    // The WAL's own header: the log starts again from its beginning.
    if (const int rc = write_buffer_before_other_use(file); rc != SQLITE_OK) return rc;
    file.appended_to = 0;
  }
  if (file.appended_to < 0) file.appended_to = offset;
  if (offset != file.appended_to) return write_through(file, data, amount, offset);
  if (file.buffered > 0 && file.buffered + amount > buffer_capacity)
    if (const int rc = write_buffer(file); rc != SQLITE_OK) return rc;
  if (file.buffer == nullptr) {
    file.buffer = static_cast<unsigned char*>(sqlite3_malloc(buffer_capacity));
    if (file.buffer == nullptr) return write_through(file, data, amount, offset);
  }
  if (file.buffered == 0) file.buffer_offset = offset;
  std::memcpy(file.buffer + file.buffered, data, static_cast<std::size_t>(amount));
  file.buffered += amount;
  file.appended_to = offset + amount;
  if (amount == frame_header_size) return SQLITE_OK;
  // The commit frame's page is in: SQLite publishes the commit once this call returns, so the
  // frames go to the file now and this call answers for them.
  return file.in_commit_frame ? write_buffer(file) : SQLITE_OK;
}

int wal_truncate(sqlite3_file* handle, sqlite3_int64 size) {
  auto& file = as_gathered(handle);
  if (const int rc = write_buffer_before_other_use(file); rc != SQLITE_OK) return rc;
  file.appended_to = std::min(file.appended_to, size);
  return file.real->pMethods->xTruncate(file.real, size);
}

/// Version 1: SQLite maps and locks shared memory, and maps pages, through the database file
/// only, never through its WAL.
const sqlite3_io_methods wal_methods = {
    1,
    wal_close,
    passed_on<&sqlite3_io_methods::xRead>::after_the_buffer,
    wal_write,
    wal_truncate,
    passed_on<&sqlite3_io_methods::xSync>::after_the_buffer,
    passed_on<&sqlite3_io_methods::xFileSize>::after_the_buffer,
    passed_on<&sqlite3_io_methods::xLock>::call,
    passed_on<&sqlite3_io_methods::xUnlock>::call,
    passed_on<&sqlite3_io_methods::xCheckReservedLock>::call,
    passed_on<&sqlite3_io_methods::xFileControl>::after_the_buffer,
    passed_on<&sqlite3_io_methods::xSectorSize>::call,
    passed_on<&sqlite3_io_methods::xDeviceCharacteristics>::call,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

// ---- the database file: the default VFS's, but for the end of a write transaction ----

int database_close(sqlite3_file* handle) {
  auto& file = as_gathered(handle);
  if (file.wal != nullptr) file.wal->database_file = nullptr;
  return file.real->pMethods->xClose(file.real);
}
int database_shm_lock(sqlite3_file* handle, int offset, int count, int flags) {
  auto& file = as_gathered(handle);
  // The write transaction ends. A commit left nothing in the buffer; what is there belongs to a
  // transaction that was rolled back, and once the lock is released another writer may put its
  // own frames where they would have gone.
  const bool releases_write_lock = (flags & SQLITE_SHM_UNLOCK) != 0 && (flags & SQLITE_SHM_EXCLUSIVE) != 0 &&
                                   offset <= wal_write_lock && wal_write_lock < offset + count;
  if (releases_write_lock && file.wal != nullptr) discard_buffer(*file.wal);
  return file.real->pMethods->xShmLock(file.real, offset, count, flags);
}

const sqlite3_io_methods database_methods = {
    3,
    database_close,
    passed_on<&sqlite3_io_methods::xRead>::call,
    passed_on<&sqlite3_io_methods::xWrite>::call,
    passed_on<&sqlite3_io_methods::xTruncate>::call,
    passed_on<&sqlite3_io_methods::xSync>::call,
    passed_on<&sqlite3_io_methods::xFileSize>::call,
    passed_on<&sqlite3_io_methods::xLock>::call,
    passed_on<&sqlite3_io_methods::xUnlock>::call,
    passed_on<&sqlite3_io_methods::xCheckReservedLock>::call,
    passed_on<&sqlite3_io_methods::xFileControl>::call,
    passed_on<&sqlite3_io_methods::xSectorSize>::call,
    passed_on<&sqlite3_io_methods::xDeviceCharacteristics>::call,
    passed_on<&sqlite3_io_methods::xShmMap>::call,
    database_shm_lock,
    passed_on<&sqlite3_io_methods::xShmBarrier>::call,
    passed_on<&sqlite3_io_methods::xShmUnmap>::call,
    passed_on<&sqlite3_io_methods::xFetch>::call,
    passed_on<&sqlite3_io_methods::xUnfetch>::call,
};

int gathered_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* handle, int flags, int* out_flags) {
  const bool wal = (flags & SQLITE_OPEN_WAL) != 0;
  const bool database = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  // Journals and temporary files are the default VFS's own, opened in place: SQLite gave room.
  if (!wal && !database) return default_vfs->xOpen(default_vfs, name, handle, flags, out_flags);
  auto* file = new (handle) gathered_file{};
  file->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(handle) + real_offset);
  const int rc = default_vfs->xOpen(default_vfs, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK || file->real->pMethods == nullptr) {
    file->base.pMethods = nullptr;  // SQLite does not close a file that failed to open
    return rc;
  }
  if (database) {
    if (file->real->pMethods->iVersion >= 3) {
      file->base.pMethods = &database_methods;
      return SQLITE_OK;
    }
    // Without shared-memory methods to pass on, the file is the default VFS's own after all.
    file->real->pMethods->xClose(file->real);
    return default_vfs->xOpen(default_vfs, name, handle, flags, out_flags);
  }
  file->base.pMethods = &wal_methods;
  auto* owner = sqlite3_database_file_object(name);
  if (owner != nullptr && owner->pMethods == &database_methods) {
    file->database_file = &as_gathered(owner);
    file->database_file->wal = file;
  }
  // Gathering needs to see the write transaction end (database_shm_lock), and a database on
  // which SQLite never pads a commit to a sector boundary: padding writes a frame in two parts
  // around a sync, and publishes it with no write after the second part. SQLite decides that
  // from the database file (a `psow=0` URI or file control applies to it, not to the WAL).
  if (file->database_file != nullptr) {
    const auto* database_file = file->database_file->real;
    const int device = database_file->pMethods->xDeviceCharacteristics(const_cast<sqlite3_file*>(database_file));
    file->gathering = (device & SQLITE_IOCAP_POWERSAFE_OVERWRITE) != 0;
  }
  return SQLITE_OK;
}

/// `Method` of the default VFS, called with the same arguments.
template <auto Method>
struct vfs_passed_on;
template <typename Result, typename... Arguments, Result (*sqlite3_vfs::*Method)(sqlite3_vfs*, Arguments...)>
struct vfs_passed_on<Method> {
  static Result call(sqlite3_vfs*, Arguments... arguments) { return (default_vfs->*Method)(default_vfs, arguments...); }
};

sqlite3_vfs gathered_vfs{};

}  // namespace

const char* gathered_wal_vfs() {
  static std::once_flag registered;
  std::call_once(registered, [] {
    default_vfs = sqlite3_vfs_find(nullptr);
    if (default_vfs == nullptr || default_vfs->iVersion < 2) throw std::runtime_error("SQLite has no default VFS");
    gathered_vfs.iVersion = 2;
    gathered_vfs.szOsFile = std::max(default_vfs->szOsFile, real_offset + default_vfs->szOsFile);
    gathered_vfs.mxPathname = default_vfs->mxPathname;
    gathered_vfs.zName = vfs_name;
    gathered_vfs.xOpen = gathered_open;
    gathered_vfs.xDelete = vfs_passed_on<&sqlite3_vfs::xDelete>::call;
    gathered_vfs.xAccess = vfs_passed_on<&sqlite3_vfs::xAccess>::call;
    gathered_vfs.xFullPathname = vfs_passed_on<&sqlite3_vfs::xFullPathname>::call;
    gathered_vfs.xDlOpen = vfs_passed_on<&sqlite3_vfs::xDlOpen>::call;
    gathered_vfs.xDlError = vfs_passed_on<&sqlite3_vfs::xDlError>::call;
    gathered_vfs.xDlSym = vfs_passed_on<&sqlite3_vfs::xDlSym>::call;
    gathered_vfs.xDlClose = vfs_passed_on<&sqlite3_vfs::xDlClose>::call;
    gathered_vfs.xRandomness = vfs_passed_on<&sqlite3_vfs::xRandomness>::call;
    gathered_vfs.xSleep = vfs_passed_on<&sqlite3_vfs::xSleep>::call;
    gathered_vfs.xCurrentTime = vfs_passed_on<&sqlite3_vfs::xCurrentTime>::call;
    gathered_vfs.xGetLastError = vfs_passed_on<&sqlite3_vfs::xGetLastError>::call;
    gathered_vfs.xCurrentTimeInt64 = vfs_passed_on<&sqlite3_vfs::xCurrentTimeInt64>::call;
    if (sqlite3_vfs_register(&gathered_vfs, 0) != SQLITE_OK)
      throw std::runtime_error("could not register SQLite's gathered-WAL VFS");
  });
  return vfs_name;
}

}  // namespace procura::storage
