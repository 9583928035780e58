#include "generate.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "cli_support.hpp"
#include "generate_bodies.hpp"
#include "generate_lifecycle.hpp"

namespace procura::app::generate {
namespace {

namespace json = boost::json;
using std::chrono::days;
using std::chrono::hours;

/// What a past tender of a cohort becomes; the mix gives every pre-award state.
enum class fate { draft, cancelled, closed, failed, opened };

fate fate_of(std::int64_t index) {
  switch (index % 20) {
    case 0: return fate::draft;
    case 1: return fate::cancelled;
    case 2:
    case 3: return fate::closed;
    case 4: return fate::failed;
    default: return fate::opened;
  }
}

class generator {
 public:
  generator(api::gateway& api, adjustable_clock& clock, storage::database::bulk_load& bulk, const settings& options)
      : calls_{api, clock, bulk, progress_line(options.progress)}, options_(options) {}

  totals run() {
    const auto today = std::chrono::floor<std::chrono::seconds>(calls_.clock.now());
    if (calls_.api.call("GET", "/api/v1/catalogue/GEN-01", "", std::nullopt).status == 200)
      throw command_error("this database already holds generated data (catalogue item GEN-01)");
    const auto platform = platform_organization_id(calls_.api);
    if (!platform) throw command_error("run `procura init` on this database first");

    const std::int64_t lifecycles = lifecycle_count(options_.contracts);
    const std::int64_t open_tenders = std::max<std::int64_t>(1, options_.tenders / 10);
    if (lifecycles + open_tenders > options_.tenders)
      throw command_error("--tenders must be at least " + std::to_string(lifecycles + open_tenders) +
                          " for --contracts " + std::to_string(options_.contracts));

    calls_.clock.set(today - days{5 * 365 + 30});
    make_parties(*platform);
    calls_.progress.phase("contracts");
    run_lifecycles(calls_, parties_, lifecycles, options_.contracts, options_.bids_per_tender, next_index_);
    next_index_ += lifecycles;
    calls_.progress.phase("past tenders");
    make_past_cohorts(today, options_.tenders - lifecycles - open_tenders);
    calls_.progress.phase("open tenders");
    calls_.clock.set(today);
    make_open_tenders(today, open_tenders);
    make_bench_suppliers();
    calls_.bulk.finish();
    calls_.progress.done();
    write_bench_files();
    return calls_.progress.counts;
  }

