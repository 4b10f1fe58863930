package org.mailplatform.auth.domain;

import org.mailplatform.auth.address.DomainName;
import org.mailplatform.auth.address.MailAddress;
import org.mailplatform.auth.admin.AdminCaller;
import org.mailplatform.auth.alias.AliasRepository;
import org.mailplatform.auth.problem.ApiProblem;
import org.mailplatform.auth.tenant.TenantRepository;
import org.mailplatform.auth.user.UserRepository;
import org.springframework.stereotype.Component;

/**
 * The checks every admin request about a domain or an address goes through, in one order: syntax
 * (400), existence (404), tenant (403), uniqueness (409).
 */
@Component
public class DomainAccess {

    private final DomainRepository domains;
    private final TenantRepository tenants;
    private final UserRepository users;
    private final AliasRepository aliases;

    public DomainAccess(DomainRepository domains, TenantRepository tenants, UserRepository users,
            AliasRepository aliases) {
        this.domains = domains;
        this.tenants = tenants;
        this.users = users;
        this.aliases = aliases;
    }

    /** The domain, if it exists and the caller may manage it. */
    public Domain require(AdminCaller caller, String name) {
        DomainName parsed = DomainName.parse(name);
        Domain domain = domains.findById(parsed.ascii()).orElseThrow(() -> ApiProblem.notFound("domain", name));
        caller.checkTenant(domain.tenantId());
        return domain;
    }

    /**
     * Like {@link #require}, but another tenant's domain is answered exactly like a missing one
     * (404), so that a tenant admin cannot even learn which domains other tenants host.
     */
    public Domain requireVisible(AdminCaller caller, String name) {
        DomainName parsed = DomainName.parse(name);
        return domains.findById(parsed.ascii()).filter(domain -> caller.mayManage(domain.tenantId()))
                .orElseThrow(() -> ApiProblem.notFound("domain", name));
    }

    /** Like {@link #require} for a domain that holds mailboxes itself (not a domain alias). */
    public Domain requireHosted(AdminCaller caller, String name) {
        Domain domain = require(caller, name);
        if (domain.isAlias()) {
            throw ApiProblem.badRequest(name + " is an alias of " + domain.aliasOf() + "; use that domain");
        }
        return domain;
    }

    /** An address whose domain the caller may manage, with the stored domain's canonical names. */
    public MailAddress requireAddress(AdminCaller caller, String text) {
        MailAddress address = MailAddress.parse(text);
        Domain domain = requireHosted(caller, address.domain().ascii());
        return address.withDomain(new DomainName(domain.id(), domain.unicode()));
    }

    public void requireTenant(String tenantId) {
        if (!tenants.existsById(tenantId)) {
            throw ApiProblem.notFound("tenant", tenantId);
        }
    }

    /** 409 if a user or an alias already answers to the address. */
    public void requireUnused(MailAddress address) {
        if (users.findByAddressKey(address.key()).isPresent() || aliases.existsById(address.key())) {
            throw ApiProblem.duplicate(address + " already exists");
        }
    }
}
