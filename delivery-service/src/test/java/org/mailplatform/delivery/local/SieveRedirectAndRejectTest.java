package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;

/**
 * Redirect (to a local user, to an internationalised address, and its loop protection) and reject
 * by users' Sieve scripts at local delivery.
 */
class SieveRedirectAndRejectTest extends SieveDeliveryTestBase {

    @Test
    void redirectToAnotherLocalUserReachesThemThroughTheRouter() throws Exception {
        Principal from = user("redir-a");
        Principal to = user("redir-b");
        activate(from, "redirect \"" + to.address() + "\";");
        String body = message(from.address(), "passed on", "");

        enqueue("sender@example.org", body, rcpt(from.address()));

        String received = awaitInbox(to, 1).getFirst();
        assertThat(received).as("the same message, with the redirecting user's Delivered-To")
                .isEqualTo(trace(to, "sender@example.org") + "Delivered-To: " + from.address() + "\r\n" + body);
        assertThat(inbox(from)).as("redirect cancels the implicit keep").isEmpty();
    }

    /**
     * Found by review: a redirect to an internationalised address went out as the script wrote it, a
     * U-label domain (not a name DNS can look up) and a UTF-8 local part on a copy not marked SMTPUTF8,
     * which the relay would send in RCPT TO to a server never asked whether it takes UTF-8.
     */
    @Test
    void aRedirectToAnInternationalisedAddressIsRoutableAndMarkedSmtpUtf8() throws Exception {
        Principal user = user("redir-idn");
        activate(user, "redirect \"jürgen@bücher.example\"; redirect \"info@bücher.example\";");

        Outcome o = deliverer().handle(record(user, message(user.address(), "abroad", ""), null));

        List<InboundMessage> copies = ((Outcome.Done) o).output().stream().filter(r -> r.topic().equals(INBOUND))
                .map(r -> json.read(r.value(), InboundMessage.class)).toList();
        assertThat(copies).extracting(m -> m.recipients().getFirst().address(), InboundMessage::smtpUtf8)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("jürgen@xn--bcher-kva.example", true),
                        org.assertj.core.groups.Tuple.tuple("info@xn--bcher-kva.example", false));
    }

    @Test
    void aRedirectLoopIsStoppedAndTheMessageKept() throws Exception {
        Principal a = user("loop-a");
        Principal b = user("loop-b");
        activate(a, "redirect \"" + b.address() + "\";");
        activate(b, "redirect \"" + a.address() + "\";");
        double looped = sieve("redirect_looped");

        enqueue("sender@example.org", message(a.address(), "ping pong", ""), rcpt(a.address()));

        // a -> b -> a: a finds its own Delivered-To and keeps the message
        String kept = awaitInbox(a, 1).getFirst();
        assertThat(kept).contains("Delivered-To: " + b.address(), "Delivered-To: " + a.address());
        assertThat(sieve("redirect_looped") - looped).isEqualTo(1);
        assertThat(inbox(b)).isEmpty();
        assertThat(inbox(a)).hasSize(1);
    }

    @Test
    void rejectSendsADsnToTheSenderAndStoresNothing() throws Exception {
        Principal sender = user("rej-sender");
        Principal user = user("rejecter");
        activate(user, "require \"reject\"; reject \"I do not want this.\";");

        enqueue(sender.address(), message(user.address(), "unwanted", ""), rcpt(user.address()));

        String dsn = awaitInbox(sender, 1).getFirst();
        assertThat(dsn).contains("Return-Path: <>", "multipart/report", "Status: 5.7.1",
                "rejected by the recipient's filter: I do not want this.");
        assertThat(inbox(user)).isEmpty();
    }

    /**
     * Found by review: a reject reason went into the DSN as written, non-ASCII text in a 7-bit report
     * (also in its Diagnostic-Code field) and a long reason as one line past 998 characters.
     */
    @Test
    void aRejectReasonIsFitForTheReport() throws Exception {
        Principal sender = user("rej-sender-8");
        Principal user = user("rejecter-8");
        activate(user, "require \"reject\"; reject \"Nein, ich möchte das nicht. " + "bla ".repeat(500) + "\";");

        enqueue(sender.address(), message(user.address(), "unwanted", ""), rcpt(user.address()));

        String dsn = awaitInbox(sender, 1).getFirst();
        assertThat(dsn).contains("Status: 5.7.1", "rejected by the recipient's filter: Nein, ich m?chte das nicht. bla");
        assertThat(dsn.chars()).allMatch(c -> c < 0x80);
        assertThat(dsn.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
    }
}
