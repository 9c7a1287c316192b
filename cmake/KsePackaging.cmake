# Debian packages, made by `cpack` in a build directory (tests/package runs it):
#   kse-backend — kse-backend, a configuration file per service in /etc/kse, the systemd unit
#                 kse-backend@.service and the services' users, the Prometheus and Grafana files
#                 in /usr/share/kse, the operator's documents;
#   kse-desktop — kse-desktop and kse-chart, the desktop entry and the icon (resources/).
# Their dependencies are the Debian libraries the binaries link, found by dpkg-shlibdeps.
include(GNUInstallDirs)

file(GLOB KSE_SERVICE_CONFIGS ${PROJECT_SOURCE_DIR}/deploy/config/*.conf)
install(FILES ${KSE_SERVICE_CONFIGS} DESTINATION /etc/kse COMPONENT backend)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/kse-backend@.service DESTINATION /lib/systemd/system COMPONENT backend)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/kse.sysusers DESTINATION /usr/lib/sysusers.d RENAME kse.conf
  COMPONENT backend)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/deploy/prometheus ${PROJECT_SOURCE_DIR}/deploy/grafana
  DESTINATION ${CMAKE_INSTALL_DATADIR}/kse COMPONENT backend)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/operations.md
  ${PROJECT_SOURCE_DIR}/docs/deployment.md ${PROJECT_SOURCE_DIR}/docs/kafka.md ${PROJECT_SOURCE_DIR}/docs/http-api.md
  ${PROJECT_SOURCE_DIR}/docs/security.md ${PROJECT_SOURCE_DIR}/docs/guarantees.md
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/kse-backend COMPONENT backend)
install(FILES ${PROJECT_SOURCE_DIR}/resources/kse-desktop.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications
  COMPONENT desktop)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/kse-desktop.svg
  DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT desktop)
# The same icon at the theme's fixed sizes (resources/icons/hicolor, drawn from the SVG; see
# app/CMakeLists.txt).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/icons/hicolor DESTINATION ${CMAKE_INSTALL_DATADIR}/icons
  COMPONENT desktop)
install(FILES ${PROJECT_SOURCE_DIR}/docs/desktop.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/kse-desktop
  COMPONENT desktop)

# The configuration files are the administrator's: an upgrade keeps their changes.
set(KSE_CONFFILES "")
foreach(config IN LISTS KSE_SERVICE_CONFIGS)
  get_filename_component(name ${config} NAME)
  string(APPEND KSE_CONFFILES "/etc/kse/${name}\n")
endforeach()
file(WRITE ${PROJECT_BINARY_DIR}/debian-backend/conffiles "${KSE_CONFFILES}")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kse)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "KSE")
set(CPACK_PACKAGE_CONTACT "KSE maintainers <maintainers@kse.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Kafka Stock Exchange")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL backend desktop)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_BACKEND_PACKAGE_NAME kse-backend)
set(CPACK_DEBIAN_BACKEND_PACKAGE_SECTION net)
set(CPACK_DEBIAN_BACKEND_PACKAGE_CONTROL_EXTRA
  "${PROJECT_BINARY_DIR}/debian-backend/conffiles;${PROJECT_SOURCE_DIR}/deploy/debian/postinst")
set(CPACK_COMPONENT_BACKEND_DESCRIPTION "KSE backend daemons
 The five services of the Kafka Stock Exchange (platform API, user analytics, stock ingestor,
 stock aggregator, order processor) as one executable, kse-backend, with a systemd unit per
 service (kse-backend@SERVICE), their configuration in /etc/kse, and Prometheus alert rules and
 a Grafana dashboard in /usr/share/kse.")
set(CPACK_DEBIAN_DESKTOP_PACKAGE_NAME kse-desktop)
set(CPACK_DEBIAN_DESKTOP_PACKAGE_SECTION misc)
set(CPACK_COMPONENT_DESKTOP_DESCRIPTION "KSE trading terminal
 The desktop terminal of the Kafka Stock Exchange (kse-desktop: live prices, orders, portfolio,
 the system's health) and kse-chart, which exports charts as PNG or SVG.")
include(CPack)
