package org.mailplatform.imap.session;

import io.netty.channel.ChannelHandler;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.ProtocolHandlers;
import org.mailplatform.protocol.session.BlockingWork;

/** IMAP's handlers for the protocol-kit pipeline: request decoder, response encoder, session. */
public final class ImapProtocol implements ProtocolHandlers {

    private final ServerSettings settings;
    private final CommandDispatcher dispatcher;
    private final BlockingWork blockingWork;
    private final ProtocolMetrics metrics;
    private final MailboxWatchers watchers;
    private final MailboxUpdates updates;

    public ImapProtocol(ServerSettings settings, CommandDispatcher dispatcher, BlockingWork blockingWork,
                        ProtocolMetrics metrics, MailboxWatchers watchers, MailboxUpdates updates) {
        this.watchers = watchers;
        this.updates = updates;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.blockingWork = blockingWork;
        this.metrics = metrics;
    }

    @Override
    public ChannelHandler decoder(Listener listener) {
        return new ImapRequestHandler(settings.limits());
    }

    @Override
    public ChannelHandler encoder(Listener listener) {
        return ImapResponseWriter.INSTANCE;
    }

    @Override
    public ChannelHandler session(Listener listener) {
        return new ImapSession(settings, dispatcher, blockingWork, metrics, watchers, updates);
    }
}
