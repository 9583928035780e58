#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "cli_support.hpp"
#include "commands.hpp"
#include "procura/api/ocds_export.hpp"
#include "procura/core/clock.hpp"
#include "procura/storage/database.hpp"
#include "store_adapter.hpp"

namespace procura::app {
namespace {

/// The error for a failed write of `path`, with the system's reason (`error`, an errno value).
command_error cannot_write(const std::string& path, int error) {
  return command_error("cannot write " + path + ": " + std::strerror(error));
}

/// A file written through one large buffer (the release package is ~50 MB at 10k tenders) under
/// `<path>.partial`, and renamed to `path` only once complete: a consumer never finds a cut-off
/// package under the final name, and a failed export (a full disk) leaves no partial file.
class output_file {
 public:
  explicit output_file(std::string path)
      : path_(std::move(path)), partial_(path_ + ".partial"), file_(std::fopen(partial_.c_str(), "wb")) {
    if (!file_) throw cannot_write(partial_, errno);
    // glibc ignores the size when it is to allocate the buffer itself (it takes the file
    // system's block size, 4 KiB): the buffer is given.
    std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
  }
  ~output_file() {
    if (!file_) return;
    std::fclose(file_);
    std::remove(partial_.c_str());
  }
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;

  void write(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) throw cannot_write(path_, errno);
  }
  /// Flushes and closes the file, and gives it its final name.
  void complete() {
    std::FILE* file = std::exchange(file_, nullptr);
    if (std::fclose(file) != 0 || std::rename(partial_.c_str(), path_.c_str()) != 0) {
      const int error = errno;
      std::remove(partial_.c_str());
      throw cannot_write(path_, error);
    }
  }

 private:
  std::string path_;
  std::string partial_;
  std::vector<char> buffer_ = std::vector<char>(std::size_t{1} << 20);
  std::FILE* file_;
};

/// Writes `text` as the whole content of `path` (a record package: one open, write and close);
/// a write that fails removes what it wrote.
void write_whole_file(const std::string& path, std::string_view text) {
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (descriptor < 0) throw cannot_write(path, errno);
  std::size_t written = 0;
  int error = 0;
  while (written < text.size() && error == 0) {
    const auto n = ::write(descriptor, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) error = n < 0 ? errno : ENOSPC;
    else written += static_cast<std::size_t>(n);
  }
  if (::close(descriptor) != 0 && error == 0) error = errno;
  if (error != 0) {
    ::unlink(path.c_str());
    throw cannot_write(path, error);
  }
}

/// Renders ranges of tenders on `workers` threads, each range in its own read snapshot, and
/// hands them to the writing thread in order. A worker claims the next range as soon as the
/// previous one is listed (not once it is rendered), so the renderings overlap; at most a few
/// rendered ranges wait for the writer, which bounds the memory.
class range_pipeline {
 public:
  range_pipeline(api::store& store, const api::publication& open_data, std::size_t tenders_per_range, unsigned workers)
      : store_(store), open_data_(open_data), tenders_per_range_(tenders_per_range), most_waiting_(workers + 2) {
    for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
  }
  ~range_pipeline() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    for (auto& thread : threads_) thread.join();
  }
  range_pipeline(const range_pipeline&) = delete;
  range_pipeline& operator=(const range_pipeline&) = delete;

  /// The next range in tender order, or nothing after the last; rethrows a worker's failure.
  std::optional<api::ocds_export::batch> next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return failure_ || rendered_.contains(delivered_) || finished(); });
    if (failure_) std::rethrow_exception(failure_);
    if (finished()) return std::nullopt;
    const auto found = rendered_.find(delivered_);
    std::optional<api::ocds_export::batch> range(std::move(found->second));
    rendered_.erase(found);
    ++delivered_;
    changed_.notify_all();
    return range;
  }

 private:
  [[nodiscard]] bool finished() const { return last_listed_ && delivered_ == claimed_; }

  void work() {
    while (true) {
      std::optional<std::string> after;
      std::size_t sequence = 0;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] {
          return stopping_ || failure_ || last_listed_ || (next_known_ && claimed_ < delivered_ + most_waiting_);
        });
        if (stopping_ || failure_ || last_listed_) return;
        after = next_after_;
        sequence = claimed_++;
        next_known_ = false;
      }
      try {
        auto range = api::ocds_export::read_batch(
            store_, open_data_, after, tenders_per_range_, clock_.now(), [&](const std::optional<std::string>& following) {
              {
                const std::lock_guard lock(mutex_);
                next_after_ = following;
                next_known_ = true;
                last_listed_ = !following;
              }
              changed_.notify_all();
            });
        const std::lock_guard lock(mutex_);
        rendered_.emplace(sequence, std::move(range));
      } catch (...) {
        const std::lock_guard lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
      }
      changed_.notify_all();
    }
  }

  api::store& store_;
  const api::publication& open_data_;
  const std::size_t tenders_per_range_;
  const std::size_t most_waiting_;  ///< ranges claimed but not yet written, at most
  const system_clock clock_;
  std::mutex mutex_;
  std::condition_variable changed_;
  // Guarded by mutex_:
  std::optional<std::string> next_after_;  ///< where the next range starts, once next_known_
  bool next_known_ = true;                 ///< the first range starts at the beginning
  bool last_listed_ = false;               ///< the range listed last was the final one
  std::size_t claimed_ = 0;                ///< ranges claimed so far (= the next one's sequence number)
  std::size_t delivered_ = 0;              ///< ranges handed to the writer so far
  std::map<std::size_t, api::ocds_export::batch> rendered_;
  std::exception_ptr failure_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // last: started once everything above exists
};

}  // namespace

int export_ocds(const export_settings& settings) {
  require_existing(settings.db);
  if (settings.threads < 1) throw command_error("--threads must be at least 1");
  if (settings.tenders_per_range < 1) throw command_error("--tenders-per-range must be at least 1");
  if (const auto refused = api::publication_error(settings.open_data)) throw command_error(*refused);
  storage::database database(settings.db, settings.threads);
  store_adapter store(database);
  const auto out = std::filesystem::path(settings.out_directory);
  const auto records_directory = out / "records";
  std::filesystem::create_directories(records_directory);
  const auto releases_path = (out / "releases.json").string();
  output_file releases(releases_path);
  // The release package is streamed: its frame first, then each range's releases as they come.
  releases.write(api::ocds_export::release_package_start(settings.open_data, system_clock{}.now()));
  std::size_t release_count = 0, record_count = 0;
  range_pipeline ranges(store, settings.open_data, settings.tenders_per_range, settings.threads);
  while (const auto range = ranges.next()) {
    if (!range->releases.empty()) {
      if (release_count > 0) releases.write(",");
      releases.write(range->releases);
      release_count += range->release_count;
    }
    for (const auto& record : range->records)
      write_whole_file((records_directory / (record.ocid + ".json")).string(), record.package);
    record_count += range->records.size();
    std::cerr << "\rexport-ocds: " << release_count << " releases, " << record_count << " records" << std::flush;
  }
  releases.write(api::ocds_export::release_package_end);
  releases.complete();
  std::cerr << "\n";
  std::cout << "wrote " << release_count << " releases to " << releases_path << " and " << record_count
            << " record packages to " << settings.out_directory << "/records\n";
  return 0;
}

}  // namespace procura::app
