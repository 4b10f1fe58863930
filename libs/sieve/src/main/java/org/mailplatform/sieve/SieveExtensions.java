package org.mailplatform.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.jsieve.Argument;
import org.apache.jsieve.Arguments;
import org.apache.jsieve.CommandManager;
import org.apache.jsieve.ComparatorManager;
import org.apache.jsieve.ExecutableCommand;
import org.apache.jsieve.StringListArgument;
import org.apache.jsieve.TestManager;
import org.apache.jsieve.comparators.Comparator;
import org.apache.jsieve.exception.LookupException;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.exception.SyntaxException;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.tests.ExecutableTest;

/**
 * The Sieve extensions libs/sieve adds to jSieve 0.8, which has none of them: {@code copy} (RFC 3894),
 * {@code imap4flags} (RFC 5232), {@code mailbox} (RFC 5490), {@code relational} (RFC 5231),
 * {@code variables} (RFC 5229), {@code subaddress} (RFC 5233), {@code date} and {@code index} (RFC 5260),
 * {@code environment} (RFC 5183), {@code special-use} (RFC 8579) and {@code encoded-character} (RFC 5228 2.4.2.4, decoded by the
 * compiler, {@link EncodedCharacters}). jSieve is extended, not changed: its command and test managers
 * are wrapped so that {@code fileinto}, {@code keep}, {@code redirect} and the tests {@code header},
 * {@code address}, {@code envelope} are ours (the same with more tagged arguments, {@link MatchTests}),
 * and {@code setflag}, {@code addflag}, {@code removeflag}, {@code hasflag}, {@code mailboxexists},
 * {@code specialuse_exists},
 * {@code set}, {@code string}, {@code date}, {@code currentdate} and {@code environment} are added;
 * every command and test but {@code require} has its strings' variables expanded first. The
 * capability names are known to {@code require} as jSieve knows names, by a command or test of that
 * name; a capability used as a command is refused by {@link ExtensionCheck}.
 *
 * <p>Each command's arguments are checked when the script is compiled ({@link ExtensionCheck}) and read
 * again, the same way, when it runs. Commands are made anew for each execution, as jSieve does.
 */
final class SieveExtensions {

    static final String COPY = "copy";
    static final String IMAP4FLAGS = "imap4flags";
    static final String MAILBOX = "mailbox";
    static final String RELATIONAL = "relational";
    static final String VARIABLES = "variables";
    static final String SUBADDRESS = "subaddress";
    static final String DATE = "date";
    static final String ENVIRONMENT = "environment";
    static final String ENCODED_CHARACTER = "encoded-character";
    static final String INDEX = "index";
    static final String SPECIAL_USE = "special-use";

    /**
     * The capabilities that name no command or test of their own ({@code date} and {@code environment}
     * name their tests, which jSieve's {@code require} finds).
     */
    static final Set<String> CAPABILITIES = Set.of(COPY, IMAP4FLAGS, MAILBOX, RELATIONAL, VARIABLES, SUBADDRESS,
            ENCODED_CHARACTER, INDEX, SPECIAL_USE);

    static final ExtensionArgs.Spec FILEINTO = new ExtensionArgs.Spec("fileinto",
            Map.of(":copy", COPY, ":create", MAILBOX, ":flags", IMAP4FLAGS, ":specialuse", SPECIAL_USE),
            Set.of(":flags", ":specialuse"), List.of(), 1, true);
    static final ExtensionArgs.Spec KEEP = new ExtensionArgs.Spec("keep", Map.of(":flags", IMAP4FLAGS),
            Set.of(":flags"), List.of(), 0, true);
    static final ExtensionArgs.Spec REDIRECT = new ExtensionArgs.Spec("redirect", Map.of(":copy", COPY), Set.of(),
            List.of(), 1, true);
    /** hasflag with its flag keys, after a list of variable names if {@code lists} is 2 (RFC 5232 4). */
    static ExtensionArgs.Spec hasflag(int lists) {
        return new ExtensionArgs.Spec("hasflag", hasflagTags(), KeyMatch.WITH_VALUE, List.of(KeyMatch.MATCH_TYPES),
                lists, false);
    }
    static final ExtensionArgs.Spec MAILBOXEXISTS = new ExtensionArgs.Spec("mailboxexists", Map.of(), Set.of(),
            List.of(), 1, false);

