package org.mailplatform.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Optional;

import org.mailplatform.auth.AuthProperties;
import org.mailplatform.auth.address.DomainName;
import org.mailplatform.auth.address.InvalidAddressException;
import org.mailplatform.auth.dkim.DkimKeyStore;
import org.mailplatform.auth.domain.Domain;
import org.mailplatform.auth.domain.DomainRepository;
import org.mailplatform.auth.domain.Quota;
import org.mailplatform.auth.login.Authenticator;
import org.mailplatform.auth.login.ClientAddresses;
import org.mailplatform.auth.problem.ApiProblem;
import org.mailplatform.auth.resolve.RecipientResolver;
import org.mailplatform.auth.submission.SubmissionCounter;
import org.mailplatform.auth.user.UserRepository;
import org.mailplatform.directory.client.wire.AuthenticateRequest;
import org.mailplatform.directory.client.wire.AuthenticateResponse;
import org.mailplatform.directory.client.wire.DirectoryApi;
import org.mailplatform.directory.client.wire.DkimKeyRequest;
import org.mailplatform.directory.client.wire.DkimKeyResponse;
import org.mailplatform.directory.client.wire.QuotaRequest;
import org.mailplatform.directory.client.wire.QuotaResponse;
import org.mailplatform.directory.client.wire.ResolveRequest;
import org.mailplatform.directory.client.wire.ResolveResponse;
import org.mailplatform.directory.client.wire.SubmissionRequest;
import org.mailplatform.directory.client.wire.SubmissionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal API the protocol services call through {@code directory-client}: authenticate,
 * resolve, quota, DKIM signing keys and submission reservations, behind the shared service token.
 * Not routed by the gateway.
 */
@RestController
class InternalDirectoryController {

    private static final Logger LOG = LoggerFactory.getLogger(InternalDirectoryController.class);

    private final Authenticator authenticator;
    private final RecipientResolver resolver;
    private final UserRepository users;
    private final DomainRepository domains;
    private final DkimKeyStore dkimKeys;
    private final SubmissionCounter submissions;
    private final byte[] serviceToken;

    InternalDirectoryController(Authenticator authenticator, RecipientResolver resolver, UserRepository users,
            DomainRepository domains, DkimKeyStore dkimKeys, SubmissionCounter submissions, AuthProperties properties) {
        this.authenticator = authenticator;
        this.resolver = resolver;
        this.users = users;
        this.domains = domains;
        this.dkimKeys = dkimKeys;
        this.submissions = submissions;
        this.serviceToken = properties.serviceToken().getBytes(StandardCharsets.UTF_8);
        if (serviceToken.length == 0) {
            LOG.warn("mail.auth.service-token is empty: the internal directory API refuses every call");
        }
    }

    @PostMapping(DirectoryApi.AUTHENTICATE_PATH)
    AuthenticateResponse authenticate(@RequestHeader(name = DirectoryApi.SERVICE_TOKEN_HEADER, required = false) String token,
            @RequestBody AuthenticateRequest request) {
        checkToken(token);
        if (request.login() == null || request.protocol() == null) {
            throw ApiProblem.badRequest("login and protocol are required");
        }
        return AuthenticateResponse.of(authenticator.authenticate(request.login(), request.secret(), request.protocol(),
                ClientAddresses.parse(request.clientAddress())));
    }

    @PostMapping(DirectoryApi.RESOLVE_PATH)
    ResolveResponse resolve(@RequestHeader(name = DirectoryApi.SERVICE_TOKEN_HEADER, required = false) String token,
            @RequestBody ResolveRequest request) {
        checkToken(token);
        if (request.address() == null) {
            throw ApiProblem.badRequest("address is required");
        }
        return ResolveResponse.of(resolver.resolve(request.address()));
    }

    @PostMapping(DirectoryApi.QUOTA_PATH)
    QuotaResponse quota(@RequestHeader(name = DirectoryApi.SERVICE_TOKEN_HEADER, required = false) String token,
            @RequestBody QuotaRequest request) {
        checkToken(token);
        if (request.userId() == null) {
            throw ApiProblem.badRequest("userId is required");
        }
        return users.findById(request.userId()).map(user -> {
            Quota own = user.quota();
            Quota domain = domains.findById(user.domain()).map(Domain::quota).orElse(Quota.UNLIMITED);
            return new QuotaResponse(QuotaResponse.FOUND, own.maxBytes(), own.maxMessages(), domain.maxBytes(),
                    domain.maxMessages());
        }).orElseGet(QuotaResponse::unknownUser);
    }

    /**
     * The active keys of a hosted domain or domain alias (an alias signs with its own keys, never
     * its target's: {@code d=} must match the {@code From} domain for DMARC alignment), one per
     * algorithm, RSA first. The answer lists them all in {@code keys} and repeats the RSA key in
     * the fields directory-clients from before dual signing read, so that their replicas keep
     * signing with RSA during a rolling upgrade (see {@link DkimKeyResponse}).
     */
    @PostMapping(DirectoryApi.DKIM_PATH)
    DkimKeyResponse dkim(@RequestHeader(name = DirectoryApi.SERVICE_TOKEN_HEADER, required = false) String token,
            @RequestBody DkimKeyRequest request) {
        checkToken(token);
        if (request.domain() == null) {
            throw ApiProblem.badRequest("domain is required");
        }
        return storedDomain(request.domain()).map(domain -> DkimKeyResponse.of(domain.id(), domain.tenantId(),
                dkimKeys.signingKeys(domain).stream()
                        .map(key -> new DkimKeyResponse.Key(key.signatureAlgorithm(), key.selector(), key.privateKey()))
                        .toList()))
                .orElseGet(DkimKeyResponse::none);
    }

    /**
     * Counts one message of an authenticated user against the cluster-wide limits (smtp-ingress
     * asks at MAIL FROM on submission). The user is not looked up: the caller has just
     * authenticated it, and an extra read per message would buy nothing.
     */
    @PostMapping(DirectoryApi.SUBMISSIONS_PATH)
    SubmissionResponse submission(@RequestHeader(name = DirectoryApi.SERVICE_TOKEN_HEADER, required = false) String token,
            @RequestBody SubmissionRequest request) {
        checkToken(token);
        if (request.tenantId() == null || request.tenantId().isBlank() || request.userId() == null
                || request.userId().isBlank()) {
            throw ApiProblem.badRequest("tenantId and userId are required");
        }
        return submissions.reserve(request.tenantId(), request.userId());
    }

    /** Normalised as a recipient's domain is (MailAddress.parse): trimmed, NFC, A-label, lower case. */
    private Optional<Domain> storedDomain(String text) {
        try {
            return domains.findById(DomainName.parse(Normalizer.normalize(text.strip(), Normalizer.Form.NFC)).ascii());
        } catch (InvalidAddressException e) {
            return Optional.empty();
        }
    }

    private void checkToken(String token) {
        if (serviceToken.length == 0 || token == null
                || !MessageDigest.isEqual(serviceToken, token.getBytes(StandardCharsets.UTF_8))) {
            throw ApiProblem.unauthorized("missing or wrong service token");
        }
    }
}
