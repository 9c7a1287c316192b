#pragma once

#include <QFrame>
#include <QTimer>

class QLabel;

namespace kse {

// A notice over the top-right corner of the window (an alert that fired): it stays 10 s, and
// notices that come meanwhile are added under the last, up to five. A click dismisses it.
class Notice : public QFrame {
    Q_OBJECT
public:
    explicit Notice(QWidget* parent);

    void post(const QString& text);
    QString text() const;

protected:
    void mousePressEvent(QMouseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void place();

    QLabel* m_text;
    QStringList m_lines;
    QTimer m_timer;
};

} // namespace kse
