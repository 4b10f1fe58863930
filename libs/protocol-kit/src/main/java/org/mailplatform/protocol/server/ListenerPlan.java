package org.mailplatform.protocol.server;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's listeners from its configured ports, by one rule for SMTP, IMAP and POP3: a negative
 * port is not opened; a plain-text port offers STARTTLS once a certificate is configured; an
 * implicit-TLS port (SMTPS, IMAPS, POP3S) is opened only with a certificate, otherwise skipped
 * with a warning, so a server without one still starts on its plain ports.
 */
public final class ListenerPlan {

    private static final Logger log = LoggerFactory.getLogger(ListenerPlan.class);

    private final String bindAddress;
    private final boolean certificate;
    private final boolean proxyProtocol;
    private final List<Listener> listeners = new ArrayList<>();

    /**
     * @param certificate   whether a TLS certificate is configured
     * @param proxyProtocol whether every listener expects a PROXY protocol header
     */
    public ListenerPlan(String bindAddress, boolean certificate, boolean proxyProtocol) {
        this.bindAddress = bindAddress;
        this.certificate = certificate;
        this.proxyProtocol = proxyProtocol;
    }

    /** A plain-text port (with STARTTLS when there is a certificate). */
    public ListenerPlan plain(String name, int port) {
        if (port >= 0) {
            listeners.add(new Listener(name, bindAddress, port, certificate ? TlsMode.STARTTLS : TlsMode.NONE, proxyProtocol));
        }
        return this;
    }

    /** An implicit-TLS port; without a certificate it is not opened. */
    public ListenerPlan implicitTls(String name, int port) {
        if (port >= 0) {
            if (certificate) {
                listeners.add(new Listener(name, bindAddress, port, TlsMode.IMPLICIT, proxyProtocol));
            } else {
                log.warn("{} listener on port {} is not opened: no TLS certificate configured", name, port);
            }
        }
        return this;
    }

    public List<Listener> listeners() {
        return List.copyOf(listeners);
    }
}
