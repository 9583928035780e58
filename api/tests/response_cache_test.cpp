#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "response_cache.hpp"

using procura::timestamp;
using procura::api::response_cache;

namespace {

const timestamp noon = timestamp{std::chrono::seconds{1'800'000'000}};

response_cache::entry rendered(std::int64_t data_version, std::string body, timestamp from = timestamp::min(),
                               timestamp until = timestamp::max()) {
  return {data_version, from, until, std::move(body), "\"1\""};
}

}  // namespace

TEST_CASE("a cached response is served only at the data version it was rendered at", "[api][cache]") {
  response_cache cache(1024 * 1024);
  cache.store("tnd_1", rendered(7, "{\"v\":7}"));
  const auto hit = cache.find("tnd_1", 7, noon);
  REQUIRE(hit);
  CHECK(hit->body == "{\"v\":7}");
  CHECK(hit->etag == "\"1\"");
  CHECK_FALSE(cache.find("tnd_2", 7, noon));

  // Any other version (a commit happened) misses, and the entry is gone for good: an older
  // version must not come back either.
  CHECK_FALSE(cache.find("tnd_1", 8, noon));
  CHECK_FALSE(cache.find("tnd_1", 7, noon));
  CHECK(cache.size_bytes() == 0);
}

TEST_CASE("a cached response is served only inside the span its rendering holds for", "[api][cache]") {
  response_cache cache(1024 * 1024);
  const auto deadline = noon + std::chrono::hours{1};
  cache.store("tnd_1", rendered(3, "published", timestamp::min(), deadline));
  CHECK(cache.find("tnd_1", 3, noon));
  CHECK(cache.find("tnd_1", 3, deadline - std::chrono::seconds{1}));
  CHECK_FALSE(cache.find("tnd_1", 3, deadline));
  cache.store("tnd_1", rendered(3, "closed", deadline, timestamp::max()));
  CHECK_FALSE(cache.find("tnd_1", 3, deadline - std::chrono::seconds{1}));
  const auto after = cache.find("tnd_1", 3, deadline);
  REQUIRE(after);
  CHECK(after->body == "closed");
}

TEST_CASE("the cache stays within its byte budget", "[api][cache]") {
  const std::size_t budget = 64 * 1024;
  response_cache cache(budget);
  const std::string body(1000, 'x');
  for (int i = 0; i < 1000; ++i) {
    cache.store("tnd_" + std::to_string(i), rendered(1, body));
    CHECK(cache.size_bytes() <= budget);
  }
  CHECK(cache.size_bytes() > 0);
  // Something larger than a shard's share is never kept; a zero budget keeps nothing.
  cache.store("huge", rendered(1, std::string(budget, 'y')));
  CHECK_FALSE(cache.find("huge", 1, noon));
  response_cache none(0);
  none.store("tnd_1", rendered(1, "{}"));
  CHECK_FALSE(none.find("tnd_1", 1, noon));
}