    /** {@code specialuse_exists [<mailbox>] <special-use-attrs>} (RFC 8579 3): with the mailbox if {@code lists} is 2. */
    static ExtensionArgs.Spec specialUseExists(int lists) {
        return new ExtensionArgs.Spec("specialuse_exists", Map.of(), Set.of(), List.of(), lists, false);
    }

    /** hasflag takes the match types and comparators of the other tests (RFC 5232 4), relational ones too. */
    private static Map<String, String> hasflagTags() {
        Map<String, String> tags = new java.util.HashMap<>();
        KeyMatch.TAGS.forEach((tag, needs) -> tags.put(tag, needs.isEmpty() ? IMAP4FLAGS : needs));
        return Map.copyOf(tags);
    }

    static final ExtensionArgs.Spec SET = new ExtensionArgs.Spec("set", setTags(), Set.of(), SetModifiers.EXCLUSIVE, 2,
            true);

    private static Map<String, String> setTags() {
        Map<String, String> tags = new java.util.HashMap<>();
        SetModifiers.ALL.forEach(m -> tags.put(m, VARIABLES));
        return Map.copyOf(tags);
    }

    /**
     * setflag, addflag, removeflag: the flags, after a variable name if {@code lists} is 2 (the
     * {@code variables} form, RFC 5232 3).
     */
    static ExtensionArgs.Spec flagCommand(String name, int lists) {
        return new ExtensionArgs.Spec(name, Map.of(), Set.of(), List.of(), lists, false);
    }

    /** Commands libs/sieve implements, by name; the capability each needs before it may be used (null: none). */
    static final Map<String, String> COMMAND_CAPABILITY = Map.of("setflag", IMAP4FLAGS, "addflag", IMAP4FLAGS,
            "removeflag", IMAP4FLAGS, "set", VARIABLES);

    /** Tests libs/sieve implements, by name, to the capability each needs. */
    static final Map<String, String> TEST_CAPABILITY = Map.of("hasflag", IMAP4FLAGS, "mailboxexists", MAILBOX,
            "string", VARIABLES, "date", DATE, "currentdate", DATE, "environment", ENVIRONMENT,
            "specialuse_exists", SPECIAL_USE);

    private SieveExtensions() {
    }

    /**
     * jSieve's commands with ours in front, each (but {@code require}) expanding the variables in its
     * string arguments first when the script requires {@code variables}.
     */
    static CommandManager commands(CommandManager jsieve) {
        Map<String, Supplier<ExecutableCommand>> ours = new java.util.HashMap<>();
        ours.put("fileinto", ExtensionCommands.FileInto::new);
        ours.put("keep", ExtensionCommands.Keep::new);
        ours.put("redirect", ExtensionCommands.Redirect::new);
        for (String flag : List.of("setflag", "addflag", "removeflag")) {
            ours.put(flag, () -> new ExtensionCommands.FlagCommand(flag));
        }
        ours.put("set", ExtensionCommands.SetCommand::new);
        ours.put("require", ExtensionCommands.RecordingRequire::new);
        for (String capability : CAPABILITIES) {
            ours.put(capability, ExtensionCommands.CapabilityOnly::new);
        }
        return new CommandManager() {
            @Override
            public ExecutableCommand getCommand(String name) throws LookupException {
                String key = name.toLowerCase(Locale.ROOT);
                Supplier<ExecutableCommand> own = ours.get(key);
                ExecutableCommand command = own != null ? own.get() : jsieve.getCommand(name);
                if (key.equals("require")) {
                    return command; // RFC 5229 1: require is not affected by the extension
                }
                return (mail, arguments, block, context) -> command.execute(mail, expanded(mail, arguments), block,
                        context);
            }

            @Override
            public boolean isCommandSupported(String name) {
                return ours.containsKey(name.toLowerCase(Locale.ROOT)) || jsieve.isCommandSupported(name);
            }

            @Override
            public List<String> getExtensions() {
                List<String> all = new ArrayList<>(jsieve.getExtensions());
                all.addAll(CAPABILITIES);
                return all;
            }
        };
    }

