#pragma once
#include "procura/api/gateway.hpp"
#include "procura/core/clock.hpp"

namespace procura::app::demo {

/// Loads the demo data set through the API (every rule applies, every change is audited):
/// a region with narcotics-control offices, a dozen social organizations with profiles, and
/// evaluators. Returns false, changing nothing, when the demo data is already there.
bool load(api::gateway& api, adjustable_clock& clock);

}  // namespace procura::app::demo
