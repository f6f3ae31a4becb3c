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
  double charged_mu = 0.0;
  double reward_mu = 0.0;  ///< part of charged_mu from the district reward
  bool partial = false;
  Limit limit = Limit::None;   ///< what stopped a full allocation
  double available_mu = 0.0;   ///< what that limit had left
  double quota_left_mu = 0.0;  ///< general quota left after this project
};

std::vector<Decision> decide(const std::vector<AllocationRequest>& requests,
                             const AllocationPolicy& policy) {
  if (policy.quota_mu < 0 || !std::isfinite(policy.quota_mu))
    throw Error(ErrorKind::BadInput, "the quota must be a number >= 0 mu");
  std::map<std::string, double> zone_left = policy.zone_caps_mu;
  for (const auto& [zone, cap] : zone_left)
    if (cap < 0) throw Error(ErrorKind::BadInput, "zone cap of '" + zone + "' is negative");
  std::map<std::string, double> reward_left = policy.district_reward_mu;
  for (const auto& [district, mu] : reward_left)
    if (!(mu >= 0))
      throw Error(ErrorKind::BadInput, "the reward of district '" + district + "' is negative");
  double left = policy.quota_mu;
  std::vector<Decision> out(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const AllocationRequest& rq = requests[i];
    const double need = rq.charge_mu();
    if (!(rq.request_mu >= 0) || !(need >= 0))
      throw Error(ErrorKind::BadInput, "negative or missing quota request",
                  Where{.feature = rq.project_id});
    Decision& d = out[i];
    auto zone = zone_left.find(rq.zone_id);
    auto reward = reward_left.find(rq.district_code);
    const double own = reward == reward_left.end() ? 0.0 : reward->second;
    const double zone_avail = zone == zone_left.end() ? HUGE_VAL : zone->second;
    const double avail = std::min(left + own, zone_avail);
    if (need <= avail + kToleranceMu) {
      d.status = AllocationStatus::Funded;
      d.charged_mu = need;
    } else {
      d.limit = zone_avail < left + own ? Limit::ZoneCap : Limit::Quota;
      d.available_mu = std::max(avail, 0.0);
      if (policy.on_no_fit == OnNoFit::Partial && avail > kToleranceMu) {
        d.status = AllocationStatus::Funded;
        d.charged_mu = avail;
        d.partial = true;
      }
    }
    // The district's reward first, then the general quota.
    d.reward_mu = std::min(own, d.charged_mu);
    if (reward != reward_left.end()) reward->second -= d.reward_mu;
    left -= d.charged_mu - d.reward_mu;
    if (zone != zone_left.end()) zone->second -= d.charged_mu;
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
    a.quota_charged_mu = d.charged_mu;
    a.reward_charged_mu = d.reward_mu;
    a.partial = d.partial;
    const std::string zone = rq.zone_id.empty() ? "?" : rq.zone_id;
    const std::string need = mu(rq.charge_mu()), avail = mu(d.available_mu);
    // What the charge rests on: the site's new land, or the whole request when unknown.
    std::string basis_zh, basis_en;
    if (!rq.new_land_mu) {
      basis_zh = "无现状地类数据，按申请用地 " + mu(rq.request_mu) + " 亩全额计入指标；";
      basis_en =
          "no land-survey data: the whole request of " + mu(rq.request_mu) + " mu is charged; ";
    } else if (rq.charge_mu() > kToleranceMu && rq.charge_mu() < rq.request_mu - kToleranceMu) {
      basis_zh = "新增建设用地 " + need + " 亩占用计划指标，存量建设用地不占指标；";
      basis_en = need + " mu of new construction land needs quota, existing land does not; ";
    }
    const std::string reward_zh =
        d.reward_mu > kToleranceMu ? "（其中增存挂钩奖励指标 " + mu(d.reward_mu) + " 亩）" : "";
    const std::string reward_en = d.reward_mu > kToleranceMu
                                      ? " (" + mu(d.reward_mu) + " mu from the district's reward)"
                                      : "";
    if (d.status == AllocationStatus::Funded && rq.new_land_mu && need == "0") {
      a.quota_free = true;
      a.reason_zh = "位于存量建设用地，存量保障，无需计划指标（新增建设用地 0 亩）";
      a.reason_en = "on existing construction land: funded without quota (0 mu of new land)";
    } else if (d.status == AllocationStatus::Funded && !d.partial) {
      a.reason_zh = basis_zh + "按排名顺序安排计划指标 " + need + " 亩" + reward_zh +
                    "，剩余指标 " + mu(d.quota_left_mu) + " 亩";
      a.reason_en = basis_en + "funded " + need + " mu of quota in rank order" + reward_en + "; " +
                    mu(d.quota_left_mu) + " mu of the quota left";
    } else if (d.partial) {
      const bool cap = d.limit == Limit::ZoneCap;
      a.reason_zh = basis_zh + "部分安排 " + mu(d.charged_mu) + " 亩（需 " + need + " 亩，" +
                    (cap ? "园区 " + zone + " 上限" : std::string("年度指标")) + "仅剩 " + avail +
                    " 亩）";
      a.reason_en = basis_en + "partially funded " + mu(d.charged_mu) + " of " + need + " mu (" +
                    (cap ? "the cap of zone " + zone : std::string("the quota")) + " had " + avail +
                    " mu left)";
    } else if (d.limit == Limit::ZoneCap) {
      a.reason_zh = basis_zh + "需指标 " + need + " 亩，超过园区 " + zone + " 剩余上限 " + avail +
                    " 亩，列入候补";
      a.reason_en = basis_en + "needs " + need + " mu but the cap of zone " + zone + " has " +
                    avail + " mu left: waitlisted";
    } else {
      a.reason_zh =
          basis_zh + "需指标 " + need + " 亩，超过剩余年度指标 " + avail + " 亩，列入候补";
      a.reason_en = basis_en + "needs " + need + " mu but only " + avail +
                    " mu of the quota is left: waitlisted";
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
  const auto new_col = facts.find("new_land_mu");
  const auto district_col = facts.find("district_code");
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
    if (new_col && !facts.null_at(row, *new_col))
      rq.new_land_mu = std::max(0.0, layers::as_number(facts.get(row, *new_col)).value_or(0.0));
    if (district_col && !facts.null_at(row, *district_col))
      rq.district_code = layers::as_text(facts.get(row, *district_col));
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
