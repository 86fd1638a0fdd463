# The Debian packages, built from the tree with CPack's DEB generator
# (`cpack -G DEB --config build/CPackConfig.cmake`, or packaging/check-package.sh):
#   aafd         the stripped binary, the unit, sysusers.d and tmpfiles.d entries, the man
#                page, the documentation and the example configuration
#   aafd-dbgsym  the binary's debug information (/usr/lib/debug/usr/bin/aafd.debug)
# Installed under /usr with DESTDIR, so that the unit's ExecStart is /usr/bin/aafd.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME aafd)
set(CPACK_PACKAGE_VENDOR "aafd")
set(CPACK_PACKAGE_CONTACT "aafd maintainers <aafd@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "imports AAF education-directory exports into ENT accounts")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime debug)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME aafd)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "systemd")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_LIST_DIR}/postinst ${CMAKE_CURRENT_LIST_DIR}/prerm
    ${CMAKE_CURRENT_LIST_DIR}/postrm)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_DEBUG_PACKAGE_NAME aafd-dbgsym)
set(CPACK_DEBIAN_DEBUG_PACKAGE_SECTION debug)
set(CPACK_DEBIAN_DEBUG_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_DEBUG_PACKAGE_DEPENDS "aafd (= ${PROJECT_VERSION})")
set(CPACK_COMPONENT_DEBUG_DESCRIPTION "debug symbols for aafd")
include(CPack)
