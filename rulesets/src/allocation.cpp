// Quota allocation in rank order with zone caps, skip or partial (allocation.hpp).
#include "hubland/rules/allocation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "hubland/error.hpp"

namespace hubland::rules {

namespace {

constexpr double kToleranceMu = 1e-9;

enum class Limit { None, Quota, ZoneCap };

struct Decision {
  AllocationStatus status = AllocationStatus::Waitlisted;
  double allocated_mu = 0.0;
  bool partial = false;
  Limit limit = Limit::None;   ///< what stopped a full allocation
  double available_mu = 0.0;   ///< what that limit had left
  double quota_left_mu = 0.0;  ///< quota left after this project
};

std::vector<Decision> decide(const std::vector<AllocationRequest>& requests,
                             const AllocationPolicy& policy) {
  if (policy.quota_mu < 0 || !std::isfinite(policy.quota_mu))
    throw Error(ErrorKind::BadInput, "the quota must be a number >= 0 mu");
  std::map<std::string, double> zone_left = policy.zone_caps_mu;
  for (const auto& [zone, cap] : zone_left)
    if (cap < 0) throw Error(ErrorKind::BadInput, "zone cap of '" + zone + "' is negative");
  double left = policy.quota_mu;
  std::vector<Decision> out(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const AllocationRequest& rq = requests[i];
    if (!(rq.request_mu >= 0))
      throw Error(ErrorKind::BadInput, "negative or missing quota request",
                  Where{.feature = rq.project_id});
    Decision& d = out[i];
    auto zone = zone_left.find(rq.zone_id);
    const double zone_avail = zone == zone_left.end() ? HUGE_VAL : zone->second;
    const double avail = std::min(left, zone_avail);
    if (rq.request_mu <= avail + kToleranceMu) {
      d.status = AllocationStatus::Funded;
      d.allocated_mu = rq.request_mu;
    } else {
      d.limit = zone_avail < left ? Limit::ZoneCap : Limit::Quota;
      d.available_mu = std::max(avail, 0.0);
      if (policy.on_no_fit == OnNoFit::Partial && avail > kToleranceMu) {
        d.status = AllocationStatus::Funded;
        d.allocated_mu = avail;
        d.partial = true;
      }
    }
    left -= d.allocated_mu;
    if (zone != zone_left.end()) zone->second -= d.allocated_mu;
    d.quota_left_mu = std::max(left, 0.0);
  }
  return out;
}

std::string mu(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

const char* to_string(AllocationStatus s) noexcept {
  switch (s) {
    case AllocationStatus::Funded:
      return "funded";
    case AllocationStatus::Waitlisted:
      return "waitlisted";
    case AllocationStatus::Ineligible:
      return "ineligible";
  }
  return "ineligible";
}

std::vector<Allocation> allocate(const std::vector<AllocationRequest>& requests,
                                 const AllocationPolicy& policy) {
  const auto decisions = decide(requests, policy);
  std::vector<Allocation> out(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const Decision& d = decisions[i];
    const AllocationRequest& rq = requests[i];
    Allocation& a = out[i];
    a.status = d.status;
    a.allocated_mu = d.allocated_mu;
    a.partial = d.partial;
    const std::string zone = rq.zone_id.empty() ? "?" : rq.zone_id;
    const std::string want = mu(rq.request_mu), avail = mu(d.available_mu);
    if (d.status == AllocationStatus::Funded && !d.partial) {
      a.reason_zh =
          "按排名顺序安排用地指标 " + want + " 亩，剩余指标 " + mu(d.quota_left_mu) + " 亩";
      a.reason_en =
          "funded " + want + " mu in rank order; " + mu(d.quota_left_mu) + " mu of the quota left";
    } else if (d.partial) {
      const bool cap = d.limit == Limit::ZoneCap;
      a.reason_zh = "部分安排 " + mu(d.allocated_mu) + " 亩（申请 " + want + " 亩，" +
                    (cap ? "园区 " + zone + " 上限" : std::string("年度指标")) + "仅剩 " + avail +
                    " 亩）";
      a.reason_en = "partially funded " + mu(d.allocated_mu) + " of " + want + " mu (" +
                    (cap ? "the cap of zone " + zone : std::string("the quota")) + " had " + avail +
                    " mu left)";
    } else if (d.limit == Limit::ZoneCap) {
      a.reason_zh = "申请 " + want + " 亩超过园区 " + zone + " 剩余上限 " + avail + " 亩，列入候补";
      a.reason_en = "needs " + want + " mu but the cap of zone " + zone + " has " + avail +
                    " mu left: waitlisted";
    } else {
      a.reason_zh = "申请 " + want + " 亩超过剩余年度指标 " + avail + " 亩，列入候补";
      a.reason_en =
          "needs " + want + " mu but only " + avail + " mu of the quota is left: waitlisted";
    }
  }
  return out;
}

std::vector<char> funded_flags(const std::vector<AllocationRequest>& requests,
                               const AllocationPolicy& policy) {
  const auto decisions = decide(requests, policy);
  std::vector<char> out(decisions.size());
  for (std::size_t i = 0; i < decisions.size(); ++i)
    out[i] = decisions[i].status == AllocationStatus::Funded ? 1 : 0;
  return out;
}

std::vector<AllocationRequest> requests_in_rank_order(const layers::Table& facts,
                                                      const Ranking& ranking,
                                                      const RankingConfig& config) {
  const auto req_col = facts.find(config.request_column);
  const auto area_col = facts.find("area_mu");
  const auto zone_col = facts.find("zone_id");
  std::vector<AllocationRequest> out;
  for (std::size_t row : ranking.order) {
    AllocationRequest rq;
    rq.project_id = ranking.projects[row].project_id;
    std::optional<double> v;
    if (req_col) v = layers::as_number(facts.get(row, *req_col));
    if (!v && area_col) v = layers::as_number(facts.get(row, *area_col));
    if (!v)
      throw Error(ErrorKind::Schema,
                  "project has no quota request (" + config.request_column + " or area_mu)",
                  Where{.feature = rq.project_id, .field = config.request_column});
    rq.request_mu = *v;
    if (zone_col) rq.zone_id = layers::as_text(facts.get(row, *zone_col));
    out.push_back(std::move(rq));
  }
  return out;
}

AllocationPolicy allocation_policy(const RankingConfig& config, std::optional<double> quota_mu) {
  AllocationPolicy p;
  p.quota_mu = quota_mu.value_or(config.quota_mu);
  p.zone_caps_mu = config.zone_caps_mu;
  p.on_no_fit = config.on_no_fit;
  return p;
}

std::vector<Allocation> allocate_ranking(const layers::Table& facts, const Ranking& ranking,
                                         const RankingConfig& config,
                                         const AllocationPolicy& policy) {
  const auto requests = requests_in_rank_order(facts, ranking, config);
  const auto ranked = allocate(requests, policy);
  std::vector<Allocation> out(ranking.projects.size());
  for (std::size_t pos = 0; pos < ranking.order.size(); ++pos)
    out[ranking.order[pos]] = ranked[pos];
  for (std::size_t r = 0; r < ranking.projects.size(); ++r) {
    const ProjectRanking& p = ranking.projects[r];
    if (p.eligible) continue;
    Allocation& a = out[r];
    a.status = AllocationStatus::Ineligible;
    for (const Finding& f : p.failed) {
      a.reason_zh += (a.reason_zh.empty() ? "" : "；") + f.rule_id + "：" + f.reason_zh;
      a.reason_en += (a.reason_en.empty() ? "" : "; ") + f.rule_id + ": " + f.reason_en;
    }
  }
  return out;
}

}  // namespace hubland::rules
