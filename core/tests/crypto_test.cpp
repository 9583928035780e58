#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "procura/core/crypto.hpp"
#include "procura/core/ids.hpp"

TEST_CASE("SHA-256 matches the worked example's draw seed", "[core]") {
  CHECK(procura::crypto::sha256_hex("example audit head") ==
        "93c80f76a3689120ac4b0b3adc2d6cf71fa0777862b2dfc23aa6c15aed5b6353");
}

TEST_CASE("random tokens are 256 bits and do not repeat", "[core]") {
  const auto first = procura::crypto::random_hex(32);
  const auto second = procura::crypto::random_hex(32);
  CHECK(first.size() == 64);
  CHECK(first != second);
}

TEST_CASE("ids sort by creation and are checked for shape", "[core]") {
  const auto first = procura::new_id("bid");
  const auto second = procura::new_id("bid");
  CHECK(procura::is_well_formed_id(first, "bid"));
  CHECK_FALSE(procura::is_well_formed_id(first, "tnd"));
  CHECK_FALSE(procura::is_well_formed_id("bid_../../etc/passwd", "bid"));
  CHECK(first != second);
  CHECK(first.substr(0, 10) <= second.substr(0, 10));  // the time part does not go backwards
}

TEST_CASE("ids stay distinct and well formed across many refills of their random pool", "[core]") {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto id = procura::new_id("bid");
    CHECK(procura::is_well_formed_id(id, "bid"));
    seen.insert(id);
  }
  CHECK(seen.size() == 2000);
}
