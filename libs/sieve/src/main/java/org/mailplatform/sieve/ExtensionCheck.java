package org.mailplatform.sieve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.jsieve.NumberArgument;
import org.apache.jsieve.TagArgument;
import org.apache.jsieve.TestManager;
import org.apache.jsieve.exception.LookupException;
import org.apache.jsieve.parser.SieveNode;
import org.apache.jsieve.parser.generated.ASTargument;
import org.apache.jsieve.parser.generated.ASTarguments;
import org.apache.jsieve.parser.generated.ASTcommand;
import org.apache.jsieve.parser.generated.ASTstring;
import org.apache.jsieve.parser.generated.ASTstring_list;
import org.apache.jsieve.parser.generated.ASTtest;
import org.apache.jsieve.parser.generated.Node;

/**
 * What jSieve's parser does not check of the extensions libs/sieve adds ({@link SieveExtensions}),
 * checked when a script is compiled, as Pigeonhole checks it: the arguments of {@code fileinto},
 * {@code keep}, {@code redirect}, {@code setflag}/{@code addflag}/{@code removeflag}, {@code hasflag},
 * {@code mailboxexists}, {@code set}, the match tests ({@code header}, {@code address},
 * {@code envelope}, {@code string}: match type, relational operator, comparator, address part) and
 * {@code date}, {@code currentdate} (date-part, zone) and {@code environment}; that each extension
 * and comparator used was named by {@code require}; that the flags named are IMAP flags; that no
 * string refers to a variable namespace; that a capability name is not used as a command; and that every test exists
 * (jSieve itself finds an unknown test only when the script runs). Runs after the nesting check, so
 * the tree is shallow enough to walk by recursion.
 */
final class ExtensionCheck {

    private final TestManager tests;
    private final Set<String> required = new HashSet<>();

    private ExtensionCheck(TestManager tests) {
        this.tests = tests;
    }

    static void check(Node root, TestManager tests) throws SieveScriptException {
        new ExtensionCheck(tests).walk(root);
    }

    private void walk(Node node) throws SieveScriptException {
        if (node instanceof ASTcommand c) {
            command(c);
        } else if (node instanceof ASTtest t) {
            test(t);
        } else if (node instanceof ASTstring s && required.contains(SieveExtensions.VARIABLES)) {
            references(s);
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            walk(node.jjtGetChild(i));
        }
    }

    private void command(ASTcommand c) throws SieveScriptException {
        String name = c.getName().toLowerCase(Locale.ROOT);
        if (name.equals("require")) {
            for (List<String> list : strings(c)) {
                list.forEach(r -> required.add(r.toLowerCase(Locale.ROOT)));
            }
            return;
        }
        if (SieveExtensions.CAPABILITIES.contains(name)) {
            throw fail(c, "\"" + name + "\" is an extension to require, not a command");
        }
        String capability = SieveExtensions.COMMAND_CAPABILITY.get(name);
        if (capability != null && !required.contains(capability)) {
            throw fail(c, name + " needs require \"" + capability + "\"");
        }
        ExtensionArgs.Spec spec = switch (name) {
            case "fileinto" -> SieveExtensions.FILEINTO;
            case "keep" -> SieveExtensions.KEEP;
            case "redirect" -> SieveExtensions.REDIRECT;
            case "setflag", "addflag", "removeflag" -> SieveExtensions.flagCommand(name,
                    ExtensionArgs.positionalCount(SieveExtensions.flagCommand(name, 1), arguments(c)));
            case "set" -> SieveExtensions.SET;
            default -> null;
        };
        if (spec == null) {
            return;
        }
        ExtensionArgs.Parsed parsed = parse(c, spec);
        if (name.equals("set")) {
            String variable = parsed.positional().getFirst().getFirst();
            if (!Variables.identifier(variable)) {
                throw fail(c, "set: \"" + variable + "\" is no variable name: letters, digits and \"_\","
                        + " not starting with a digit");
            }
            return;
        }
        if (parsed.has(":specialuse")) {
            List<String> attribute = parsed.value(":specialuse").orElseThrow();
            if (attribute.size() != 1) {
                throw fail(c, "fileinto :specialuse takes one special-use attribute, not a list");
            }
            specialUses(c, name + " :specialuse", attribute);
        }
        List<String> flags = new ArrayList<>(parsed.value(":flags").orElse(List.of()));
        if (capability != null) {
            flags.addAll(parsed.positional().getLast());
            if (parsed.positional().size() == 2) {
                variableNames(c, name, parsed.positional().getFirst());
            }
        }
        if (required.contains(SieveExtensions.VARIABLES)) {
            // a flag with a variable in it is known only when the script runs; one that is no flag then is ignored
            flags.removeIf(f -> f.contains("${"));
        }
        checkFlags(c, name, flags);
    }

