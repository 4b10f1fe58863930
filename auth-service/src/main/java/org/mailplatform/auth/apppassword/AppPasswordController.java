package org.mailplatform.auth.apppassword;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.mailplatform.auth.AuthProperties;
import org.mailplatform.auth.address.MailAddress;
import org.mailplatform.auth.admin.AdminCaller;
import org.mailplatform.auth.domain.DomainAccess;
import org.mailplatform.auth.problem.ApiProblem;
import org.mailplatform.auth.user.User;
import org.mailplatform.auth.user.UserRepository;
import org.mailplatform.directory.client.Protocol;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of a user's app passwords. The secret is generated here and shown exactly once, in the
 * answer to its creation.
 */
@RestController
@RequestMapping("/api/admin/users/{address}/app-passwords")
class AppPasswordController {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,64}");

    record CreateAppPassword(String name, Set<Protocol> protocols) {
    }

    record AppPasswordView(String name, Set<Protocol> protocols, Instant createdAt, Instant lastUsedAt) {
        static AppPasswordView of(AppPassword p) {
            return new AppPasswordView(p.name(), p.protocols(), p.createdAt(), p.lastUsedAt());
        }
    }

    record CreatedAppPassword(String name, Set<Protocol> protocols, String password, Instant createdAt) {
    }

    private final AppPasswordRepository appPasswords;
    private final UserRepository users;
    private final DomainAccess access;
    private final AuthProperties properties;
    private final Clock clock;

    AppPasswordController(AppPasswordRepository appPasswords, UserRepository users, DomainAccess access,
            AuthProperties properties, Clock clock) {
        this.appPasswords = appPasswords;
        this.users = users;
        this.access = access;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedAppPassword create(AdminCaller caller, @PathVariable String address, @RequestBody CreateAppPassword request) {
        User user = requireUser(caller, address);
        if (request.name() == null || !NAME.matcher(request.name()).matches()) {
            throw ApiProblem.badRequest("name must be 1 to 64 letters, digits, spaces, '.', '_' or '-'");
        }
        Set<Protocol> protocols = request.protocols() == null || request.protocols().isEmpty()
                ? EnumSet.allOf(Protocol.class) : EnumSet.copyOf(request.protocols());
        if (appPasswords.findByUserIdAndName(user.id(), request.name()).isPresent()) {
            throw ApiProblem.duplicate("app password " + request.name() + " already exists");
        }
        if (appPasswords.countByUserId(user.id()) >= properties.maxAppPasswords()) {
            throw ApiProblem.conflict("at most " + properties.maxAppPasswords() + " app passwords per user");
        }
        String secret = AppPasswordSecrets.generate();
        AppPassword saved = appPasswords.insert(new AppPassword(UUID.randomUUID().toString(), user.id(),
                user.tenantId(), request.name(), AppPasswordSecrets.digest(secret), protocols, clock.instant(), null));
        return new CreatedAppPassword(saved.name(), saved.protocols(), secret, saved.createdAt());
    }

    @GetMapping
    List<AppPasswordView> list(AdminCaller caller, @PathVariable String address) {
        User user = requireUser(caller, address);
        return appPasswords.findByUserIdOrderByNameAsc(user.id()).stream().map(AppPasswordView::of).toList();
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(AdminCaller caller, @PathVariable String address, @PathVariable String name) {
        User user = requireUser(caller, address);
        AppPassword app = appPasswords.findByUserIdAndName(user.id(), name)
                .orElseThrow(() -> ApiProblem.notFound("app-password", name));
        appPasswords.deleteById(app.id());
    }

    private User requireUser(AdminCaller caller, String text) {
        MailAddress address = access.requireAddress(caller, text);
        return users.findByAddressKey(address.key()).orElseThrow(() -> ApiProblem.notFound("user", text));
    }
}
