#include <catch2/catch.hpp>

#include <string>
#include <thread>

#include "../src/rate_limiter.hpp"

using procura::api::rate_limiter;

TEST_CASE("an account may make its burst at once, then waits whole seconds for the next request", "[api]") {
  rate_limiter limiter(0.5, 3);  // one request every two seconds on average, three at once
  CHECK(limiter.take("acc_A") == 0);
  CHECK(limiter.take("acc_A") == 0);
  CHECK(limiter.take("acc_A") == 0);
  CHECK(limiter.take("acc_A") == 2);  // Retry-After: one token takes two seconds to come back
  CHECK(limiter.take("acc_B") == 0);  // each account has a bucket of its own
}

TEST_CASE("buckets of accounts that went quiet are forgotten once there are many", "[api]") {
  rate_limiter limiter(1'000'000, 2);  // a bucket refills in two microseconds
  for (std::size_t i = 0; i <= rate_limiter::sweep_threshold; ++i) limiter.take("acc_" + std::to_string(i));
  CHECK(limiter.tracked_accounts() == rate_limiter::sweep_threshold + 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  limiter.take("acc_new");
  CHECK(limiter.tracked_accounts() == 1);  // the sweep kept only the account that just asked
}
