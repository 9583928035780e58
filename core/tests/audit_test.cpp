#include <catch2/catch.hpp>

#include <string>
#include <vector>

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

namespace {

/// A chain held in memory: the storage of the real one is tested in storage/ and by the CLI.
struct memory_log final : procura::audit::log {
  std::vector<procura::audit::entry> entries;
  procura::audit::entry append(const procura::audit::record&, procura::timestamp) override { return {}; }
  procura::page<procura::audit::entry> list(const procura::page_request& request) override {
    procura::page<procura::audit::entry> out;
    const std::int64_t after = request.after ? std::stoll(*request.after) : 0;
    for (const auto& e : entries)
      if (e.sequence > after) out.items.push_back(e);
    return out;
  }
  std::vector<procura::audit::entry> for_entity(std::string_view, std::string_view) override { return {}; }
  std::string head_hash() override { return entries.empty() ? std::string(procura::audit::genesis_hash) : entries.back().entry_hash; }
  std::int64_t length() override { return static_cast<std::int64_t>(entries.size()); }
};

memory_log chain_of(int length) {
  memory_log chain;
  std::string previous(procura::audit::genesis_hash);
  for (int i = 1; i <= length; ++i) {
    chain.entries.push_back(make_entry(i, previous));
    previous = chain.entries.back().entry_hash;
  }
  return chain;
}

}  // namespace

TEST_CASE("an anchor recorded outside the server catches a chain cut short or rewritten", "[core][audit]") {
  auto chain = chain_of(5);
  const procura::audit::anchor at_four{4, chain.entries[3].entry_hash};
  CHECK(procura::audit::verify_chain(chain, {at_four}).intact);

  // The newest entries deleted: the chain alone still verifies, the anchor does not.
  auto cut = chain;
  cut.entries.resize(3);
  CHECK(procura::audit::verify_chain(cut).intact);
  const auto short_chain = procura::audit::verify_chain(cut, {at_four});
  CHECK_FALSE(short_chain.intact);
  CHECK(short_chain.first_broken_sequence == 4);
  CHECK(short_chain.problem.find("deleted") != std::string::npos);

  // Entry 2 edited and every hash after it recomputed: consistent, but not what was recorded.
  auto rewritten = chain;
  rewritten.entries[1].state = R"({"id":"org_X"})";
  for (std::size_t i = 1; i < rewritten.entries.size(); ++i)
    procura::audit::seal_entry(rewritten.entries[i], rewritten.entries[i - 1].entry_hash);
  CHECK(procura::audit::verify_chain(rewritten).intact);
  const auto caught = procura::audit::verify_chain(rewritten, {at_four});
  CHECK_FALSE(caught.intact);
  CHECK(caught.first_broken_sequence == 4);
}

TEST_CASE("anchors are read as SEQUENCE:HASH, separated by commas", "[core][audit]") {
  const std::string hash(64, 'a');
  const auto two = procura::audit::parse_anchors("3:" + hash + ",12:" + hash);
  REQUIRE(two);
  REQUIRE(two->size() == 2);
  CHECK(two->at(1).sequence == 12);
  CHECK(two->at(1).entry_hash == hash);
  for (const std::string& bad : std::vector<std::string>{"", "3", "x:" + hash, "0:" + hash, "3:" + hash.substr(1), "3:" + std::string(64, 'G'),
                                "3:" + hash + ","})
    CHECK_FALSE(procura::audit::parse_anchors(bad));
}
