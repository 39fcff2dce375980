#pragma once
// The open waits' start times, in memory and in order: "how many started by t" in O(log n), for the lists that
// end with «…и ещё N» on every nudge tick, whatever the number of open waits.
#include <cstdint>
#include <functional>
#include <utility>

#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>

#include "core/clock.h"

namespace dutybot::storage {

class OpenWaitIndex {
public:
  void add(std::int64_t id, TimePoint started) { tree_.insert({to_unix_ms(started), id}); }
  void remove(std::int64_t id, TimePoint started) { tree_.erase({to_unix_ms(started), id}); }
  // Open waits that started at or before t.
  std::int64_t count_started_by(TimePoint t) const {
    return static_cast<std::int64_t>(tree_.order_of_key({to_unix_ms(t), INT64_MAX}));
  }
  std::int64_t size() const { return static_cast<std::int64_t>(tree_.size()); }

private:
  using Key = std::pair<std::int64_t, std::int64_t>;  // (started_at in ms, wait id)
  __gnu_pbds::tree<Key, __gnu_pbds::null_type, std::less<>, __gnu_pbds::rb_tree_tag,
                   __gnu_pbds::tree_order_statistics_node_update>
      tree_;
};

}  // namespace dutybot::storage
