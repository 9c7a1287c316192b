#include "ui/workspace_store.h"

#include <QSettings>
#include <QUrl>
#include <QVariantMap>
#include <algorithm>

#include "domain/tick.h"
#include "ui/setting_name.h"

namespace kse {
namespace {

const QStringList kIntervals{QStringLiteral("1s"), QStringLiteral("1m"), QStringLiteral("5m"), QStringLiteral("1h")};
constexpr int kMaxPeriod = 500;
constexpr qsizetype kMaxDocksBytes = 64 * 1024;

// Settings keys are paths: any character of a name is escaped, '/' included.
QString key(const QString& name) { return QString::fromLatin1(QUrl::toPercentEncoding(name)); }

QVariantMap encode(const Workspace& w) {
    QStringList charts;
    for (const ChartTab::View& c : w.charts)
        charts << QStringLiteral("%1|%2|%3|%4|%5|%6")
                      .arg(c.symbol, c.interval)
                      .arg(c.sma)
                      .arg(c.ema)
                      .arg(c.bollinger)
                      .arg(c.vwap ? 1 : 0);
    return {{QStringLiteral("docks"), w.docks},
            {QStringLiteral("charts"), charts},
            {QStringLiteral("current"), w.current},
            {QStringLiteral("grid"), w.grid}};
}

std::optional<ChartTab::View> decodeChart(const QString& text) {
    const QStringList f = text.split(QLatin1Char('|'));
    if (f.size() != 6 || symbolError(f[0].toStdString()) || !kIntervals.contains(f[1]))
        return std::nullopt;
    const auto period = [](const QString& s) {
        bool ok = false;
        const int p = s.toInt(&ok);
        return ok && p >= 2 && p <= kMaxPeriod ? p : 0;
    };
    return ChartTab::View{f[0], f[1], period(f[2]), period(f[3]), period(f[4]), f[5] == QLatin1String("1")};
}

std::optional<Workspace> decode(const QVariant& stored) {
    if (stored.typeId() != QMetaType::QVariantMap)
        return std::nullopt;
    const QVariantMap map = stored.toMap();
    Workspace w;
    w.docks = map.value(QStringLiteral("docks")).toByteArray();
    if (w.docks.size() > kMaxDocksBytes)
        w.docks.clear(); // the default docks rather than a state Qt would read at length
    for (const QString& chart : map.value(QStringLiteral("charts")).toStringList()) {
        if (static_cast<int>(w.charts.size()) >= WorkspaceStore::kMaxCharts)
            break;
        if (auto view = decodeChart(chart))
            w.charts.push_back(*view);
    }
    const int current = map.value(QStringLiteral("current")).toInt();
    w.current = current >= 0 && current < static_cast<int>(w.charts.size()) ? current : (w.charts.empty() ? -1 : 0);
    w.grid = map.value(QStringLiteral("grid")).toBool();
    return w;
}

} // namespace

WorkspaceStore::WorkspaceStore(const QString& user) : m_group(QStringLiteral("users/%1").arg(key(user))) {}

std::optional<QString> WorkspaceStore::nameError(const QString& name) {
    return settingNameError(name, QObject::tr("a workspace"), kMaxNameLength);
}

QStringList WorkspaceStore::names() const {
    QSettings settings;
    settings.beginGroup(m_group + QStringLiteral("/workspaces"));
    QStringList names;
    for (const QString& k : settings.childKeys()) {
        const QString name = QUrl::fromPercentEncoding(k.toLatin1());
        if (!nameError(name))
            names << name;
    }
    names.sort(Qt::CaseInsensitive);
    return names;
}

std::optional<Workspace> WorkspaceStore::load(const QString& name) const {
    if (nameError(name))
        return std::nullopt;
    return decode(QSettings().value(m_group + QStringLiteral("/workspaces/") + key(name.trimmed())));
}

bool WorkspaceStore::save(const QString& name, const Workspace& workspace) {
    if (nameError(name))
        return false;
    const QString trimmed = name.trimmed();
    if (!names().contains(trimmed) && names().size() >= kMaxWorkspaces)
        return false;
    QSettings().setValue(m_group + QStringLiteral("/workspaces/") + key(trimmed), encode(workspace));
    return true;
}

void WorkspaceStore::remove(const QString& name) {
    QSettings().remove(m_group + QStringLiteral("/workspaces/") + key(name.trimmed()));
}

std::optional<Workspace> WorkspaceStore::lastSession() const {
    return decode(QSettings().value(m_group + QStringLiteral("/last-session")));
}

void WorkspaceStore::saveLastSession(const Workspace& workspace) {
    QSettings().setValue(m_group + QStringLiteral("/last-session"), encode(workspace));
}

} // namespace kse
