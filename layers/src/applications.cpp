// Applications: the workflow vocabulary (statuses, kinds, actors, allowed transitions).
#include "hubland/layers/applications.hpp"

#include <iterator>

namespace hubland::layers {

namespace {
constexpr ApplicationStatus kAllStatuses[] = {
    ApplicationStatus::Draft,
    ApplicationStatus::Submitted,
    ApplicationStatus::UnderReview,
    ApplicationStatus::Approved,
    ApplicationStatus::ApprovedWithConditions,
    ApplicationStatus::Rejected,
    ApplicationStatus::Withdrawn,
};
}  // namespace

const char* to_string(ApplicationKind k) noexcept {
  return k == ApplicationKind::Conversion ? "conversion" : "project";
}

std::optional<ApplicationKind> application_kind_from(std::string_view s) noexcept {
  if (s == "project") return ApplicationKind::Project;
  if (s == "conversion") return ApplicationKind::Conversion;
  return std::nullopt;
}

const char* to_string(ApplicationStatus s) noexcept {
  switch (s) {
    case ApplicationStatus::Draft:
      return "draft";
    case ApplicationStatus::Submitted:
      return "submitted";
    case ApplicationStatus::UnderReview:
      return "under_review";
    case ApplicationStatus::Approved:
      return "approved";
    case ApplicationStatus::ApprovedWithConditions:
      return "approved_with_conditions";
    case ApplicationStatus::Rejected:
      return "rejected";
    case ApplicationStatus::Withdrawn:
      return "withdrawn";
  }
  return "draft";
}

std::optional<ApplicationStatus> application_status_from(std::string_view s) noexcept {
  for (ApplicationStatus st : kAllStatuses)
    if (s == to_string(st)) return st;
  return std::nullopt;
}

const char* status_name_zh(ApplicationStatus s) noexcept {
  switch (s) {
    case ApplicationStatus::Draft:
      return "草稿";
    case ApplicationStatus::Submitted:
      return "已提交";
    case ApplicationStatus::UnderReview:
      return "审查中";
    case ApplicationStatus::Approved:
      return "批准";
    case ApplicationStatus::ApprovedWithConditions:
      return "附条件批准";
    case ApplicationStatus::Rejected:
      return "不予批准";
    case ApplicationStatus::Withdrawn:
      return "已撤回";
  }
  return "草稿";
}

bool is_final(ApplicationStatus s) noexcept {
  return s == ApplicationStatus::Approved || s == ApplicationStatus::ApprovedWithConditions ||
         s == ApplicationStatus::Rejected || s == ApplicationStatus::Withdrawn;
}

const char* to_string(Actor a) noexcept {
  return a == Actor::Office ? "office" : "bureau";
}

bool transition_allowed(ApplicationStatus from, ApplicationStatus to, Actor by) noexcept {
  for (const Transition& t : kTransitions)
    if (t.from == from && t.to == to) return by == Actor::Bureau || t.by == Actor::Office;
  return false;
}

}  // namespace hubland::layers