 private:
  void make_parties(const std::string& platform_id) {
    for (std::size_t i = 0; i < catalogue_count(); ++i)
      calls_.perform(201, "POST", "/api/v1/catalogue", catalogue_body(i), cli_principal());
    calls_.perform(200, "POST", "/api/v1/salary-benchmarks/import", benchmark_import_body(2018, 2032), cli_principal());

    // About a hundred tenders per office over the years: red flags and indicators for one
    // purchaser then cost the same at any national size.
    const std::int64_t purchasers = std::clamp<std::int64_t>(options_.tenders / 100, 8, 20'000);
    for (std::int64_t i = 0; i < purchasers; ++i) {
      const auto& region = region_at(static_cast<std::size_t>(i));
      const auto created = calls_.expect(
          201, "POST", "/api/v1/organizations",
          organization_body("purchaser", std::string(region.name) + "禁毒办 " + std::to_string(i + 1),
                            credit_code("11", region.code, i + 1), region.code),
          cli_principal());
      parties_.purchasers.push_back({"generator", std::string(created.at("id").as_string()), role::purchaser});
    }
    // The pool grows with the data set (one supplier per 20 tenders, as a national market
    // would): a fixed pool gave each supplier 10x the bids at 100k than at 10k, so per-supplier
    // reads grew with the database (docs/performance.md).
    const std::int64_t suppliers =
        std::max<std::int64_t>({2 * options_.bids_per_tender + 4, 24, options_.tenders / 20});
    for (std::int64_t i = 0; i < suppliers; ++i) parties_.suppliers.push_back(make_supplier(i, "社会工作服务社"));
    for (int i = 0; i < 3; ++i) {
      const auto created = calls_.expect(
          201, "POST", "/api/v1/organizations",
          organization_body("evaluator", "第三方评估中心 " + std::to_string(i + 1), credit_code("52", "310000", 900'000 + i),
                            "310000"),
          cli_principal());
      parties_.evaluators.push_back({"generator", std::string(created.at("id").as_string()), role::evaluator});
    }
    for (int i = 0; i < 5; ++i) {
      const auto issued = calls_.expect(
          201, "POST", "/api/v1/organizations/" + platform_id + "/tokens",
          json::object{{"role", "expert"}, {"display_name", "评审专家 " + std::to_string(i + 1)}, {"valid_days", 3650}},
          cli_principal());
      parties_.experts.push_back({std::string(issued.at("account").at("id").as_string()), platform_id, role::expert});
    }
  }

  principal make_supplier(std::int64_t serial, const char* kind_of_name) {
    const auto& region = region_at(static_cast<std::size_t>(serial));
    const auto created = calls_.expect(
        201, "POST", "/api/v1/organizations",
        organization_body("supplier", std::string(region.name) + kind_of_name + " " + std::to_string(serial + 1),
                          credit_code("52", region.code, serial + 1), region.code),
        cli_principal());
    principal supplier{"generator", std::string(created.at("id").as_string()), role::supplier};
    calls_.perform(200, "PUT", "/api/v1/organizations/" + supplier.organization_id + "/profile",
                  profile_body(serial, region.code), supplier);
    return supplier;
  }

  /// Past tenders in cohorts about a month apart, so that every cohort's clock moves forward:
  /// created and published, bid on, then opened (or not) after the deadline.
  void make_past_cohorts(timestamp today, std::int64_t count) {
    if (count <= 0) return;
    const auto first = today - days{4 * 365 + 200};
    const auto last = today - days{40};
    const std::int64_t span_days = std::chrono::duration_cast<days>(last - first).count();
    const std::int64_t cohorts = std::clamp<std::int64_t>(count / 50, 1, span_days / 24);
    for (std::int64_t c = 0; c < cohorts; ++c) {
      const std::int64_t size = count / cohorts + (c < count % cohorts ? 1 : 0);
      make_cohort(first + days{c * span_days / cohorts}, size);
    }
  }

  struct made_tender {
    std::string id;
    std::int64_t index;
    fate end;
  };

  void make_cohort(timestamp start, std::int64_t size) {
    calls_.clock.set(start);
    const auto deadline = start + days{21} + hours{1};
    std::vector<made_tender> made;
    made.reserve(static_cast<std::size_t>(size));
    for (std::int64_t i = 0; i < size; ++i) {
      const std::int64_t index = next_index_++;
      const auto end = fate_of(index);
      made.push_back({create_tender(index, deadline, end != fate::draft), index, end});
    }
    calls_.clock.set(start + days{1});
    for (const auto& t : made)
      if (t.end == fate::cancelled)
        calls_.perform(200, "POST", "/api/v1/tenders/" + t.id + "/cancel",
                      json::object{{"reason", "预算调整，项目暂缓 (budget reallocated)"}}, purchaser_of(t.index));
    calls_.clock.set(start + days{2});
    for (const auto& t : made) {
      if (t.end == fate::draft || t.end == fate::cancelled) continue;
      submit_bids(t.id, t.index, t.end == fate::failed ? std::min<std::int64_t>(2, options_.bids_per_tender)
                                                        : options_.bids_per_tender);
    }
    calls_.clock.set(deadline + hours{2});
    for (const auto& t : made)
      if (t.end == fate::failed || t.end == fate::opened) {
        calls_.perform(200, "POST", "/api/v1/tenders/" + t.id + "/open", json::object{}, purchaser_of(t.index));
        remember_readable(t.id);
      }
  }

  void make_open_tenders(timestamp today, std::int64_t count) {
    const auto deadline = std::chrono::floor<days>(today) + days{30} + hours{1};
    for (std::int64_t i = 0; i < count; ++i) {
      const std::int64_t index = next_index_++;
      const auto id = create_tender(index, deadline, true);
      open_tender_ids_.push_back(id);
      remember_readable(id);
      submit_bids(id, index, options_.bids_per_tender);
    }
  }

  std::string create_tender(std::int64_t index, timestamp deadline, bool publish) {
    const auto& owner = purchaser_of(index);
    const auto& region = region_at(static_cast<std::size_t>(index % static_cast<std::int64_t>(parties_.purchasers.size())));
    const auto created = calls_.expect(201, "POST", "/api/v1/tenders", tender_body(index, region.code, deadline), owner);
    std::string id(created.at("id").as_string());
    if (publish) calls_.perform(200, "POST", "/api/v1/tenders/" + id + "/publish", json::object{}, owner);
    calls_.progress.tender_made();
    return id;
  }

  void submit_bids(const std::string& tender_id, std::int64_t index, std::int64_t count) {
    const auto pool = static_cast<std::int64_t>(parties_.suppliers.size());
    for (std::int64_t j = 0; j < count; ++j) {
      const auto& supplier = parties_.suppliers[static_cast<std::size_t>((index * 7 + j) % pool)];
      calls_.perform(201, "POST", "/api/v1/tenders/" + tender_id + "/bids",
                    bid_body(index + j, tender_budget_yuan(index), tender_posts(index)), supplier);
      calls_.progress.bid_made();
    }
  }

  const principal& purchaser_of(std::int64_t index) const {
    return parties_.purchasers[static_cast<std::size_t>(index % static_cast<std::int64_t>(parties_.purchasers.size()))];
  }

  /// Keeps a bounded sample of published tender ids for the read benchmarks.
  void remember_readable(const std::string& id) {
    constexpr std::size_t sample = 20'000;
    ++readable_seen_;
    if (readable_ids_.size() < sample) {
      readable_ids_.push_back(id);
    } else if (readable_seen_ % 7 == 0) {
      readable_ids_[static_cast<std::size_t>(readable_seen_ / 7) % sample] = id;
    }
  }

  void make_bench_suppliers() {
    for (std::int64_t i = 0; i < options_.bench_suppliers; ++i) {
      const auto supplier = make_supplier(1'000'000 + i, "基准测试服务社");
      const auto issued = calls_.expect(
          201, "POST", "/api/v1/organizations/" + supplier.organization_id + "/tokens",
          json::object{{"role", "supplier"}, {"display_name", "bench " + std::to_string(i)}, {"valid_days", 3650}},
          cli_principal());
      bench_tokens_.emplace_back(issued.at("token").as_string());
    }
  }

  void write_bench_files() const {
    if (options_.bench_directory.empty()) return;
    std::filesystem::create_directories(options_.bench_directory);
    const auto write_lines = [&](const char* name, const std::vector<std::string>& lines) {
      std::ofstream out(std::filesystem::path(options_.bench_directory) / name, std::ios::trunc);
      if (!out) throw command_error("cannot write " + options_.bench_directory + "/" + name);
      for (const auto& line : lines) out << line << '\n';
    };
    std::vector<std::string> purchaser_ids;
    for (const auto& p : parties_.purchasers) purchaser_ids.push_back(p.organization_id);
    write_lines("supplier_tokens.txt", bench_tokens_);
    write_lines("open_tenders.txt", open_tender_ids_);
    write_lines("tenders.txt", readable_ids_);
    write_lines("purchasers.txt", purchaser_ids);
  }

  call_context calls_;
  settings options_;
  generated_parties parties_;
  std::int64_t next_index_ = 0;
  std::vector<std::string> open_tender_ids_;
  std::vector<std::string> readable_ids_;
  std::int64_t readable_seen_ = 0;
  std::vector<std::string> bench_tokens_;
};

}  // namespace

totals run(api::gateway& api, adjustable_clock& clock, storage::database::bulk_load& bulk, const settings& options) {
  return generator(api, clock, bulk, options).run();
}

}  // namespace procura::app::generate
