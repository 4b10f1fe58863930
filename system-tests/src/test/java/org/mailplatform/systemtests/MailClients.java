package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Angus Mail (the Jakarta Mail implementation) against the platform's loopback ports. */
final class MailClients {

    private static final String TIMEOUT_MS = "30000";

    private MailClients() {
    }

    /** A new Message-ID of this run, without angle brackets. */
    static String newMessageId() {
        return UUID.randomUUID() + "@system-tests.test";
    }

    /** Sends to the MX listener (no AUTH) and returns once the server answered 250. */
    static void sendMx(int port, String from, String to, String subject, String messageId) throws MessagingException {
        Session session = Session.getInstance(smtpProperties(port, false));
        Transport.send(message(session, from, to, subject, messageId));
    }

    /**
     * Sends {@code raw} (a whole message, CRLF line ends) unchanged to the MX listener from
     * {@code localAddress}, another loopback address than 127.0.0.1 (so the listener checks the
     * client as it does an outside MTA), and returns the server's reply to the message. A refusal
     * throws {@link org.eclipse.angus.mail.smtp.SMTPSendFailedException}, which carries the reply.
     */
    static String sendMxFrom(int port, String localAddress, String envelopeFrom, String to, byte[] raw)
            throws MessagingException {
        Properties props = smtpProperties(port, false);
        props.put("mail.smtp.localaddress", localAddress);
        props.put("mail.smtp.from", envelopeFrom);
        Session session = Session.getInstance(props);
        // Transport.sendMessage, not Transport.send: send would call saveChanges(), which writes a
        // new Message-ID and MIME fields and so breaks a DKIM signature over the bytes
        MimeMessage message = new MimeMessage(session, new java.io.ByteArrayInputStream(raw));
        try (org.eclipse.angus.mail.smtp.SMTPTransport transport =
                     (org.eclipse.angus.mail.smtp.SMTPTransport) session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, InternetAddress.parse(to, true));
            return transport.getLastServerResponse();
        }
    }

    /** Submits with AUTH (plaintext on loopback, which the submission listener allows there). */
    static void submit(int port, String user, String password, String from, String to, String subject,
                       String messageId) throws MessagingException {
        Session session = Session.getInstance(smtpProperties(port, true));
        Transport.send(message(session, from, to, subject, messageId), user, password);
    }

    private static MimeMessage message(Session session, String from, String to, String subject, String messageId)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
        message.setFrom(new InternetAddress(from));
        // one address or several, comma-separated: all of them are RCPT TO of the one transaction
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        message.setSubject(subject);
        message.setText("system test message " + messageId + "\n");
        return message;
    }

    private static Properties smtpProperties(int port, boolean auth) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.auth", String.valueOf(auth));
        props.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        props.put("mail.smtp.timeout", TIMEOUT_MS);
        return props;
    }

    /** A connected IMAP or POP3 store ({@code protocol} is {@code imap} or {@code pop3}). */
    static Store store(String protocol, int port, String user, String password) throws MessagingException {
        return store(protocol, "127.0.0.1", port, user, password);
    }

    /** As {@link #store(String, int, String, String)}, on {@code host} (another loopback address). */
    static Store store(String protocol, String host, int port, String user, String password) throws MessagingException {
        Properties props = new Properties();
        props.put("mail." + protocol + ".host", host);
        props.put("mail." + protocol + ".port", String.valueOf(port));
        props.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MS);
        props.put("mail." + protocol + ".timeout", TIMEOUT_MS);
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect(host, port, user, password);
        return store;
    }

    /**
     * Waits until the account's INBOX (over IMAP) holds exactly one message, checks that it is a
     * delivery status notification ({@code multipart/report; report-type=delivery-status}, RFC 3464)
     * and returns its raw text for the caller's checks of the status fields.
     */
    static String awaitOnlyDsn(int imapPort, Tenants.Account account, Duration timeout) throws Exception {
        Store imap = store("imap", imapPort, account.address(), account.password());
        try {
            Folder inbox = imap.getFolder("INBOX");
            await("DSN in the INBOX of " + account.address()).atMost(timeout).pollInterval(Duration.ofMillis(500))
                    .until(() -> inbox.getMessageCount() == 1);
            inbox.open(Folder.READ_ONLY);
            try {
                Message dsn = inbox.getMessage(1);
                assertThat(dsn.getContentType()).containsIgnoringCase("multipart/report")
                        .containsIgnoringCase("report-type=delivery-status");
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                dsn.writeTo(raw);
                return raw.toString(StandardCharsets.UTF_8);
            } finally {
                inbox.close(false);
            }
        } finally {
            imap.close();
        }
    }
}
