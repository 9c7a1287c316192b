#include "service/consumer_worker.h"

#include <utility>

namespace kse {

void ConsumerWorker::makeLoop(ConsumerLoop::Options options, MessageSourceFactory& sources, MessageSink& deadLetters,
                              MetricsRegistry& metrics, Logger& logger) {
    const std::string group = options.source.groupId;
    m_loop.emplace(std::move(options), sources, static_cast<ConsumerPolicy&>(*this), deadLetters, logger);
    m_loop->exportLag(metrics, group);
}

void ConsumerWorker::start() { m_loop->start(); }

void ConsumerWorker::stop() {
    if (!m_loop)
        return;
    m_loop->stop();
    stopped();
}

std::optional<std::string> ConsumerWorker::failure() const { return m_loop ? m_loop->failure() : std::nullopt; }

} // namespace kse
