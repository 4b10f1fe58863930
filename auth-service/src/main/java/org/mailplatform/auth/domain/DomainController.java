package org.mailplatform.auth.domain;

import java.time.Clock;
import java.util.List;

import org.mailplatform.auth.AuthProperties;
import org.mailplatform.auth.address.DomainName;
import org.mailplatform.auth.address.MailAddress;
import org.mailplatform.auth.admin.AdminCaller;
import org.mailplatform.auth.alias.AliasRepository;
import org.mailplatform.auth.problem.ApiProblem;
import org.mailplatform.auth.user.UserRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin API of domains, domain aliases, catch-alls and domain quotas. */
@RestController
@RequestMapping("/api/admin/domains")
class DomainController {

    record CreateDomain(String name, String tenant, String aliasOf) {
    }

    record CatchAll(List<String> targets) {
    }

    record DomainView(String name, String unicode, String tenant, String aliasOf, List<String> catchAll, Quota quota,
            java.time.Instant createdAt) {
        static DomainView of(Domain d) {
            return new DomainView(d.id(), d.unicode(), d.tenantId(), d.aliasOf(), d.catchAllTargets(), d.quota(),
                    d.createdAt());
        }
    }

    private final DomainRepository domains;
    private final UserRepository users;
    private final AliasRepository aliases;
    private final DomainAccess access;
    private final AuthProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    DomainController(DomainRepository domains, UserRepository users, AliasRepository aliases, DomainAccess access,
            AuthProperties properties, Clock clock, ApplicationEventPublisher events) {
        this.domains = domains;
        this.users = users;
        this.aliases = aliases;
        this.access = access;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    DomainView create(AdminCaller caller, @RequestBody CreateDomain request) {
        String tenant = caller.tenantFor(request.tenant(), properties.defaultTenant());
        access.requireTenant(tenant);
        DomainName name = DomainName.parse(request.name());
        String aliasOf = null;
        if (request.aliasOf() != null && !request.aliasOf().isBlank()) {
            Domain target = access.requireHosted(caller, request.aliasOf());
            if (!target.tenantId().equals(tenant)) {
                throw ApiProblem.otherTenant("a domain alias must belong to the tenant of " + target.id());
            }
            if (target.id().equals(name.ascii())) {
                throw ApiProblem.badRequest("a domain cannot be an alias of itself");
            }
            aliasOf = target.id();
        }
        if (domains.existsById(name.ascii())) {
            throw ApiProblem.duplicate("domain " + name.unicode() + " already exists");
        }
        Domain domain = new Domain(name.ascii(), name.unicode(), tenant, aliasOf, List.of(), Quota.UNLIMITED,
                clock.instant());
        return DomainView.of(domains.insert(domain));
    }

    @GetMapping
    List<DomainView> list(AdminCaller caller, @RequestParam(required = false) String tenant) {
        List<Domain> found;
        if (tenant != null) {
            caller.checkTenant(tenant);
            found = domains.findByTenantIdOrderByIdAsc(tenant);
        } else {
            found = caller.isPlatformAdmin() ? domains.findAllByOrderByIdAsc()
                    : domains.findByTenantIdOrderByIdAsc(caller.tenantId());
        }
        return found.stream().map(DomainView::of).toList();
    }

    @GetMapping("/{name}")
    DomainView get(AdminCaller caller, @PathVariable String name) {
        return DomainView.of(access.require(caller, name));
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(AdminCaller caller, @PathVariable String name) {
        Domain domain = access.require(caller, name);
        long inUse = users.countByDomain(domain.id()) + aliases.countByDomain(domain.id());
        if (inUse > 0) {
            throw ApiProblem.conflict("domain " + domain.unicode() + " still has " + inUse + " users or aliases");
        }
        if (!domains.findByAliasOf(domain.id()).isEmpty()) {
            throw ApiProblem.conflict("domain " + domain.unicode() + " still has domain aliases");
        }
        events.publishEvent(new DomainRemoval(domain.id()));
        domains.deleteById(domain.id());
    }

    @PutMapping("/{name}/catch-all")
    DomainView setCatchAll(AdminCaller caller, @PathVariable String name, @RequestBody CatchAll request) {
        Domain domain = access.requireHosted(caller, name);
        if (request.targets() == null || request.targets().isEmpty()
                || request.targets().size() > properties.maxAliasTargets()) {
            throw ApiProblem.badRequest("a catch-all needs 1 to " + properties.maxAliasTargets() + " targets");
        }
        List<String> targets = request.targets().stream().map(t -> MailAddress.parse(t).toString()).toList();
        return DomainView.of(domains.save(domain.withCatchAll(targets)));
    }

    @DeleteMapping("/{name}/catch-all")
    DomainView removeCatchAll(AdminCaller caller, @PathVariable String name) {
        Domain domain = access.requireHosted(caller, name);
        return DomainView.of(domains.save(domain.withCatchAll(List.of())));
    }

    @GetMapping("/{name}/quota")
    Quota quota(AdminCaller caller, @PathVariable String name) {
        return access.requireHosted(caller, name).quota();
    }

    @PutMapping("/{name}/quota")
    Quota setQuota(AdminCaller caller, @PathVariable String name, @RequestBody Quota quota) {
        Domain domain = access.requireHosted(caller, name);
        return domains.save(domain.withQuota(quota)).quota();
    }
}