    private void test(ASTtest t) throws SieveScriptException {
        String name = t.getName().toLowerCase(Locale.ROOT);
        try {
            tests.getTest(name);
        } catch (LookupException unknown) {
            throw fail(t, "unknown test \"" + t.getName() + "\"");
        }
        String capability = SieveExtensions.TEST_CAPABILITY.get(name);
        if (capability != null && !required.contains(capability)) {
            throw fail(t, name + " needs require \"" + capability + "\"");
        }
        ExtensionArgs.Spec spec = switch (name) {
            case "hasflag" -> SieveExtensions.hasflag(ExtensionArgs.positionalCount(SieveExtensions.hasflag(1),
                    arguments(t)));
            case "mailboxexists" -> SieveExtensions.MAILBOXEXISTS;
            case "specialuse_exists" -> SieveExtensions.specialUseExists(ExtensionArgs.positionalCount(
                    SieveExtensions.specialUseExists(1), arguments(t)));
            case "date" -> DateTests.DATE;
            case "currentdate" -> DateTests.CURRENTDATE;
            case "environment" -> ExtensionTests.ENVIRONMENT;
            default -> MatchTests.SPECS.get(name);
        };
        if (spec == null) {
            return;
        }
        ExtensionArgs.Parsed parsed = parse(t, spec);
        if (name.equals("hasflag") && parsed.positional().size() == 2) {
            variableNames(t, name, parsed.positional().getFirst());
        }
        if (name.equals("specialuse_exists")) {
            if (parsed.positional().size() == 2 && parsed.positional().getFirst().size() != 1) {
                throw fail(t, name + ": the mailbox must be a single string, not a list");
            }
            specialUses(t, name, parsed.positional().getLast());
            return;
        }
        if (spec != SieveExtensions.MAILBOXEXISTS) {
            try {
                if (spec == DateTests.DATE || spec == DateTests.CURRENTDATE) {
                    DateTests.check(parsed, required.contains(SieveExtensions.VARIABLES));
                } else if (spec == ExtensionTests.ENVIRONMENT && parsed.positional().getFirst().size() != 1) {
                    throw new ExtensionArgs.Invalid("the item name must be a single string, not a list");
                }
                FieldIndex.of(parsed);
                KeyMatch.of(parsed, required);
            } catch (ExtensionArgs.Invalid e) {
                throw fail(t, name + ": " + e.getMessage());
            }
        }
    }

    /**
     * Special-use attributes written in the script must be ones (RFC 8579); one with a variable in it
     * is known only when the script runs, and checked then.
     */
    private void specialUses(SieveNode node, String where, List<String> attributes) throws SieveScriptException {
        for (String attribute : attributes) {
            String problem = required.contains(SieveExtensions.VARIABLES) && attribute.contains("${") ? null
                    : SpecialUses.invalid(attribute);
            if (problem != null) {
                throw fail(node, where + ": " + problem);
            }
        }
    }

    /** The variable names of the imap4flags commands' and hasflag's variable form (RFC 5232 3 with RFC 5229). */
    private void variableNames(SieveNode node, String command, List<String> names) throws SieveScriptException {
        if (!required.contains(SieveExtensions.VARIABLES)) {
            throw fail(node, command + " with a variable name needs require \"variables\"");
        }
        for (String n : names) {
            if (!Variables.identifier(n)) {
                throw fail(node, command + ": \"" + n + "\" is no variable name");
            }
        }
    }

    /**
     * RFC 5229 3: a reference to a namespace no required extension defines is an error; none is
     * offered, so every {@code ${ns.name}} is one.
     */
    private static void references(ASTstring s) throws SieveScriptException {
        List<String> namespaces = Variables.namespaced(String.valueOf(s.getValue()));
        if (!namespaces.isEmpty()) {
            throw fail(s, "unknown variable namespace \"" + namespaces.getFirst() + "\"");
        }
    }

    private ExtensionArgs.Parsed parse(SieveNode node, ExtensionArgs.Spec spec) throws SieveScriptException {
        try {
            return ExtensionArgs.parse(spec, arguments((Node) node), required);
        } catch (ExtensionArgs.Invalid e) {
            throw fail(node, e.getMessage());
        }
    }

    /**
     * Flag names that are no IMAP flag at all make the script wrong (RFC 5232 3); hasflag's keys are
     * patterns (with {@code :matches}, a {@code *} is no keyword character) and are not checked.
     */
    private static void checkFlags(SieveNode node, String command, List<String> strings) throws SieveScriptException {
        if (command.equals("hasflag")) {
            return;
        }
        for (String flag : Imap4Flags.split(strings)) {
            String problem = Imap4Flags.invalid(flag);
            if (problem != null) {
                throw fail(node, command + ": " + problem);
            }
        }
    }

    /** The arguments of a command or test node, in the model {@link ExtensionArgs} reads. */
    private static List<ExtensionArgs.Arg> arguments(Node node) {
        List<ExtensionArgs.Arg> out = new ArrayList<>();
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            if (!(node.jjtGetChild(i) instanceof ASTarguments args)) {
                continue;
            }
            for (int j = 0; j < args.jjtGetNumChildren(); j++) {
                if (!(args.jjtGetChild(j) instanceof ASTargument a)) {
                    continue; // a test or test list: the arguments of if, not, anyof, allof
                }
                switch (a.getValue()) {
                    case TagArgument tag -> out.add(new ExtensionArgs.Tag(tag.getTag()));
                    case NumberArgument n -> out.add(new ExtensionArgs.Number(n.getInteger()));
                    case null, default -> out.add(new ExtensionArgs.Strings(strings(a)));
                }
            }
        }
        return out;
    }

    /** The strings of a string list below {@code node}. */
    private static List<String> strings(Node node) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            Node child = node.jjtGetChild(i);
            if (child instanceof ASTstring s) {
                out.add(String.valueOf(s.getValue()));
            } else if (child instanceof ASTstring_list) {
                out.addAll(strings(child));
            }
        }
        return out;
    }

    /** All the string lists of a command's arguments (for require). */
    private static List<List<String>> strings(ASTcommand c) {
        List<List<String>> out = new ArrayList<>();
        for (ExtensionArgs.Arg a : arguments(c)) {
            if (a instanceof ExtensionArgs.Strings s) {
                out.add(s.values());
            }
        }
        return out;
    }

    private static SieveScriptException fail(SieveNode node, String message) {
        int line = node.getCoordinate() == null ? 0 : node.getCoordinate().getStartLineNumber();
        return new SieveScriptException(line > 0 ? "line " + line + ": " + message : message);
    }
}
