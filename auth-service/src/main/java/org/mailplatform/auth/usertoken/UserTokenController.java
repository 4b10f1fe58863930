package org.mailplatform.auth.usertoken;

import org.mailplatform.auth.login.Authenticator;
import org.mailplatform.auth.login.ClientAddresses;
import org.mailplatform.auth.problem.ApiProblem;
import org.mailplatform.auth.token.TokenRequest;
import org.mailplatform.auth.token.TokenResponse;
import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Protocol;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code POST /api/auth/token}: a mail user trades their address and password (the account
 * password, or an app password made for {@code HTTP}) for a token of the mail REST API. The login
 * goes through the same {@link Authenticator} as IMAP, POP3 and SMTP logins (throttle, lockouts,
 * suspension, metrics by protocol {@code http}); unknown users, wrong secrets and lockouts all get
 * the same 401.
 */
@RestController
class UserTokenController {

    static final String PATH = "/api/auth/token";

    private final Authenticator authenticator;
    private final UserTokens tokens;

    UserTokenController(Authenticator authenticator, UserTokens tokens) {
        this.authenticator = authenticator;
        this.tokens = tokens;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse token(@RequestBody TokenRequest request, HttpServletRequest http) {
        if (request.username() == null || request.password() == null) {
            throw ApiProblem.badRequest("username and password are required");
        }
        AuthResult result = authenticator.authenticate(request.username(), request.password(), Protocol.HTTP,
                ClientAddresses.of(http));
        return switch (result) {
            case AuthResult.Authenticated user -> {
                UserTokens.Issued issued = tokens.issue(user.principal());
                yield TokenResponse.bearer(issued.token(), issued.expiresInSeconds());
            }
            // the password was right (suspension is checked after it), so saying why is no leak
            case AuthResult.Rejected rejected when AuthResult.Rejected.SUSPENDED.equals(rejected.reason()) ->
                throw ApiProblem.forbidden("the account is suspended");
            case AuthResult.Rejected rejected -> throw ApiProblem.unauthorized("bad credentials");
            case AuthResult.Unavailable unavailable -> throw ApiProblem.unavailable("the directory cannot answer now; retry later");
        };
    }
}
