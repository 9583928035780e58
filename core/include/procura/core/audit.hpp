#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procura/core/pagination.hpp"
#include "procura/core/time.hpp"

/// The tamper-evident audit trail (SPEC §3.9): one append-only, hash-chained entry per state
/// change, written in the same transaction as the change.
namespace procura::audit {

/// What a use case records about its change. `state` is the canonical JSON of the new state.
/// `sealed_by` names a tender whose opening reveals the entry: until then only the sequence
/// and hashes of the entry are shown (sealed bids).
struct record {
  std::string actor;
  std::string action;
  std::string entity_type;
  std::string entity_id;
  std::string state;
  std::optional<std::string> sealed_by;
};

struct entry {
  std::int64_t sequence = 0;
  timestamp at;
  std::string actor;
  std::string action;
  std::string entity_type;
  std::string entity_id;
  std::string state;
  std::string state_hash;
  std::string previous_hash;
  std::string entry_hash;
  std::optional<std::string> sealed_by;
};

/// The hash that starts the chain (the "previous hash" of entry 1).
inline constexpr std::string_view genesis_hash = "0000000000000000000000000000000000000000000000000000000000000000";

/// SHA-256 over the entry's fields and the previous hash, each length-prefixed so that no two
/// different entries can produce the same input.
std::string compute_entry_hash(const entry& e);

/// Fills in state_hash, previous_hash and entry_hash of `e` following `previous`.
void seal_entry(entry& e, std::string_view previous_hash);

/// The outcome of verifying the chain.
struct verification {
  bool intact = true;
  std::int64_t entries_checked = 0;
  std::optional<std::int64_t> first_broken_sequence;
  std::string problem;  ///< what is wrong with the first broken entry
  std::string head_hash;
};

/// Checks one entry against its predecessor's hash; fills `outcome` on the first problem.
/// Returns false once the chain is broken.
bool verify_next(const entry& e, std::string_view expected_previous_hash, std::int64_t expected_sequence,
                 verification& outcome);

/// Persistence of the chain, implemented in storage/.
class log {
 public:
  virtual ~log() = default;
  /// Appends after the current head; returns the entry as written.
  virtual entry append(const record& r, timestamp at) = 0;
  virtual page<entry> list(const page_request& request) = 0;
  /// Every entry about one entity, oldest first.
  virtual std::vector<entry> for_entity(std::string_view entity_type, std::string_view entity_id) = 0;
  /// Hash of the last entry (the genesis hash when empty).
  virtual std::string head_hash() = 0;
  virtual std::int64_t length() = 0;
};

/// An entry's hash as recorded somewhere the server cannot write. The chain uses no secret key:
/// whoever can write the database can rewrite every hash after a change, or delete the newest
/// entries, and the chain still verifies. An anchor taken earlier catches both.
struct anchor {
  std::int64_t sequence = 0;
  std::string entry_hash;
};

/// Parses anchors written as `SEQUENCE:HASH`, separated by commas (what `verify-audit` prints
/// as its head, `entries` and `head`); nullopt when one is malformed.
std::optional<std::vector<anchor>> parse_anchors(std::string_view text);

/// Recomputes the whole chain from the first entry and names the first broken one; each anchor
/// must still be in the chain with its recorded hash.
verification verify_chain(log& entries, const std::vector<anchor>& anchors = {});

}  // namespace procura::audit