    /**
     * The arguments with the variables in their strings expanded (RFC 5229 3), when the running
     * script required {@code variables}; otherwise as they are, "${" being plain text then.
     */
    static Arguments expanded(MailAdapter mail, Arguments arguments) {
        if (!(mail instanceof MessageAdapter m) || m.variables() == null) {
            return arguments;
        }
        Variables variables = m.variables();
        List<Argument> out = new ArrayList<>();
        for (Argument a : arguments.getArgumentList()) {
            if (a instanceof StringListArgument strings) {
                List<String> values = new ArrayList<>();
                strings.getList().forEach(v -> values.add(variables.expand(v)));
                out.add(new StringListArgument(values));
            } else {
                out.add(a);
            }
        }
        return new Arguments(out, arguments.getTestList());
    }

    /**
     * jSieve's comparators, with all three counted as declared for jSieve's parser: it forgets the
     * {@code comparator-*} a script requires at the first block ({@code if ... { }}), so a later
     * {@code :comparator "i;ascii-numeric"} failed. {@link ExtensionCheck} checks the require instead.
     */
    static ComparatorManager comparators(ComparatorManager jsieve) {
        return new ComparatorManager() {
            @Override
            public Comparator getComparator(String name) throws LookupException {
                return jsieve.getComparator(name);
            }

            @Override
            public boolean isImplicitlyDeclared(String name) {
                return SieveComparator.named(name.replace("\"", "")) != null || jsieve.isImplicitlyDeclared(name);
            }

            @Override
            public boolean isSupported(String name) {
                return jsieve.isSupported(name);
            }

            @Override
            public List<String> getExtensions() {
                return jsieve.getExtensions();
            }
        };
    }

    /** jSieve's tests with ours added, each expanding variables as the commands do. */
    static TestManager tests(TestManager jsieve) {
        Map<String, Supplier<ExecutableTest>> ours = new java.util.HashMap<>();
        ours.put("hasflag", ExtensionTests.HasFlag::new);
        ours.put("mailboxexists", ExtensionTests.MailboxExists::new);
        ours.put("specialuse_exists", ExtensionTests.SpecialUseExists::new);
        ours.put("header", MatchTests.Header::new);
        ours.put("address", MatchTests.Address::new);
        ours.put("envelope", MatchTests.Envelope::new);
        ours.put("string", MatchTests.StringTest::new);
        ours.put("date", DateTests.Date::new);
        ours.put("currentdate", DateTests.CurrentDate::new);
        ours.put("environment", ExtensionTests.Environment::new);
        return new TestManager() {
            @Override
            public ExecutableTest getTest(String name) throws LookupException {
                Supplier<ExecutableTest> own = ours.get(name.toLowerCase(Locale.ROOT));
                ExecutableTest test = own != null ? own.get() : jsieve.getTest(name);
                return (mail, arguments, context) -> test.execute(mail, expanded(mail, arguments), context);
            }

            @Override
            public List<String> getExtensions() {
                List<String> all = new ArrayList<>(jsieve.getExtensions());
                all.addAll(ours.keySet());
                return all;
            }
        };
    }

    static ExtensionArgs.Parsed read(ExtensionArgs.Spec spec, Arguments arguments) throws SyntaxException {
        try {
            return ExtensionArgs.parse(spec, ExtensionArgs.of(arguments.getArgumentList()), null);
        } catch (ExtensionArgs.Invalid e) {
            throw new SyntaxException(e.getMessage());
        }
    }

    static int lists(ExtensionArgs.Spec spec, Arguments arguments) {
        return ExtensionArgs.positionalCount(spec, ExtensionArgs.of(arguments.getArgumentList()));
    }

    static MessageAdapter adapter(MailAdapter mail) throws SieveException {
        if (mail instanceof MessageAdapter m) {
            return m;
        }
        throw new SieveException("libs/sieve's commands run on its own message adapter");
    }

}
