package org.mailplatform.sieve;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.jsieve.Arguments;
import org.apache.jsieve.Block;
import org.apache.jsieve.CommandManager;
import org.apache.jsieve.ComparatorManager;
import org.apache.jsieve.ExecutableCommand;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.TestManager;
import org.apache.jsieve.commands.AbstractActionCommand;
import org.apache.jsieve.commands.AbstractCommand;
import org.apache.jsieve.comparators.Comparator;
import org.apache.jsieve.exception.LookupException;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.exception.SyntaxException;
import org.apache.jsieve.mail.Action;
import org.apache.jsieve.mail.ActionRedirect;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.tests.ExecutableTest;

/**
 * The Sieve extensions libs/sieve adds to jSieve 0.8, which has none of them: {@code copy} (RFC 3894),
 * {@code imap4flags} (RFC 5232, without {@code variables}: the internal variable only) and
 * {@code mailbox} (RFC 5490). jSieve is extended, not changed: its command and test managers are
 * wrapped so that {@code fileinto}, {@code keep} and {@code redirect} are ours (the same commands with
 * their tagged arguments), and {@code setflag}, {@code addflag}, {@code removeflag}, {@code hasflag}
 * and {@code mailboxexists} are added. The three capability names are known to {@code require} as
 * jSieve knows names, by a command of that name, which {@link ExtensionCheck} refuses as a command.
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

    /** The capabilities that name no command or test of their own. */
    static final Set<String> CAPABILITIES = Set.of(COPY, IMAP4FLAGS, MAILBOX, RELATIONAL, VARIABLES);

    static final ExtensionArgs.Spec FILEINTO = new ExtensionArgs.Spec("fileinto",
            Map.of(":copy", COPY, ":create", MAILBOX, ":flags", IMAP4FLAGS), Set.of(":flags"), List.of(), 1, true);
    static final ExtensionArgs.Spec KEEP = new ExtensionArgs.Spec("keep", Map.of(":flags", IMAP4FLAGS),
            Set.of(":flags"), List.of(), 0, true);
    static final ExtensionArgs.Spec REDIRECT = new ExtensionArgs.Spec("redirect", Map.of(":copy", COPY), Set.of(),
            List.of(), 1, true);
    static final ExtensionArgs.Spec HASFLAG = new ExtensionArgs.Spec("hasflag", hasflagTags(), KeyMatch.WITH_VALUE,
            List.of(KeyMatch.MATCH_TYPES), 1, false);
    static final ExtensionArgs.Spec MAILBOXEXISTS = new ExtensionArgs.Spec("mailboxexists", Map.of(), Set.of(),
            List.of(), 1, false);

    /** hasflag takes the match types and comparators of the other tests (RFC 5232 4), relational ones too. */
    private static Map<String, String> hasflagTags() {
        Map<String, String> tags = new java.util.HashMap<>();
        KeyMatch.TAGS.forEach((tag, needs) -> tags.put(tag, needs.isEmpty() ? IMAP4FLAGS : needs));
        return Map.copyOf(tags);
    }

    /** setflag, addflag, removeflag: one string list (the flags; a variable name before it needs {@code variables}). */
    static ExtensionArgs.Spec flagCommand(String name) {
        return new ExtensionArgs.Spec(name, Map.of(), Set.of(), List.of(), 1, false);
    }

    /** Commands libs/sieve implements, by name; the capability each needs before it may be used (null: none). */
    static final Map<String, String> COMMAND_CAPABILITY = Map.of("setflag", IMAP4FLAGS, "addflag", IMAP4FLAGS,
            "removeflag", IMAP4FLAGS);

    /** Tests libs/sieve implements, by name, to the capability each needs. */
    static final Map<String, String> TEST_CAPABILITY = Map.of("hasflag", IMAP4FLAGS, "mailboxexists", MAILBOX,
            "string", VARIABLES);

    private SieveExtensions() {
    }

    /** jSieve's commands with ours in front. */
    static CommandManager commands(CommandManager jsieve) {
        Map<String, Supplier<ExecutableCommand>> ours = Map.of(
                "fileinto", FileInto::new,
                "keep", Keep::new,
                "redirect", Redirect::new,
                "setflag", () -> new FlagCommand("setflag"),
                "addflag", () -> new FlagCommand("addflag"),
                "removeflag", () -> new FlagCommand("removeflag"),
                COPY, CapabilityOnly::new,
                IMAP4FLAGS, CapabilityOnly::new,
                MAILBOX, CapabilityOnly::new,
                RELATIONAL, CapabilityOnly::new);
        return new CommandManager() {
            @Override
            public ExecutableCommand getCommand(String name) throws LookupException {
                Supplier<ExecutableCommand> own = ours.get(name.toLowerCase(Locale.ROOT));
                return own != null ? own.get() : jsieve.getCommand(name);
            }

            @Override
            public boolean isCommandSupported(String name) {
                return ours.containsKey(name.toLowerCase(Locale.ROOT)) || jsieve.isCommandSupported(name);
            }

            @Override
            public List<String> getExtensions() {
                List<String> all = new ArrayList<>(jsieve.getExtensions());
                all.addAll(List.of(COPY, IMAP4FLAGS, MAILBOX, RELATIONAL));
                return all;
            }
        };
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

    /** jSieve's tests with ours added. */
    static TestManager tests(TestManager jsieve) {
        Map<String, Supplier<ExecutableTest>> ours = Map.of("hasflag", HasFlag::new, "mailboxexists", MailboxExists::new,
                "header", MatchTests.Header::new, "address", MatchTests.Address::new,
                "envelope", MatchTests.Envelope::new);
        return new TestManager() {
            @Override
            public ExecutableTest getTest(String name) throws LookupException {
                Supplier<ExecutableTest> own = ours.get(name.toLowerCase(Locale.ROOT));
                return own != null ? own.get() : jsieve.getTest(name);
            }

            @Override
            public List<String> getExtensions() {
                List<String> all = new ArrayList<>(jsieve.getExtensions());
                all.addAll(ours.keySet());
                return all;
            }
        };
    }

    /**
     * A message stored: in the keep mailbox ({@code mailbox} null: {@code keep}, explicit or implicit)
     * or in a named one ({@code fileinto}), with the flags it gets. A second store to the same place
     * adds its flags and its {@code :create} to the first (as Pigeonhole merges duplicate stores).
     */
    static final class StoreAction implements Action {
        final String mailbox;
        final Set<String> flags;
        boolean create;

        StoreAction(String mailbox, Set<String> flags, boolean create) {
            this.mailbox = mailbox;
            this.flags = new LinkedHashSet<>(flags);
            this.create = create;
        }

        boolean samePlace(StoreAction other) {
            return Objects.equals(mailbox, other.mailbox);
        }

        void merge(StoreAction other) {
            flags.addAll(other.flags);
            create |= other.create;
        }

        @Override
        public String toString() {
            return (mailbox == null ? "keep" : "fileinto " + mailbox) + " " + flags;
        }
    }

    static ExtensionArgs.Parsed read(ExtensionArgs.Spec spec, Arguments arguments) throws SyntaxException {
        try {
            return ExtensionArgs.parse(spec, ExtensionArgs.of(arguments.getArgumentList()), null);
        } catch (ExtensionArgs.Invalid e) {
            throw new SyntaxException(e.getMessage());
        }
    }

    static MessageAdapter adapter(MailAdapter mail) throws SieveException {
        if (mail instanceof MessageAdapter m) {
            return m;
        }
        throw new SieveException("libs/sieve's commands run on its own message adapter");
    }

    /**
     * An action command of ours: validates the arguments, adds its action; the implicit keep is
     * cancelled unless {@code :copy} was given (RFC 3894).
     */
    private abstract static class OwnAction extends AbstractActionCommand {
        private ExtensionArgs.Parsed parsed;

        abstract ExtensionArgs.Spec spec();

        abstract void act(MessageAdapter mail, ExtensionArgs.Parsed args) throws SieveException;

        @Override
        protected void validateArguments(Arguments arguments, SieveContext context) throws SieveException {
            parsed = read(spec(), arguments);
        }

        @Override
        protected Object executeBasic(MailAdapter mail, Arguments arguments, Block block, SieveContext context)
                throws SieveException {
            act(adapter(mail), parsed);
            return null;
        }

        @Override
        protected void updateState(SieveContext context) {
            if (parsed != null && parsed.has(":copy")) {
                context.getCommandStateManager().setInProlog(false);
                context.getCommandStateManager().setHasActions(true);
            } else {
                super.updateState(context);
            }
        }
    }

    /** {@code fileinto [:copy] [:create] [:flags <list>] <mailbox>}. */
    static final class FileInto extends OwnAction {
        @Override
        ExtensionArgs.Spec spec() {
            return FILEINTO;
        }

        @Override
        void act(MessageAdapter mail, ExtensionArgs.Parsed args) {
            String mailbox = args.positional().getFirst().getFirst();
            mail.addAction(new StoreAction(mailbox, flags(mail, args), args.has(":create")));
        }
    }

    /** {@code keep [:flags <list>]}. */
    static final class Keep extends OwnAction {
        @Override
        ExtensionArgs.Spec spec() {
            return KEEP;
        }

        @Override
        void act(MessageAdapter mail, ExtensionArgs.Parsed args) {
            mail.addAction(new StoreAction(null, flags(mail, args), false));
        }
    }

    /** The flags of {@code :flags}, or without it the internal variable's current value (RFC 5232 5). */
    private static Set<String> flags(MessageAdapter mail, ExtensionArgs.Parsed args) {
        return args.value(":flags").map(Imap4Flags::of).orElseGet(() -> mail.flags().snapshot());
    }

    /** {@code redirect [:copy] <address>}. */
    static final class Redirect extends OwnAction {
        @Override
        ExtensionArgs.Spec spec() {
            return REDIRECT;
        }

        @Override
        void act(MessageAdapter mail, ExtensionArgs.Parsed args) {
            mail.addAction(new ActionRedirect(args.positional().getFirst().getFirst()));
        }
    }

    /** {@code setflag}, {@code addflag}, {@code removeflag} on the internal variable; no action. */
    static final class FlagCommand extends AbstractCommand {
        private final String name;
        private ExtensionArgs.Parsed parsed;

        FlagCommand(String name) {
            this.name = name;
        }

        @Override
        protected void validateArguments(Arguments arguments, SieveContext context) throws SieveException {
            parsed = read(flagCommand(name), arguments);
        }

        @Override
        protected Object executeBasic(MailAdapter mail, Arguments arguments, Block block, SieveContext context)
                throws SieveException {
            Imap4Flags.FlagSet flags = adapter(mail).flags();
            List<String> given = parsed.positional().getFirst();
            switch (name) {
                case "setflag" -> flags.set(given);
                case "addflag" -> flags.add(given);
                default -> flags.remove(given);
            }
            return null;
        }

        @Override
        protected void updateState(SieveContext context) {
            context.getCommandStateManager().setInProlog(false);
        }
    }

    /** {@code copy}, {@code imap4flags}, {@code mailbox} used as a command: refused by the compiler, an error here. */
    static final class CapabilityOnly implements ExecutableCommand {
        @Override
        public Object execute(MailAdapter mail, Arguments arguments, Block block, SieveContext context)
                throws SieveException {
            throw new SyntaxException("a capability, not a command");
        }
    }

    /**
     * {@code hasflag [match-type] [:comparator <name>] <list-of-flags>} (RFC 5232 4): whether a flag
     * of the internal variable matches one of the keys; {@code :is} and {@code i;ascii-casemap} by
     * default; {@code :count} counts the flags.
     */
    static final class HasFlag implements ExecutableTest {
        @Override
        public boolean execute(MailAdapter mail, Arguments arguments, SieveContext context) throws SieveException {
            ExtensionArgs.Parsed args = read(HASFLAG, arguments);
            MessageAdapter m = adapter(mail);
            try {
                return KeyMatch.of(args, null).test(m.flags().values(), args.positional().getFirst(), m.captures());
            } catch (ExtensionArgs.Invalid e) {
                throw new SyntaxException(e.getMessage());
            }
        }
    }

    /** {@code mailboxexists <names>} (RFC 5490 3.1): whether all of them exist for the user. */
    static final class MailboxExists implements ExecutableTest {
        @Override
        public boolean execute(MailAdapter mail, Arguments arguments, SieveContext context) throws SieveException {
            ExtensionArgs.Parsed args = read(MAILBOXEXISTS, arguments);
            MessageAdapter m = adapter(mail);
            for (String name : args.positional().getFirst()) {
                if (!m.mailboxExists(name)) {
                    return false;
                }
            }
            return true;
        }
    }
}
