package org.mailplatform.imap.managesieve;

import io.netty.channel.ChannelHandler;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.ProtocolHandlers;
import org.mailplatform.protocol.session.BlockingWork;

/** ManageSieve's handlers for the protocol-kit pipeline: request decoder, encoder, one session per connection. */
public final class ManageSieveProtocol implements ProtocolHandlers {

    private final ManageSieveSettings settings;
    private final Directory directory;
    private final ScriptCommands scripts;
    private final BlockingWork blocking;
    private final ProtocolMetrics metrics;

    public ManageSieveProtocol(ManageSieveSettings settings, Directory directory, ScriptCommands scripts,
                               BlockingWork blocking, ProtocolMetrics metrics) {
        this.settings = settings;
        this.directory = directory;
        this.scripts = scripts;
        this.blocking = blocking;
        this.metrics = metrics;
    }

    @Override
    public ChannelHandler decoder(Listener listener) {
        return new SieveRequestDecoder(settings.maxLiteralSize(), settings.maxScriptSize(), settings.maxCommandSize());
    }

    @Override
    public ChannelHandler encoder(Listener listener) {
        return SieveEncoder.INSTANCE;
    }

    @Override
    public ChannelHandler session(Listener listener) {
        return new ManageSieveSession(listener, settings, directory, scripts, blocking, metrics);
    }
}
