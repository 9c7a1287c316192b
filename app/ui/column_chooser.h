#pragma once

#include <QList>
#include <QObject>
#include <QString>

class QHeaderView;

namespace kse {

// A table header's right-click menu: every column, ticked while shown; untick to hide one. The
// hidden columns are kept in the application's settings under `key` (the defaults until the
// user chooses); the first column always stays.
class ColumnChooser : public QObject {
    Q_OBJECT
public:
    ColumnChooser(QHeaderView* header, QString key, QList<int> hiddenByDefault);

    void setHidden(int column, bool hidden);

private:
    void menu(const QPoint& at);

    QHeaderView* m_header;
    QString m_key;
};

} // namespace kse
