#pragma once

#include <QString>

#include "service/backend_options.h"

namespace kse {

// `kse-backend SERVICE --print-config`: the effective settings as `option = value` lines, which
// --config reads back; what is unset (a service's default, none) as a comment saying so. Secrets
// are never printed: the service token and the admin password only as whether they are set, the
// --kafka-config file's passwords and secrets masked.
QString printedConfig(const BackendOptions& options);

// Whether a librdkafka property holds a secret (a password, a key, a token).
bool isSecretProperty(const std::string& key);

} // namespace kse
