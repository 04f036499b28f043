// The request paths that count as a service's health endpoint. Shared by
// AG303 (missing-health-endpoint) and AG203 (gateway-unrouted-operation,
// which exempts the gateway's own health paths).
#pragma once

#include <array>
#include <string_view>

namespace archgate {

inline constexpr std::array<std::string_view, 7> kHealthPaths{
    "/health", "/healthz", "/ready", "/readyz", "/live", "/livez", "/actuator/health"};

// Exactly one of kHealthPaths, optionally with a trailing slash.
inline bool is_health_path(std::string_view path) {
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  for (auto health : kHealthPaths) {
    if (path == health) return true;
  }
  return false;
}

}  // namespace archgate
