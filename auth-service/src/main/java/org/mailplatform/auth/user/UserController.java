package org.mailplatform.auth.user;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.mailplatform.auth.address.MailAddress;
import org.mailplatform.auth.admin.AdminCaller;
import org.mailplatform.auth.apppassword.AppPasswordRepository;
import org.mailplatform.auth.domain.DomainAccess;
import org.mailplatform.auth.domain.Quota;
import org.mailplatform.auth.login.PasswordHasher;
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

/** Admin API of mail users: create (with a password or an imported hash), state, password, quota. */
@RestController
@RequestMapping("/api/admin/users")
class UserController {

    /**
     * @param password     clear password to hash with Argon2id, or
     * @param passwordHash an existing Argon2id or bcrypt hash (import from another system)
     */
    record CreateUser(String address, String password, String passwordHash, Quota quota) {
        @Override
        public String toString() {
            return "CreateUser[address=" + address + "]";
        }
    }

    record SetPassword(String password) {
        @Override
        public String toString() {
            return "SetPassword[***]";
        }
    }

    record UserView(String id, String address, String tenant, UserState state, Quota quota, Instant createdAt) {
        static UserView of(User u) {
            return new UserView(u.id(), u.displayAddress(), u.tenantId(), u.state(), u.quota(), u.createdAt());
        }
    }

    private final UserRepository users;
    private final UserUpdates updates;
    private final AppPasswordRepository appPasswords;
    private final DomainAccess access;
    private final PasswordHasher hasher;
    private final Clock clock;

    UserController(UserRepository users, UserUpdates updates, AppPasswordRepository appPasswords,
            DomainAccess access, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.updates = updates;
        this.appPasswords = appPasswords;
        this.access = access;
        this.hasher = hasher;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    UserView create(AdminCaller caller, @RequestBody CreateUser request) {
        MailAddress address = access.requireAddress(caller, request.address());
        String hash = initialHash(request);
        access.requireUnused(address);
        String tenant = access.require(caller, address.domain().ascii()).tenantId();
        User user = new User(UUID.randomUUID().toString(), tenant, address.domain().ascii(), address.localPart(),
                address.key(), address.toString(), hash, UserState.ACTIVE, request.quota(), clock.instant());
        try {
            return UserView.of(users.insert(user));
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            throw ApiProblem.duplicate(address + " already exists");
        }
    }

    private String initialHash(CreateUser request) {
        boolean hasPassword = request.password() != null;
        boolean hasHash = request.passwordHash() != null;
        if (hasPassword == hasHash) {
            throw ApiProblem.badRequest("give exactly one of password and passwordHash");
        }
        if (hasHash) {
            if (!PasswordHasher.isSupportedHash(request.passwordHash())) {
                throw ApiProblem.badRequest("passwordHash must be an Argon2id or bcrypt hash");
            }
            return request.passwordHash();
        }
        hasher.checkAcceptable(request.password());
        return hasher.hash(request.password());
    }

    @GetMapping
    List<UserView> list(AdminCaller caller, @RequestParam(required = false) String domain) {
        List<User> found;
        if (domain != null) {
            found = users.findByDomainOrderByAddressKeyAsc(access.require(caller, domain).id());
        } else if (caller.isPlatformAdmin()) {
            found = users.findAll(org.springframework.data.domain.Sort.by("addressKey"));
        } else {
            found = users.findByTenantIdOrderByAddressKeyAsc(caller.tenantId());
        }
        return found.stream().map(UserView::of).toList();
    }

    @GetMapping("/{address}")
    UserView get(AdminCaller caller, @PathVariable String address) {
        return UserView.of(require(caller, address));
    }

    @DeleteMapping("/{address}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(AdminCaller caller, @PathVariable String address) {
        User user = require(caller, address);
        appPasswords.deleteByUserId(user.id());
        users.deleteById(user.id());
    }

    @PutMapping("/{address}/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void setPassword(AdminCaller caller, @PathVariable String address, @RequestBody SetPassword request) {
        User user = require(caller, address);
        hasher.checkAcceptable(request.password());
        updates.setPasswordHash(user.id(), hasher.hash(request.password()));
    }

    @PostMapping("/{address}/suspend")
    UserView suspend(AdminCaller caller, @PathVariable String address) {
        return UserView.of(updated(updates.setState(require(caller, address).id(), UserState.SUSPENDED), address));
    }

    @PostMapping("/{address}/resume")
    UserView resume(AdminCaller caller, @PathVariable String address) {
        return UserView.of(updated(updates.setState(require(caller, address).id(), UserState.ACTIVE), address));
    }

    @GetMapping("/{address}/quota")
    Quota quota(AdminCaller caller, @PathVariable String address) {
        return require(caller, address).quota();
    }

    @PutMapping("/{address}/quota")
    Quota setQuota(AdminCaller caller, @PathVariable String address, @RequestBody Quota quota) {
        return updated(updates.setQuota(require(caller, address).id(), quota), address).quota();
    }

    /** A user deleted between lookup and update is as unknown as one that never existed. */
    private static User updated(User user, String address) {
        if (user == null) {
            throw ApiProblem.notFound("user", address);
        }
        return user;
    }

    private User require(AdminCaller caller, String text) {
        MailAddress address = access.requireAddress(caller, text);
        return users.findByAddressKey(address.key()).orElseThrow(() -> ApiProblem.notFound("user", text));
    }
}
