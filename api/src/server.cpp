#include "procura/api/server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "beast_fields.hpp"
#include "file_range_body.hpp"
#include "logging.hpp"
#include "metrics.hpp"
#include "problem.hpp"
#include "rate_limiter.hpp"
#include "request_ids.hpp"
#include "response_cache.hpp"
#include "response_head.hpp"
#include "router.hpp"
#include "schema_registry.hpp"
#include "static_files.hpp"
#include "use_case.hpp"

namespace procura::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class session;

/// The sessions alive, so that shutdown can close the idle ones. Locked by its own mutex.
struct session_registry {
  std::mutex mutex;
  std::list<std::weak_ptr<session>> sessions;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> live{0};  ///< sessions in existence (the connection limit)
};

/// One connection: reads a request (header first, so that the body limit of its route applies
/// before the body is read), hands it to the router, writes the response, and repeats while
/// keep-alive holds. Requests on one connection are served one at a time, in order: pipelined
/// requests wait in the read buffer, which bounds the pipeline. Every step runs on the
/// connection's strand, except a write with a large body (router::body_rules), which is handled
/// on the blocking pool. No step waits for the disk: a response waits for durability in `deliver`.
class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket&& socket, asio::io_context::executor_type io, router& routes, const static_files* web,
          const server_options& options, session_registry& registry, metrics& counters, asio::thread_pool& blocking,
          store& durability)
      : stream_(std::move(socket)), io_(std::move(io)), router_(routes), web_(web), options_(options),
        registry_(registry), counters_(counters), blocking_(blocking), store_(durability) {
    counters_.connection_opened();
    registry_.live.fetch_add(1);
  }
  ~session() {
    registry_.live.fetch_sub(1);
    counters_.connection_closed();
  }
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  void start() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&session::read_header, shared_from_this()));
  }

  /// Answers 503 at once and closes: the server is at its connection limit.
  void refuse() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->respond_and_close(503, "the server has too many open connections; retry shortly");
    });
  }

  /// Closes the connection if it is between requests; a busy one closes after its response.
  void stop_if_idle() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        self->stream_.close();
      }
    });
  }

 private:
  void read_header() {
    if (registry_.stopping) return close();
    busy_ = false;
    header_parser_.emplace();
    header_parser_->header_limit(static_cast<std::uint32_t>(options_.header_limit));
    header_parser_->body_limit(boost::none);
    stream_.expires_after(std::chrono::seconds(options_.read_timeout_seconds));
    http::async_read_header(stream_, buffer_, *header_parser_,
                            beast::bind_front_handler(&session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code failure, std::size_t) {
    if (failure) return fail_read(failure);
    busy_ = true;
    started_ = std::chrono::steady_clock::now();
    const auto& header = header_parser_->get();
    const auto declared = header_parser_->content_length();
    // Without a body (most GETs) there is nothing to limit: skip parsing and matching the
    // target twice per request.
    std::size_t limit = 0;
    large_body_ = false;
    if ((declared && *declared > 0) || header_parser_->chunked()) {
      std::string target(header.target());
      http_request probe;
      parse_target(target, probe);
      const auto rules = router_.rules_for_body(std::string(header.method_string()), probe.path);
      limit = rules.limit;
      large_body_ = rules.large;
    }
    if (declared && *declared > limit) return respond_to_limit(limit, header);
    body_parser_.emplace(std::move(*header_parser_));
    body_parser_->body_limit(limit);
    // No body to read (most GETs): the request is complete; a second read operation would only
    // post its completion back to this strand.
    if (body_parser_->is_done()) return on_body({}, 0);
    http::async_read(stream_, buffer_, *body_parser_, beast::bind_front_handler(&session::on_body, shared_from_this()));
  }

  void fail_read(beast::error_code failure) {
    if (failure == http::error::end_of_stream || failure == asio::error::operation_aborted ||
        failure == beast::error::timeout || failure == asio::error::connection_reset || failure == asio::error::eof)
      return close();
    if (failure == http::error::header_limit) return respond_and_close(431, "request header fields too large");
    if (failure == http::error::body_limit && body_parser_) return respond_to_limit(0, body_parser_->get());
    if (failure == http::error::body_limit) return respond_to_limit(0);
    // Anything else is a request we cannot read: say so once and close.
    if (busy_ || buffer_.size() > 0) return respond_and_close(400, "the request could not be parsed: " + failure.message());
    close();
  }

  void on_body(beast::error_code failure, std::size_t) {
    if (failure) return fail_read(failure);
    stream_.expires_never();
    auto request = body_parser_->release();
    http_request converted;
    converted.method = std::string(request.method_string());
    converted.target = std::string(request.target());
    for (const auto& field : request) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      converted.headers[name] = std::string(field.value());
    }
    converted.body = std::move(request.body());
    std::string request_id = request_id_for(converted.header("x-request-id").value_or(std::string_view{}));

    if (!parse_target(converted.target, converted)) {
      auto response = problem_response(
          error::make(error_kind::malformed, "the request target is not a valid URL path"), request_id);
      return respond(std::move(response), request_id, converted, request);
    }
    if (web_ != nullptr && !is_api_path(converted.path)) {
      auto response = web_->serve(converted, request_id);
      return respond(std::move(response), request_id, converted, request);
    }
    // The method and path join it once the handler is done with the request (no copies).
    reply_to destination{std::move(request_id), {}, {}, request.version(), request.keep_alive(),
                         request.method() == http::verb::head};
    // A write runs its use case here, in the open group transaction, and does not wait for
    // the disk: its response waits for durability in `deliver` while this thread goes on
    // (docs/decisions.md, 46). Only routes with large bodies go to the blocking pool.
    if (!may_write(request.method()) || !large_body_) {
      auto response = router_.handle(converted, destination.request_id);
      destination.method = std::move(converted.method);
      destination.path = std::move(converted.path);
      return deliver(std::move(response), std::move(destination));
    }
    // The work guard keeps run() from returning (at shutdown) before the response is back on
    // the strand.
    asio::post(blocking_, [self = shared_from_this(), converted = std::move(converted),
                           destination = std::move(destination),
                           guard = asio::make_work_guard(stream_.get_executor())]() mutable {
      auto response = self->router_.handle(converted, destination.request_id);
      destination.method = std::move(converted.method);
      destination.path = std::move(converted.path);
      asio::post(self->stream_.get_executor(), [self, response = std::move(response),
                                                destination = std::move(destination),
                                                guard = std::move(guard)]() mutable {
        self->deliver(std::move(response), std::move(destination));
      });
    });
  }

  /// Where and how a response goes: what `respond` needs of the request, without its body.
  struct reply_to {
    std::string request_id;
    std::string method;
    std::string path;
    unsigned version = 11;
    bool keep_alive = false;
    bool head = false;
  };

  /// A response on its way out, kept while it waits for durability.
  struct pending_reply {
    http_response response;
    reply_to destination;
  };

  /// Sends `response` once everything it reports is durable: a write's own transaction and,
  /// for any response, every commit that its reads may have seen. No client learns of a change
  /// that a power cut could still undo. Most responses go at once: nothing is waiting.
  void deliver(http_response response, reply_to destination) {
    const auto ticket = commit_to_await(response, store_);
    if (store_.is_settled(ticket)) {
      // Settled before the response was ready, which a failed COMMIT or sync may be too: asked
      // about a settled ticket, when_durable answers at once, on this thread. Only a write, or a
      // refusal read from the open group, changes with the answer; a read goes out as it is.
      bool durable = true;
      if (ticket != 0 && (response.commit_ticket != 0 || response.awaits_ticket != 0))
        store_.when_durable(ticket, [&durable](bool kept) { durable = kept; });
      return settle(std::move(response), durable, destination);
    }
    // A response that waits for the open group asks for its commit from the back of the I/O
    // queue: the requests already read run first and join the same commit and sync (decision 51).
    if (ticket > store_.last_committed())
      asio::post(io_, [&durability = store_, ticket] { durability.request_commit(ticket); });
    auto pending = std::make_shared<pending_reply>(pending_reply{std::move(response), std::move(destination)});
    // The store calls this on its own thread, which the server does not join, and destroys it
    // there later. So the call hands everything it holds to the strand and releases the work
    // that keeps run() going last: once run() can return, this thread touches nothing of the
    // server. (It used to release the session after the work guard: at shutdown the session's
    // last reference could then die here after the io_context was gone.)
    store_.when_durable(ticket, [self = shared_from_this(), pending = std::move(pending),
                                 work = asio::make_work_guard(io_)](bool durable) mutable {
      {
        const auto strand = self->stream_.get_executor();
        asio::post(strand, [self = std::move(self), pending = std::move(pending), durable] {
          self->settle(std::move(pending->response), durable, pending->destination);
        });
      }
      work.reset();
    });
  }

  void settle(http_response response, bool durable, const reply_to& destination) {
    if (response.commit_ticket != 0) {
      counters_.record_write_transaction(std::chrono::duration_cast<std::chrono::microseconds>(
                                             std::chrono::steady_clock::now() - response.write_began)
                                             .count());
    }
    // What the response rests on was not kept: neither the change nor a refusal read from it stands.
    if (!durable && (response.commit_ticket != 0 || response.awaits_ticket != 0))
      response = undurable_write_response(response, destination.request_id);
    const bool keep_alive = destination.keep_alive && !registry_.stopping;
    send(std::move(response), destination.request_id, destination.method, destination.path, destination.version,
         keep_alive, destination.head);
  }

  /// GET and HEAD are reads (a read that concludes a ranking writes inline, rarely); the other
  /// verbs may write.
  static bool may_write(http::verb method) { return method != http::verb::get && method != http::verb::head; }

  void respond(http_response response, const std::string& request_id, const http_request& converted,
               const http::request<http::string_body>& request) {
    const bool keep_alive = request.keep_alive() && !registry_.stopping;
    send(std::move(response), request_id, converted.method, converted.path, request.version(), keep_alive,
         request.method() == http::verb::head);
  }

  void send(http_response response, const std::string& request_id, const std::string& method, const std::string& path,
            unsigned version, bool keep_alive, bool head) {
    if (response.file && !head) {
      auto message = std::make_shared<http::response<file_range_body>>(static_cast<http::status>(response.status), version);
      beast::error_code failure;
      message->body().file.open(response.file->path.c_str(), beast::file_mode::scan, failure);
      if (!failure) {
        message->body().offset = response.file->offset;
        message->body().length = response.file->length;
        set_response_fields(*message, response, request_id, keep_alive);
        message->content_length(response.file->length);
        finish(message, response, request_id, method, path, keep_alive);
        return;
      }
      log_error(request_id, "cannot open " + response.file->path + ": " + failure.message());
      response = problem_response(error::make(error_kind::internal, {}), request_id);
    }
    // A body in memory goes out with its head in one gather write (response_head.hpp says why).
    const std::size_t length = response.file ? response.file->length : response.body.size();
    auto message = std::make_shared<rendered_response>();
    message->head = render_response_head(response, request_id, {version, keep_alive, length});
    if (!head) message->body = std::move(response.body);
    log_and_count(response, request_id, method, path);
    asio::async_write(stream_, std::array{asio::buffer(message->head), asio::buffer(message->body)},
                      [self = shared_from_this(), message, keep_alive](beast::error_code failure, std::size_t) {
                        if (failure || !keep_alive) return self->close();
                        self->read_header();
                      });
  }

  /// The head and body of a response with its body in memory, alive until the write ends.
  struct rendered_response {
    std::string head;
    std::string body;
  };

  void log_and_count(const http_response& response, const std::string& request_id, const std::string& method,
                     const std::string& path) {
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_).count();
    log_request(request_id, method, path, response.status, micros);
    counters_.record_request(response.route, method, response.status, micros);
  }

  template <class Body>
  void finish(const std::shared_ptr<http::response<Body>>& message, const http_response& response,
              const std::string& request_id, const std::string& method, const std::string& path, bool keep_alive) {
    log_and_count(response, request_id, method, path);
    http::async_write(stream_, *message,
                      [self = shared_from_this(), message, keep_alive](beast::error_code failure, std::size_t) {
                        if (failure || !keep_alive) return self->close();
                        self->read_header();
                      });
  }

  void respond_to_limit(std::size_t limit) { respond_and_close(413, too_large_detail(limit)); }

  /// The header was read: the refusal carries the request's id (the client's, as for any other
  /// request), method and path, in the response and the log line.
  template <class Message>
  void respond_to_limit(std::size_t limit, const Message& request) {
    std::string target(request.target());
    http_request probe;
    parse_target(target, probe);
    respond_and_close(413, too_large_detail(limit), request_id_for(request["X-Request-Id"]),
                      std::string(request.method_string()), probe.path);
  }

  static std::string too_large_detail(std::size_t limit) {
    std::string detail = "the body is larger than this route accepts";
    if (limit > 0) detail += " (" + std::to_string(limit) + " bytes)";
    return detail;
  }

  void respond_and_close(unsigned status, const std::string& detail, const std::string& request_id = "-",
                         const std::string& method = "-", const std::string& path = "-") {
    busy_ = true;
    started_ = std::chrono::steady_clock::now();
    // The body's status is the response's (RFC 9457): each status has its own kind.
    const error_kind kind = status == 413   ? error_kind::too_large
                            : status == 431 ? error_kind::header_too_large
                            : status == 503 ? error_kind::unavailable
                                            : error_kind::malformed;
    auto response = problem_response(error::make(kind, detail), request_id);
    if (status == 503) response.with_header("Retry-After", "1");
    send(std::move(response), request_id, method, path, 11, false, false);
  }

  /// Closes gracefully: stop sending, then read and discard what the client is still sending
  /// (for a bounded time and size) so that it can read our last response instead of getting a
  /// reset while it is still writing, e.g. an oversized body answered with 413.
  void close() {
    busy_ = false;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    drained_ = 0;
    stream_.expires_after(std::chrono::seconds(2));
    drain();
  }

  void drain() {
    stream_.async_read_some(asio::buffer(discard_), [self = shared_from_this()](beast::error_code failure, std::size_t n) {
      self->drained_ += n;
      if (failure || self->drained_ > max_drained_bytes) {
        self->stream_.close();
        return;
      }
      self->drain();
    });
  }

  static constexpr std::size_t max_drained_bytes = std::size_t{64} * 1024 * 1024;
  std::array<char, 16384> discard_{};
  std::size_t drained_ = 0;

  beast::tcp_stream stream_;
  asio::io_context::executor_type io_;
  beast::flat_buffer buffer_;
  router& router_;
  const static_files* web_;
  const server_options& options_;
  session_registry& registry_;
  metrics& counters_;
  asio::thread_pool& blocking_;
  store& store_;
  bool large_body_ = false;  ///< the current request's route takes large bodies (router::body_rules)
  std::optional<http::request_parser<http::empty_body>> header_parser_;
  std::optional<http::request_parser<http::string_body>> body_parser_;
  bool busy_ = false;
  std::chrono::steady_clock::time_point started_{};
};

