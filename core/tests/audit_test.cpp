#include <catch2/catch.hpp>

#include "procura/core/audit.hpp"

namespace {

procura::audit::entry make_entry(std::int64_t sequence, std::string_view previous) {
  procura::audit::entry e;
  e.sequence = sequence;
  e.at = *procura::parse_rfc3339("2026-11-23T08:00:00Z");
  e.actor = "acc_1";
  e.action = "organization.register";
  e.entity_type = "organization";
  e.entity_id = "org_" + std::to_string(sequence);
  e.state = R"({"id":"org_)" + std::to_string(sequence) + R"("})";
  procura::audit::seal_entry(e, previous);
  return e;
}

}  // namespace

TEST_CASE("a chain of sealed entries verifies, and any edit breaks exactly that entry", "[core][audit]") {
  const auto first = make_entry(1, procura::audit::genesis_hash);
  const auto second = make_entry(2, first.entry_hash);
  procura::audit::verification outcome;
  CHECK(procura::audit::verify_next(first, procura::audit::genesis_hash, 1, outcome));
  CHECK(procura::audit::verify_next(second, first.entry_hash, 2, outcome));
  CHECK(outcome.intact);

  auto edited = second;
  edited.state = R"({"id":"org_X"})";
  procura::audit::verification broken;
  CHECK_FALSE(procura::audit::verify_next(edited, first.entry_hash, 2, broken));
  CHECK(broken.first_broken_sequence == 2);

  auto renamed = second;
  renamed.actor = "acc_2";
  procura::audit::verification broken_actor;
  CHECK_FALSE(procura::audit::verify_next(renamed, first.entry_hash, 2, broken_actor));
}
