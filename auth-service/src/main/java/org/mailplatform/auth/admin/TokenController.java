package org.mailplatform.auth.admin;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.mailplatform.auth.login.ClientAddresses;
import org.mailplatform.auth.login.LogSafe;
import org.mailplatform.auth.login.PasswordHasher;
import org.mailplatform.auth.problem.ApiProblem;
import org.mailplatform.auth.token.TokenRequest;
import org.mailplatform.auth.token.TokenResponse;
import org.mailplatform.auth.throttle.LoginThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Issues admin tokens for admin credentials ({@code POST /api/admin/token}) and publishes the key
 * that checks them ({@code GET /api/admin/jwks}, for the gateway). Admin logins go through the
 * same throttle as mail logins; every refusal, lockouts included, is the same 401.
 */
@RestController
class TokenController {

    private static final Logger LOG = LoggerFactory.getLogger(TokenController.class);

    private final AdminRepository admins;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AdminTokens tokens;
    private final SigningKeys keys;

    TokenController(AdminRepository admins, PasswordHasher hasher, LoginThrottle throttle, AdminTokens tokens,
            SigningKeys keys) {
        this.admins = admins;
        this.hasher = hasher;
        this.throttle = throttle;
        this.tokens = tokens;
        this.keys = keys;
    }

    @PostMapping(path = "/api/admin/token", consumes = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse token(@RequestBody TokenRequest request, HttpServletRequest http) {
        if (request.username() == null || request.password() == null) {
            throw ApiProblem.badRequest("username and password are required");
        }
        String account = "admin:" + request.username();
        InetAddress client = ClientAddresses.of(http);
        if (throttle.lockout(account, client).isPresent()) {
            LOG.info("admin token for {} from {} refused: locked out", LogSafe.text(request.username()), client);
            pause(throttle.lockedDelay());
            throw refused();
        }
        Optional<AdminAccount> admin = admins.findById(request.username());
        boolean ok = admin.isPresent() ? hasher.matches(request.password(), admin.get().passwordHash())
                : burn(request.password());
        if (!ok) {
            LOG.info("admin token for {} from {} refused: bad credentials", LogSafe.text(request.username()), client);
            pause(throttle.failed(account, client));
            throw refused();
        }
        throttle.succeeded(account);
        if (hasher.needsRehash(admin.get().passwordHash())) {
            admins.save(admin.get().withPasswordHash(hasher.hash(request.password())));
        }
        AdminTokens.Issued issued = tokens.issue(admin.get());
        return TokenResponse.bearer(issued.token(), issued.expiresInSeconds());
    }

    @GetMapping(path = "/api/admin/jwks", produces = "application/jwk-set+json")
    Map<String, Object> jwks() {
        return keys.publicKeys().toJSONObject();
    }

    private boolean burn(String password) {
        hasher.burnVerification(password);
        return false;
    }

    private static ApiProblem refused() {
        return ApiProblem.unauthorized("bad credentials");
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
