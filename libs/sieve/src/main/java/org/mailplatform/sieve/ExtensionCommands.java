package org.mailplatform.sieve;

import static org.mailplatform.sieve.SieveExtensions.adapter;
import static org.mailplatform.sieve.SieveExtensions.lists;
import static org.mailplatform.sieve.SieveExtensions.read;
import static org.mailplatform.sieve.SieveExtensions.FILEINTO;
import static org.mailplatform.sieve.SieveExtensions.KEEP;
import static org.mailplatform.sieve.SieveExtensions.REDIRECT;
import static org.mailplatform.sieve.SieveExtensions.SET;
import static org.mailplatform.sieve.SieveExtensions.flagCommand;

import java.util.List;
import java.util.Set;

import org.apache.jsieve.Argument;
import org.apache.jsieve.Arguments;
import org.apache.jsieve.Block;
import org.apache.jsieve.ExecutableCommand;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.StringListArgument;
import org.apache.jsieve.commands.AbstractActionCommand;
import org.apache.jsieve.commands.AbstractCommand;
import org.apache.jsieve.commands.Require;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.exception.SyntaxException;
import org.apache.jsieve.mail.ActionRedirect;
import org.apache.jsieve.mail.MailAdapter;

/**
 * The commands {@link SieveExtensions} puts in place of jSieve's or beside them: {@code fileinto},
 * {@code keep} and {@code redirect} with their extension arguments, the {@code imap4flags} commands,
 * {@code set}, a {@code require} that tells the run what the script requires, and the capability
 * names used as commands. Arguments are checked as the compiler checks them ({@link ExtensionCheck}).
 */
final class ExtensionCommands {

    private ExtensionCommands() {
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

    /** {@code fileinto [:copy] [:create] [:flags <list>] [:specialuse <attribute>] <mailbox>}. */
    static final class FileInto extends OwnAction {
        @Override
        ExtensionArgs.Spec spec() {
            return FILEINTO;
        }

        @Override
        void act(MessageAdapter mail, ExtensionArgs.Parsed args) throws SieveException {
            String mailbox = args.positional().getFirst().getFirst();
            String specialUse = specialUse(args);
            mail.addAction(new StoreAction(mailbox, flags(mail, args), args.has(":create"), specialUse));
        }

        /**
         * {@code :specialuse}'s attribute, checked again now that variables are expanded: one that
         * is no special-use attribute is a run-time error (RFC 8579 4), the message then kept.
         */
        private static String specialUse(ExtensionArgs.Parsed args) throws SieveException {
            java.util.Optional<List<String>> value = args.value(":specialuse");
            if (value.isEmpty()) {
                return null;
            }
            if (value.get().size() != 1) {
                throw new SieveException("fileinto :specialuse takes one special-use attribute, not a list");
            }
            String attribute = value.get().getFirst();
            String problem = SpecialUses.invalid(attribute);
            if (problem != null) {
                throw new SieveException("fileinto :specialuse: " + problem);
            }
            return attribute;
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

    /**
     * {@code setflag}, {@code addflag}, {@code removeflag} on the internal variable, or on the variable
     * named before the flags (with {@code variables}); no action.
     */
    static final class FlagCommand extends AbstractCommand {
        private final String name;
        private ExtensionArgs.Parsed parsed;

        FlagCommand(String name) {
            this.name = name;
        }

        @Override
        protected void validateArguments(Arguments arguments, SieveContext context) throws SieveException {
            parsed = read(flagCommand(name, lists(flagCommand(name, 1), arguments)), arguments);
        }

        @Override
        protected Object executeBasic(MailAdapter mail, Arguments arguments, Block block, SieveContext context)
                throws SieveException {
            MessageAdapter m = adapter(mail);
            String variable = parsed.positional().size() == 2 ? parsed.positional().getFirst().getFirst() : null;
            Imap4Flags.FlagSet flags = variable == null ? m.flags() : Imap4Flags.FlagSet.of(m.variables().get(variable));
            List<String> given = parsed.positional().getLast();
            switch (name) {
                case "setflag" -> flags.set(given);
                case "addflag" -> flags.add(given);
                default -> flags.remove(given);
            }
            if (variable != null) {
                m.variables().set(variable, String.join(" ", flags.values()));
            }
            return null;
        }

        @Override
        protected void updateState(SieveContext context) {
            context.getCommandStateManager().setInProlog(false);
        }
    }

    /**
     * {@code set [modifiers] <name> <value>} (RFC 5229 4): the value, expanded and modified, into the
     * variable; no action, so the implicit keep stays.
     */
    static final class SetCommand extends AbstractCommand {
        private ExtensionArgs.Parsed parsed;

        @Override
        protected void validateArguments(Arguments arguments, SieveContext context) throws SieveException {
            parsed = read(SET, arguments);
        }

        @Override
        protected Object executeBasic(MailAdapter mail, Arguments arguments, Block block, SieveContext context)
                throws SieveException {
            Variables variables = adapter(mail).variables();
            if (variables == null) {
                throw new SyntaxException("set needs require \"variables\"");
            }
            String name = parsed.positional().get(0).getFirst();
            variables.set(name, SetModifiers.apply(parsed.tags().keySet(), parsed.positional().get(1).getFirst()));
            return null;
        }

        @Override
        protected void updateState(SieveContext context) {
            context.getCommandStateManager().setInProlog(false);
        }
    }

    /**
     * jSieve's {@code require}, which also tells the run what the script requires: variables are
     * expanded only in a script that requires {@code variables} (RFC 5229 1).
     */
    static final class RecordingRequire extends Require {
        @Override
        protected Object executeBasic(MailAdapter mail, Arguments arguments, Block block, SieveContext context)
                throws SieveException {
            Object result = super.executeBasic(mail, arguments, block, context);
            for (Argument a : arguments.getArgumentList()) {
                if (a instanceof StringListArgument list) {
                    adapter(mail).required(list.getList());
                }
            }
            return result;
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
}
