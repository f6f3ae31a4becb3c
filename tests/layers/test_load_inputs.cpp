// load_inputs: once the working CRS is known the layers are read side by side; what they hold,
// and which failure is reported, does not depend on it.
#include <gtest/gtest.h>

#include <string>

#include "hubland/error.hpp"
#include "hubland/layers/analysis.hpp"
#include "hubland/layers/table_rows.hpp"

namespace hubland::layers {
namespace {

AnalysisSpec sample_spec(int threads) {
  AnalysisSpec spec =
      load_analysis(std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/analysis.toml");
  spec.threads = threads;
  return spec;
}

// Every cell of a table as text, row by row.
std::string cells(const Table& t) {
  std::string out;
  for_each_row(t, [&](std::size_t, std::span<const RowCell> row) {
    for (const RowCell& c : row) {
      if (c.null)
        out += "\\N";
      else if (c.type == FieldType::Text)
        out += c.text();
      else if (c.type == FieldType::Integer)
        out += std::to_string(c.integer);
      else
        out += std::to_string(c.real);
      out += '|';
    }
    out += '\n';
  });
  return out;
}

TEST(LoadInputs, LayersReadSideBySideHoldWhatLayersReadOneByOneHold) {
  // The Chongqing sample, 13 layers, on one thread (one after another) and on two.
  const AnalysisInputs one = load_inputs(sample_spec(1));
  const AnalysisInputs two = load_inputs(sample_spec(2));
  EXPECT_EQ(two.working_epsg, 4545);
  ASSERT_EQ(one.layers.size(), two.layers.size());
  ASSERT_EQ(one.reports.size(), two.reports.size());
  for (std::size_t k = 0; k < one.reports.size(); ++k) {
    EXPECT_EQ(one.reports[k].source, two.reports[k].source);  // in role order
    EXPECT_EQ(one.reports[k].layer_name, two.reports[k].layer_name);
    EXPECT_EQ(one.reports[k].counts.read, two.reports[k].counts.read);
  }
  for (const auto& [role, layer] : one.layers) {
    const Layer& other = two.layers.at(role);
    EXPECT_TRUE(layer.geometry == other.geometry) << to_string(role);
    EXPECT_EQ(cells(layer.attributes), cells(other.attributes)) << to_string(role);
  }
}

TEST(LoadInputs, OfSeveralBadLayersTheFirstInRoleOrderIsNamed) {
  // The zones and the constraints both name a layer the file lacks; the constraints (5,000
  // features in the benchmark, here the sample's) come after the zones in role order.
  for (int round = 0; round < 5; ++round) {
    AnalysisSpec spec = sample_spec(2);
    const std::string gpkg =
        std::string(HUBLAND_SOURCE_ROOT) + "/sample-data/chongqing/chongqing.gpkg";
    spec.inputs[Role::Zones] = gpkg + "|no_such_zones";
    spec.inputs[Role::Constraints] = gpkg + "|no_such_constraints";
    try {
      load_inputs(spec);
      FAIL() << "missing layers were read";
    } catch (const Error& e) {
      EXPECT_NE((e.message() + e.where().layer).find("no_such_zones"), std::string::npos)
          << e.message() << " / " << e.where().layer;
    }
  }
}

}  // namespace
}  // namespace hubland::layers
