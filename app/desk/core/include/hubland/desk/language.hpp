#pragma once
// The UI language: which codes mean Chinese or English, the system default, and the installed
// translator, so a language switch at run time replaces the translation in one place.

#include <QString>
#include <QTranslator>
#include <memory>
#include <optional>

#include "hubland/desk/identify.hpp"

namespace hubland::desk {

/// The UI language a code names: any Chinese code (zh, zh_CN, zh-CN, zh_Hans, zh-Hans-CN,
/// case-insensitive) -> "zh_CN"; any English one (en, en_US, en-GB) or "C" -> "en"; anything
/// else: nullopt.
std::optional<QString> ui_language(const QString& code);
/// The UI language of the system locale's preferred languages; "en" when none is known.
QString system_ui_language();
/// Language of a UI language code ("zh_CN" -> Chinese).
Language language_of(const QString& ui_code);

/// Owns the installed translator of the UI. install() replaces the previous one; Qt then sends
/// QEvent::LanguageChange to every top-level widget.
class UiTranslator {
 public:
  UiTranslator();
  ~UiTranslator();
  /// Install the translation of a UI language ("zh_CN", "en"); false when its .qm is missing
  /// (English then shows the source texts).
  bool install(const QString& ui_code);
  const QString& code() const noexcept { return m_code; }

 private:
  std::unique_ptr<QTranslator> m_translator;
  QString m_code;
};

}  // namespace hubland::desk
