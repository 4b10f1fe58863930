package org.mailplatform.systemtests;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Fresh tenants, domains and users for each test, so that tests sharing the one platform never see
 * each other's mail.
 */
final class Tenants {

    static final String PASSWORD = "Sy5tem-test-pass";

    /** A user of the platform: its address, password and directory id. */
    record Account(String tenant, String domain, String address, String userId) {
        String password() {
            return PASSWORD;
        }
    }

    private Tenants() {
    }

    /** A new tenant with one domain named after {@code label}. */
    static String tenantWithDomain(AdminApi admin, String label) {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        String tenant = label + "-" + suffix;
        admin.tenant(tenant);
        admin.domain(tenant + ".test", tenant);
        return tenant;
    }

    /** A user {@code local@<tenant>.test} in a tenant made by {@link #tenantWithDomain}. */
    static Account user(AdminApi admin, String tenant, String local) {
        String domain = tenant + ".test";
        String address = local + "@" + domain;
        return new Account(tenant, domain, address, admin.user(address, PASSWORD));
    }
}
