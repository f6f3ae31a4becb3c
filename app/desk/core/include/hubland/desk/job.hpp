#pragma once
// Job — a long engine operation (opening an analysis, screening, conversion checks, ranking)
// on a worker thread, with progress and cancel. The work function never touches the UI; it
// returns its result through the captures, and finished() arrives on the thread that started
// the job (queued). An Error (or any exception) ends the job with its message: nothing throws
// across the thread or into Qt.

#include <QObject>
#include <QString>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>

namespace hubland::desk {

/// What the work function sees.
class JobContext {
 public:
  explicit JobContext(std::function<void(int)> report) : m_report(std::move(report)) {}
  /// Progress 0..100 (rate-limited by the receiver, cheap to call often).
  void progress(std::size_t done, std::size_t total);
  bool cancelled() const noexcept { return m_cancel.load(); }
  /// Throws Error(Cancelled) when cancel was requested.
  void check_cancel() const;
  const std::atomic<bool>* cancel_flag() const noexcept { return &m_cancel; }
  void request_cancel() noexcept { m_cancel = true; }

 private:
  std::function<void(int)> m_report;
  std::atomic<bool> m_cancel{false};
  int m_last = -1;
};

class Job : public QObject {
  Q_OBJECT
 public:
  using Work = std::function<void(JobContext&)>;
  Job(QString title, Work work, QObject* parent = nullptr);
  ~Job() override;

  const QString& title() const noexcept { return m_title; }
  void start();
  void cancel();
  bool running() const;
  /// Block until done (tests, --screenshot); returns false on timeout.
  bool wait(unsigned long timeout_ms = ULONG_MAX);

 signals:
  void progress(int percent);
  /// ok = false: `message` says why (cancelled, or the error's message and location).
  void finished(bool ok, QString message);

 private:
  QString m_title;
  Work m_work;
  std::unique_ptr<JobContext> m_context;
  QThread* m_thread = nullptr;  // owned through the Qt parent (this)
};

}  // namespace hubland::desk
