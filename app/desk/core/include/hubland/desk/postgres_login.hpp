#pragma once
// File > Open PostGIS workspace…: the login form's fields as a postgresql:// URL, and the
// password kept out of everything shown or logged (window title, job titles, messages).

#include <QString>

namespace hubland::desk {

struct PostgresLogin {
  QString host = QStringLiteral("localhost");
  QString port = QStringLiteral("5432");
  QString database;
  QString login;
  QString password;
};

/// postgresql://LOGIN:PASSWORD@HOST:PORT/DATABASE, each part percent-encoded (a password may
/// hold '@', ':' or '/'). Error(BadInput) naming the field when host or database is empty or the
/// port is not a number 1..65535. An empty login or password is left out (libpq's defaults).
QString postgres_url(const PostgresLogin& login);

/// `text` with the password of every postgresql:// URL in it (user:PASSWORD@ and
/// password=PASSWORD) replaced by "***".
QString redact_password(const QString& text);

}  // namespace hubland::desk
