#include "service/signal_watcher.h"

#include <csignal>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace kse {
namespace {

// A POSIX signal handler can only reach plain data; this is the one process-wide value it
// writes to (the self-pipe trick), owned by the single SignalWatcher.
volatile std::sig_atomic_t g_writeFd = -1;

extern "C" void onSignal(int signalNumber) {
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const auto written = ::write(g_writeFd, &byte, 1);
}

} // namespace

SignalWatcher::SignalWatcher(QObject* parent) : QObject(parent) {
    if (g_writeFd != -1)
        throw std::logic_error("only one SignalWatcher may exist");
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, m_fds) != 0)
        throw std::runtime_error("socketpair failed");
    g_writeFd = m_fds[0];
    m_notifier = std::make_unique<QSocketNotifier>(m_fds[1], QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &SignalWatcher::readSignal);
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

SignalWatcher::~SignalWatcher() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    g_writeFd = -1;
    m_notifier.reset();
    ::close(m_fds[0]);
    ::close(m_fds[1]);
}

void SignalWatcher::readSignal() {
    unsigned char byte = 0;
    if (::read(m_fds[1], &byte, 1) == 1)
        Q_EMIT terminationRequested(byte);
}

} // namespace kse