/// Accepts connections and starts a session for each.
class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(asio::io_context& io, tcp::endpoint endpoint, router& routes, const static_files* web,
           const server_options& options, session_registry& registry, metrics& counters, asio::thread_pool& blocking,
           store& durability)
      : io_(io), acceptor_(asio::make_strand(io)), router_(routes), web_(web), options_(options),
        registry_(registry), counters_(counters), blocking_(blocking), store_(durability) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void accept() {
    acceptor_.async_accept(asio::make_strand(io_), beast::bind_front_handler(&listener::on_accept, shared_from_this()));
  }

  void stop() {
    asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  void on_accept(beast::error_code failure, tcp::socket socket) {
    if (registry_.stopping || !acceptor_.is_open()) return;
    // The next accept is armed whatever happens to this connection: a server that stays up
    // but no longer accepts would look alive to its supervisor.
    struct accept_next {
      listener& owner;
      ~accept_next() { owner.accept(); }
    } accept_again{*this};
    if (failure) return;
    const bool over_limit = registry_.live.load() >= options_.max_connections;
    auto created = std::make_shared<session>(std::move(socket), io_.get_executor(), router_, web_, options_, registry_,
                                              counters_, blocking_, store_);
    if (over_limit) return created->refuse();
    {
      std::lock_guard lock(registry_.mutex);
      registry_.sessions.remove_if([](const auto& weak) { return weak.expired(); });
      registry_.sessions.push_back(created);
    }
    created->start();
  }

  asio::io_context& io_;
  tcp::acceptor acceptor_;
  router& router_;
  const static_files* web_;
  const server_options& options_;
  session_registry& registry_;
  metrics& counters_;
  asio::thread_pool& blocking_;
  store& store_;
};

}  // namespace

