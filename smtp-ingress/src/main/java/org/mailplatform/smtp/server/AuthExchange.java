package org.mailplatform.smtp.server;

import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.protocol.tls.PlaintextAuth;
import org.mailplatform.smtp.codec.Sasl;
import org.mailplatform.smtp.codec.SmtpCommand;
import org.mailplatform.smtp.codec.SmtpReply;
import org.mailplatform.smtp.codec.SmtpSyntaxException;

/**
 * SMTP AUTH (RFC 4954) with PLAIN (RFC 4616) and LOGIN, initial responses included (SASL-IR). Only
 * on submission listeners, and only over TLS or from loopback unless configured otherwise
 * ({@code 538 5.7.11}). Every refusal looks the same to the client ({@code 535 5.7.8}).
 */
final class AuthExchange {

    private enum Step { NONE, PLAIN, LOGIN_USER, LOGIN_PASSWORD }

    private final SmtpSession session;
    private final SmtpServices services;
    private Step step = Step.NONE;
    private String login;

    AuthExchange(SmtpSession session, SmtpServices services) {
        this.session = session;
        this.services = services;
    }

    /** Whether AUTH is offered in EHLO right now. */
    boolean available() {
        return session.submission() && session.user == null && plaintextAllowed();
    }

    private boolean plaintextAllowed() {
        return PlaintextAuth.allowed(session.ctx.channel(), session.info, services.settings().allowPlainAuthWithoutTls());
    }

    void start(SmtpCommand.Auth auth) {
        if (!session.submission()) {
            session.reply(SmtpReply.of(503, "5.5.1", "AUTH not available on this port"));
        } else if (session.user != null) {
            session.badSequence("Already authenticated");
        } else if (session.tx != null) {
            session.badSequence("AUTH not permitted during a mail transaction");
        } else if (!plaintextAllowed()) {
            session.reply(SmtpReply.of(538, "5.7.11", "Encryption required for requested authentication mechanism"));
        } else {
            switch (auth.mechanism()) {
                case "PLAIN" -> {
                    if (auth.initialResponse() != null) {
                        plain(auth.initialResponse());
                    } else {
                        challenge(Step.PLAIN, "");
                    }
                }
                case "LOGIN" -> {
                    if (auth.initialResponse() != null) {
                        onResponseFor(Step.LOGIN_USER, auth.initialResponse());
                    } else {
                        challenge(Step.LOGIN_USER, Sasl.LOGIN_USERNAME_CHALLENGE);
                    }
                }
                default -> session.reply(SmtpReply.of(504, "5.5.4", "Unrecognized authentication type"));
            }
        }
    }

    void onResponse(String line) {
        Step current = step;
        step = Step.NONE;
        if (Sasl.cancelled(line)) {
            session.reply(SmtpReply.of(501, "5.0.0", "Authentication cancelled"));
            return;
        }
        onResponseFor(current, line);
    }

    private void onResponseFor(Step current, String response) {
        try {
            switch (current) {
                case PLAIN -> plain(response);
                case LOGIN_USER -> {
                    login = Sasl.loginStep(response);
                    challenge(Step.LOGIN_PASSWORD, Sasl.LOGIN_PASSWORD_CHALLENGE);
                }
                case LOGIN_PASSWORD -> verify(login, Sasl.loginStep(response));
                case NONE -> session.badSequence("No authentication in progress");
            }
        } catch (SmtpSyntaxException e) {
            session.badCommand(e.reply());
        }
    }

    private void plain(String response) {
        try {
            Sasl.PlainCredentials credentials = Sasl.plain(response);
            if (!credentials.authzid().isEmpty() && !credentials.authzid().equalsIgnoreCase(credentials.authcid())) {
                session.badCommand(SmtpReply.of(535, "5.7.8", "Authentication credentials invalid"));
                return;
            }
            verify(credentials.authcid(), credentials.password());
        } catch (SmtpSyntaxException e) {
            session.badCommand(e.reply());
        }
    }

    private void challenge(Step next, String base64) {
        step = next;
        session.decoder().expectSaslResponse();
        session.write(SmtpReply.plain(334, base64));
        session.ctx.read();
    }

    private void verify(String user, String password) {
        session.blocking(() -> services.directory().authenticate(user, password, Protocol.SMTP,
                session.info.client().getAddress()), result -> {
            switch (result) {
                case AuthResult.Authenticated a -> {
                    session.user = a.principal();
                    session.reply(SmtpReply.of(235, "2.7.0", "Authentication successful"));
                }
                case AuthResult.Rejected r -> session.badCommand(SmtpReply.of(535, "5.7.8", "Authentication credentials invalid"));
                case AuthResult.Unavailable u -> session.reply(SmtpReply.of(454, "4.7.0", "Temporary authentication failure"));
            }
        });
    }
}
