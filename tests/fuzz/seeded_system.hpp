#pragma once
#include <map>
#include <memory>
#include <string>

#include "http_message.hpp"

namespace procura::fuzz {

/// A real procura (SQLite store, schema registry, router) on a temporary database holding the
/// demo data set and one token per role, so that fuzzed requests reach authenticated handlers
/// with existing objects instead of stopping at 401 and 404.
///
/// Corpus inputs name what they need with placeholders that `resolve` replaces: the tokens
/// {{admin}}, {{auditor}}, {{expert}}, {{purchaser}}, {{supplier}}, {{evaluator}}, and the ids
/// {{tender}} (awarded and contracted), {{open_tender}} (published, taking bids),
/// {{contract}}, {{purchaser_org}}, {{supplier_org}}. The ids are random at every seeding,
/// so the corpus could not carry them literally.
class seeded_system {
 public:
  /// Seeds a fresh database under a new temporary directory (a few seconds, once per process).
  seeded_system();
  ~seeded_system();
  seeded_system(const seeded_system&) = delete;
  seeded_system& operator=(const seeded_system&) = delete;

  /// Replaces every placeholder in `text`.
  [[nodiscard]] std::string resolve(std::string text) const;

  /// Routes one request as the server would (after its target has been parsed).
  api::http_response handle(const api::http_request& request);

  /// Puts the database back to its seeded state, so that fuzzed writes cannot grow it without
  /// bound or drift it away from the states the corpus was made for.
  void reset();

 private:
  struct running;
  std::string directory_;
  std::map<std::string, std::string, std::less<>> placeholders_;
  std::unique_ptr<running> running_;

  [[nodiscard]] std::string database_path() const;
  [[nodiscard]] std::string pristine_path() const;
  void seed();
};

}  // namespace procura::fuzz
