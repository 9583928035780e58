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

/// A WAL file as this VFS sees it: the default VFS's file lives right after this header.
struct gathered_file {
  sqlite3_file base;
  sqlite3_file* wal = nullptr;
  unsigned char* buffer = nullptr;
  int buffered = 0;
  sqlite3_int64 buffer_offset = 0;
  /// The last write was the header of a commit frame, so the next one completes a commit.
  bool commit_frame_started = false;
};

sqlite3_vfs* default_vfs = nullptr;

gathered_file& as_gathered(sqlite3_file* file) { return *reinterpret_cast<gathered_file*>(file); }

/// Where the default VFS's file sits behind the header, aligned as SQLite aligns its own.
constexpr int wal_offset = (static_cast<int>(sizeof(gathered_file)) + 7) & ~7;

int write_buffer(gathered_file& file) {
  const int length = file.buffered;
  file.buffered = 0;  // on failure SQLite rolls the transaction back: these frames are abandoned
  for (int done = 0; done < length; done += largest_write) {
    const int part = std::min(largest_write, length - done);
    if (const int rc = file.wal->pMethods->xWrite(file.wal, file.buffer + done, part, file.buffer_offset + done);
        rc != SQLITE_OK)
      return rc;
  }
  return SQLITE_OK;
}

int gathered_close(sqlite3_file* handle) {
  auto& file = as_gathered(handle);
  const int written = write_buffer(file);
  const int closed = file.wal->pMethods->xClose(file.wal);
  sqlite3_free(file.buffer);
  file.buffer = nullptr;
  return written != SQLITE_OK ? written : closed;
}

int gathered_read(sqlite3_file* handle, void* data, int amount, sqlite3_int64 offset) {
  auto& file = as_gathered(handle);
  if (const int rc = write_buffer(file); rc != SQLITE_OK) return rc;
  return file.wal->pMethods->xRead(file.wal, data, amount, offset);
}

/// Big-endian "database size after commit" of a frame header: not zero only on commit frames.
bool names_a_commit(const void* header) {
  const auto* bytes = static_cast<const unsigned char*>(header);
  return (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
}

int gathered_write(sqlite3_file* handle, const void* data, int amount, sqlite3_int64 offset) {
  auto& file = as_gathered(handle);
  const bool follows_buffer = file.buffered > 0 && offset == file.buffer_offset + file.buffered;
  if (file.buffered > 0 && (!follows_buffer || file.buffered + amount > buffer_capacity))
    if (const int rc = write_buffer(file); rc != SQLITE_OK) return rc;
  if (file.buffer == nullptr) file.buffer = static_cast<unsigned char*>(sqlite3_malloc(buffer_capacity));
  if (file.buffer == nullptr || amount > largest_write) {
    file.commit_frame_started = false;
    return file.wal->pMethods->xWrite(file.wal, data, amount, offset);
  }
  if (file.buffered == 0) file.buffer_offset = offset;
  std::memcpy(file.buffer + file.buffered, data, static_cast<std::size_t>(amount));
  file.buffered += amount;
  // A page is never 24 bytes (SQLite's smallest is 512) and the WAL's own header is 32.
  if (amount == frame_header_size) {
    file.commit_frame_started = names_a_commit(data);
    return SQLITE_OK;
  }
  if (!file.commit_frame_started) return SQLITE_OK;
  file.commit_frame_started = false;
  return write_buffer(file);
}

int gathered_truncate(sqlite3_file* handle, sqlite3_int64 size) {
  auto& file = as_gathered(handle);
  if (const int rc = write_buffer(file); rc != SQLITE_OK) return rc;
  return file.wal->pMethods->xTruncate(file.wal, size);
}

int gathered_sync(sqlite3_file* handle, int flags) {
  auto& file = as_gathered(handle);
  if (const int rc = write_buffer(file); rc != SQLITE_OK) return rc;
  return file.wal->pMethods->xSync(file.wal, flags);
}

int gathered_file_size(sqlite3_file* handle, sqlite3_int64* size) {
  auto& file = as_gathered(handle);
  if (const int rc = write_buffer(file); rc != SQLITE_OK) return rc;
  return file.wal->pMethods->xFileSize(file.wal, size);
}

int gathered_lock(sqlite3_file* handle, int level) {
  auto& file = as_gathered(handle);
  return file.wal->pMethods->xLock(file.wal, level);
}

int gathered_unlock(sqlite3_file* handle, int level) {
  auto& file = as_gathered(handle);
  return file.wal->pMethods->xUnlock(file.wal, level);
}

int gathered_check_reserved_lock(sqlite3_file* handle, int* reserved) {
  auto& file = as_gathered(handle);
  return file.wal->pMethods->xCheckReservedLock(file.wal, reserved);
}

int gathered_file_control(sqlite3_file* handle, int operation, void* argument) {
  auto& file = as_gathered(handle);
  if (const int rc = write_buffer(file); rc != SQLITE_OK) return rc;
  return file.wal->pMethods->xFileControl(file.wal, operation, argument);
}

int gathered_sector_size(sqlite3_file* handle) {
  auto& file = as_gathered(handle);
  return file.wal->pMethods->xSectorSize(file.wal);
}

int gathered_device_characteristics(sqlite3_file* handle) {
  auto& file = as_gathered(handle);
  return file.wal->pMethods->xDeviceCharacteristics(file.wal);
}

/// Version 1: SQLite maps and locks shared memory, and maps pages, through the database file
/// only, never through its WAL.
const sqlite3_io_methods gathered_methods = {
    1,
    gathered_close,
    gathered_read,
    gathered_write,
    gathered_truncate,
    gathered_sync,
    gathered_file_size,
    gathered_lock,
    gathered_unlock,
    gathered_check_reserved_lock,
    gathered_file_control,
    gathered_sector_size,
    gathered_device_characteristics,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

int gathered_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* handle, int flags, int* out_flags) {
  // Any other file is the default VFS's, opened in place: SQLite gave us room for it.
  if ((flags & SQLITE_OPEN_WAL) == 0) return default_vfs->xOpen(default_vfs, name, handle, flags, out_flags);
  auto* file = new (handle) gathered_file{};
  file->wal = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(handle) + wal_offset);
  const int rc = default_vfs->xOpen(default_vfs, name, file->wal, flags, out_flags);
  // With no methods SQLite does not call xClose on a file that failed to open.
  file->base.pMethods = rc == SQLITE_OK && file->wal->pMethods != nullptr ? &gathered_methods : nullptr;
  return rc;
}

