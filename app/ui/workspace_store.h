#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "ui/chart_tab.h"

namespace kse {

// A layout of the window: where the docks are, the charts open (symbol, interval, studies), the
// chart in use and whether they are in a grid.
struct Workspace {
    QByteArray docks; // QMainWindow::saveState
    std::vector<ChartTab::View> charts;
    int current = -1;
    bool grid = false;
    bool operator==(const Workspace&) const = default;
};

// The user's named workspaces and the layout the window had when it was last closed, kept per
// user in the application's settings. What is read back is checked as any input: a settings
// file is hand-editable, so a chart with a bad symbol or interval is dropped and periods are
// bounded.
class WorkspaceStore {
public:
    static constexpr int kMaxNameLength = 40;
    static constexpr int kMaxWorkspaces = 50;
    static constexpr int kMaxCharts = 16;

    explicit WorkspaceStore(const QString& user);

    // Why a name cannot be used, if it cannot.
    static std::optional<QString> nameError(const QString& name);
    QStringList names() const; // sorted, as the menu lists them
    std::optional<Workspace> load(const QString& name) const;
    // Refused (false) for a bad name, or a new name beyond kMaxWorkspaces.
    bool save(const QString& name, const Workspace& workspace);
    void remove(const QString& name);
    std::optional<Workspace> lastSession() const;
    void saveLastSession(const Workspace& workspace);

private:
    QString m_group; // settings group of this user's workspaces
};

} // namespace kse
