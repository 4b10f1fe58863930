package org.mailplatform.imap.session;

import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.netty.channel.Channel;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.protocol.frame.Frame;
import org.mailplatform.protocol.session.ConnectionInfo;

/**
 * What a command handler may do with its connection. Every method must be called on the
 * connection's event loop; {@link #blocking} brings results back there. A handler ends every
 * command with exactly one {@link #done}.
 */
public interface CommandContext {

    SessionData data();

    ServerSettings settings();

    Channel channel();

    ConnectionInfo connection();

    /** Whether the connection is protected by TLS now. */
    boolean tls();

    /** Whether LOGIN and AUTHENTICATE PLAIN are allowed here: TLS, loopback, or configured so. */
    boolean plaintextAuthAllowed();

    /** Writes and flushes an untagged response or a continuation request. */
    void send(ImapResponse response);

    /**
     * Ends the command in flight with its tagged response, then reads the next command (or says BYE
     * and closes, after LOGOUT or while draining).
     */
    void done(ImapResponse.Tagged response);

    /** Runs blocking work (directory, MongoDB, S3) off the event loop; {@code then} runs on it. */
    <T> void blocking(Callable<T> work, BiConsumer<T, Throwable> then);

    /** Reads the next line as it is (SASL response, IDLE's DONE) and hands it to {@code onLine}. */
    void readLine(Consumer<String> onLine);

    /** Reads APPEND's message: {@code onChunk} gets every piece, the last one marked. */
    void readAppend(boolean synchronizing, Consumer<Frame.Chunk> onChunk);

    /** Asks for the next piece of APPEND's message once the previous one was taken care of. */
    void requestMore();

    /**
     * Runs {@code then} right after the command's tagged response has gone down the pipeline and
     * before the next input is read (COMPRESS changes the pipeline there).
     */
    void afterNextWrite(Runnable then);

    /**
     * Calls {@code listener} (on the event loop) whenever the selected mailbox changes elsewhere while
     * a command runs (IDLE); {@code null} to stop. {@link SessionData#changesPending()} is set too.
     */
    void onMailboxChange(Runnable listener);

    /** The time to take before a login's directory check, for {@link #loggedIn}. */
    long loginCheckStart();

    /**
     * The client has authenticated: AUTHENTICATED state, and the long idle timeout, unless the
     * user has the most sessions allowed here or an operator ended the user's sessions after
     * {@code checkedAt} (then the session stays unauthenticated).
     */
    org.mailplatform.protocol.session.UserSessions.Admission loggedIn(org.mailplatform.model.Principal principal,
                                                                       long checkedAt);

    /** Refuses APPEND's message: a synchronizing literal is never asked for, a non-synchronizing one is skipped. */
    void refuseAppend();

    /**
     * A SELECT or EXAMINE of {@code mailbox} succeeded: the client may spend a few commands on each
     * of its messages beyond the command rate (see {@link SelectCredit}).
     */
    void creditCommands(SelectedMailbox mailbox);

    /**
     * The APPEND in flight stored its message: what it cost the command rate is given back (see
     * {@link AppendCredit}). Called before its tagged response.
     */
    void creditStoredAppend();

    /** Says {@code * BYE text} and closes the connection (the command in flight gets no tagged response). */
    void bye(String text);
}
