#pragma once

#include <QWidget>

class QLabel;

namespace kse {

// The product's icon, name and version, as the sign-in dialog and the About box open with them.
class ProductBanner : public QWidget {
    Q_OBJECT
public:
    explicit ProductBanner(QWidget* parent = nullptr);

    QString title() const;    // "KSE Terminal"
    QString subtitle() const; // "Kafka Stock Exchange · version 0.1.0"

private:
    QLabel* m_title;
    QLabel* m_subtitle;
};

} // namespace kse
