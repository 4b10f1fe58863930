package org.mailplatform.sieve;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.apache.jsieve.ConfigurationManager;
import org.apache.jsieve.SieveConfigurationException;
import org.apache.jsieve.SieveFactory;
import org.apache.jsieve.TestManager;
import org.apache.jsieve.parser.generated.ASTblock;
import org.apache.jsieve.parser.generated.ASTcommand;
import org.apache.jsieve.parser.generated.ASTstring;
import org.apache.jsieve.parser.generated.ASTtest;
import org.apache.jsieve.parser.generated.Node;
import org.apache.jsieve.parser.generated.ParseException;
import org.apache.jsieve.parser.generated.TokenMgrError;

/**
 * Parses users' Sieve scripts (RFC 5228) with Apache jSieve, with the extensions the platform
 * carries out: {@code fileinto}, {@code reject}, {@code vacation}, {@code envelope}, {@code body}
 * and the three standard comparators from jSieve, and {@code copy} (RFC 3894), {@code imap4flags}
 * (RFC 5232), {@code mailbox} (RFC 5490), {@code relational} (RFC 5231), {@code variables} (RFC 5229),
 * {@code subaddress} (RFC 5233), {@code date} and {@code index} (RFC 5260), {@code environment} (RFC 5183) and
 * {@code encoded-character} (RFC 5228 2.4.2.4) from {@link SieveExtensions},
 * registered by wrapping jSieve's command and test managers. jSieve's non-standard {@code log}
 * command is not offered. Thread-safe; parsing checks syntax, that every command and test is one of
 * those, and ({@link ExtensionCheck}) the arguments of the commands libs/sieve implements, that their
 * extensions are required and that the flags they name are IMAP flags.
 *
 * <p>Nesting is bounded as Pigeonhole bounds it: at most {@value #MAX_NESTING} blocks inside one
 * another and {@value #MAX_NESTING} tests inside one another ({@code anyof}, {@code allof},
 * {@code not}). jSieve parses and evaluates by recursion, so a deeper script (a few thousand levels
 * fit in the 64 KB a script may have) would overflow the stack: in the parser on upload, and at
 * delivery in the evaluator on whatever thread runs it.
 */
public final class SieveCompiler {

    /** The {@code require} capabilities offered, as ManageSieve's SIEVE capability lists them. */
    public static final List<String> EXTENSIONS = List.of("fileinto", "reject", "vacation", "envelope", "body",
            "copy", "imap4flags", "mailbox", "relational", "variables", "subaddress", "date", "index",
            "environment", "encoded-character", "special-use", "comparator-i;octet", "comparator-i;ascii-casemap", "comparator-i;ascii-numeric");

    /** Blocks inside blocks, and tests inside tests, one script may nest (Pigeonhole's limits). */
    public static final int MAX_NESTING = 32;

    private final SieveFactory factory;
    private final TestManager tests;

    public SieveCompiler() {
        try {
            ConfigurationManager configuration = new ConfigurationManager();
            configuration.getCommandMap().remove("log");
            this.tests = SieveExtensions.tests(configuration.getTestManager());
            this.factory = new SieveFactory(SieveExtensions.commands(configuration.getCommandManager()),
                    SieveExtensions.comparators(configuration.getComparatorManager()), tests);
        } catch (SieveConfigurationException e) {
            throw new IllegalStateException("jSieve's built-in configuration is unreadable", e);
        }
    }

    /** The script's syntax tree, or a {@link SieveScriptException} saying what is wrong and where. */
    public Node compile(String script) throws SieveScriptException {
        Node node;
        try {
            node = factory.parse(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        } catch (ParseException | TokenMgrError e) {
            throw new SieveScriptException(firstLine(e.getMessage()));
        } catch (StackOverflowError deep) {
            // jSieve's parser recurses per level: far past MAX_NESTING, found before the tree is built
            throw new SieveScriptException(tooDeep());
        }
        checkNesting(node);
        decodeCharacters(node);
        ExtensionCheck.check(node, tests);
        return node;
    }

    /** Walks the tree without recursion (it may be deep), counting blocks and tests on each path. */
    private static void checkNesting(Node root) throws SieveScriptException {
        record Level(Node node, int blocks, int tests) {
        }
        Deque<Level> todo = new ArrayDeque<>();
        todo.push(new Level(root, 0, 0));
        while (!todo.isEmpty()) {
            Level l = todo.pop();
            int blocks = l.blocks() + (l.node() instanceof ASTblock ? 1 : 0);
            int tests = l.tests() + (l.node() instanceof ASTtest ? 1 : 0);
            if (blocks > MAX_NESTING || tests > MAX_NESTING) {
                throw new SieveScriptException(tooDeep());
            }
            for (int i = 0; i < l.node().jjtGetNumChildren(); i++) {
                todo.push(new Level(l.node().jjtGetChild(i), blocks, tests));
            }
        }
    }

    /**
     * {@code encoded-character}: a script whose {@code require} (at its start, where RFC 5228 3.2 puts
     * them) names it has the sequences in its strings decoded in the tree, once, so that the checks and
     * every run see the characters.
     */
    private static void decodeCharacters(Node root) throws SieveScriptException {
        boolean required = false;
        Node commands = root.jjtGetNumChildren() == 1 ? root.jjtGetChild(0) : root; // start > commands > command
        for (int i = 0; i < commands.jjtGetNumChildren(); i++) {
            if (commands.jjtGetChild(i) instanceof ASTcommand c && c.getName().equalsIgnoreCase("require")) {
                required |= strings(c).stream().anyMatch(SieveExtensions.ENCODED_CHARACTER::equalsIgnoreCase);
            }
        }
        if (required) {
            decodeBelow(root);
        }
    }

    private static void decodeBelow(Node node) throws SieveScriptException {
        if (node instanceof ASTstring s && s.getValue() instanceof String value) {
            try {
                s.setValue(EncodedCharacters.decode(value));
            } catch (EncodedCharacters.Invalid e) {
                int line = s.getCoordinate() == null ? 0 : s.getCoordinate().getStartLineNumber();
                throw new SieveScriptException((line > 0 ? "line " + line + ": " : "") + e.getMessage());
            }
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            decodeBelow(node.jjtGetChild(i));
        }
    }

    /** The strings anywhere below {@code node}. */
    private static List<String> strings(Node node) {
        List<String> out = new java.util.ArrayList<>();
        Deque<Node> todo = new ArrayDeque<>(List.of(node));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (n instanceof ASTstring s) {
                out.add(String.valueOf(s.getValue()));
            }
            for (int i = 0; i < n.jjtGetNumChildren(); i++) {
                todo.push(n.jjtGetChild(i));
            }
        }
        return out;
    }

    private static String tooDeep() {
        return "script nested too deeply: at most " + MAX_NESTING + " blocks and " + MAX_NESTING
                + " tests inside one another";
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
