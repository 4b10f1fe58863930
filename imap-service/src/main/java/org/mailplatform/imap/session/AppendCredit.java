package org.mailplatform.imap.session;

/**
 * What a stored APPEND gives back to the command rate: all that flow control counted for it, so a
 * client that uploads a mailbox one APPEND per message (imapsync, Thunderbird copying a local folder
 * to the server, any migration onto the platform) is not cut off with BYE after the rate's worth of
 * messages, as it is not by Dovecot or James. The rate is not what bounds these: each one stores a
 * whole message, read from the socket, and the store's quota bounds how many a user may store (a
 * loop that appends and expunges still pays for its STOREs and EXPUNGEs). An APPEND that stores
 * nothing (NO over quota or TRYCREATE, BAD, TOOBIG) keeps its cost, so a client looping on failing
 * APPENDs is still cut off.
 *
 * <p>Flow control counts the command's line and every "+" asked for a synchronizing literal before
 * the message (a mailbox name sent as one); the message's bytes never count. MULTIAPPEND (RFC 3502)
 * is not offered, so one APPEND stores at most one message. Used on the connection's event loop
 * only.
 */
final class AppendCredit {

    /** The "+"s asked for the literals of the command being read so far. */
    private int continuations;
    /** What the command in flight cost the rate, until it is given back. */
    private int cost;

    /** A synchronizing literal of the command being read asked for "+", which flow control counted. */
    void continuationAsked() {
        continuations++;
    }

    /** The command being read is complete (handed to its handler, or refused as invalid). */
    void commandRead() {
        cost = continuations + 1;
        continuations = 0;
    }

    /** The command in flight, an APPEND, stored its message: the commands it gives back, once. */
    long commandsForStoredAppend() {
        long commands = cost;
        cost = 0;
        return commands;
    }
}
