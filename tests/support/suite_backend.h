#pragma once

#include <QStringList>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include "support/backend_process.h"

namespace kse::test {

// One kse-backend for a whole test suite, with a data directory of its own; stopped with
// SIGTERM at the end, which must exit 0.
struct SuiteBackend {
    explicit SuiteBackend(const QStringList& arguments)
        : process(arguments + QStringList{QStringLiteral("--data-dir"), dir.path()}) {
        process.start();
    }
    ~SuiteBackend() {
        if (process.running()) {
            EXPECT_EQ(process.terminate(), 0) << process.output().toStdString();
        }
    }
    QTemporaryDir dir;
    BackendProcess process;
};

} // namespace kse::test
