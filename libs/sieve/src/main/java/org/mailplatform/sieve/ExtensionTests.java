package org.mailplatform.sieve;

import static org.mailplatform.sieve.SieveExtensions.adapter;
import static org.mailplatform.sieve.SieveExtensions.lists;
import static org.mailplatform.sieve.SieveExtensions.read;
import static org.mailplatform.sieve.SieveExtensions.MAILBOXEXISTS;
import static org.mailplatform.sieve.SieveExtensions.hasflag;

import java.util.ArrayList;
import java.util.List;

import org.apache.jsieve.Arguments;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.exception.SyntaxException;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.tests.ExecutableTest;

/**
 * The tests {@link SieveExtensions} adds to jSieve's: {@code hasflag} (imap4flags), {@code mailboxexists}
 * (mailbox) and {@code environment} (environment).
 */
final class ExtensionTests {

    private ExtensionTests() {
    }

    /**
     * {@code hasflag [match-type] [:comparator <name>] [<variables>] <list-of-flags>} (RFC 5232 4):
     * whether a flag of the internal variable (or of the variables named) matches one of the keys; {@code :is} and {@code i;ascii-casemap} by
     * default; {@code :count} counts the flags.
     */
    static final class HasFlag implements ExecutableTest {
        @Override
        public boolean execute(MailAdapter mail, Arguments arguments, SieveContext context) throws SieveException {
            ExtensionArgs.Parsed args = read(hasflag(lists(hasflag(1), arguments)), arguments);
            MessageAdapter m = adapter(mail);
            List<String> flags = m.flags().values();
            if (args.positional().size() == 2) {
                flags = new ArrayList<>();
                for (String variable : args.positional().getFirst()) {
                    flags.addAll(Imap4Flags.FlagSet.of(m.variables().get(variable)).values());
                }
            }
            return KeyMatch.ofChecked(args).test(flags, args.positional().getLast(), m.captures());
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

    /**
     * {@code specialuse_exists [<mailbox>] <special-use-attrs>} (RFC 8579 3): without the mailbox,
     * whether each attribute is some mailbox's; with it, whether that mailbox exists and has all of
     * them. An attribute that is no special-use attribute is a run-time error.
     */
    static final class SpecialUseExists implements ExecutableTest {
        @Override
        public boolean execute(MailAdapter mail, Arguments arguments, SieveContext context) throws SieveException {
            ExtensionArgs.Parsed args = read(SieveExtensions.specialUseExists(SieveExtensions.lists(
                    SieveExtensions.specialUseExists(1), arguments)), arguments);
            MessageAdapter m = adapter(mail);
            List<String> attributes = args.positional().getLast();
            for (String attribute : attributes) {
                String problem = SpecialUses.invalid(attribute);
                if (problem != null) {
                    throw new SieveException("specialuse_exists: " + problem);
                }
            }
            if (args.positional().size() == 1) {
                for (String attribute : attributes) {
                    if (m.withSpecialUse(attribute) == null) {
                        return false;
                    }
                }
                return true;
            }
            String mailbox = args.positional().getFirst().getFirst();
            if (!m.mailboxExists(mailbox)) {
                return false;
            }
            for (String attribute : attributes) {
                if (!sameMailbox(mailbox, m.withSpecialUse(attribute))) {
                    return false;
                }
            }
            return true;
        }

        /** Mailbox names as the store compares them: INBOX in any case, others exactly. */
        private static boolean sameMailbox(String a, String b) {
            return b != null && (a.equals(b) || a.equalsIgnoreCase("INBOX") && b.equalsIgnoreCase("INBOX"));
        }
    }

    static final ExtensionArgs.Spec ENVIRONMENT = new ExtensionArgs.Spec("environment", KeyMatch.TAGS,
            KeyMatch.WITH_VALUE, List.of(KeyMatch.MATCH_TYPES), 2, false);

    /**
     * {@code environment [COMPARATOR] [MATCH-TYPE] <name> <keys>} (RFC 5183 4): the item's value
     * ({@link SieveEnvironment#item}) against the keys; an item unknown, or not known for this message,
     * makes the test false whatever the match type.
     */
    static final class Environment implements ExecutableTest {
        @Override
        public boolean execute(MailAdapter mail, Arguments arguments, SieveContext context) throws SieveException {
            ExtensionArgs.Parsed args = read(ENVIRONMENT, arguments);
            MessageAdapter m = adapter(mail);
            List<String> names = args.positional().getFirst();
            String value = names.size() == 1 ? m.environment().item(names.getFirst()) : null;
            if (value == null) {
                return false;
            }
            return KeyMatch.ofChecked(args).test(List.of(value), args.positional().getLast(), m.captures());
        }
    }
}
