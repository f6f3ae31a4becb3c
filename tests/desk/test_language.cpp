// The UI language: which codes mean Chinese, and the attribute table's column headers
// following the installed translation at run time.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QTranslator>
#include <filesystem>

#include "hubland/desk/attribute_table_model.hpp"
#include "hubland/desk/column_names.hpp"
#include "hubland/desk/language.hpp"
#include "hubland/layers/export.hpp"

using namespace hubland;
namespace fs = std::filesystem;

TEST(DeskLanguage, EveryChineseCodeIsChineseAndUnknownCodesAreRefused) {
  for (const char* code :
       {"zh", "zh_CN", "zh-CN", "zh_Hans", "zh-Hans", "ZH-hans-CN", "zh_TW", "zh_CN.UTF-8"})
    EXPECT_EQ(desk::ui_language(QString::fromLatin1(code)), QStringLiteral("zh_CN")) << code;
  for (const char* code : {"en", "en_US", "en-GB", "C", "en_US.UTF-8"})
    EXPECT_EQ(desk::ui_language(QString::fromLatin1(code)), QStringLiteral("en")) << code;
  for (const char* code : {"", "fr", "xx_CN", "chinese", "z"})
    EXPECT_FALSE(desk::ui_language(QString::fromLatin1(code)).has_value()) << code;
  EXPECT_EQ(desk::language_of(QStringLiteral("zh_CN")), desk::Language::Chinese);
  EXPECT_EQ(desk::language_of(QStringLiteral("en")), desk::Language::English);
}

TEST(DeskLanguage, ColumnHeadersFollowTheTranslationInstalledAtRunTime) {
  // The compiled Chinese translation sits in the build tree (tests/tmp -> app/desk).
  const fs::path qm =
      fs::path(HUBLAND_TEST_TMP).parent_path().parent_path() / "app/desk/hubland_zh_CN.qm";
  ASSERT_TRUE(fs::exists(qm)) << qm;
  layers::Table t;
  t.add_column("parcel_id", layers::FieldType::Text);
  t.add_column("grade", layers::FieldType::Text);
  t.add_column("plot_ratio", layers::FieldType::Real);
  t.add_column("no_such_vocabulary_entry", layers::FieldType::Real);
  desk::AttributeTableModel model;
  model.set_table(std::make_shared<const layers::Table>(t));
  auto headers = [&] {
    QStringList out;
    for (int c = 0; c < model.columnCount(); ++c)
      out << model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    return out.join(QLatin1Char('|'));
  };
  EXPECT_EQ(headers(), QStringLiteral("parcel_id|grade|plot_ratio|no_such_vocabulary_entry"));

  int changes = 0;
  QObject::connect(&model, &QAbstractItemModel::headerDataChanged,
                   [&](Qt::Orientation o, int first, int last) {
                     changes += o == Qt::Horizontal && first == 0 && last == 3;
                   });
  QTranslator zh;
  ASSERT_TRUE(zh.load(QString::fromStdString(qm.string())));
  QCoreApplication::installTranslator(&zh);
  model.retranslate();
  EXPECT_EQ(changes, 1) << "the view is told to read the headers again";
  EXPECT_EQ(headers(), QStringLiteral("宗地编号|等级|容积率|no_such_vocabulary_entry"));
  // The tooltip keeps the canonical name: that is what a filter expression uses.
  EXPECT_EQ(model.headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString(),
            QStringLiteral("plot_ratio"));
  // One vocabulary with the exports: every Chinese export name is the desk's header.
  for (const auto& [name, zh_name] : layers::ExportVocabulary::bundled().zh)
    EXPECT_EQ(desk::column_title(name), QString::fromStdString(zh_name)) << name;

  QCoreApplication::removeTranslator(&zh);
  model.retranslate();
  EXPECT_EQ(changes, 2);
  EXPECT_EQ(headers(), QStringLiteral("parcel_id|grade|plot_ratio|no_such_vocabulary_entry"));
}
