package org.mailplatform.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * General settings of auth-service.
 *
 * @param serviceToken       shared secret the protocol services send in
 *                           {@code X-Mail-Service-Token} on the internal API; when empty the
 *                           internal API refuses every call
 * @param adminUsername      name of the bootstrap platform admin (default {@code admin})
 * @param adminPassword      password of the bootstrap platform admin, normally from the
 *                           environment variable {@code MAIL_ADMIN_PASSWORD}; when empty no
 *                           platform admin is created or updated
 * @param defaultTenant      tenant created at start and used when a platform admin names none
 *                           (default {@code default})
 * @param recipientDelimiter sub-address separator: {@code alice+news@} reaches {@code alice@} when
 *                           no user or alias has the full local part (default {@code +}; empty
 *                           turns it off)
 * @param maxAliasDepth      how deep aliases of aliases are expanded (default 8)
 * @param maxAliasTargets    most targets one alias or catch-all may have (default 100)
 * @param maxAppPasswords    most app passwords per user (default 20)
 */
@ConfigurationProperties("mail.auth")
public record AuthProperties(@DefaultValue("") String serviceToken, @DefaultValue("admin") String adminUsername,
        @DefaultValue("") String adminPassword, @DefaultValue("default") String defaultTenant,
        @DefaultValue("+") String recipientDelimiter, @DefaultValue("8") int maxAliasDepth,
        @DefaultValue("100") int maxAliasTargets, @DefaultValue("20") int maxAppPasswords) {
}
