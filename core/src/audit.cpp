#include "procura/core/audit.hpp"

#include <algorithm>
#include <charconv>

#include "procura/core/crypto.hpp"

namespace procura::audit {
namespace {

void append_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

}  // namespace

std::string compute_entry_hash(const entry& e) {
  std::string input;
  input.reserve(256 + e.state_hash.size());
  append_field(input, std::to_string(e.sequence));
  append_field(input, format_rfc3339(e.at));
  append_field(input, e.actor);
  append_field(input, e.action);
  append_field(input, e.entity_type);
  append_field(input, e.entity_id);
  append_field(input, e.sealed_by.value_or(""));
  append_field(input, e.state_hash);
  append_field(input, e.previous_hash);
  return crypto::sha256_hex(input);
}

void seal_entry(entry& e, std::string_view previous_hash) {
  e.state_hash = crypto::sha256_hex(e.state);
  e.previous_hash = std::string(previous_hash);
  e.entry_hash = compute_entry_hash(e);
}

bool verify_next(const entry& e, std::string_view expected_previous_hash, std::int64_t expected_sequence,
                 verification& outcome) {
  const auto broken = [&](std::string problem) {
    outcome.intact = false;
    outcome.first_broken_sequence = e.sequence;
    outcome.problem = std::move(problem);
    return false;
  };
  if (e.sequence < expected_sequence)
    return broken("entry " + std::to_string(e.sequence) + " is out of the chain's order: the chain runs 1, 2, 3, …, and " +
                  (expected_sequence == 1 ? std::string("no entry comes before 1")
                                          : "entry " + std::to_string(expected_sequence) + " was expected next"));
  if (e.sequence != expected_sequence) {
    broken("entry " + std::to_string(expected_sequence) + " is missing (the next entry found is " +
           std::to_string(e.sequence) + ")");
    outcome.first_broken_sequence = expected_sequence;
    return false;
  }
  if (e.previous_hash != expected_previous_hash) return broken("previous hash does not match the entry before it");
  if (crypto::sha256_hex(e.state) != e.state_hash) return broken("state does not match its recorded hash");
  if (compute_entry_hash(e) != e.entry_hash) return broken("entry hash does not match the entry's content");
  ++outcome.entries_checked;
  outcome.head_hash = e.entry_hash;
  return true;
}

std::optional<std::vector<anchor>> parse_anchors(std::string_view text) {
  std::vector<anchor> out;
  bool more = !text.empty();
  while (more) {
    const auto comma = text.find(',');
    const auto item = text.substr(0, comma);
    more = comma != std::string_view::npos;
    text = more ? text.substr(comma + 1) : std::string_view();
    const auto colon = item.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    anchor a;
    const auto digits = item.substr(0, colon);
    const auto [end, status] = std::from_chars(digits.data(), digits.data() + digits.size(), a.sequence);
    if (status != std::errc{} || end != digits.data() + digits.size() || a.sequence < 1) return std::nullopt;
    a.entry_hash = std::string(item.substr(colon + 1));
    const bool hex = a.entry_hash.size() == 64 && std::all_of(a.entry_hash.begin(), a.entry_hash.end(), [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
    if (!hex) return std::nullopt;
    out.push_back(std::move(a));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

verification verify_chain(log& entries, const std::vector<anchor>& anchors) {
  verification outcome;
  outcome.head_hash = std::string(genesis_hash);
  std::string previous(genesis_hash);
  std::int64_t expected_sequence = 1;
  page_request request{1000, std::nullopt};
  const auto anchored = [&](const entry& e) {
    for (const auto& a : anchors)
      if (a.sequence == e.sequence && a.entry_hash != e.entry_hash) {
        outcome.intact = false;
        outcome.first_broken_sequence = e.sequence;
        outcome.problem = "entry " + std::to_string(e.sequence) +
                          " no longer has the hash recorded outside the server: the chain was rewritten from it or "
                          "before it";
        return false;
      }
    return true;
  };
  while (true) {
    auto batch = entries.list(request);
    for (const auto& e : batch.items) {
      if (!verify_next(e, previous, expected_sequence, outcome) || !anchored(e)) return outcome;
      previous = e.entry_hash;
      ++expected_sequence;
    }
    if (!batch.next_key) break;
    request.after = batch.next_key;
  }
  for (const auto& a : anchors)
    if (a.sequence > outcome.entries_checked) {
      outcome.intact = false;
      outcome.first_broken_sequence = outcome.entries_checked + 1;
      outcome.problem = "entry " + std::to_string(a.sequence) +
                        ", recorded outside the server, is missing: the chain ends at entry " +
                        std::to_string(outcome.entries_checked) + ", so entries were deleted from its end";
      break;
    }
  return outcome;
}

}  // namespace procura::audit
