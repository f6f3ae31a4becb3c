#pragma once
// What the zone-office workflow suites share: the sample and its application file.
#include <string>

#include "test_support.hpp"

namespace {

const std::string kSample = std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing";
/// One project site (layer project, AP-2026-001 in ZGY-A) and one conversion request (layer
/// conversion, AC-2026-001 on parcel GY00506); sample-data/README.md says how it was made.
const std::string kApplications = kSample + "/applications.gpkg";

std::string q(const std::string& s) {
  return hubland::test::quoted(s);
}

}  // namespace
