package org.mailplatform.sieve;

/** A Sieve script that does not compile; the message says what and where, fit to show its author. */
public final class SieveScriptException extends Exception {

    public SieveScriptException(String message) {
        super(message);
    }
}
