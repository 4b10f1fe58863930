package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * {@code POST /api/auth/token}: mail users' tokens for the mail REST API (ADR 0202), checked as
 * mailbox-service checks them: signature by the published key set, issuer, audience, claims.
 */
class UserTokenTest extends AuthServiceTestBase {

    private static final String DOMAIN = "tokens.test";

    AdminHttp admin;
    AdminHttp anonymous;

    @BeforeEach
    void users() {
        admin = platformAdmin();
        // its own client address: the failed logins here must not lock out 127.0.0.1 for others
        anonymous = new AdminHttp(port, null).from("192.0.2.77");
        if (admin.get("/api/admin/domains/" + DOMAIN).status() == 404) {
            admin.post("/api/admin/domains", Map.of("name", DOMAIN)).expect(201);
            admin.post("/api/admin/users", Map.of("address", "reader@" + DOMAIN, "password", "reader-pass-1")).expect(201);
        }
    }

    @Test
    void theAccountPasswordGivesAMailApiTokenForThatUser() throws Exception {
        var reply = anonymous.post("/api/auth/token", Map.of("username", "Reader@" + DOMAIN, "password", "reader-pass-1"))
                .expect(200).json();
        assertThat(reply.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(reply.get("expires_in").asLong()).isEqualTo(3600);

        SignedJWT jwt = SignedJWT.parse(reply.get("access_token").asString());
        RSAKey key = (RSAKey) JWKSet.parse(anonymous.get("/api/admin/jwks").expect(200).body()).getKeys().getFirst();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        var user = admin.get("/api/admin/users/reader@" + DOMAIN).expect(200).json();
        assertThat(claims.getIssuer()).isEqualTo("mail-platform-auth");
        assertThat(claims.getAudience()).containsExactly("mail-platform-mail");
        assertThat(claims.getSubject()).isEqualTo(user.get("id").asString());
        assertThat(claims.getStringClaim("tenant")).isEqualTo(user.get("tenant").asString());
        assertThat(claims.getStringClaim("address")).isEqualTo("reader@" + DOMAIN);
        assertThat(claims.getClaim("role")).isNull();
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(3_600_000);
    }

    @Test
    void aUserTokenIsNotAnAdminToken() {
        String token = anonymous.post("/api/auth/token", Map.of("username", "reader@" + DOMAIN, "password", "reader-pass-1"))
                .expect(200).json().get("access_token").asString();
        AdminHttp asUser = new AdminHttp(port, token);
        asUser.get("/api/admin/users/reader@" + DOMAIN).expectProblem(401, "unauthorized");
        asUser.get("/api/admin/tenants").expectProblem(401, "unauthorized");
    }

    @Test
    void adminTokensAlsoCarryTheMailAudienceForActingForUsers() throws Exception {
        String token = anonymous.post("/api/admin/token", Map.of("username", "admin", "password", ADMIN_PASSWORD))
                .expect(200).json().get("access_token").asString();
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly("mail-platform-admin", "mail-platform-mail");
        assertThat(claims.getStringClaim("role")).isEqualTo("PLATFORM");
    }

    @Test
    void wrongPasswordsAndUnknownUsersGetTheSame401() {
        var wrong = anonymous.post("/api/auth/token", Map.of("username", "reader@" + DOMAIN, "password", "nope"))
                .expectProblem(401, "unauthorized");
        var unknown = anonymous.post("/api/auth/token", Map.of("username", "ghost@" + DOMAIN, "password", "nope"))
                .expectProblem(401, "unauthorized");
        assertThat(wrong.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        anonymous.post("/api/auth/token", Map.of("username", "reader@" + DOMAIN)).expectProblem(400, "bad-request");
    }

    @Test
    void appPasswordsWorkOnlyWhenMadeForHttp() {
        admin.post("/api/admin/users", Map.of("address", "apps@" + DOMAIN, "password", "apps-pass-12")).expect(201);
        String http = admin.post("/api/admin/users/apps@" + DOMAIN + "/app-passwords",
                Map.of("name", "scripts", "protocols", List.of("HTTP"))).expect(201).json().get("password").asString();
        String imapOnly = admin.post("/api/admin/users/apps@" + DOMAIN + "/app-passwords",
                Map.of("name", "phone", "protocols", List.of("IMAP"))).expect(201).json().get("password").asString();

        anonymous.post("/api/auth/token", Map.of("username", "apps@" + DOMAIN, "password", http)).expect(200);
        anonymous.post("/api/auth/token", Map.of("username", "apps@" + DOMAIN, "password", imapOnly))
                .expectProblem(401, "unauthorized");
    }

    @Test
    void aSuspendedUserGetsNoToken() {
        admin.post("/api/admin/users", Map.of("address", "held@" + DOMAIN, "password", "held-pass-12")).expect(201);
        admin.post("/api/admin/users/held@" + DOMAIN + "/suspend").expect(200);
        anonymous.post("/api/auth/token", Map.of("username", "held@" + DOMAIN, "password", "held-pass-12"))
                .expectProblem(403, "forbidden");
        anonymous.post("/api/auth/token", Map.of("username", "held@" + DOMAIN, "password", "wrong-pass"))
                .expectProblem(401, "unauthorized");
    }
}
