package org.mailplatform.auth.alias;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.mailplatform.auth.AuthProperties;
import org.mailplatform.auth.address.MailAddress;
import org.mailplatform.auth.admin.AdminCaller;
import org.mailplatform.auth.domain.Domain;
import org.mailplatform.auth.domain.DomainAccess;
import org.mailplatform.auth.problem.ApiProblem;
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

/** Admin API of aliases: an address of a hosted domain redirected to local or remote addresses. */
@RestController
@RequestMapping("/api/admin/aliases")
class AliasController {

    record AliasRequest(String address, List<String> targets) {
    }

    record AliasView(String address, String tenant, List<String> targets, Instant createdAt) {
        static AliasView of(Alias a) {
            return new AliasView(a.displayAddress(), a.tenantId(), a.targets(), a.createdAt());
        }
    }

    private final AliasRepository aliases;
    private final DomainAccess access;
    private final AuthProperties properties;
    private final Clock clock;

    AliasController(AliasRepository aliases, DomainAccess access, AuthProperties properties, Clock clock) {
        this.aliases = aliases;
        this.access = access;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    AliasView create(AdminCaller caller, @RequestBody AliasRequest request) {
        MailAddress address = access.requireAddress(caller, request.address());
        List<String> targets = targets(request.targets());
        access.requireUnused(address);
        Domain domain = access.require(caller, address.domain().ascii());
        Alias alias = new Alias(address.key(), domain.tenantId(), domain.id(), address.toString(), targets,
                clock.instant());
        try {
            return AliasView.of(aliases.insert(alias));
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            throw ApiProblem.duplicate(address + " already exists");
        }
    }

    @GetMapping
    List<AliasView> list(AdminCaller caller, @RequestParam(required = false) String domain) {
        List<Alias> found;
        if (domain != null) {
            found = aliases.findByDomainOrderByIdAsc(access.require(caller, domain).id());
        } else if (caller.isPlatformAdmin()) {
            found = aliases.findAll(org.springframework.data.domain.Sort.by("_id"));
        } else {
            found = aliases.findByTenantIdOrderByIdAsc(caller.tenantId());
        }
        return found.stream().map(AliasView::of).toList();
    }

    @GetMapping("/{address}")
    AliasView get(AdminCaller caller, @PathVariable String address) {
        return AliasView.of(require(caller, address));
    }

    @PutMapping("/{address}")
    AliasView replaceTargets(AdminCaller caller, @PathVariable String address, @RequestBody AliasRequest request) {
        Alias alias = require(caller, address);
        return AliasView.of(aliases.save(new Alias(alias.id(), alias.tenantId(), alias.domain(),
                alias.displayAddress(), targets(request.targets()), alias.createdAt())));
    }

    @DeleteMapping("/{address}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(AdminCaller caller, @PathVariable String address) {
        aliases.deleteById(require(caller, address).id());
    }

    private Alias require(AdminCaller caller, String text) {
        MailAddress address = access.requireAddress(caller, text);
        return aliases.findById(address.key()).orElseThrow(() -> ApiProblem.notFound("alias", text));
    }

    private List<String> targets(List<String> requested) {
        if (requested == null || requested.isEmpty() || requested.size() > properties.maxAliasTargets()) {
            throw ApiProblem.badRequest("an alias needs 1 to " + properties.maxAliasTargets() + " targets");
        }
        return requested.stream().map(t -> MailAddress.parse(t).toString()).distinct().toList();
    }
}
