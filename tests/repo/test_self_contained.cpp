// The repository explains itself: no tracked source, doc, ruleset or script points outside it —
// not to design or fact files that live elsewhere, not to numbered issues or pain points, not to
// an absolute path on a developer's machine. The design page is docs/design.md, the domain
// numbers and their sources are docs/domain-sources.md; cite those instead.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace hubland::test;

namespace {

// The folders and files checked, relative to the source root.
const std::vector<std::string> kChecked = {"app",         "geo",       "layers",    "rulesets",
                                           "sample-data", "tests",     "bench",     "cmake",
                                           "docs",        "README.md", "hubland.sh"};

// This file spells the patterns out, so it is the one file not checked (and it splits each
// pattern's literal, so that a plain grep of the tree does not find them here either).
const std::string kSelf = "tests/repo/test_self_contained.cpp";

// An outside pointer. Literals first: a file holding none of them is not scanned line by line.
const std::vector<std::string> kLiterals = {
    "DESIGN"
    ".md",
    "issue",
    "Issue",
    "pain point",
    "facts.md",
    "facts-addendum",
    "gis-"
    "anchors",
    "shared/",
    "/work/"};
const std::regex kPointer(
    R"(DESIGN[.]md|issue [0-9]|[Ii]ssues? #?[0-9]|pain point|facts[.]md §|facts-addendum|)"
    R"(gis-)"
    R"(anchors|shared/|/work/|domain/facts[.]md)");

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

/// Tracked files under the checked paths (git ls-files); without git or outside a checkout,
/// every regular file under them.
std::vector<std::string> checked_files(const std::string& root) {
  std::string cmd = "git -C " + quoted(root) + " ls-files -z --";
  for (const auto& p : kChecked) cmd += " " + quoted(p);
  CommandResult r = run(cmd);
  std::vector<std::string> files;
  if (r.exit_code == 0 && !r.out.empty()) {
    files = split(r.out, '\0');
  } else {
    for (const auto& p : kChecked) {
      fs::path top = fs::path(root) / p;
      if (fs::is_regular_file(top)) files.push_back(p);
      if (!fs::is_directory(top)) continue;
      for (const auto& e : fs::recursive_directory_iterator(top))
        if (e.is_regular_file()) {
          std::string rel = fs::relative(e.path(), root).generic_string();
          if (rel.rfind("tests/data/generated/", 0) != 0) files.push_back(rel);  // .gitignore
        }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST(SelfContained, NoTrackedFilePointsOutsideTheRepository) {
  const std::string root = HUBLAND_SOURCE_ROOT;
  const std::vector<std::string> files = checked_files(root);
  ASSERT_GT(files.size(), 50u) << "no files found under " << root;
  ASSERT_NE(std::find(files.begin(), files.end(), "docs/domain-sources.md"), files.end());

  std::vector<std::string> hits;
  for (const auto& rel : files) {
    if (rel == kSelf) continue;
    const std::string text = read_file(root + "/" + rel);
    if (text.find('\0') != std::string::npos) continue;  // binary (GeoPackage, shapefile, png)
    bool candidate = std::any_of(kLiterals.begin(), kLiterals.end(), [&](const std::string& lit) {
      return text.find(lit) != std::string::npos;
    });
    if (!candidate) continue;
    std::istringstream in(text);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
      if (std::regex_search(line, kPointer))
        hits.push_back(rel + ":" + std::to_string(n) + ": " + line);
  }
  std::string report;
  for (const auto& h : hits) report += "  " + h + "\n";
  EXPECT_TRUE(hits.empty()) << hits.size()
                            << " line(s) point outside the repository; cite docs/design.md or "
                               "docs/domain-sources.md instead:\n"
                            << report;
}

namespace {

/// Citations "<page> X, Y" of `page` in the checked files whose anchor (made by `anchor_of`) the
/// page lacks, as "file: X".
template <class AnchorOf>
std::vector<std::string> missing_citations(const std::string& root, const std::string& page,
                                           const std::string& ref_pattern, AnchorOf anchor_of) {
  const std::string text_of_page = read_file(root + "/docs/" + page);
  const std::regex cite(std::regex_replace(page, std::regex(R"(\.)"), R"(\.)") +
                        "((?:,? (?:" + ref_pattern + "))+)");
  const std::regex ref(ref_pattern);
  std::vector<std::string> missing;
  if (text_of_page.empty()) return {"docs/" + page + " is missing"};
  for (const auto& rel : checked_files(root)) {
    const std::string text = read_file(root + "/" + rel);
    if (text.find(page) == std::string::npos) continue;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), cite);
         it != std::sregex_iterator(); ++it) {
      const std::string refs = (*it)[1].str();
      for (auto r = std::sregex_iterator(refs.begin(), refs.end(), ref);
           r != std::sregex_iterator(); ++r)
        if (text_of_page.find(anchor_of(r->str())) == std::string::npos)
          missing.push_back(rel + ": " + page + " " + r->str());
    }
  }
  return missing;
}

std::string lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += "  " + x + "\n";
  return out;
}

}  // namespace

TEST(SelfContained, CitedSectionsExist) {
  // "docs/domain-sources.md DS-2.3" needs a row "| DS-2.3 |", "… §4" a heading "## §4 ";
  // "docs/design.md §7" a heading "## 7. ", "… §10 P13" a row "| P13 |".
  const std::string root = HUBLAND_SOURCE_ROOT;
  auto domain = missing_citations(
      root, "domain-sources.md", R"(DS-[0-9]+\.[0-9]+|§[0-9S]+)", [](const std::string& id) {
        return id.rfind("DS-", 0) == 0 ? "| " + id + " |" : "## " + id + " ";
      });
  EXPECT_TRUE(domain.empty()) << "cited but not in docs/domain-sources.md:\n" << lines(domain);
  auto design = missing_citations(root, "design.md", R"(§[0-9]+|P[0-9]+(?:–P[0-9]+)?)",
                                  [](const std::string& id) {
                                    if (id[0] == 'P')
                                      return "| " + id.substr(0, id.find("–")) + " |";
                                    return "## " + id.substr(2) + ". ";  // "§" is two bytes
                                  });
  EXPECT_TRUE(design.empty()) << "cited but not in docs/design.md:\n" << lines(design);
}
