#pragma once
// A tender with suppliers, experts and helpers to drive it from bids to award over HTTP.
#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "api_fixture.hpp"
#include "procura/core/time.hpp"

namespace procura::testing {

struct supplier_account {
  std::string organization_id;
  std::string token;
};

struct bid_flow_fixture : api_fixture {
  std::string purchaser;
  std::string purchaser_token;
  std::vector<supplier_account> suppliers;
  std::vector<std::string> expert_ids;     ///< account ids
  std::vector<std::string> expert_tokens;  ///< same order
  std::string tender_id;
  procura::timestamp now;

  /// `supplier_count` suppliers with profiles, 5 experts, and a published open tender whose
  /// deadline is 21 days away (criteria: price 30, subjective "plan" 70).
  explicit bid_flow_fixture(int supplier_count = 4, const server_process::options& settings = {});

  procura::timestamp server_now();
  /// Creates and publishes an open tender of the purchaser for 300 clients in 310115 (ceiling
  /// 3,000,000 yuan, 12 months from `service_start`) scored on `criteria`, its deadline 21 days
  /// away; returns its id.
  std::string publish_tender(const std::string& title, const boost::json::array& criteria,
                             const std::string& service_start = "2030-01-01");
  void advance(std::int64_t seconds);
  /// Moves the clock to just past the deadline.
  void pass_deadline();

  static boost::json::object money(std::int64_t yuan);
  /// A supplier profile that passes the catalogue's qualification, registered on `registration_date`.
  static boost::json::object supplier_profile(const std::string& registration_date = "2015-03-01");
  /// A valid bid body at `price_yuan` with `posts` social workers at 9,500 yuan a month (15 posts
  /// cost 2,158,812 yuan a year at the 9,000 benchmark with employer rates: lower prices are
  /// flagged as abnormally low).
  static boost::json::object bid_body(std::int64_t price_yuan, std::int64_t posts = 15);

  http_reply submit(std::size_t supplier, std::int64_t price_yuan, const std::map<std::string, std::string>& headers = {});
  /// Submits and returns the bid id.
  std::string submit_ok(std::size_t supplier, std::int64_t price_yuan);
  http_reply open();
  /// Confirms every automatic qualification result.
  http_reply confirm_qualification();
  /// Appoints the 5 experts and has each declare no conflict.
  void seat_panel();
  /// Supplier `supplier` challenges the award with `text`; returns the challenge's id.
  std::string challenge_award(std::size_t supplier, const std::string& text);
  /// The purchaser answers challenge `id`, upholding it or not.
  void answer_challenge(const std::string& id, bool upheld);
  /// Takes the tender to an award: suppliers 0–3 bid 2,280,000 yuan plus 10,000 a place, the
  /// bids are opened and qualified, the panel gives each 60 points, and supplier 0's bid wins.
  /// Returns the four bid ids.
  std::vector<std::string> bid_and_award();
  /// Suppliers 0, 1, … bid `prices_yuan` in turn; the bids are opened and qualified, the panel
  /// seated, and every expert gives each bid `plan_points`: the panel's report is made.
  std::vector<std::string> bid_and_rank(const std::vector<std::int64_t>& prices_yuan, std::int64_t plan_points);
  /// Every expert gives each bid the given plan points (hundredths not needed).
  void score_all(const std::map<std::string, std::int64_t>& plan_points_by_bid);
};

}  // namespace procura::testing