void log_start_up(std::string_view message) { log_event(message); }

int run_server(const server_options& options, store& database, adjustable_clock& clock) {
  const schema_registry schemas;
  metrics counters;
  // A client whose write was not kept hears only that; the operator reads why in the log and
  // can alert on the counter.
  database.report_failures_to([&counters](const std::string& reason) {
    counters.record_storage_failure();
    log_failure(reason);
  });
  // The database outlives this function (its last commit runs when it closes); the counters do not.
  struct log_failures_only {
    store& database;
    ~log_failures_only() {
      database.report_failures_to([](const std::string& reason) { log_failure(reason); });
    }
  } restore_when_done{database};
  rate_limiter limiter(options.rate_limit_per_second, std::max(1.0, options.rate_limit_burst));
  services app{database, clock, schemas, options.test_clock, options.red_flag_thresholds, &counters};
  if (options.rate_limit_per_second > 0) app.limiter = &limiter;
  app.documents = options.documents;
  app.document_limit = options.document_limit;
  if (options.test_clock) app.test_crash_point = options.test_crash_point;
  response_cache responses(options.response_cache_bytes);
  if (options.response_cache_bytes > 0) app.responses = &responses;
  app.open_data = options.open_data;
  router routes(app, options.default_body_limit);
  std::optional<static_files> web;
  if (!options.web_directory.empty()) web.emplace(options.web_directory);
  session_registry registry;

  const int thread_count = std::max(1, options.threads);
  asio::io_context io(thread_count);
  asio::thread_pool blocking(static_cast<std::size_t>(std::max(1, options.blocking_threads)));
  auto server = std::make_shared<listener>(io, tcp::endpoint(asio::ip::make_address(options.address), options.port),
                                           routes, web ? &*web : nullptr, options, registry, counters, blocking,
                                           database);
  server->accept();

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int signal_number) {
    log_event("signal " + std::to_string(signal_number) + ": stopping; in-flight requests finish first");
    registry.stopping = true;
    server->stop();
    std::lock_guard lock(registry.mutex);
    for (auto& weak : registry.sessions)
      if (auto alive = weak.lock()) alive->stop_if_idle();
  });

  if (web) log_event("serving the web app from " + options.web_directory);
  log_event("listening on " + options.address + ":" + std::to_string(server->port()) + " with " +
            std::to_string(thread_count) + " threads (" + std::to_string(options.blocking_threads) +
            " for large uploads)");
  if (options.on_listening) options.on_listening(server->port());

  // A handler that throws (a failed allocation, a bug) loses its own connection, not the server
  // (the listener re-arms its accept in any case): an exception out of run() on a worker, or on
  // this thread with workers still joinable, would end the process through std::terminate.
  const auto run_until_stopped = [&io] {
    for (;;) {
      try {
        io.run();
        return;
      } catch (const std::exception& error) {
        log_failure(std::string("a request handler failed: ") + error.what());
      } catch (...) {
        log_failure("a request handler failed with an unknown error");
      }
    }
  };
  std::vector<std::thread> workers;
  workers.reserve(static_cast<std::size_t>(thread_count - 1));
  for (int i = 1; i < thread_count; ++i) workers.emplace_back(run_until_stopped);
  run_until_stopped();
  for (auto& worker : workers) worker.join();
  blocking.join();
  flush_request_log();
  log_event("stopped");
  return 0;
}

}  // namespace procura::api
