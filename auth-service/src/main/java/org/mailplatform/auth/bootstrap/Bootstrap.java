package org.mailplatform.auth.bootstrap;

import java.time.Clock;

import org.mailplatform.auth.AuthProperties;
import org.mailplatform.auth.admin.AdminAccount;
import org.mailplatform.auth.admin.AdminRepository;
import org.mailplatform.auth.admin.AdminRole;
import org.mailplatform.auth.alias.Alias;
import org.mailplatform.auth.apppassword.AppPassword;
import org.mailplatform.auth.domain.Domain;
import org.mailplatform.auth.login.PasswordHasher;
import org.mailplatform.auth.tenant.Tenant;
import org.mailplatform.auth.tenant.TenantRepository;
import org.mailplatform.auth.user.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Makes a fresh database usable: indexes (unique address keys), the default tenant, and the
 * bootstrap platform admin from {@code mail.auth.admin-password} ({@code MAIL_ADMIN_PASSWORD}). The
 * environment is the source of truth for that admin's password: changing the variable and
 * restarting changes the password.
 */
@Component
class Bootstrap implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private final MongoTemplate mongo;
    private final TenantRepository tenants;
    private final AdminRepository admins;
    private final PasswordHasher hasher;
    private final AuthProperties properties;
    private final Clock clock;

    Bootstrap(MongoTemplate mongo, TenantRepository tenants, AdminRepository admins, PasswordHasher hasher,
            AuthProperties properties, Clock clock) {
        this.mongo = mongo;
        this.tenants = tenants;
        this.admins = admins;
        this.hasher = hasher;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        createIndexes();
        if (Tenant.isReservedId(properties.defaultTenant())) {
            throw new IllegalStateException("mail.auth.default-tenant must not be '" + Tenant.RESERVED_ID
                    + "': that is the blob prefix of queued mail, a tenant of that name would lose its mail");
        }
        if (!tenants.existsById(properties.defaultTenant())) {
            tenants.save(new Tenant(properties.defaultTenant(), "Default tenant", clock.instant()));
        }
        bootstrapAdmin();
    }

    private void createIndexes() {
        mongo.indexOps(User.class).createIndex(new Index("addressKey", Sort.Direction.ASC).unique());
        mongo.indexOps(User.class).createIndex(new Index("domain", Sort.Direction.ASC));
        mongo.indexOps(User.class).createIndex(new Index("tenantId", Sort.Direction.ASC));
        mongo.indexOps(Alias.class).createIndex(new Index("domain", Sort.Direction.ASC));
        mongo.indexOps(Domain.class).createIndex(new Index("tenantId", Sort.Direction.ASC));
        mongo.indexOps(AppPassword.class)
                .createIndex(new Index("userId", Sort.Direction.ASC).on("name", Sort.Direction.ASC).unique());
        mongo.indexOps(AppPassword.class)
                .createIndex(new Index("userId", Sort.Direction.ASC).on("secretDigest", Sort.Direction.ASC));
    }

    private void bootstrapAdmin() {
        String password = properties.adminPassword();
        if (password == null || password.isEmpty()) {
            if (admins.count() == 0) {
                LOG.warn("no admin exists and MAIL_ADMIN_PASSWORD (mail.auth.admin-password) is not set: "
                        + "the admin API cannot be used");
            }
            return;
        }
        AdminAccount existing = admins.findById(properties.adminUsername()).orElse(null);
        if (existing == null) {
            admins.save(new AdminAccount(properties.adminUsername(), hasher.hash(password), AdminRole.PLATFORM, null,
                    clock.instant()));
            LOG.info("platform admin {} created", properties.adminUsername());
        } else if (existing.role() != AdminRole.PLATFORM || !hasher.matches(password, existing.passwordHash())) {
            admins.save(new AdminAccount(existing.username(), hasher.hash(password), AdminRole.PLATFORM, null,
                    existing.createdAt()));
            LOG.info("platform admin {} updated from MAIL_ADMIN_PASSWORD", properties.adminUsername());
        }
    }
}