int gathered_delete(sqlite3_vfs*, const char* name, int sync_directory) {
  return default_vfs->xDelete(default_vfs, name, sync_directory);
}
int gathered_access(sqlite3_vfs*, const char* name, int flags, int* result) {
  return default_vfs->xAccess(default_vfs, name, flags, result);
}
int gathered_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return default_vfs->xFullPathname(default_vfs, name, size, out);
}
void* gathered_dl_open(sqlite3_vfs*, const char* name) { return default_vfs->xDlOpen(default_vfs, name); }
void gathered_dl_error(sqlite3_vfs*, int size, char* message) { default_vfs->xDlError(default_vfs, size, message); }
void (*gathered_dl_sym(sqlite3_vfs*, void* library, const char* symbol))() {
  return default_vfs->xDlSym(default_vfs, library, symbol);
}
void gathered_dl_close(sqlite3_vfs*, void* library) { default_vfs->xDlClose(default_vfs, library); }
int gathered_randomness(sqlite3_vfs*, int size, char* out) { return default_vfs->xRandomness(default_vfs, size, out); }
int gathered_sleep(sqlite3_vfs*, int microseconds) { return default_vfs->xSleep(default_vfs, microseconds); }
int gathered_current_time(sqlite3_vfs*, double* now) { return default_vfs->xCurrentTime(default_vfs, now); }
int gathered_last_error(sqlite3_vfs*, int size, char* message) {
  return default_vfs->xGetLastError(default_vfs, size, message);
}
int gathered_current_time_int64(sqlite3_vfs*, sqlite3_int64* now) {
  return default_vfs->xCurrentTimeInt64(default_vfs, now);
}

sqlite3_vfs gathered_vfs{};

}  // namespace

const char* gathered_wal_vfs() {
  static std::once_flag registered;
  std::call_once(registered, [] {
    default_vfs = sqlite3_vfs_find(nullptr);
    if (default_vfs == nullptr || default_vfs->iVersion < 2) throw std::runtime_error("SQLite has no default VFS");
    gathered_vfs.iVersion = 2;
    gathered_vfs.szOsFile = std::max(default_vfs->szOsFile, wal_offset + default_vfs->szOsFile);
    gathered_vfs.mxPathname = default_vfs->mxPathname;
    gathered_vfs.zName = vfs_name;
    gathered_vfs.xOpen = gathered_open;
    gathered_vfs.xDelete = gathered_delete;
    gathered_vfs.xAccess = gathered_access;
    gathered_vfs.xFullPathname = gathered_full_pathname;
    gathered_vfs.xDlOpen = gathered_dl_open;
    gathered_vfs.xDlError = gathered_dl_error;
    gathered_vfs.xDlSym = gathered_dl_sym;
    gathered_vfs.xDlClose = gathered_dl_close;
    gathered_vfs.xRandomness = gathered_randomness;
    gathered_vfs.xSleep = gathered_sleep;
    gathered_vfs.xCurrentTime = gathered_current_time;
    gathered_vfs.xGetLastError = gathered_last_error;
    gathered_vfs.xCurrentTimeInt64 = gathered_current_time_int64;
    if (sqlite3_vfs_register(&gathered_vfs, 0) != SQLITE_OK)
      throw std::runtime_error("could not register SQLite's gathered-WAL VFS");
  });
  return vfs_name;
}

}  // namespace procura::storage
