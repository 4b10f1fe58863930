package org.mailplatform.bench.e2e;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/**
 * Sends one message per SMTP connection to the MX port with Angus Mail and returns the moment
 * the server's {@code 250} to the end of data was read ({@code sendMessage} returns right after
 * it; the QUIT that follows is not timed). One connection per message, as MX traffic arrives,
 * also keeps a long run under the per-connection command limit.
 */
final class Submitter {

    private final Session session;
    private final String from;
    private final String body;

    Submitter(String host, int port, String from, int size) {
        Properties props = new Properties();
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.connectiontimeout", "30000");
        props.put("mail.smtp.timeout", "60000");
        props.put("mail.smtp.localhost", "e2e-bench.test");
        this.session = Session.getInstance(props);
        this.from = from;
        this.body = body(size);
    }

    /** @return {@code System.nanoTime()} when the 250 to the message's data was read */
    long send(String to, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        InternetAddress[] recipients = {new InternetAddress(to)};
        message.setRecipients(Message.RecipientType.TO, recipients);
        message.setSubject(subject);
        message.setSentDate(new Date());
        message.setText(body, "US-ASCII");
        message.saveChanges();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, recipients);
            return System.nanoTime();
        }
    }

    /** A plain-text body of about {@code size} bytes in 76-character lines. */
    private static String body(int size) {
        StringBuilder b = new StringBuilder(size + 80);
        String line = "end-to-end latency benchmark body line, the same text on every line of it...";
        while (b.length() < size) {
            b.append(line, 0, Math.min(line.length(), 76)).append("\r\n");
        }
        return b.toString();
    }
}
