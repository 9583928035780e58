#pragma once
#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "procura/api/ports.hpp"
#include "procura/core/time.hpp"

/// Open Contracting Data Standard 1.1 releases and records (SPEC §3.9). The ocid of a tender is
/// the configured prefix (api::publication), a dash, and the tender id.
namespace procura::api::ocds {

/// What the releases of one tender read from the database besides their facts (clarifications,
/// the cost estimate, attachments), read once for all of them (ocds.cpp).
class tender_reads;

/// Organizations by id, each read once: a tender's parties, bidders, payer and payee name the
/// same few organizations many times, and an export names the same purchasers and suppliers
/// across hundreds of tenders. Valid within one read snapshot only.
class organization_directory {
 public:
  explicit organization_directory(procurement::organization_repository& organizations)
      : organizations_(organizations) {}
  /// The organization, or null when no such id is registered.
  const procurement::organization* find(const std::string& id);

 private:
  procurement::organization_repository& organizations_;
  std::unordered_map<std::string, std::optional<procurement::organization>> known_;
};

/// An award a later one replaced: a tender is awarded again after a challenge of its award was
/// upheld, or when its winner declined to sign (SPEC §3.5, 实施条例 §49).
struct replaced_award {
  std::string bid_id;
  timestamp awarded_at;
  std::string reason;
};

/// What a tender's releases show besides the tender itself and its documents. The export reads
/// these for a whole range of tenders at once; `read_facts` reads them for one.
struct tender_facts {
  std::vector<procurement::bid> bids;  ///< every bid (active and withdrawn) once opened; none while sealed
  /// Every contract drawn up for the tender, oldest first: at most one not cancelled, and the
  /// drafts set aside before it (decision 59), which stay published as cancelled.
  std::vector<contracts::contract> contracts;
  std::vector<evaluation::performance_evaluation> evaluations;  ///< of the contract not cancelled
  std::vector<procurement::challenge> challenges;  ///< of the awards, read once the tender is awarded
  /// The awards before the present one, oldest first, as the audit chain recorded them when made.
  std::vector<replaced_award> replaced_awards;
};

tender_facts read_facts(unit_of_work& work, const procurement::tender& t);
/// The facts of each tender, in the same order, with the bids of all of them read together.
std::vector<tender_facts> read_facts(unit_of_work& work, const std::vector<procurement::tender>& tenders);

/// The releases of one tender, one per event: tender, each amendment, opening, cancellation or
/// failure, award (with bids, only after opening), contract, contract amendments, each payment,
/// each finalized performance evaluation, the contract's end, and the compiled release. An award
/// made again (after an upheld challenge, or the winner declining) is an award of its own (`T-award-2`, …) beside the one it
/// replaced (`T-award`, cancelled); a draft it set aside keeps its contract and end releases.
/// Each release shows the tender as it stood at its own date (decision 68): the tender release of
/// a tender since awarded has no award, the award release no contract, a payment's release no
/// later payment. The compiled release shows it as it is now. Bodies are built when asked for, and
/// what they read from the database is read once for all of them; use the object within the
/// read transaction it was made in.
class tender_releases {
 public:
  /// What tells one release apart from its siblings: the first four members of its object.
  struct head {
    std::string id;
    std::string tag;
    timestamp at;  ///< its `date`
  };

  /// `site` ("http://host:port") makes document URLs absolute; `now` dates the compiled release
  /// of a tender that has no release (never published).
  tender_releases(unit_of_work& work, organization_directory& organizations, const procurement::tender& t,
                  tender_facts facts, timestamp now, const std::string& ocid_prefix, const std::string& site);
  ~tender_releases();
  tender_releases(const tender_releases&) = delete;
  tender_releases& operator=(const tender_releases&) = delete;

  [[nodiscard]] const std::string& ocid() const { return ocid_; }
  /// Oldest first; releases of the same date keep the order listed above.
  [[nodiscard]] const std::vector<head>& heads() const { return heads_; }
  /// The merged view, tagged "compiled", dated as the latest release.
  [[nodiscard]] head compiled_head() const;
  /// The members that follow the head of `heads()[index]` (initiationType … contracts), in order.
  [[nodiscard]] boost::json::object body(std::size_t index) const;
  /// The members that follow the compiled release's head.
  [[nodiscard]] boost::json::object compiled_body() const;
  /// The whole release object of `heads()[index]`.
  [[nodiscard]] boost::json::object release(std::size_t index) const;
  /// The whole compiled release object.
  [[nodiscard]] boost::json::object compiled_release() const;

 private:
  [[nodiscard]] boost::json::object release_of(const head& h, boost::json::object body) const;

  std::string ocid_;
  std::vector<head> heads_;
  procurement::tender tender_;
  tender_facts facts_;
  organization_directory& organizations_;
  std::unique_ptr<tender_reads> reads_;
  timestamp now_;
};

/// A release package or record package frame.
boost::json::object package(const std::string& uri, timestamp now, const std::string& publisher_name);

std::string ocid_of(const std::string& ocid_prefix, const procurement::tender& t);
/// The tender id of an ocid under this publisher's prefix, if it is one.
std::optional<std::string> tender_id_of(const std::string& ocid_prefix, std::string_view ocid);

}  // namespace procura::api::ocds
