package org.mailplatform.sieve;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.apache.jsieve.ConfigurationManager;
import org.apache.jsieve.SieveConfigurationException;
import org.apache.jsieve.SieveFactory;
import org.apache.jsieve.parser.generated.Node;
import org.apache.jsieve.parser.generated.ParseException;
import org.apache.jsieve.parser.generated.TokenMgrError;

/**
 * Parses users' Sieve scripts (RFC 5228) with Apache jSieve, with the extensions the platform
 * carries out: {@code fileinto}, {@code reject}, {@code vacation}, {@code envelope}, {@code body}
 * and the three standard comparators. jSieve's non-standard {@code log} command is not offered.
 * Thread-safe; parsing checks syntax and that every command and test is one of those.
 */
public final class SieveCompiler {

    /** The {@code require} capabilities offered, as ManageSieve's SIEVE capability lists them. */
    public static final List<String> EXTENSIONS = List.of("fileinto", "reject", "vacation", "envelope", "body",
            "comparator-i;octet", "comparator-i;ascii-casemap", "comparator-i;ascii-numeric");

    private final SieveFactory factory;

    public SieveCompiler() {
        try {
            ConfigurationManager configuration = new ConfigurationManager();
            configuration.getCommandMap().remove("log");
            this.factory = configuration.build();
        } catch (SieveConfigurationException e) {
            throw new IllegalStateException("jSieve's built-in configuration is unreadable", e);
        }
    }

    /** The script's syntax tree, or a {@link SieveScriptException} saying what is wrong and where. */
    public Node compile(String script) throws SieveScriptException {
        try {
            return factory.parse(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        } catch (ParseException | TokenMgrError e) {
            throw new SieveScriptException(firstLine(e.getMessage()));
        }
    }

    /** What is wrong with {@code script}, or empty when it compiles. */
    public Optional<String> problem(String script) {
        try {
            compile(script);
            return Optional.empty();
        } catch (SieveScriptException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The factory that evaluates compiled scripts. */
    SieveFactory factory() {
        return factory;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "syntax error";
        }
        String line = message.strip().lines().findFirst().orElse("syntax error");
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
