#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "procura/api/ports.hpp"
#include "procura/core/clock.hpp"
#include "procura/core/principal.hpp"

namespace procura::api {

/// Calls the API in-process, as a given principal, through the same router, schemas, rules and
/// audit as a network request. The CLI and the demo loader use it, so that nothing they write
/// bypasses a rule. Thread-compatible: one caller at a time.
class gateway {
 public:
  struct reply {
    unsigned status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
  };

  /// `documents`, when given, lets callers upload documents (the demo loader does).
  gateway(store& database, adjustable_clock& clock, document_store* documents = nullptr);
  ~gateway();
  gateway(const gateway&) = delete;
  gateway& operator=(const gateway&) = delete;

  /// `as` absent = anonymous. `body` is sent as application/json when not empty, unless
  /// `headers` (lower-case names) give another content-type.
  reply call(const std::string& method, const std::string& target, const std::string& body,
             const std::optional<principal>& as, const std::map<std::string, std::string>& headers = {});

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace procura::api
